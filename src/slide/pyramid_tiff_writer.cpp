// SPDX-License-Identifier: MIT
#include "slide/pyramid_tiff_writer.h"

#include <tiffio.h>
#include <turbojpeg.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace histomark::slide {
namespace {

using core::Status;
constexpr const char* kAperioLine = "Aperio Image Library v10.0.0";

std::string format(const char* fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

std::string dims(int64_t w, int64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

int64_t tilesAcross(int64_t pixels, int tile) { return (pixels + tile - 1) / tile; }

// libtiff reports through these per-handle callbacks (libtiff >= 4.5), so nothing reaches stderr
// and concurrent writers do not share a global handler. The first error is kept, as the system's
// reason when it is an I/O failure ("No space left on device"), else as libtiff's text.
int onTiffError(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
    const int err = errno;
    auto* text = static_cast<std::string*>(user);
    if (!text->empty()) return 1;
    char buf[512];
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    const bool io = err == ENOSPC || err == EDQUOT || err == EIO || err == EFBIG;
    *text = io ? std::strerror(err) : std::string(module && *module ? module : "libtiff") + ": " + buf;
    return 1;
}
int onTiffWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

// An output TIFF and its first libtiff error. Messages name the final path, not PATH.partial.
class TiffOut {
public:
    static std::unique_ptr<TiffOut> open(const std::string& path, const std::string& shownPath, bool bigTiff,
                                         Status& status) {
        // Probe with fopen first: libtiff's own message omits the reason (no such directory, ...).
        std::FILE* probe = std::fopen(path.c_str(), "wb");
        if (!probe) {
            status = Status::failure("Cannot create " + shownPath + ": " + std::strerror(errno));
            return nullptr;
        }
        std::fclose(probe);
        auto out = std::unique_ptr<TiffOut>(new TiffOut);
        out->m_shownPath = shownPath;
        TIFFOpenOptions* opts = TIFFOpenOptionsAlloc();
        TIFFOpenOptionsSetErrorHandlerExtR(opts, onTiffError, &out->m_error);
        TIFFOpenOptionsSetWarningHandlerExtR(opts, onTiffWarning, nullptr);
        out->m_tif = TIFFOpenExt(path.c_str(), bigTiff ? "w8" : "w", opts);
        TIFFOpenOptionsFree(opts);
        if (!out->m_tif) status = Status::failure("Cannot create " + shownPath + ": " + out->m_error);
        return out->m_tif ? std::move(out) : nullptr;
    }
    ~TiffOut() {
        if (m_tif) TIFFClose(m_tif);
    }
    TIFF* tif() const { return m_tif; }
    Status fail(const std::string& what) const {
        return Status::failure(what + " " + m_shownPath + (m_error.empty() ? std::string() : ": " + m_error));
    }
    Status writeRawTile(int64_t index, std::span<const uint8_t> bytes) {
        void* data = const_cast<uint8_t*>(bytes.data());  // libtiff's API is not const-correct
        if (TIFFWriteRawTile(m_tif, uint32_t(index), data, tmsize_t(bytes.size())) < 0)
            return fail("Cannot write tile to");
        return {};
    }
    Status finishDirectory() { return TIFFWriteDirectory(m_tif) ? Status() : fail("Cannot write a TIFF directory to"); }

private:
    TiffOut() = default;
    TIFF* m_tif = nullptr;
    std::string m_error, m_shownPath;
};

// One TurboJPEG compressor with a reused output buffer.
class JpegEncoder {
public:
    // A complete baseline stream, YCbCr 4:2:0; `pixelFormat` is TJPF_*. Empty on failure.
    std::span<const uint8_t> encode(const uint8_t* px, int w, int h, int pitch, int pixelFormat, int quality) {
        m_buf.resize(tjBufSize(w, h, TJSAMP_420));
        unsigned char* out = m_buf.data();
        unsigned long size = m_buf.size();
        if (!m_tj || tjCompress2(m_tj.get(), px, w, pitch, h, pixelFormat, &out, &size, TJSAMP_420, quality,
                                 TJFLAG_NOREALLOC) != 0)
            return {};
        return {m_buf.data(), size};
    }

private:
    std::unique_ptr<void, int (*)(tjhandle)> m_tj{tjInitCompress(), tjDestroy};
    std::vector<uint8_t> m_buf;
};

// Compressed tiles of levels >= 1, parked in an unlinked scratch file until their directory can be
// written (TIFF directories are written one after another, and level 0 comes first).
class TileSpill {
public:
    explicit TileSpill(const std::string& path) : m_file(std::fopen(path.c_str(), "w+b")) {
        if (m_file) ::unlink(path.c_str());  // the data lives until fclose: nothing to clean up
    }
    ~TileSpill() {
        if (m_file) std::fclose(m_file);
    }
    bool ok() const { return m_file != nullptr; }
    bool put(size_t level, std::span<const uint8_t> bytes) {
        if (m_index.size() <= level) m_index.resize(level + 1);
        m_index[level].push_back({m_end, bytes.size()});
        m_end += bytes.size();
        return std::fseek(m_file, 0, SEEK_END) == 0 &&
               std::fwrite(bytes.data(), 1, bytes.size(), m_file) == bytes.size();
    }
    std::span<const uint8_t> get(size_t level, int64_t tile) {
        auto [offset, size] = m_index[level][size_t(tile)];
        m_buf.resize(size);
        if (std::fseek(m_file, long(offset), SEEK_SET) != 0 || std::fread(m_buf.data(), 1, size, m_file) != size)
            return {};
        return m_buf;
    }

private:
    std::FILE* m_file;
    std::vector<std::vector<std::pair<uint64_t, size_t>>> m_index;
    uint64_t m_end = 0;
    std::vector<uint8_t> m_buf;
};

struct LevelState {
    int64_t width = 0, height = 0;
    std::vector<uint8_t> strip;    // one tile row: tileSize rows x width, RGB
    std::vector<uint8_t> pending;  // an unpaired row of the level above
    bool hasPending = false;
    int filled = 0;  // rows in `strip`
    int64_t rowsDone = 0, tileRow = 0;
    uint8_t* row(int r) { return &strip[size_t(r) * size_t(width) * 3]; }
};

// Streams level 0 from the painter in tile rows; every finished row is fed down a chain of
// LevelStates, each of which averages row pairs into its own strip and encodes it when full.
class PyramidJob {
public:
    PyramidJob(const PyramidTiffOptions& o, TiffOut& out, TileSpill& spill)
        : m_o(o), m_out(out), m_spill(spill), m_tile(size_t(o.tileSize) * size_t(o.tileSize) * 3) {
        int64_t above = 0;
        for (auto s : PyramidTiffWriter::levelSizes(o)) {
            LevelState l;
            l.width = s.width, l.height = s.height;
            l.strip.resize(size_t(s.width) * 3 * size_t(o.tileSize));
            l.pending.resize(size_t(above) * 3);
            m_levels.push_back(std::move(l));
            above = s.width;
        }
        m_thumbLevel = m_levels.size() - 1;  // the first level that fits the thumbnail size
        for (size_t k = m_levels.size(); k-- > 0;)
            if (std::max(m_levels[k].width, m_levels[k].height) <= o.thumbnailSide) m_thumbLevel = k;
        m_thumb = core::RgbaImage(int(m_levels[m_thumbLevel].width), int(m_levels[m_thumbLevel].height));
    }

    Status writeLevel0(const PyramidTiffWriter::Painter& paint) {
        LevelState& l0 = m_levels[0];
        const int ts = m_o.tileSize;
        core::RgbaImage region;
        for (int64_t y = 0; y < l0.height; y += ts) {
            const int h = int(std::min<int64_t>(ts, l0.height - y));
            for (int64_t x = 0; x < l0.width; x += ts) {
                const int w = int(std::min<int64_t>(ts, l0.width - x));
                if (region.width != w || region.height != h) region = core::RgbaImage(w, h);
                paint(x, y, region);
                for (int r = 0; r < h; ++r)
                    for (int i = 0; i < w; ++i) std::memcpy(l0.row(r) + (x + i) * 3, region.at(i, r), 3);
            }
            l0.filled = h;
            l0.rowsDone += h;
            if (Status s = emitTileRow(0); !s) return s;
            for (int r = 0; r < h && m_levels.size() > 1; ++r) feed(1, l0.row(r));
            if (!m_status) return m_status;
        }
        if (m_levels.size() > 1) flush(1);
        return m_status;
    }

    const core::RgbaImage& thumbnail() const { return m_thumb; }

private:
    // A row of level k-1 arrives; every second one completes a row of level k (2x2 average).
    void feed(size_t k, const uint8_t* row) {
        LevelState& l = m_levels[k];
        if (!l.hasPending) {
            std::memcpy(l.pending.data(), row, l.pending.size());
            l.hasPending = true;
            return;
        }
        average(l.pending.data(), row, m_levels[k - 1].width, l.row(l.filled));
        l.hasPending = false;
        finishRow(k);
    }
    // The level above has ended: an odd last row is averaged with itself.
    void flush(size_t k) {
        LevelState& l = m_levels[k];
        if (l.hasPending) {
            average(l.pending.data(), l.pending.data(), m_levels[k - 1].width, l.row(l.filled));
            l.hasPending = false;
            finishRow(k);
        }
        if (k + 1 < m_levels.size()) flush(k + 1);
    }
    void finishRow(size_t k) {
        LevelState& l = m_levels[k];
        const uint8_t* row = l.row(l.filled);
        ++l.filled, ++l.rowsDone;
        if (k + 1 < m_levels.size()) feed(k + 1, row);
        if (l.filled == m_o.tileSize || l.rowsDone == l.height) {
            Status s = emitTileRow(k);
            if (m_status) m_status = s;
        }
    }
    // An odd last column is averaged with itself; rounding to nearest.
    static void average(const uint8_t* a, const uint8_t* b, int64_t srcW, uint8_t* out) {
        for (int64_t x = 0; x < (srcW + 1) / 2; ++x) {
            const int64_t i0 = 2 * x * 3, i1 = std::min(2 * x + 1, srcW - 1) * 3;
            for (int c = 0; c < 3; ++c)
                out[x * 3 + c] = uint8_t((a[i0 + c] + a[i1 + c] + b[i0 + c] + b[i1 + c] + 2) >> 2);
        }
    }

    // Encodes level k's strip as one row of tiles: level 0 straight into the TIFF, lower levels
    // into the spill. Edge tiles are padded by repeating the last column/row.
    Status emitTileRow(size_t k) {
        LevelState& l = m_levels[k];
        const int ts = m_o.tileSize, filled = l.filled;
        const int64_t tileRow = l.tileRow++;
        l.filled = 0;  // reset first: even after a failure the strip must never overflow
        for (int r = 0; r < filled && k == m_thumbLevel; ++r)
            for (int64_t x = 0; x < l.width; ++x) {
                uint8_t* d = m_thumb.at(int(x), int(tileRow * ts + r));
                std::memcpy(d, l.row(r) + x * 3, 3);
                d[3] = 255;
            }
        for (int64_t c = 0; c < tilesAcross(l.width, ts); ++c) {
            const int w = int(std::min<int64_t>(ts, l.width - c * ts));
            for (int r = 0; r < ts; ++r) {
                const uint8_t* src = l.row(std::min(r, filled - 1)) + c * ts * 3;
                uint8_t* dst = &m_tile[size_t(r) * size_t(ts) * 3];
                std::memcpy(dst, src, size_t(w) * 3);
                for (int i = w; i < ts; ++i) std::memcpy(dst + i * 3, src + (w - 1) * 3, 3);
            }
            auto jpeg = m_jpeg.encode(m_tile.data(), ts, ts, ts * 3, TJPF_RGB, m_o.jpegQuality);
            if (jpeg.empty()) return Status::failure("JPEG encoding failed");
            if (k == 0) {
                if (Status s = m_out.writeRawTile(tileRow * tilesAcross(l.width, ts) + c, jpeg); !s) return s;
            } else if (!m_spill.put(k, jpeg)) {
                return Status::failure(std::string("Cannot write the scratch file for lower levels: ") +
                                       std::strerror(errno));
            }
        }
        return {};
    }

    const PyramidTiffOptions& m_o;
    TiffOut& m_out;
    TileSpill& m_spill;
    std::vector<LevelState> m_levels;
    std::vector<uint8_t> m_tile;
    JpegEncoder m_jpeg;
    size_t m_thumbLevel = 0;
    core::RgbaImage m_thumb;
    Status m_status;
};

std::string aperioLevelDescription(const PyramidTiffOptions& o, const PyramidLevelSize& s, bool first) {
    const std::string full = dims(o.width, o.height);
    const std::string base = format("%s [0,0 %s] (%dx%d)", full.c_str(), full.c_str(), o.tileSize, o.tileSize);
    if (first)  // the "|key = value" fields become aperio.* properties; MPP and AppMag feed openslide.*
        return format("%s (compatible; %s)\r\n%s JPEG/RGB Q=%d|AppMag = %g", kAperioLine, o.software.c_str(),
                      base.c_str(), o.jpegQuality, o.objectivePower) +
               (o.mpp > 0 ? format("|MPP = %g", o.mpp) : "");
    return format("%s\r\n%s -> %s JPEG/RGB Q=%d", kAperioLine, base.c_str(), dims(s.width, s.height).c_str(),
                  o.jpegQuality);
}

// Tags of every image: 8-bit RGB, stored as YCbCr 4:2:0 JPEG (raw streams, read back through
// JPEGCOLORMODE RGB) unless `lzw`.
void setImageTags(TIFF* t, int64_t w, int64_t h, bool lzw, const std::string& description,
                  const std::string& software) {
    static float refBlackWhite[6] = {0, 255, 128, 255, 128, 255};
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(w));
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(h));
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_COMPRESSION, lzw ? COMPRESSION_LZW : COMPRESSION_JPEG);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, lzw ? PHOTOMETRIC_RGB : PHOTOMETRIC_YCBCR);
    if (lzw) TIFFSetField(t, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
    if (!lzw) {
        TIFFSetField(t, TIFFTAG_YCBCRSUBSAMPLING, 2, 2);
        TIFFSetField(t, TIFFTAG_REFERENCEBLACKWHITE, refBlackWhite);
        TIFFSetField(t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    }
    if (!description.empty()) TIFFSetField(t, TIFFTAG_IMAGEDESCRIPTION, description.c_str());
    TIFFSetField(t, TIFFTAG_SOFTWARE, software.c_str());
}

void setLevelTags(TIFF* t, const PyramidTiffOptions& o, const PyramidLevelSize& s, bool first) {
    const bool aperio = o.flavour == PyramidTiffOptions::Flavour::Aperio;
    setImageTags(t, s.width, s.height, false, aperio ? aperioLevelDescription(o, s, first) : "", o.software);
    TIFFSetField(t, TIFFTAG_TILEWIDTH, uint32_t(o.tileSize));
    TIFFSetField(t, TIFFTAG_TILELENGTH, uint32_t(o.tileSize));
    if (!first) TIFFSetField(t, TIFFTAG_SUBFILETYPE, FILETYPE_REDUCEDIMAGE);
    if (o.mpp > 0 && !aperio) {  // pixels per centimetre of this level
        TIFFSetField(t, TIFFTAG_XRESOLUTION, float(1e4 / o.mpp * double(s.width) / double(o.width)));
        TIFFSetField(t, TIFFTAG_YRESOLUTION, float(1e4 / o.mpp * double(s.height) / double(o.height)));
        TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_CENTIMETER);
    }
}

