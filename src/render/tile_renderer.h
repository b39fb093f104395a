// SPDX-License-Identifier: MIT
#pragma once
#include "core/camera.h"
#include "core/result.h"
#include "core/tile_grid.h"
#include "core/tile_key.h"
#include "render/gpu_tile_cache.h"
#include "render/shader_program.h"

namespace histomark::render {

struct TileDrawStats {
    int targetLevel = 0;
    int targetTiles = 0;    // tiles of the target level in view
    int targetMissing = 0;  // of those, not yet on the GPU (a coarser level shows there)
    int tilesDrawn = 0;
};

struct TileDrawOptions {
    float background[3] = {0.19f, 0.19f, 0.21f};  // around the slide
    float placeholder[3] = {0.93f, 0.93f, 0.93f};  // slide area with nothing loaded yet
    bool failed = false;                           // slide unreadable: tint the slide area
};

// Draws one slide view into the bound framebuffer (size = camera viewport): background, the
// overview image under the whole slide, then every level from coarse to the target level, so
// finer tiles cover coarser ones and there are never holes while tiles stream in. The camera's
// rotation and mirror turn every quad; see docs/tile-pipeline.md. GL thread only.
class TileRenderer {
public:
    TileRenderer() = default;
    ~TileRenderer();
    TileRenderer(const TileRenderer&) = delete;
    TileRenderer& operator=(const TileRenderer&) = delete;

    core::Status init();
    TileDrawStats draw(const core::Camera& cam, const core::TileGrid& grid, core::SlideId slide,
                       GpuTileCache& tiles, const GlTexture* overview, const TileDrawOptions& options = {});

private:
    // Level-0 rectangle [x0, x1) x [y0, y1) through the camera; `texture` 0 draws the tint flat.
    void quad(const core::Camera& cam, double x0, double y0, double x1, double y1, unsigned texture,
              const float tint[4]);
    ShaderProgram m_program;
    unsigned m_vao = 0, m_vbo = 0;
    int m_uCorners = -1, m_uTint = -1, m_uTex = -1;
};

}  // namespace histomark::render
