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

// Stain channels shown live instead of the colour (DAB on hematoxylin): the unmixing matrix and
// vectors of a colour deconvolution (analysis::StainMatrix), given as plain numbers.
struct StainDisplay {
    enum class Mode { Colour, FirstStain, SecondStain, SecondStainClasses } mode = Mode::Colour;
    float unmix[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};  // row-major: concentrations = OD (row) x unmix
    float first[3] = {0.65f, 0.70f, 0.29f}, second[3] = {0.27f, 0.57f, 0.78f};
    float background[3] = {1, 1, 1};                // glass, 0..1
    float thresholds[3] = {0.2f, 0.4f, 0.6f};        // second stain OD of 1+, 2+, 3+
};

struct TileDrawOptions {
    float background[3] = {0.19f, 0.19f, 0.21f};  // around the slide
    float placeholder[3] = {0.93f, 0.93f, 0.93f};  // slide area with nothing loaded yet
    bool failed = false;                           // slide unreadable: tint the slide area
    StainDisplay stains;
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
    int m_uMode = -1, m_uUnmix = -1, m_uFirst = -1, m_uSecond = -1, m_uBackground = -1, m_uThresholds = -1;
};

}  // namespace histomark::render