// Writes every tile of a level whose tags are set, from `tile(col, row)`, and ends the directory.
Status writeTiles(TiffOut& out, const PyramidTiffOptions& o, const PyramidLevelSize& s,
                  const std::function<std::span<const uint8_t>(int64_t col, int64_t row)>& tile) {
    const int64_t cols = tilesAcross(s.width, o.tileSize), rows = tilesAcross(s.height, o.tileSize);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) {
            auto bytes = tile(c, r);
            if (bytes.empty())
                return Status::failure("No data for tile " + std::to_string(c) + "," + std::to_string(r));
            if (Status st = out.writeRawTile(r * cols + c, bytes); !st) return st;
        }
    return out.finishDirectory();
}

// A stripped image in one strip: a raw JPEG stream, or LZW (lossless, for the label's text).
Status writeStripped(TiffOut& out, const core::RgbaImage& img, bool lzw, const std::string& desc,
                     const PyramidTiffOptions& o) {
    TIFF* t = out.tif();
    setImageTags(t, img.width, img.height, lzw, desc, o.software);
    TIFFSetField(t, TIFFTAG_SUBFILETYPE, FILETYPE_REDUCEDIMAGE);
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, uint32_t(img.height));
    tmsize_t written = 0;
    if (lzw) {
        std::vector<uint8_t> rgb(size_t(img.width) * size_t(img.height) * 3);
        for (size_t i = 0, n = rgb.size() / 3; i < n; ++i) std::memcpy(&rgb[i * 3], &img.pixels[i * 4], 3);
        written = TIFFWriteEncodedStrip(t, 0, rgb.data(), tmsize_t(rgb.size()));
    } else {
        JpegEncoder enc;
        auto jpeg = enc.encode(img.pixels.data(), img.width, img.height, img.width * 4, TJPF_RGBA, o.jpegQuality);
        if (jpeg.empty()) return Status::failure("JPEG encoding failed");
        written = TIFFWriteRawStrip(t, 0, const_cast<uint8_t*>(jpeg.data()), tmsize_t(jpeg.size()));
    }
    return written < 0 ? out.fail("Cannot write an image to") : out.finishDirectory();
}

