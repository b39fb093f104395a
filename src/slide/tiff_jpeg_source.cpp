// SPDX-License-Identifier: MIT
#include "slide/tiff_jpeg_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "slide/openslide_source.h"

namespace histomark::slide {
namespace {

// Per reader thread: the tile's JPEG stream, and one decoded tile for tiles that the region or the
// level's edge cuts (whole tiles are decoded straight into the region's pixels).
struct Scratch {
    TileStreamBuffer stream;
    std::vector<uint8_t> tile;
};

Scratch& threadScratch() {
    thread_local Scratch s;
    return s;
}

// Kept between reads; an odd larger tile's buffers are freed after its read.
constexpr size_t kKeepStreamBytes = size_t(1) << 20;
constexpr size_t kKeepTileBytes = size_t(1024) * 1024 * 4;

void trimScratch(Scratch& s) {
    s.stream.trim(kKeepStreamBytes);
    if (s.tile.capacity() > kKeepTileBytes) std::vector<uint8_t>().swap(s.tile);
}

// `error` says why when the bytes could not all be read.
bool readFully(int fd, uint8_t* dst, uint64_t bytes, uint64_t offset, std::string& error) {
    while (bytes > 0) {
        const ssize_t n = ::pread(fd, dst, size_t(bytes), off_t(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = std::strerror(errno);
            return false;
        }
        if (n == 0) {
            error = "the file ends before the tile does (it was truncated after it was opened)";
            return false;
        }
        dst += n, bytes -= uint64_t(n), offset += uint64_t(n);
    }
    return true;
}

void fillWhite(uint8_t* dst, size_t pitch, int width, int height) {
    for (int y = 0; y < height; ++y) std::memset(dst + size_t(y) * pitch, 255, size_t(width) * 4);
}

std::string tileName(int level, int64_t col, int64_t row) {
    return "level " + std::to_string(level) + " tile (" + std::to_string(col) + ", " + std::to_string(row) + ")";
}

// The formats whose OpenSlide levels are plain TIFF directories drawn tile by tile without overlap.
// Others (Philips, Ventana, Leica, Trestle ...) place or blend tiles in ways of their own.
bool vendorTaken(const std::string& vendor) { return vendor == "aperio" || vendor == "generic-tiff"; }

}  // namespace

core::Result<std::shared_ptr<TiffJpegSource>> TiffJpegSource::open(std::shared_ptr<OpenSlideSource> openslide) {
    using R = core::Result<std::shared_ptr<TiffJpegSource>>;
    if (!openslide) return R::failure("no OpenSlide source");
    const core::SlideInfo& info = openslide->info();
    if (!vendorTaken(info.vendor)) return R::failure("the fast path does not take " + info.vendor + " slides");
    return open(info, std::move(openslide));
}

core::Result<std::shared_ptr<TiffJpegSource>> TiffJpegSource::open(core::SlideInfo info,
                                                                   std::shared_ptr<core::SlideSource> associated) {
    using R = core::Result<std::shared_ptr<TiffJpegSource>>;
    for (const core::LevelInfo& l : info.levels)
        if (!(l.downsample >= 1 && l.downsample <= 1e6)) return R::failure("a level has an unusable downsample");
    auto levels = readJpegTileLevels(info.path, info);
    if (!levels) return R::failure(levels.error());
    const int fd = ::open(info.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return R::failure(std::string("cannot open the file: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        return R::failure("cannot read the file's size: " + why);
    }
    auto src = std::shared_ptr<TiffJpegSource>(
        new TiffJpegSource(std::move(info), std::move(associated), std::move(*levels), fd, uint64_t(st.st_size)));
    // The first stored tile of every level must decode: a layout that passed every check but
    // whose streams TurboJPEG does not take stays with OpenSlide.
    Scratch& s = threadScratch();
    for (int level = 0; level < int(src->m_levels.size()); ++level) {
        const JpegTileLevel& l = src->m_levels[size_t(level)];
        const auto it = std::find_if(l.byteCounts.begin(), l.byteCounts.end(), [](uint64_t c) { return c > 0; });
        if (it == l.byteCounts.end()) continue;
        const int64_t index = it - l.byteCounts.begin();
        const int64_t col = index % l.across, row = index / l.across;
        auto header = src->loadTile(level, col, row, s.stream);
        core::Status decoded;
        if (header) {
            s.tile.resize(size_t(l.tileWidth) * size_t(l.tileHeight) * 4);
            decoded = decodeJpegTile(s.stream.stream(), *header, s.tile.data(), l.tileWidth * 4);
        }
        if (!header || !decoded) {
            trimScratch(s);
            return R::failure(tileName(level, col, row) + ": " + (header ? decoded.error() : header.error()));
        }
    }
    trimScratch(s);
    return src;
}

TiffJpegSource::TiffJpegSource(core::SlideInfo info, std::shared_ptr<core::SlideSource> associated,
                               std::vector<JpegTileLevel> levels, int fd, uint64_t fileSize)
    : m_info(std::move(info)),
      m_associated(std::move(associated)),
      m_levels(std::move(levels)),
      m_fd(fd),
      m_fileSize(fileSize) {
    m_info.backend = kBackendName;
}

TiffJpegSource::~TiffJpegSource() {
    if (m_fd >= 0) ::close(m_fd);
}

std::string TiffJpegSource::failure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

core::Status TiffJpegSource::fail(const std::string& message) {
    std::lock_guard lock(m_mutex);
    if (m_failure.empty()) m_failure = "Cannot read " + m_info.path + ": " + message;
    return core::Status::failure(m_failure);
}

core::Result<JpegHeader> TiffJpegSource::loadTile(int level, int64_t col, int64_t row, TileStreamBuffer& buffer) const {
    using R = core::Result<JpegHeader>;
    const JpegTileLevel& l = m_levels[size_t(level)];
    const size_t index = l.tileIndex(col, row);
    const uint64_t offset = l.offsets[index], bytes = l.byteCounts[index];
    if (bytes > maxTileBytes(l))
        return R::failure("its byte count (" + std::to_string(bytes) + ") is impossible for a " +
                          std::to_string(l.tileWidth) + " x " + std::to_string(l.tileHeight) + " px JPEG tile");
    if (offset > m_fileSize || bytes > m_fileSize - offset)
        return R::failure("it lies past the end of the file (bytes " + std::to_string(offset) + " to " +
                          std::to_string(offset + bytes) + " of a " + std::to_string(m_fileSize) +
                          "-byte file): the file is truncated or damaged");
    uint8_t* dst = buffer.prepare(l.tables, size_t(bytes));
    if (std::string why; !readFully(m_fd, dst, bytes, offset, why)) return R::failure("cannot read it: " + why);
    auto header = buffer.finish(l.colour);
    if (!header) return header;
    if (header->width != l.tileWidth || header->height != l.tileHeight)
        return R::failure("its JPEG is " + std::to_string(header->width) + " x " + std::to_string(header->height) +
                          " px in a " + std::to_string(l.tileWidth) + " x " + std::to_string(l.tileHeight) +
                          " px tile");
    return header;
}

TiffJpegSource::LevelRect TiffJpegSource::toLevel(int64_t x0, int64_t y0, int level, int width, int height) const {
    const double ds = m_info.levels[size_t(level)].downsample;
    return {int64_t(std::llround(double(x0) / ds)), int64_t(std::llround(double(y0) / ds)), width, height};
}

core::Result<core::RgbaImage> TiffJpegSource::readRegion(int64_t x0, int64_t y0, int level, int width, int height) {
    using R = core::Result<core::RgbaImage>;
    if (std::string f = failure(); !f.empty()) return R::failure(f);
    constexpr int64_t kFar = int64_t(1) << 60;  // keeps level arithmetic far from overflow
    if (level < 0 || level >= m_info.levelCount() || width <= 0 || height <= 0 || int64_t(width) * height > (1 << 28) ||
        x0 < -kFar || x0 > kFar || y0 < -kFar || y0 > kFar)
        return R::failure("invalid region request");
    const JpegTileLevel& l = m_levels[size_t(level)];
    const LevelRect r = toLevel(x0, y0, level, width, height);
    core::RgbaImage img(width, height);
    const size_t pitch = size_t(width) * 4;
    // The part of the level the region shows; the rest is outside the slide: white.
    const int64_t left = std::max<int64_t>(r.x, 0), top = std::max<int64_t>(r.y, 0);
    const int64_t right = std::min<int64_t>(r.x + width, l.width), bottom = std::min<int64_t>(r.y + height, l.height);
    if (left > r.x || top > r.y || right < r.x + width || bottom < r.y + height)
        fillWhite(img.pixels.data(), pitch, width, height);
    if (left >= right || top >= bottom) return img;

    Scratch& s = threadScratch();
    const int tw = l.tileWidth, th = l.tileHeight;
    for (int64_t row = top / th; row <= (bottom - 1) / th; ++row) {
        for (int64_t col = left / tw; col <= (right - 1) / tw; ++col) {
            const int64_t tx = col * tw, ty = row * th;
            const int64_t vx0 = std::max(tx, left), vy0 = std::max(ty, top);
            const int64_t vx1 = std::min(tx + tw, right), vy1 = std::min(ty + th, bottom);
            uint8_t* out = img.at(int(vx0 - r.x), int(vy0 - r.y));
            if (l.byteCounts[l.tileIndex(col, row)] == 0) {  // not scanned: Aperio leaves such tiles empty
                fillWhite(out, pitch, int(vx1 - vx0), int(vy1 - vy0));
                continue;
            }
            auto header = loadTile(level, col, row, s.stream);
            if (!header) {
                trimScratch(s);
                return R::failure(fail(tileName(level, col, row) + ": " + header.error()).error());
            }
            core::Status decoded;
            if (vx0 == tx && vy0 == ty && vx1 == tx + tw && vy1 == ty + th) {
                decoded = decodeJpegTile(s.stream.stream(), *header, out, int(pitch));
            } else {
                // Cut by the region or by the level's edge (where the tile holds padding).
                s.tile.resize(size_t(tw) * size_t(th) * 4);
                decoded = decodeJpegTile(s.stream.stream(), *header, s.tile.data(), tw * 4);
                if (decoded) {
                    const uint8_t* src = s.tile.data() + (size_t(vy0 - ty) * size_t(tw) + size_t(vx0 - tx)) * 4;
                    for (int64_t y = 0; y < vy1 - vy0; ++y)
                        std::memcpy(out + size_t(y) * pitch, src + size_t(y) * size_t(tw) * 4, size_t(vx1 - vx0) * 4);
                }
            }
            if (!decoded) {
                trimScratch(s);
                return R::failure(fail(tileName(level, col, row) + ": " + decoded.error()).error());
            }
        }
    }
    trimScratch(s);
    return img;
}

core::Result<std::vector<TiffJpegSource::TileStream>> TiffJpegSource::tileStreams(int64_t x0, int64_t y0, int level,
                                                                                  int width, int height) const {
    using R = core::Result<std::vector<TileStream>>;
    constexpr int64_t kFar = int64_t(1) << 60;
    if (level < 0 || level >= m_info.levelCount() || width <= 0 || height <= 0 || x0 < -kFar || x0 > kFar ||
        y0 < -kFar || y0 > kFar)
        return R::failure("invalid region request");
    const JpegTileLevel& l = m_levels[size_t(level)];
    const LevelRect r = toLevel(x0, y0, level, width, height);
    const int64_t left = std::max<int64_t>(r.x, 0), top = std::max<int64_t>(r.y, 0);
    const int64_t right = std::min<int64_t>(r.x + width, l.width), bottom = std::min<int64_t>(r.y + height, l.height);
    std::vector<TileStream> out;
    if (left >= right || top >= bottom) return out;
    TileStreamBuffer buffer;
    for (int64_t row = top / l.tileHeight; row <= (bottom - 1) / l.tileHeight; ++row)
        for (int64_t col = left / l.tileWidth; col <= (right - 1) / l.tileWidth; ++col) {
            if (l.byteCounts[l.tileIndex(col, row)] == 0) continue;
            auto header = loadTile(level, col, row, buffer);
            if (!header) return R::failure(tileName(level, col, row) + ": " + header.error());
            const auto bytes = buffer.stream();
            out.push_back({{bytes.begin(), bytes.end()}, *header});
        }
    return out;
}

core::Result<core::RgbaImage> TiffJpegSource::readAssociatedImage(const std::string& name) {
    if (!m_associated)
        return core::Result<core::RgbaImage>::failure("the slide has no associated image '" + name + "'");
    return m_associated->readAssociatedImage(name);
}

std::string fastPathRefusal(const std::string& path) {
    auto os = OpenSlideSource::open(path, 1);
    if (!os) return "OpenSlide cannot open it: " + os.error();
    auto fast = TiffJpegSource::open(os.value());
    return fast ? std::string() : fast.error();
}

}  // namespace histomark::slide
