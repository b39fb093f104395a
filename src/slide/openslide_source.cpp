// SPDX-License-Identifier: MIT
#include "slide/openslide_source.h"

#include <openslide.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <thread>

#include "core/level_crop.h"
#include "core/mpp.h"
#include "slide/tiff_file.h"

namespace histomark::slide {
namespace {

// OpenSlide 3.4.x decodes TIFF tiles that are not plain 8-bit RGB/YCbCr JPEG (deflate, LZW, none ...)
// with TIFFRGBAImageGet(tile width, tile height). Since libtiff 4.5.0 that call "adapts" a raster
// larger than the whole image: it narrows the row stride to the image width and puts the rows at the
// bottom of the raster. So a level smaller than one tile (the coarsest levels of every generic
// pyramidal TIFF) comes back garbled, shifted, and partly uninitialised memory. OpenSlide 4 decodes
// these tiles itself. The workaround: decode such a level whole with TIFFReadRGBAImage, which asks
// for exactly the image size and is unaffected, and serve its reads from memory.
bool openSlideMisreadsSmallTiffLevels() {
    int major = 0, minor = 0;
    if (std::sscanf(openslide_get_version(), "%d", &major) != 1 || major != 3) return false;
    const char* v = std::strstr(TIFFGetVersion(), "Version ");
    if (!v || std::sscanf(v + 8, "%d.%d", &major, &minor) != 2) return false;
    return major > 4 || (major == 4 && minor >= 5);
}

constexpr int64_t kMaxWholeLevelPixels = int64_t(1) << 26;  // 256 MB; such levels are tiny in practice

// For each level: the level decoded whole with libtiff when OpenSlide would misread it, else empty.
std::vector<core::RgbaImage> decodeMisreadLevels(const std::string& path, core::SlideInfo& info) {
    std::vector<core::RgbaImage> levels(info.levels.size());
    if (!openSlideMisreadsSmallTiffLevels()) return levels;
    TiffFile tiff(path);
    if (!tiff) return levels;  // not a TIFF-based format
    TIFF* tif = tiff.get();
    do {
        if (!TIFFIsTiled(tif)) continue;
        uint32_t w = 0, h = 0, tw = 0, th = 0;
        uint16_t compression = 0, planar = 0, photometric = 0, bps = 0, spp = 0;
        TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
        TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
        TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
        TIFFGetFieldDefaulted(tif, TIFFTAG_PHOTOMETRIC, &photometric);
        TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
        TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
        // OpenSlide's own decoders: JPEG (its "read_direct" test) and Aperio JPEG 2000.
        const bool direct = compression == COMPRESSION_JPEG && planar == PLANARCONFIG_CONTIG &&
                            (photometric == PHOTOMETRIC_RGB || photometric == PHOTOMETRIC_YCBCR) && bps == 8 && spp == 3;
        if (direct || compression == 33003 || compression == 33005 || (w >= tw && h >= th)) continue;
        if (int64_t(w) * h > kMaxWholeLevelPixels) continue;
        for (size_t i = 0; i < info.levels.size(); ++i) {
            const core::LevelInfo& l = info.levels[i];
            if (!levels[i].empty() || l.width != w || l.height != h || l.tileWidth != int(tw) || l.tileHeight != int(th))
                continue;
            std::vector<uint32_t> abgr(size_t(w) * h);
            if (!TIFFReadRGBAImageOriented(tif, w, h, abgr.data(), ORIENTATION_TOPLEFT, 1)) break;
            // libtiff packs A B G R (premultiplied when the file has alpha); OpenSlide's order is ARGB.
            for (uint32_t& p : abgr)
                p = (p & 0xff00ff00u) | ((p & 0xffu) << 16) | ((p >> 16) & 0xffu);
            levels[i] = core::RgbaImage(int(w), int(h));
            OpenSlideSource::argbToRgbaOverWhite(abgr.data(), abgr.size(), levels[i].pixels.data());
            info.properties["histomark.level[" + std::to_string(i) + "].decoder"] =
                "libtiff (OpenSlide 3.4 with libtiff >= 4.5 misreads levels smaller than one tile)";
            break;
        }
    } while (TIFFReadDirectory(tif));
    return levels;
}

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
    m_wholeLevels = decodeMisreadLevels(m_path, m_info);
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

void OpenSlideSource::prepareReaders(int threads) {
    int extra = 0;
    {
        std::lock_guard lock(m_mutex);
        extra = std::max(0, std::min(threads, m_maxHandles) - m_open);
        m_open += extra;  // reserved; opened below without the lock
    }
    std::vector<openslide_t*> opened(size_t(extra), nullptr);
    std::vector<std::thread> openers;
    for (int i = 0; i < extra; ++i) openers.emplace_back([&, i] { opened[size_t(i)] = openslide_open(m_path.c_str()); });
    for (auto& t : openers) t.join();
    std::lock_guard lock(m_mutex);
    for (openslide_t* osr : opened) {
        if (osr && !openslide_get_error(osr)) {
            m_free.push_back(osr);
        } else {
            if (osr) openslide_close(osr);
            --m_open;  // acquire() will try again lazily
        }
    }
    m_cv.notify_all();
}

openslide_t* OpenSlideSource::acquire() {
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return !m_free.empty() || m_open < m_maxHandles; });
        if (!m_free.empty()) {
            // Prefer the handle this thread used last: its decoder state and OpenSlide's tile
            // cache stay warm on this core instead of moving between threads on every read.
            auto it = std::find_if(m_free.begin(), m_free.end(),
                                   [&](openslide_t* h) { return m_lastUser[h] == std::this_thread::get_id(); });
            if (it == m_free.end()) it = m_free.end() - 1;
            openslide_t* osr = *it;
            m_free.erase(it);
            m_lastUser[osr] = std::this_thread::get_id();
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
    // Whole pixels in 32-bit lanes (memcpy in and out keeps in-place use well defined), so the
    // compiler vectorises both loops; this runs for every tile read. Tiles are nearly always fully
    // opaque: one quick pass proves it, and then the conversion is a byte swizzle (2x faster).
    uint32_t allAlpha = 0xffffffffu;
    for (size_t i = 0; i < count; ++i) {
        uint32_t p;
        std::memcpy(&p, argb + i, 4);
        allAlpha &= p;
    }
    if ((allAlpha >> 24) == 0xff) {
        for (size_t i = 0; i < count; ++i) {
            uint32_t p;
            std::memcpy(&p, argb + i, 4);
            const uint32_t out = ((p >> 16) & 0xff) | (p & 0xff00u) | ((p & 0xff) << 16) | 0xff000000u;
            std::memcpy(rgba + 4 * i, &out, 4);
        }
        return;
    }
    for (size_t i = 0; i < count; ++i) {
        uint32_t p;
        std::memcpy(&p, argb + i, 4);
        // Premultiplied colour over white: c + (255 - a) per channel; exact for a = 0 and 255.
        // (min: a colour above its alpha is not valid premultiplied data; saturate, never wrap.)
        const uint32_t white = 255 - (p >> 24);
        const uint32_t r = std::min<uint32_t>(((p >> 16) & 0xff) + white, 255);
        const uint32_t g = std::min<uint32_t>(((p >> 8) & 0xff) + white, 255);
        const uint32_t b = std::min<uint32_t>((p & 0xff) + white, 255);
        const uint32_t out = r | (g << 8) | (b << 16) | 0xff000000u;  // bytes R G B A in memory
        std::memcpy(rgba + 4 * i, &out, 4);
    }
}

core::Result<core::RgbaImage> OpenSlideSource::readRegion(int64_t x0, int64_t y0, int level, int width, int height) {
    using R = core::Result<core::RgbaImage>;
    if (std::string f = failure(); !f.empty()) return R::failure(f);
    if (level < 0 || level >= m_info.levelCount() || width <= 0 || height <= 0 || int64_t(width) * height > (1 << 28))
        return R::failure("invalid region request");
    if (const core::RgbaImage& whole = m_wholeLevels[size_t(level)]; !whole.empty())
        return core::cropLevel(whole, m_info.levels[size_t(level)].downsample, x0, y0, width, height);
    openslide_t* osr = acquire();
    if (!osr) return R::failure(fail("the slide can no longer be opened").error());
    // OpenSlide writes 4-byte ARGB pixels straight into the image's buffer, converted in place:
    // no second buffer per tile (this runs for every tile the viewer shows).
    core::RgbaImage img(width, height);
    auto* argb = reinterpret_cast<uint32_t*>(img.pixels.data());
    openslide_read_region(osr, argb, x0, y0, level, width, height);
    if (const char* err = openslide_get_error(osr)) {
        std::string msg = err;
        release(osr, true);
        return R::failure(fail(msg).error());
    }
    release(osr, false);
    argbToRgbaOverWhite(argb, size_t(width) * size_t(height), img.pixels.data());
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
