#version 330 core
// Tile pixels are straight RGBA8 composited on white by the reader, so they are opaque.
// u_tint lets the renderer mark failed areas without a second shader.
in vec2 v_uv;
uniform sampler2D u_tex;
uniform vec4 u_tint;      // rgb multiply, a = 1 to use the texture, 0 to draw u_tint.rgb flat
out vec4 o_colour;
void main() {
    vec4 texel = texture(u_tex, v_uv);
    o_colour = u_tint.a > 0.5 ? vec4(texel.rgb * u_tint.rgb, 1.0) : vec4(u_tint.rgb, 1.0);
}