bool useBigTiff(const PyramidTiffOptions& o, double bytesPerPixel) {
    if (o.bigTiff != PyramidTiffOptions::BigTiff::Auto) return o.bigTiff == PyramidTiffOptions::BigTiff::Always;
    double bytes = 0;
    for (auto s : PyramidTiffWriter::levelSizes(o)) bytes += double(s.width) * double(s.height) * bytesPerPixel;
    return bytes > 3.5e9;
}

Status validate(const PyramidTiffOptions& o) {
    if (o.width <= 0 || o.height <= 0 || o.width > (int64_t(1) << 31) || o.height > (int64_t(1) << 31))
        return Status::failure("Invalid slide size " + dims(o.width, o.height));
    if (o.tileSize < 16 || o.tileSize % 16 != 0 || o.tileSize > 4096)
        return Status::failure(format("Tile size %d is not a multiple of 16 in 16..4096", o.tileSize));
    if (o.jpegQuality < 1 || o.jpegQuality > 100)
        return Status::failure(format("JPEG quality %d is not in 1..100", o.jpegQuality));
    return {};
}

// Runs `body` on PATH.partial and renames it to PATH on success; removes it on failure.
Status writeAtomically(const std::string& path, bool bigTiff, const std::function<Status(TiffOut&)>& body) {
    const std::string partial = path + ".partial";
    Status status;
    {
        auto out = TiffOut::open(partial, path, bigTiff, status);
        if (!out) return status;
        status = body(*out);
    }  // TIFFClose here, before the rename
    std::error_code ec;
    if (status) std::filesystem::rename(partial, path, ec);
    if (status && ec) status = Status::failure("Cannot rename " + partial + " to " + path + ": " + ec.message());
    if (!status) std::filesystem::remove(partial, ec);
    return status;
}

}  // namespace

