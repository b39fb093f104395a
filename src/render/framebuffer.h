// SPDX-License-Identifier: MIT
#pragma once
#include "core/rgba_image.h"

namespace histomark::render {

// An offscreen RGBA8 colour target. Each slide view draws into one, and the UI shows its texture;
// tests and screenshots read it back. GL thread only.
class Framebuffer {
public:
    Framebuffer() = default;
    ~Framebuffer();
    Framebuffer(const Framebuffer&) = delete;
    Framebuffer& operator=(const Framebuffer&) = delete;

    void resize(int width, int height);  // no-op when unchanged
    void bind() const;                   // also sets the viewport
    static void bindDefault(int width, int height);
    unsigned texture() const { return m_texture; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    // Reads the bound framebuffer's pixels, top row first.
    static core::RgbaImage readPixels(int width, int height);

private:
    void release();
    unsigned m_fbo = 0, m_texture = 0;
    int m_width = 0, m_height = 0;
};

}  // namespace histomark::render
