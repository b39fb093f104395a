// SPDX-License-Identifier: MIT
#pragma once

namespace histomark::slide {
class TileLoader;
}
namespace histomark::render {
class GpuTileCache;
class TileRenderer;
}

namespace histomark::ui {

// The shared services every slide view draws with (owned by the app).
struct ViewerContext {
    slide::TileLoader& loader;
    render::GpuTileCache& gpu;
    render::TileRenderer& renderer;
};

// Equivalent magnifications offered as keys 1..6 and buttons.
inline constexpr double kMagnificationPresets[] = {1, 2, 5, 10, 20, 40};

}  // namespace histomark::ui
