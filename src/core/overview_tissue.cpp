// SPDX-License-Identifier: MIT
#include "core/overview_tissue.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace histomark::core {

TissueGrid tissueGridFromOverview(const RgbaImage& overview, double level0PerPixel, int maxCells) {
    TissueGrid grid;
    if (overview.empty() || level0PerPixel <= 0 || maxCells < 1) return grid;
    const int step = std::max(1, (std::max(overview.width, overview.height) + maxCells - 1) / maxCells);
    grid.width = (overview.width + step - 1) / step;
    grid.height = (overview.height + step - 1) / step;
    grid.level0PerCell = level0PerPixel * step;
    grid.cells.assign(size_t(grid.width) * size_t(grid.height), 0);
    // Optical density per 8-bit value, once.
    std::array<float, 256> od{};
    for (int v = 0; v < 256; ++v) od[size_t(v)] = float(-std::log10(std::max(v, 1) / 255.0));
    for (int gy = 0; gy < grid.height; ++gy)
        for (int gx = 0; gx < grid.width; ++gx) {
            int tissue = 0, n = 0;
            for (int y = gy * step; y < std::min(overview.height, (gy + 1) * step); ++y)
                for (int x = gx * step; x < std::min(overview.width, (gx + 1) * step); ++x) {
                    const uint8_t* p = overview.at(x, y);
                    const float sum = od[p[0]] + od[p[1]] + od[p[2]];
                    // Glass is near 0; stained tissue 0.3 and up; pen ink and slide edges are dark grey (all
                    // channels alike and dense): not tissue.
                    const int spread = std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]});
                    tissue += sum > 0.25f && !(sum > 2.0f && spread < 20), ++n;
                }
            grid.cells[size_t(gy) * size_t(grid.width) + size_t(gx)] = uint8_t(n > 0 && tissue * 4 >= n);
        }
    return grid;
}

}  // namespace histomark::core
