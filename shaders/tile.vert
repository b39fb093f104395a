#version 330 core
// One textured quad per tile. u_corners holds where the texture's corners (0,0), (1,0), (0,1),
// (1,1) land, in normalised device coordinates, so a turned or mirrored view is just other
// corners. Vertices are picked, not interpolated: tiles that share an edge get bit-identical
// vertices there, and the rasteriser then leaves no crack between them.
layout(location = 0) in vec2 a_unit;
uniform vec2 u_corners[4];
out vec2 v_uv;
void main() {
    v_uv = a_unit;
    gl_Position = vec4(u_corners[gl_VertexID], 0.0, 1.0);
}
