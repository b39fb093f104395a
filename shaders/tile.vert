#version 330 core
// One textured quad per tile. u_rect holds the quad in normalised device coordinates
// (x0, y0, x1, y1); the unit-square vertex stream is stretched onto it.
layout(location = 0) in vec2 a_unit;
uniform vec4 u_rect;
out vec2 v_uv;
void main() {
    v_uv = a_unit;
    gl_Position = vec4(mix(u_rect.xy, u_rect.zw, a_unit), 0.0, 1.0);
}
