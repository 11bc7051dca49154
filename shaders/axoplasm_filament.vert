#version 330
// axoplasm_filament.vert: neurofilaments and microtubules, thin lines along the axon.
//
// Inputs: Panda3D's p3d_ matrices and vertex; our column node_coord (x = continuous node
// index, y = drawn distance to the nearest node centre, µm), passed to the fragment shader
// with the view-space distance for fog.

uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;

in vec4 p3d_Vertex;
in vec2 node_coord;

out vec2 node_place;
out float view_distance_um;

void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    view_distance_um = length((p3d_ModelViewMatrix * p3d_Vertex).xyz);
    node_place = node_coord;
}
