#version 330
// nerve_sheath.vert: the nerve's connective-tissue layers and vessel walls (epineurium,
// perineurium, endoneurium, Remak-bundle Schwann sleeves, vasa nervorum), squeezed where
// the nerve is compressed, lit here per vertex: these are large smooth translucent sheets,
// and on a software rasteriser every fragment of their overdraw costs.
//
// A thin sheet is faint seen face-on and dense edge-on (a Fresnel-like rim), lit by wrap
// lighting from the key light and a lamp at the eye, with wavy collagen bands along it.
// Inputs: Panda3D's p3d_ matrices and vertex columns; our column tissue = (u around the
//   tube 0..1, v along it in du, radius in du, unused); profile_tex (r = pressure weight
//   along the nerve), nerve_length_du, squeeze, fog_density_per_du, fog_colour,
//   sheath_colour, face_alpha / edge_alpha, band_strength, band_scale (radians per du),
//   key_dir_world (toward the key light, world space), lamp_strength.

uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform mat3 p3d_NormalMatrix;
uniform mat4 p3d_ViewMatrix;

uniform sampler2D profile_tex;
uniform float nerve_length_du;
uniform float squeeze;
uniform float fog_density_per_du;
uniform vec3 fog_colour;
uniform vec3 sheath_colour;
uniform float face_alpha;
uniform float edge_alpha;
uniform float band_strength;
uniform float band_scale;
uniform vec3 key_dir_world;
uniform float lamp_strength;

in vec4 p3d_Vertex;
in vec3 p3d_Normal;
in vec4 tissue;

out vec4 sheet_colour;

void main() {
    float w = texture(profile_tex, vec2(p3d_Vertex.y / nerve_length_du, 0.5)).r;
    vec4 p = vec4(p3d_Vertex.x * (1.0 - squeeze * w), p3d_Vertex.y,
                  p3d_Vertex.z * (1.0 - squeeze * w), 1.0);
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    vec3 view_pos = (p3d_ModelViewMatrix * p).xyz;
    float dist = length(view_pos);
    vec3 n = normalize(p3d_NormalMatrix * p3d_Normal);
    vec3 to_eye = -view_pos / max(dist, 1e-4);
    if (dot(n, to_eye) < 0.0) n = -n;
    float facing = dot(n, to_eye);
    vec3 key_dir = normalize(mat3(p3d_ViewMatrix) * key_dir_world);
    float key = max(0.0, (dot(n, key_dir) + 0.5) / 1.5);
    // Crimped collagen: bands along the nerve that wander around it.
    float band = 0.5 + 0.5 * sin(tissue.y * band_scale + 5.0 * sin(tissue.x * 18.85));
    vec3 colour = sheath_colour * (0.25 + 0.5 * key + lamp_strength * (0.3 + 0.7 * facing))
                * (1.0 - band_strength + band_strength * band);
    colour += sheath_colour * (1.0 - facing) * (1.0 - facing) * 0.5;
    float fog = exp(-dist * fog_density_per_du);
    sheet_colour = vec4(mix(fog_colour, colour, fog), mix(edge_alpha, face_alpha, facing * facing));
}
