#version 330
// pump_rotor.vert: one Na+/K+ pump (an instance of the rotor shape) turned by its phase.
//
// Inputs: Panda3D's p3d_ matrices; the shape's p3d_Vertex and p3d_Normal (its own frame,
// z = membrane normal) and rotor_tint (1 on the pale marker lobe); per instance pump_pos
// (um, on the membrane), pump_axis (outward membrane normal) and pump_state (x = phase in
// radians, turned about the normal; y = drive, turnover relative to normal); uniform
// pump_size_um.

uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform float pump_size_um;

in vec4 p3d_Vertex;
in vec3 p3d_Normal;
in float rotor_tint;
in vec3 pump_pos;
in vec3 pump_axis;
in vec2 pump_state;

out vec3 view_normal;
out vec3 view_pos;
out float tint;
out float drive;

void main() {
    float c = cos(pump_state.x);
    float s = sin(pump_state.x);
    mat2 turn = mat2(c, s, -s, c);  // columns: turns (x, y) by the phase, anticlockwise
    vec3 p = vec3(turn * p3d_Vertex.xy, p3d_Vertex.z);
    vec3 n = vec3(turn * p3d_Normal.xy, p3d_Normal.z);
    vec3 z = normalize(pump_axis);
    vec3 helper = abs(z.x) < 0.9 ? vec3(1.0, 0.0, 0.0) : vec3(0.0, 1.0, 0.0);
    vec3 x = normalize(cross(helper, z));
    vec3 y = cross(z, x);
    vec4 world = vec4(pump_pos + (x * p.x + y * p.y + z * p.z) * pump_size_um, 1.0);
    gl_Position = p3d_ModelViewProjectionMatrix * world;
    view_pos = (p3d_ModelViewMatrix * world).xyz;
    view_normal = mat3(p3d_ModelViewMatrix) * (x * n.x + y * n.y + z * n.z);
    tint = rotor_tint;
    drive = pump_state.y;
}
