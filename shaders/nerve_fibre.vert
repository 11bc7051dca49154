#version 330
// nerve_fibre.vert: myelinated fibres (myelin with bare node-of-Ranvier rings) and C axons
// in the nerve world, squeezed where the nerve is compressed, nodes glowing with potential.
//
// Inputs: Panda3D's p3d_ matrices and vertex columns; our column
//   tissue.x = index of this vertex's node (one texel of node_mv_tex per drawn node),
//   tissue.y = nearness to the node centre (1 on the bare node ring, 0 mid-internode),
//   tissue.z = 1 for myelinated fibres, 0 for bare C axons, tissue.w = a per-fibre random;
//   node_mv_tex (1024 x rows float, membrane potential, mV; node i at (i % 1024, i / 1024)),
//   v_rest_mV / v_peak_mV (no / full glow),
//   glow_gain (comfort setting: calm mode halves it),
//   profile_tex (along the nerve: r = pressure weight, g = perfusion), nerve_length_du,
//   squeeze (fraction of the radius lost where the weight is 1), fog_density_per_du.

uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform mat3 p3d_NormalMatrix;

uniform sampler2D node_mv_tex;
uniform sampler2D profile_tex;
uniform float v_rest_mV;
uniform float v_peak_mV;
uniform float glow_gain;
uniform float nerve_length_du;
uniform float squeeze;
uniform float fog_density_per_du;

in vec4 p3d_Vertex;
in vec3 p3d_Normal;
in vec4 tissue;

out vec3 view_pos;
out vec3 view_normal;
// x: glow of this vertex's node (0..1, times glow_gain), y: nearness to the node,
// z: myelinated (1) or bare (0), w: fog (1 = clear)
out vec4 fibre;
// Per-fibre brightness, so that neighbouring fibres are told apart.
out float tint;

void main() {
    float w = texture(profile_tex, vec2(p3d_Vertex.y / nerve_length_du, 0.5)).r;
    vec4 p = vec4(p3d_Vertex.x * (1.0 - squeeze * w), p3d_Vertex.y,
                  p3d_Vertex.z * (1.0 - squeeze * w), 1.0);
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    view_pos = (p3d_ModelViewMatrix * p).xyz;
    view_normal = normalize(p3d_NormalMatrix * p3d_Normal);
    int node = int(tissue.x + 0.5);
    float v_mV = texelFetch(node_mv_tex, ivec2(node % 1024, node / 1024), 0).r;
    float glow = clamp((v_mV - v_rest_mV) / (v_peak_mV - v_rest_mV), 0.0, 1.0);
    tint = 0.86 + 0.28 * tissue.w;
    fibre = vec4(glow * glow_gain, tissue.y, tissue.z, exp(-length(view_pos) * fog_density_per_du));
}
