// SPDX-License-Identifier: MIT
#include "render/tile_renderer.h"

#include <epoxy/gl.h>

#include <cmath>

#include "core/tile_plan.h"

namespace histomark::render {

TileRenderer::~TileRenderer() {
    if (m_vbo) glDeleteBuffers(1, &m_vbo);
    if (m_vao) glDeleteVertexArrays(1, &m_vao);
}

core::Status TileRenderer::init() {
    if (auto s = m_program.build(shaderSource("tile.vert"), shaderSource("tile.frag")); !s) return s;
    m_uRect = m_program.uniform("u_rect");
    m_uTint = m_program.uniform("u_tint");
    m_uTex = m_program.uniform("u_tex");
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

void TileRenderer::quad(const core::Camera& cam, const core::Level0Rect& r, unsigned texture, const float tint[4]) {
    // Snap edges to whole screen pixels: neighbouring tiles then share an edge exactly (no seams).
    const core::ScreenPoint a = cam.toScreen({r.x, r.y});
    const core::ScreenPoint b = cam.toScreen({r.right(), r.bottom()});
    const double w = cam.viewport.width, h = cam.viewport.height;
    const float x0 = float(2 * std::round(a.x) / w - 1), x1 = float(2 * std::round(b.x) / w - 1);
    const float y0 = float(1 - 2 * std::round(a.y) / h), y1 = float(1 - 2 * std::round(b.y) / h);
    glUniform4f(m_uRect, x0, y0, x1, y1);
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
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(m_vao);
    const core::LevelInfo& l0 = grid.level(0);
    const core::Level0Rect slideRect{0, 0, double(l0.width), double(l0.height)};
    const float flat[4] = {opt.placeholder[0], opt.placeholder[1], opt.placeholder[2], 0};
    quad(cam, slideRect, 0, flat);
    const float plain[4] = {1, 1, 1, 1};
    const float failedTint[4] = {1.0f, 0.72f, 0.72f, 1};
    const float* tint = opt.failed ? failedTint : plain;
    if (overview && overview->valid()) quad(cam, slideRect, overview->id(), tint);

    stats.targetLevel = grid.bestLevelForZoom(cam.zoom);
    const core::Level0Rect view = cam.visibleRect();
    for (int level = grid.levelCount() - 1; level >= stats.targetLevel; --level) {
        const core::TileRange range = core::tilesIn(grid, level, view);
        for (int row = range.row0; row <= range.row1; ++row) {
            for (int col = range.col0; col <= range.col1; ++col) {
                const GlTexture* tex = tiles.find({slide, level, col, row});
                if (level == stats.targetLevel) ++stats.targetTiles;
                if (!tex) {
                    if (level == stats.targetLevel) ++stats.targetMissing;
                    continue;
                }
                quad(cam, grid.tileBounds(level, col, row), tex->id(), tint);
                ++stats.tilesDrawn;
            }
        }
    }
    glBindVertexArray(0);
    glUseProgram(0);
    return stats;
}

}  // namespace histomark::render
