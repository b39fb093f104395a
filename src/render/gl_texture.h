// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/rgba_image.h"

namespace histomark::render {

// An RGBA8 2D texture. Owns the GL name; create, use and destroy on the GL thread only.
class GlTexture {
public:
    GlTexture() = default;
    explicit GlTexture(const core::RgbaImage& image, bool smooth = true);
    ~GlTexture();
    GlTexture(GlTexture&& other) noexcept;
    GlTexture& operator=(GlTexture&& other) noexcept;
    GlTexture(const GlTexture&) = delete;
    GlTexture& operator=(const GlTexture&) = delete;

    void upload(const core::RgbaImage& image, bool smooth = true);  // (re)allocates to the image size
    unsigned id() const { return m_id; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    size_t byteSize() const { return size_t(m_width) * size_t(m_height) * 4; }
    bool valid() const { return m_id != 0; }

private:
    void release();
    unsigned m_id = 0;
    int m_width = 0, m_height = 0;
};

}  // namespace histomark::render
