#version 330 core
// Tile pixels are straight RGBA8 composited on white by the reader, so they are opaque.
// u_tint lets the renderer mark failed areas without a second shader. u_mode shows stain
// channels live (colour deconvolution per pixel, Ruifrok & Johnston): the tiles stay as read.
in vec2 v_uv;
uniform sampler2D u_tex;
uniform vec4 u_tint;        // rgb multiply, a = 1 to use the texture, 0 to draw u_tint.rgb flat
uniform int u_mode;         // 0 colour, 1 hematoxylin only, 2 DAB only, 3 DAB intensity classes
uniform mat3 u_unmix;       // optical density (row vector) -> stain concentrations
uniform vec3 u_first;       // OD vector of the first stain (hematoxylin)
uniform vec3 u_second;      // OD vector of the second stain (DAB)
uniform vec3 u_background;  // glass intensity, 0..1
uniform vec3 u_thresholds;  // DAB OD of 1+, 2+, 3+
out vec4 o_colour;

vec3 fromOd(vec3 od) { return u_background * pow(vec3(10.0), -od); }

void main() {
    vec4 texel = texture(u_tex, v_uv);
    if (u_tint.a < 0.5) {
        o_colour = vec4(u_tint.rgb, 1.0);
        return;
    }
    vec3 rgb = texel.rgb;
    if (u_mode != 0) {
        vec3 od = max(-log(max(rgb, vec3(1.0 / 255.0)) / u_background) / log(10.0), vec3(0.0));
        vec3 c = od * u_unmix;
        if (u_mode == 1) rgb = fromOd(max(c.x, 0.0) * u_first);
        else if (u_mode == 2) rgb = fromOd(max(c.y, 0.0) * u_second);
        else {
            // Pseudo-colour of the DAB classes over a pale hematoxylin image.
            rgb = mix(vec3(1.0), fromOd(max(c.x, 0.0) * u_first), 0.5);
            if (c.y >= u_thresholds.z) rgb = vec3(0.85, 0.1, 0.1);
            else if (c.y >= u_thresholds.y) rgb = vec3(1.0, 0.55, 0.1);
            else if (c.y >= u_thresholds.x) rgb = vec3(1.0, 0.9, 0.2);
        }
    }
    o_colour = vec4(rgb * u_tint.rgb, 1.0);
}
