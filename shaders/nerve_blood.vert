#version 330
// nerve_blood.vert: red blood cells in the vasa nervorum, one instance of a flattened disc per
// cell, placed from a buffer texture the flow kernel rewrites every frame.
//
// Inputs: Panda3D's p3d_ matrices and vertex columns (the disc template, thin along +Y);
//   cells_tex (samplerBuffer, two RGBA32F texels per cell: centre xyz + scale, direction of
//   flow xyz + tumble angle), profile_tex (r = pressure weight along the nerve),
//   nerve_length_du, squeeze, fog_density_per_du.

uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform mat3 p3d_NormalMatrix;

uniform samplerBuffer cells_tex;
uniform sampler2D profile_tex;
uniform float nerve_length_du;
uniform float squeeze;
uniform float fog_density_per_du;

in vec4 p3d_Vertex;
in vec3 p3d_Normal;

out vec3 view_pos;
out vec3 view_normal;
out float fog;

void main() {
    vec4 a = texelFetch(cells_tex, 2 * gl_InstanceID);
    vec4 b = texelFetch(cells_tex, 2 * gl_InstanceID + 1);
    vec3 flow = normalize(b.xyz);
    vec3 side = normalize(cross(flow, abs(flow.x) < 0.9 ? vec3(1, 0, 0) : vec3(0, 0, 1)));
    vec3 up = cross(side, flow);
    // Cells tumble as they go: the disc's axis turns about the side axis.
    vec3 axis = cos(b.w) * flow + sin(b.w) * up;
    vec3 across = cross(side, axis);
    mat3 basis = mat3(side, axis, across);
    float w = texture(profile_tex, vec2(a.y / nerve_length_du, 0.5)).r;
    vec3 centre = vec3(a.x * (1.0 - squeeze * w), a.y, a.z * (1.0 - squeeze * w));
    vec4 p = vec4(centre + basis * (p3d_Vertex.xyz * a.w), 1.0);
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    view_pos = (p3d_ModelViewMatrix * p).xyz;
    view_normal = normalize(p3d_NormalMatrix * (basis * p3d_Normal));
    fog = exp(-length(view_pos) * fog_density_per_du);
}