std::vector<PyramidLevelSize> PyramidTiffWriter::levelSizes(const PyramidTiffOptions& o) {
    std::vector<PyramidLevelSize> sizes{{o.width, o.height}};
    while (std::max(sizes.back().width, sizes.back().height) > std::max(1, o.minLevelSide))
        sizes.push_back({(sizes.back().width + 1) / 2, (sizes.back().height + 1) / 2});
    return sizes;
}

Status PyramidTiffWriter::write(const std::string& path, const PyramidTiffOptions& o, const Painter& paint) {
    if (Status s = validate(o); !s) return s;
    const bool aperio = o.flavour == PyramidTiffOptions::Flavour::Aperio;
    const double bytesPerPixel = o.jpegQuality >= 95 ? 1.5 : o.jpegQuality >= 90 ? 1.0 : 0.6;
    return writeAtomically(path, useBigTiff(o, bytesPerPixel), [&](TiffOut& out) -> Status {
        TileSpill spill(path + ".partial.levels");
        if (!spill.ok())
            return Status::failure("Cannot create a scratch file beside " + path + ": " + std::strerror(errno));
        PyramidJob job(o, out, spill);
        const auto sizes = levelSizes(o);
        setLevelTags(out.tif(), o, sizes[0], true);
        if (Status s = job.writeLevel0(paint); !s) return s;
        if (Status s = out.finishDirectory(); !s) return s;
        if (aperio) {  // SVS: the stripped thumbnail is directory 1, between level 0 and level 1
            const auto& th = job.thumbnail();
            const std::string desc =
                format("%s\r\n%s -> %s - |AppMag = %g|MPP = %g", kAperioLine, dims(o.width, o.height).c_str(),
                       dims(th.width, th.height).c_str(), o.objectivePower, o.mpp);
            if (Status s = writeStripped(out, th, false, desc, o); !s) return s;
        }
        for (size_t k = 1; k < sizes.size(); ++k) {
            const int64_t cols = tilesAcross(sizes[k].width, o.tileSize);
            setLevelTags(out.tif(), o, sizes[k], false);
            if (Status s =
                    writeTiles(out, o, sizes[k], [&](int64_t c, int64_t r) { return spill.get(k, r * cols + c); });
                !s)
                return s;
        }
        for (const auto& a : aperio&& o.associated ? o.associated(job.thumbnail()) : std::vector<AssociatedImage>{}) {
            // OpenSlide names an associated image by the first word of the description's second line.
            const std::string desc =
                format("%s\n%s %s", kAperioLine, a.name.c_str(), dims(a.image.width, a.image.height).c_str());
            if (Status s = writeStripped(out, a.image, a.name == "label", desc, o); !s) return s;
        }
        return {};
    });
}

