#version 330
// fiber_wall.vert: the axon wall (axolemma wrapped in myelin) seen from inside the fibre.
//
// Lighting is computed here, per vertex, and interpolated: on a software rasteriser the
// fragment shader is the whole cost of a frame, and every term below is smooth over a
// triangle. Light comes from a lamp at the eye and from the glowing nodes: each vertex
// reads the potential of the two nodes it lies between and is lit by their rings.
// Inputs: Panda3D's p3d_ matrices and vertex columns; our column
//   node_coord.x = continuous node index (i at node i's centre, linear in between),
//   node_coord.y = drawn distance to the nearest node centre, µm;
//   voltage_tex (n_nodes x 1, red = membrane potential, mV), n_nodes, internode_length_um,
//   v_rest_mV / v_peak_mV (no glow / full glow), fog_density_per_um, glow_fog_ratio,
//   lamp_strength (light from the eye), sheen_strength (edge-on glow of the myelin),
//   glow_gain (multiplies the node glow: 1 full, lower in calm mode),
//   picked_node (index of the node the HUD's oscilloscope reads; -1: none).

uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform mat3 p3d_NormalMatrix;

uniform sampler2D voltage_tex;
uniform float n_nodes;
uniform float internode_length_um;
uniform float v_rest_mV;
uniform float v_peak_mV;
uniform float fog_density_per_um;
uniform float glow_fog_ratio;
uniform float lamp_strength;
uniform float sheen_strength;
uniform float glow_gain;
uniform float picked_node;

in vec4 p3d_Vertex;
in vec3 p3d_Normal;
in vec2 p3d_MultiTexCoord0;
in vec2 node_coord;

out vec2 wall_uv;
// x: distance to the nearest node centre (µm), y: glow of that node's ring (0..1, fogged),
// z: glow light falling on the wall from the two neighbouring rings (fogged), w: vignette
out vec4 ring;
// x: lamp light on the wall, y: sheen where the wall is seen edge-on, z: fog (1 = clear)
out vec3 lamp;
// 1 around the picked node (its ring gets a dashed outline), 0 elsewhere
out float picked;

// Distance over which a ring's light on the wall falls to half, drawn µm.
const float LIGHT_REACH_UM = 3.5;

float glow_at(float node) {
    float v_mV = texelFetch(voltage_tex, ivec2(int(clamp(node, 0.0, n_nodes - 1.0)), 0), 0).r;
    return glow_gain * clamp((v_mV - v_rest_mV) / (v_peak_mV - v_rest_mV), 0.0, 1.0);
}

void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    vec3 view_position = (p3d_ModelViewMatrix * p3d_Vertex).xyz;
    float dist_um = length(view_position);
    vec3 n = normalize(p3d_NormalMatrix * p3d_Normal);
    float facing = abs(dot(n, -view_position / max(dist_um, 1e-4)));

    // The two nodes this vertex lies between, and how far it is from each.
    float before = floor(node_coord.x + 1e-4);
    float along = node_coord.x - before;
    float glow_before = glow_at(before);
    float glow_after = glow_at(before + 1.0);
    float glow_ring = along < 0.5 ? glow_before : glow_after;
    float shine = glow_before / (1.0 + pow(along * internode_length_um / LIGHT_REACH_UM, 2.0))
                + glow_after / (1.0 + pow((1.0 - along) * internode_length_um / LIGHT_REACH_UM, 2.0));

    float glow_fog = exp(-dist_um * fog_density_per_um * glow_fog_ratio);
    vec2 ndc = gl_Position.xy / max(gl_Position.w, 1e-4);
    float vignette = 1.0 - 0.35 * smoothstep(0.3, 1.6, dot(ndc, ndc));

    picked = abs(node_coord.x - picked_node) < 0.5 ? 1.0 : 0.0;
    wall_uv = p3d_MultiTexCoord0;
    ring = vec4(node_coord.y, glow_ring * glow_fog, shine * glow_fog, vignette);
    lamp = vec3(
        lamp_strength * (0.45 + 0.75 * facing) / (1.0 + 0.1 * dist_um),
        sheen_strength * (1.0 - facing) * (1.0 - facing) / (1.0 + 0.05 * dist_um),
        exp(-dist_um * fog_density_per_um)
    );
}
