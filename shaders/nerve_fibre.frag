#version 330
// nerve_fibre.frag: translucent-looking myelin (subsurface-scattering-like: wrap lighting,
// a rim where light passes through the thin edge, a tint that deepens where the sheath is
// seen through its full thickness) and bare node rings / C axons glowing sky blue to white.
//
// Inputs: view_pos, view_normal, fibre (from nerve_fibre.vert);
//   myelin_colour, scatter_colour (light that has travelled through the lipid), rim_colour,
//   axon_colour (bare axolemma at rest), glow_colour (Okabe-Ito sky blue), fog_colour (RGB);
//   key_dir_world (toward the key light, world space), lamp_strength,
//   brightness (overall multiplier: fades at the rail's loop); tint (per fibre).

uniform vec3 myelin_colour;
uniform vec3 scatter_colour;
uniform vec3 rim_colour;
uniform vec3 axon_colour;
uniform vec3 glow_colour;
uniform vec3 fog_colour;
uniform float brightness;
uniform mat4 p3d_ViewMatrix;
uniform vec3 key_dir_world;
uniform float lamp_strength;

in vec3 view_pos;
in vec3 view_normal;
in vec4 fibre;
in float tint;

out vec4 frag_colour;

void main() {
    vec3 key_dir_view = normalize(mat3(p3d_ViewMatrix) * key_dir_world);
    vec3 n = normalize(view_normal);
    vec3 to_eye = normalize(-view_pos);
    if (dot(n, to_eye) < 0.0) n = -n;
    float facing = dot(n, to_eye);
    // Wrap lighting: light bleeds past the terminator, as it does through a translucent solid.
    float key = max(0.0, (dot(n, key_dir_view) + 0.6) / 1.6);
    float lamp = lamp_strength * (0.35 + 0.65 * facing);
    float edge = 1.0 - facing;
    float rim = edge * edge * edge;
    // Seen face-on the eye looks through the full sheath: deeper, warmer scattered colour.
    vec3 body = tint * mix(myelin_colour, scatter_colour, 0.55 * facing * facing);
    vec3 myelin = body * (0.18 + 0.55 * key + lamp) + rim_colour * (0.9 * rim);

    float bare = smoothstep(0.72, 0.86, fibre.y) * fibre.z + (1.0 - fibre.z);
    float glow = fibre.x;
    vec3 axon = axon_colour * (0.35 + 0.6 * key + lamp) + rim_colour * (0.3 * rim);
    vec3 surface = mix(myelin, axon, bare);
    // The node's ring glows, toward white at the peak; its light spills on the nearby myelin.
    vec3 emission = glow_colour * glow * (1.8 * bare + (1.0 + rim) * fibre.y * fibre.y * (1.0 - bare))
                  + vec3(0.7 * glow * glow * bare);
    vec3 colour = mix(fog_colour, surface, fibre.w) + emission * (0.35 + 0.65 * fibre.w);
    frag_colour = vec4(colour * brightness, 1.0);
}
