// SPDX-License-Identifier: MIT
#include "render/tile_renderer.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/tile_plan.h"

namespace histomark::render {

TileRenderer::~TileRenderer() {
    if (m_vbo) glDeleteBuffers(1, &m_vbo);
    if (m_vao) glDeleteVertexArrays(1, &m_vao);
}

core::Status TileRenderer::init() {
    if (auto s = m_program.build(shaderSource("tile.vert"), shaderSource("tile.frag")); !s) return s;
    m_uCorners = m_program.uniform("u_corners");
    m_uTint = m_program.uniform("u_tint");
    m_uTex = m_program.uniform("u_tex");
    m_uMode = m_program.uniform("u_mode");
    m_uUnmix = m_program.uniform("u_unmix");
    m_uFirst = m_program.uniform("u_first");
    m_uSecond = m_program.uniform("u_second");
    m_uBackground = m_program.uniform("u_background");
    m_uThresholds = m_program.uniform("u_thresholds");
    const float unit[] = {0, 0, 1, 0, 0, 1, 1, 1};
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof unit, unit, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindVertexArray(0);
    return {};
}

void TileRenderer::quad(const core::Camera& cam, double x0, double y0, double x1, double y1, unsigned texture,
                        const float tint[4]) {
    // Screen positions stay in double, relative to the camera centre (toScreen), until this
    // conversion: a 100k px slide keeps sub-pixel precision. Unturned (and quarter-turned) views
    // snap corners to whole pixels so neighbouring tiles share an edge exactly, as before; turned
    // views rely on neighbours computing bit-identical corners from the same grid lines.
    const bool snap = cam.axisAligned();
    const double w = cam.viewport.width, h = cam.viewport.height;
    const core::Level0Point corners[4] = {{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}};  // texture (0,0) (1,0) (0,1) (1,1)
    float ndc[8];
    for (int i = 0; i < 4; ++i) {
        core::ScreenPoint p = cam.toScreen(corners[i]);
        if (snap) p = {std::round(p.x), std::round(p.y)};
        ndc[2 * i] = float(2 * p.x / w - 1);
        ndc[2 * i + 1] = float(1 - 2 * p.y / h);
    }
    glUniform2fv(m_uCorners, 4, ndc);
    glUniform4fv(m_uTint, 1, tint);
    glBindTexture(GL_TEXTURE_2D, texture);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

TileDrawStats TileRenderer::draw(const core::Camera& cam, const core::TileGrid& grid, core::SlideId slide,
                                 GpuTileCache& tiles, const GlTexture* overview, const TileDrawOptions& opt) {
    TileDrawStats stats;
    glDisable(GL_BLEND);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(opt.background[0], opt.background[1], opt.background[2], 1);
    glClear(GL_COLOR_BUFFER_BIT);
    if (grid.levelCount() == 0) return stats;

    m_program.use();
    glUniform1i(m_uTex, 0);
    const StainDisplay& sd = opt.stains;
    glUniform1i(m_uMode, int(sd.mode));
    glUniformMatrix3fv(m_uUnmix, 1, GL_TRUE, sd.unmix);  // row-major in, so `od * u_unmix` is od x unmix
    glUniform3fv(m_uFirst, 1, sd.first);
    glUniform3fv(m_uSecond, 1, sd.second);
    glUniform3fv(m_uBackground, 1, sd.background);
    glUniform3fv(m_uThresholds, 1, sd.thresholds);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(m_vao);
    const core::LevelInfo& l0 = grid.level(0);
    const core::Level0Rect slideRect{0, 0, double(l0.width), double(l0.height)};
    const float flat[4] = {opt.placeholder[0], opt.placeholder[1], opt.placeholder[2], 0};
    quad(cam, 0, 0, slideRect.width, slideRect.height, 0, flat);
    const float plain[4] = {1, 1, 1, 1};
    const float failedTint[4] = {1.0f, 0.72f, 0.72f, 1};
    const float* tint = opt.failed ? failedTint : plain;
    if (overview && overview->valid()) quad(cam, 0, 0, slideRect.width, slideRect.height, overview->id(), tint);

    stats.targetLevel = grid.bestLevelForZoom(cam.zoom);
    const core::Level0Rect view = cam.visibleRect();
    for (int level = grid.levelCount() - 1; level >= stats.targetLevel; --level) {
        const core::TileRange range = core::tilesIn(grid, level, view);
        if (core::tooManyToShow(range)) continue;  // not loaded either (planTiles): the overview shows
        // Tile edges from the grid lines, so a tile's right edge is its neighbour's left edge to
        // the bit (tileBounds' x + width may differ in the last bit at fractional downsamples).
        const core::LevelInfo& li = grid.level(level);
        const int64_t t = grid.tileSize(level);
        const double ds = grid.downsample(level);
        auto edgeX = [&](int col) { return double(std::min<int64_t>(col * t, li.width)) * ds; };
        auto edgeY = [&](int row) { return double(std::min<int64_t>(row * t, li.height)) * ds; };
        for (int row = range.row0; row <= range.row1; ++row) {
            for (int col = range.col0; col <= range.col1; ++col) {
                // A turned view's bounding box holds tiles that lie outside the view: skip them
                // here as planTiles does, so the missing count can reach zero.
                if (cam.oriented() && !core::inView(cam, grid.tileBounds(level, col, row))) continue;
                const GlTexture* tex = tiles.find({slide, level, col, row});
                if (level == stats.targetLevel) ++stats.targetTiles;
                if (!tex) {
                    if (level == stats.targetLevel) ++stats.targetMissing;
                    continue;
                }
                quad(cam, edgeX(col), edgeY(row), edgeX(col + 1), edgeY(row + 1), tex->id(), tint);
                ++stats.tilesDrawn;
            }
        }
    }
    glBindVertexArray(0);
    glUseProgram(0);
    return stats;
}

}  // namespace histomark::render
