#version 330
// nerve_sheath.frag: a translucent connective-tissue layer or vessel wall; all the lighting
// is done per vertex in nerve_sheath.vert (large smooth sheets, heavy overdraw).
//
// Inputs: sheet_colour (RGB lit and fogged, A = opacity), from nerve_sheath.vert;
//   brightness (overall multiplier: fades at the rail's loop).

uniform float brightness;

in vec4 sheet_colour;

out vec4 frag_colour;

void main() {
    frag_colour = vec4(sheet_colour.rgb * brightness, sheet_colour.a);
}
