#version 330
// fiber_wall.frag: the axon wall, each node's ring glowing with its membrane potential.
//
// Resting nodes are dark bands of bare axolemma (speckled with Na+ channel clusters)
// between pale, translucent-looking myelin; as a node depolarises its ring brightens from
// nothing (at v_rest_mV) to sky blue going white (at v_peak_mV), and its light falls on
// the wall around it (computed per vertex in fiber_wall.vert). Far walls sink into fog.
// Kept to one bilinear texture read and a few multiply-adds: on a software rasteriser this
// runs for every pixel of every frame and is the frame's whole cost.
// Inputs:
//   wall_detail_tex   tiling RGBA8: r = mottling, g = axial streaks, b = channel speckles
//   glow_colour       RGB of the glow (Okabe-Ito sky blue); white is added toward the peak
//   sheen_colour      RGB of the cool sheen where the myelin is seen edge-on
//   node_half_length_um    half the node gap: the ring that glows
//   myelin_colour, node_colour, fog_colour   RGB
//   brightness        overall multiplier (fades at the loop's cut)
//   ring, lamp        interpolated from fiber_wall.vert (see there)
//   picked            1 around the node the HUD's oscilloscope reads: a dashed pale outline
//                     just outside its ring (a shape, not a colour, marks it)

uniform sampler2D wall_detail_tex;
uniform vec3 glow_colour;
uniform vec3 sheen_colour;
uniform float node_half_length_um;
uniform vec3 myelin_colour;
uniform vec3 node_colour;
uniform vec3 fog_colour;
uniform float brightness;

in vec2 wall_uv;
in vec4 ring;
in vec3 lamp;
in float picked;

out vec4 frag_colour;

void main() {
    vec4 detail = texture(wall_detail_tex, wall_uv);
    // 1 on the bare node gap, 0 on myelin, ramping over the half micrometre at its edge.
    float on_node = clamp((node_half_length_um + 0.5 - ring.x) * 2.0, 0.0, 1.0);
    vec3 albedo = mix(
        myelin_colour * (0.5 + 0.4 * detail.r + 0.15 * detail.g),
        node_colour * (0.5 + detail.b),
        on_node
    );
    vec3 surface = albedo * lamp.x + sheen_colour * (lamp.y * (1.0 - on_node));
    // The ring itself (brightening to white at the peak), and its light on the wall.
    float glow = ring.y * on_node * (0.9 + 0.5 * detail.b);
    vec3 emission = glow_colour * (glow + ring.z * (0.08 + 0.3 * albedo.g)) + vec3(0.35 * glow * glow);
    float outline = picked * step(node_half_length_um + 0.6, ring.x)
        * step(ring.x, node_half_length_um + 1.1) * step(0.5, fract(wall_uv.x * 8.0));
    surface = mix(surface, vec3(0.85, 0.88, 0.92) * lamp.x * 1.6, outline);
    frag_colour = vec4((mix(fog_colour, surface, lamp.z) + emission) * (ring.w * brightness), 1.0);
}
