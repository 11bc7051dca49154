#version 330
// axoplasm_filament.frag: a faint filament that catches the glow of the node it passes.
//
// Inputs:
//   voltage_tex       n_nodes x 1, red = membrane potential of each node, mV (float)
//   n_nodes, v_rest_mV, v_peak_mV, glow_colour   as in fiber_wall.frag
//   filament_colour   linear RGB of a filament at rest
//   fog_density_per_um, brightness   as in fiber_wall.frag (drawn additively, so the
//   fog takes light away instead of mixing in fog colour)

uniform sampler2D voltage_tex;
uniform float n_nodes;
uniform float v_rest_mV;
uniform float v_peak_mV;
uniform vec3 glow_colour;
uniform vec3 filament_colour;
uniform float fog_density_per_um;
uniform float brightness;

in vec2 node_place;
in float view_distance_um;

out vec4 frag_colour;

void main() {
    float node_index = clamp(floor(node_place.x + 0.5), 0.0, n_nodes - 1.0);
    float v_node = texelFetch(voltage_tex, ivec2(int(node_index), 0), 0).r;
    float glow = clamp((v_node - v_rest_mV) / (v_peak_mV - v_rest_mV), 0.0, 1.0);
    float near_node = exp(-node_place.y / 4.0);
    vec3 colour = filament_colour + glow_colour * glow * (0.1 + 0.6 * near_node);
    // Drawn additively: fade out right at the eye (no wires across the lens) and into fog.
    float fade = smoothstep(1.0, 4.0, view_distance_um) * exp(-view_distance_um * fog_density_per_um);
    frag_colour = vec4(colour * fade * brightness, 1.0);
}
