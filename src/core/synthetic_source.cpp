// SPDX-License-Identifier: MIT
#include "core/synthetic_source.h"

#include <chrono>
#include <cmath>
#include <thread>

#include "core/mpp.h"

namespace histomark::core {

SyntheticSource::SyntheticSource(SyntheticSpec spec) : m_spec(spec) {
    m_info.path = "synthetic://";
    m_info.backend = "synthetic";
    m_info.vendor = "synthetic";
    for (int l = 0; l < spec.levels; ++l) {
        const double ds = std::pow(2.0, l);
        LevelInfo li;
        li.width = std::max<int64_t>(1, int64_t(std::ceil(double(spec.width) / ds)));
        li.height = std::max<int64_t>(1, int64_t(std::ceil(double(spec.height) / ds)));
        li.downsample = ds;
        li.tileWidth = li.tileHeight = spec.nativeTile;
        m_info.levels.push_back(li);
    }
    if (spec.mpp > 0) {
        m_info.properties["openslide.mpp-x"] = std::to_string(spec.mpp);
        m_info.properties["openslide.mpp-y"] = std::to_string(spec.mpp);
    }
    m_info.mpp = resolveMpp(m_info.properties);
}

void SyntheticSource::tileColour(int level, int col, int row, uint8_t rgb[3]) {
    rgb[0] = uint8_t(20 + 30 * (level % 8));
    rgb[1] = uint8_t((col * 37 + 11) % 200 + 20);
    rgb[2] = uint8_t((row * 59 + 23) % 200 + 20);
}

std::string SyntheticSource::failure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

Result<RgbaImage> SyntheticSource::readRegion(int64_t x0, int64_t y0, int level, int width, int height) {
    if (level < 0 || level >= m_info.levelCount() || width <= 0 || height <= 0)
        return Result<RgbaImage>::failure("synthetic: invalid region request");
    const int n = ++m_reads;
    if (m_spec.readDelayMicros > 0) std::this_thread::sleep_for(std::chrono::microseconds(m_spec.readDelayMicros));
    {
        std::lock_guard lock(m_mutex);
        if (m_spec.failAfterReads >= 0 && n > m_spec.failAfterReads && m_failure.empty())
            m_failure = "synthetic: simulated read failure";
        if (!m_failure.empty()) return Result<RgbaImage>::failure(m_failure);
    }
    const LevelInfo& li = m_info.levels[size_t(level)];
    const int t = m_spec.nativeTile;
    const int64_t lx0 = int64_t(std::floor(double(x0) / li.downsample));
    const int64_t ly0 = int64_t(std::floor(double(y0) / li.downsample));
    RgbaImage img(width, height);
    uint8_t rgb[3];
    for (int y = 0; y < height; ++y) {
        const int64_t ly = ly0 + y;
        for (int x = 0; x < width; ++x) {
            const int64_t lx = lx0 + x;
            uint8_t* p = img.at(x, y);
            if (lx < 0 || ly < 0 || lx >= li.width || ly >= li.height) {
                p[0] = p[1] = p[2] = 255;
            } else {
                tileColour(level, int(lx / t), int(ly / t), rgb);
                p[0] = rgb[0], p[1] = rgb[1], p[2] = rgb[2];
            }
            p[3] = 255;
        }
    }
    return img;
}

}  // namespace histomark::core
