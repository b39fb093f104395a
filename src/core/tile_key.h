// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>

namespace histomark::core {

using SlideId = uint32_t;

// Identifies one tile of the pipeline's tile grid (see TileGrid), a value type used as cache key.
struct TileKey {
    SlideId slide = 0;
    int level = 0;
    int col = 0;
    int row = 0;
    bool operator==(const TileKey&) const = default;
};

struct TileKeyHash {
    size_t operator()(const TileKey& k) const noexcept {
        uint64_t h = (uint64_t(k.slide) << 40) ^ (uint64_t(uint32_t(k.level)) << 56) ^
                     (uint64_t(uint32_t(k.col)) << 20) ^ uint64_t(uint32_t(k.row));
        return std::hash<uint64_t>{}(h * 0x9E3779B97F4A7C15ull);
    }
};

}  // namespace histomark::core
