#version 330
// ion_particle.frag: the ion's shape and colour; Na+ a round bead, K+ a square with a light rim.
//
// Shape differs as well as colour so the two species stay apart for colour-blind visitors
// (DESIGN.md, Safety and access).
// Inputs: centre_px, radius_px, glow from ion_particle.vert; viewport_px as in the vertex
// shader (a display region tiled beside or above the one it describes, as in side-by-side
// stereo, draws the same points one region-width over: the offset is folded back);
// uniforms ion_shape (0 = round, Na+; 1 = square, K+), ion_colour (display RGB 0-1;
// Okabe-Ito orange / blue), glow_gain (the comfort settings' glow gain: calm mode halves
// the glint).

uniform vec4 viewport_px;
uniform int ion_shape;
uniform vec3 ion_colour;
uniform float glow_gain;

flat in vec2 centre_px;
flat in float radius_px;
flat in float glow;

out vec4 frag_colour;

void main() {
    vec2 offset = gl_FragCoord.xy - centre_px;
    offset = mod(offset + 0.5 * viewport_px.zw, viewport_px.zw) - 0.5 * viewport_px.zw;
    vec2 d = offset / radius_px;
    vec3 colour;
    if (ion_shape == 0) {
        float r2 = dot(d, d);
        if (r2 > 1.0) discard;
        // A bead: brightest a little up and left of centre.
        float light = 1.1 - 0.2 * dot(d - vec2(-0.3, 0.3), d - vec2(-0.3, 0.3));
        colour = ion_colour * clamp(light, 0.82, 1.1);
    } else {
        float edge = max(abs(d.x), abs(d.y));
        if (edge > 1.0) discard;
        // A flat tile with a thin lighter rim, so the square's corners read on a dark
        // background too (thin: K+ must stay much darker than Na+ for a colour-blind eye).
        colour = edge > 0.85 ? mix(ion_colour, vec3(1.0), 0.3) : ion_colour;
    }
    // Just crossed the membrane: lifted toward white (a small glint, not a flash).
    colour = mix(colour, vec3(1.0), 0.35 * clamp(glow * glow_gain, 0.0, 1.0));
    frag_colour = vec4(colour, 1.0);
}
