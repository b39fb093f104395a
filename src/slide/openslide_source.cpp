// SPDX-License-Identifier: MIT
#include "slide/openslide_source.h"

#include <openslide.h>

#include <algorithm>

#include "core/mpp.h"

namespace histomark::slide {
namespace {

double numberProperty(const std::map<std::string, std::string>& p, const std::string& key) {
    auto it = p.find(key);
    return it == p.end() ? 0.0 : core::parseNumber(it->second).value_or(0.0);
}

core::SlideInfo describe(const std::string& path, openslide_t* osr) {
    core::SlideInfo info;
    info.path = path;
    info.backend = "openslide";
    if (const char* const* names = openslide_get_property_names(osr)) {
        for (; *names; ++names) {
            const char* v = openslide_get_property_value(osr, *names);
            info.properties[*names] = v ? v : "";
        }
    }
    info.vendor = info.properties.count("openslide.vendor") ? info.properties["openslide.vendor"] : "unknown";
    const int32_t n = openslide_get_level_count(osr);
    for (int32_t i = 0; i < n; ++i) {
        core::LevelInfo l;
        openslide_get_level_dimensions(osr, i, &l.width, &l.height);
        l.downsample = openslide_get_level_downsample(osr, i);
        const std::string prefix = "openslide.level[" + std::to_string(i) + "].";
        l.tileWidth = int(numberProperty(info.properties, prefix + "tile-width"));
        l.tileHeight = int(numberProperty(info.properties, prefix + "tile-height"));
        info.levels.push_back(l);
    }
    info.mpp = core::resolveMpp(info.properties);
    info.objectivePower = core::objectivePowerOf(info.properties);
    if (const char* const* names = openslide_get_associated_image_names(osr))
        for (; *names; ++names) info.associatedImages.emplace_back(*names);
    return info;
}

}  // namespace

core::Result<std::shared_ptr<OpenSlideSource>> OpenSlideSource::open(const std::string& path, int maxHandles) {
    using R = core::Result<std::shared_ptr<OpenSlideSource>>;
    openslide_t* osr = openslide_open(path.c_str());
    if (!osr) return R::failure("OpenSlide does not recognise the format of " + path);
    if (const char* err = openslide_get_error(osr)) {
        std::string msg = err;
        openslide_close(osr);
        return R::failure(msg);
    }
    auto src = std::shared_ptr<OpenSlideSource>(new OpenSlideSource(path, osr, maxHandles));
    if (src->m_info.levels.empty() || src->m_info.width() <= 0 || src->m_info.height() <= 0)
        return R::failure("the slide reports no pixels (0 levels or an empty level 0)");
    return src;
}

OpenSlideSource::OpenSlideSource(std::string path, openslide_t* first, int maxHandles)
    : m_path(std::move(path)), m_info(describe(m_path, first)), m_maxHandles(std::max(1, maxHandles)) {
    m_free.push_back(first);
    m_open = 1;
}

OpenSlideSource::~OpenSlideSource() {
    for (openslide_t* osr : m_free) openslide_close(osr);
}

std::string OpenSlideSource::failure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

core::Status OpenSlideSource::fail(const std::string& message) {
    std::lock_guard lock(m_mutex);
    if (m_failure.empty()) m_failure = "Cannot read " + m_path + ": " + message;
    return core::Status::failure(m_failure);
}

openslide_t* OpenSlideSource::acquire() {
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return !m_free.empty() || m_open < m_maxHandles; });
        if (!m_free.empty()) {
            openslide_t* osr = m_free.back();
            m_free.pop_back();
            return osr;
        }
        ++m_open;  // reserve a slot; open outside the lock (NDPI/MIRAX opens take a while)
    }
    openslide_t* osr = openslide_open(m_path.c_str());
    if (!osr || openslide_get_error(osr)) {
        if (osr) openslide_close(osr);
        std::lock_guard lock(m_mutex);
        --m_open;
        m_cv.notify_one();
        return nullptr;
    }
    return osr;
}

void OpenSlideSource::release(openslide_t* osr, bool broken) {
    {
        std::lock_guard lock(m_mutex);
        if (broken) {
            --m_open;  // OpenSlide errors are sticky per handle: this one is useless now
        } else {
            m_free.push_back(osr);
        }
    }
    if (broken) openslide_close(osr);
    m_cv.notify_one();
}

void OpenSlideSource::argbToRgbaOverWhite(const uint32_t* argb, size_t count, uint8_t* rgba) {
    for (size_t i = 0; i < count; ++i) {
        const uint32_t p = argb[i];
        const uint32_t a = p >> 24;
        // Premultiplied colour over white: c + (255 - a) per channel; exact for a = 0 and 255.
        const uint32_t white = 255 - a;
        rgba[4 * i + 0] = uint8_t(((p >> 16) & 0xff) + white);
        rgba[4 * i + 1] = uint8_t(((p >> 8) & 0xff) + white);
        rgba[4 * i + 2] = uint8_t((p & 0xff) + white);
        rgba[4 * i + 3] = 255;
    }
}

core::Result<core::RgbaImage> OpenSlideSource::readRegion(int64_t x0, int64_t y0, int level, int width, int height) {
    using R = core::Result<core::RgbaImage>;
    if (std::string f = failure(); !f.empty()) return R::failure(f);
    if (level < 0 || level >= m_info.levelCount() || width <= 0 || height <= 0 || int64_t(width) * height > (1 << 28))
        return R::failure("invalid region request");
    openslide_t* osr = acquire();
    if (!osr) return R::failure(fail("the slide can no longer be opened").error());
    std::vector<uint32_t> argb(size_t(width) * size_t(height));
    openslide_read_region(osr, argb.data(), x0, y0, level, width, height);
    if (const char* err = openslide_get_error(osr)) {
        std::string msg = err;
        release(osr, true);
        return R::failure(fail(msg).error());
    }
    release(osr, false);
    core::RgbaImage img(width, height);
    argbToRgbaOverWhite(argb.data(), argb.size(), img.pixels.data());
    return img;
}

core::Result<core::RgbaImage> OpenSlideSource::readAssociatedImage(const std::string& name) {
    using R = core::Result<core::RgbaImage>;
    if (std::find(m_info.associatedImages.begin(), m_info.associatedImages.end(), name) == m_info.associatedImages.end())
        return R::failure("the slide has no associated image '" + name + "'");
    openslide_t* osr = acquire();
    if (!osr) return R::failure(fail("the slide can no longer be opened").error());
    int64_t w = 0, h = 0;
    openslide_get_associated_image_dimensions(osr, name.c_str(), &w, &h);
    if (w <= 0 || h <= 0 || w * h > (1 << 27)) {
        release(osr, false);
        return R::failure("associated image '" + name + "' has unusable dimensions");
    }
    std::vector<uint32_t> argb(size_t(w) * size_t(h));
    openslide_read_associated_image(osr, name.c_str(), argb.data());
    if (const char* err = openslide_get_error(osr)) {
        // A broken label must not fail the whole slide: report it, retire only this handle.
        std::string msg = err;
        release(osr, true);
        return R::failure("cannot read associated image '" + name + "': " + msg);
    }
    release(osr, false);
    core::RgbaImage img{int(w), int(h)};
    argbToRgbaOverWhite(argb.data(), argb.size(), img.pixels.data());
    return img;
}

}  // namespace histomark::slide
