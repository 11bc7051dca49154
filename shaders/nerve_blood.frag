#version 330
// nerve_blood.frag: a red blood cell: deep red, lit by the key light and the lamp at the eye,
// with a paler rim (the biconcave edge); fades into the fog with distance.
//
// Inputs: view_pos, view_normal, fog (from nerve_blood.vert); cell_colour, fog_colour (RGB),
//   key_dir_world (toward the key light, world space), lamp_strength,
//   brightness (overall multiplier: fades at the rail's loop).

uniform vec3 cell_colour;
uniform vec3 fog_colour;
uniform float brightness;
uniform mat4 p3d_ViewMatrix;
uniform vec3 key_dir_world;
uniform float lamp_strength;

in vec3 view_pos;
in vec3 view_normal;
in float fog;

out vec4 frag_colour;

void main() {
    vec3 key_dir_view = normalize(mat3(p3d_ViewMatrix) * key_dir_world);
    vec3 n = normalize(view_normal);
    vec3 to_eye = normalize(-view_pos);
    if (dot(n, to_eye) < 0.0) n = -n;
    float facing = dot(n, to_eye);
    float key = max(0.0, (dot(n, key_dir_view) + 0.4) / 1.4);
    vec3 colour = cell_colour * (0.3 + 0.6 * key + lamp_strength * facing)
                + vec3(0.35, 0.12, 0.1) * pow(1.0 - facing, 2.0);
    frag_colour = vec4(mix(fog_colour, colour, fog) * brightness, 1.0);
}
