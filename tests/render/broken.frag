#version 330
// broken.frag: a deliberately broken fragment shader (test fixture). It reads a variable
// that is never declared, so every GLSL compiler must reject it; the test that uses it
// proves a shader error is detected rather than silently drawing nothing.

out vec4 frag_colour;

void main() {
    frag_colour = vec4(never_declared_colour, 1.0);
}
