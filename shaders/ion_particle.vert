#version 330
// ion_particle.vert: one Na+ or K+ ion, a screen-facing point whose size follows distance.
//
// Inputs: Panda3D's p3d_ matrices and vertex (the ion's position, um); our column ion_info
// (x = fade 0-1: shrinks an ion near the edge of its cloud; y = glow 0-1: just crossed the
// membrane); uniforms diameter_um (an ion's drawn size), px_per_um_at_1um (pixels one um
// covers at 1 um from the eye: half the viewport height / tan(half the vertical FOV)),
// viewport_px (x, y, width, height of the display region in window pixels), cut_plane
// (a, b, c, d in the model's space: ions with a*x + b*y + c*z + d > 0 are hidden, to cut
// away the near half of a cloud seen from outside; (0, 0, 0, -1) hides none).
// The fragment shader draws the shape from gl_FragCoord around the point's centre (not
// gl_PointCoord, which a compatibility-profile driver may leave undefined without
// GL_POINT_SPRITE).

uniform mat4 p3d_ModelViewProjectionMatrix;
uniform float diameter_um;
uniform float px_per_um_at_1um;
uniform vec4 viewport_px;
uniform vec4 cut_plane;

in vec4 p3d_Vertex;
in vec2 ion_info;

flat out vec2 centre_px;
flat out float radius_px;
flat out float glow;

void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    float fade = ion_info.x;
    glow = ion_info.y;
    float depth = gl_Position.w;  // distance in front of the eye, um
    float size_px = diameter_um * px_per_um_at_1um / depth;
    size_px *= (0.3 + 0.7 * fade) * (1.0 + 0.3 * glow);
    // Ions right at the lens would fill the screen: they shrink away within a few um.
    size_px *= smoothstep(0.5, 3.0, depth);
    bool cut = dot(cut_plane.xyz, p3d_Vertex.xyz) + cut_plane.w > 0.0;
    if (fade <= 0.02 || depth < 0.5 || cut) {
        // Faded out, cut away or behind the eye: put it outside the clip volume.
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
        size_px = 1.0;
    }
    size_px = clamp(size_px, 1.5, 64.0);
    gl_PointSize = size_px;
    radius_px = 0.5 * size_px;
    centre_px = viewport_px.xy + (gl_Position.xy / gl_Position.w * 0.5 + 0.5) * viewport_px.zw;
}