Status PyramidTiffWriter::writeRaw(const std::string& path, const PyramidTiffOptions& o, const RawTile& tile,
                                   size_t maxTileBytes) {
    if (Status s = validate(o); !s) return s;
    if (o.flavour != PyramidTiffOptions::Flavour::GenericTiff)
        return Status::failure("writeRaw writes generic TIFF only");
    const double bytesPerPixel = double(maxTileBytes) / (double(o.tileSize) * o.tileSize);
    return writeAtomically(path, useBigTiff(o, bytesPerPixel), [&](TiffOut& out) -> Status {
        const auto sizes = levelSizes(o);
        for (size_t k = 0; k < sizes.size(); ++k) {
            setLevelTags(out.tif(), o, sizes[k], k == 0);
            if (Status s = writeTiles(out, o, sizes[k], [&](int64_t c, int64_t r) { return tile(int(k), c, r); }); !s)
                return s;
        }
        return {};
    });
}

std::vector<uint8_t> encodeJpeg(const core::RgbaImage& rgba, int quality) {
    JpegEncoder enc;
    auto bytes = enc.encode(rgba.pixels.data(), rgba.width, rgba.height, rgba.width * 4, TJPF_RGBA, quality);
    return {bytes.begin(), bytes.end()};
}

core::RgbaImage decodeJpeg(std::span<const uint8_t> jpeg) {
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, samp = 0, cs = 0;
    core::RgbaImage img;
    auto* src = const_cast<unsigned char*>(jpeg.data());
    if (tj && tjDecompressHeader3(tj, src, jpeg.size(), &w, &h, &samp, &cs) == 0) {
        img = core::RgbaImage(w, h);
        if (tjDecompress2(tj, src, jpeg.size(), img.pixels.data(), w, w * 4, h, TJPF_RGBA, 0) != 0) img = {};
    }
    if (tj) tjDestroy(tj);
    return img;
}

}  // namespace histomark::slide
