#version 330
// pump_rotor.frag: a pump lit by a headlight; the marker lobe pale, a stopped pump dimmer.
//
// Motion is the cue for the pump's rate (the rotor turns or stands still); brightness only
// helps. Inputs: view_normal, view_pos, tint, drive from pump_rotor.vert; uniform
// pump_colour (display RGB 0-1, Okabe-Ito reddish purple).

uniform vec3 pump_colour;

in vec3 view_normal;
in vec3 view_pos;
in float tint;
in float drive;

out vec4 frag_colour;

void main() {
    float light = abs(dot(normalize(view_normal), normalize(-view_pos)));
    vec3 base = mix(pump_colour, vec3(0.95, 0.93, 0.9), tint);
    float awake = 0.65 + 0.35 * clamp(drive, 0.0, 1.0);
    frag_colour = vec4(base * (0.3 + 0.7 * light) * awake, 1.0);
}
