// SPDX-License-Identifier: MIT
#include "render/framebuffer.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace histomark::render {

Framebuffer::~Framebuffer() { release(); }

void Framebuffer::release() {
    if (m_fbo) glDeleteFramebuffers(1, &m_fbo);
    if (m_texture) glDeleteTextures(1, &m_texture);
    m_fbo = m_texture = 0;
}

void Framebuffer::resize(int width, int height) {
    if (width == m_width && height == m_height && m_fbo) return;
    release();
    m_width = std::max(1, width);
    m_height = std::max(1, height);
    glGenTextures(1, &m_texture);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, m_width, m_height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glGenFramebuffers(1, &m_fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_texture, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void Framebuffer::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo);
    glViewport(0, 0, m_width, m_height);
}

void Framebuffer::bindDefault(int width, int height) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, width, height);
}

core::RgbaImage Framebuffer::readPixels(int width, int height) {
    core::RgbaImage img(width, height);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, img.pixels.data());
    // GL's origin is bottom-left; images are stored top row first.
    std::vector<uint8_t> row(size_t(width) * 4);
    for (int y = 0; y < height / 2; ++y) {
        std::memcpy(row.data(), img.at(0, y), row.size());
        std::memcpy(img.at(0, y), img.at(0, height - 1 - y), row.size());
        std::memcpy(img.at(0, height - 1 - y), row.data(), row.size());
    }
    return img;
}

}  // namespace histomark::render
