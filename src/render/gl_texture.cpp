// SPDX-License-Identifier: MIT
#include "render/gl_texture.h"

#include <epoxy/gl.h>

#include <utility>

namespace histomark::render {

GlTexture::GlTexture(const core::RgbaImage& image, bool smooth) { upload(image, smooth); }

GlTexture::~GlTexture() { release(); }

GlTexture::GlTexture(GlTexture&& o) noexcept
    : m_id(std::exchange(o.m_id, 0)), m_width(o.m_width), m_height(o.m_height) {}

GlTexture& GlTexture::operator=(GlTexture&& o) noexcept {
    if (this != &o) {
        release();
        m_id = std::exchange(o.m_id, 0);
        m_width = o.m_width;
        m_height = o.m_height;
    }
    return *this;
}

void GlTexture::release() {
    if (m_id) glDeleteTextures(1, &m_id);
    m_id = 0;
}

void GlTexture::upload(const core::RgbaImage& image, bool smooth) {
    if (!m_id) glGenTextures(1, &m_id);
    glBindTexture(GL_TEXTURE_2D, m_id);
    const GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 image.pixels.data());
    m_width = image.width;
    m_height = image.height;
}

}  // namespace histomark::render
