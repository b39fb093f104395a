// SPDX-License-Identifier: MIT
#include "slide/jpeg_tile_stream.h"

#include <turbojpeg.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace histomark::slide {
namespace {

int be16(const uint8_t* p) { return (p[0] << 8) | p[1]; }

// Where the colour-relevant markers are, and what libjpeg will guess from them
// (jdapimin.c default_decompress_parms: JFIF > Adobe transform > component ids 'R','G','B').
struct MarkerScan {
    JpegHeader header;
    size_t jfif = 0;                      // offset of the "JFIF" identifier, 0 when absent
    std::vector<size_t> adobeTransforms;  // offsets of each Adobe APP14 transform byte
    int componentIds[3] = {0, 0, 0};
    int adobeTransform = -1;  // the last one wins, as in libjpeg
};

std::string hex(unsigned v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", v & 0xffu);
    return buf;
}

// Walks the markers up to the first scan. Rejects what libjpeg would reject or warn about in a
// header, and JPEG processes the fast reader does not take (lossless, arithmetic, hierarchical).
core::Result<MarkerScan> scanMarkers(const uint8_t* d, size_t n) {
    using R = core::Result<MarkerScan>;
    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return R::failure("not a JPEG stream (starts with " + hex(n ? d[0] : 0) + " " + hex(n > 1 ? d[1] : 0) + ")");
    MarkerScan s;
    bool frame = false;
    size_t pos = 2;
    for (;;) {
        if (pos >= n) return R::failure("the JPEG stream ends before its image data");
        if (d[pos] != 0xFF) return R::failure("corrupt JPEG header (" + hex(d[pos]) + " where a marker should be)");
        while (pos < n && d[pos] == 0xFF) ++pos;  // fill bytes
        if (pos >= n) return R::failure("the JPEG stream ends before its image data");
        const uint8_t marker = d[pos++];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
        if (marker == 0xD8 || marker == 0xD9 || marker == 0x00)
            return R::failure("corrupt JPEG header (unexpected marker " + hex(marker) + ")");
        if (pos + 2 > n) return R::failure("the JPEG header is truncated");
        const size_t len = size_t(be16(d + pos));
        if (len < 2 || pos + len > n) return R::failure("the JPEG header is truncated or has a bogus marker length");
        const uint8_t* seg = d + pos + 2;
        const size_t segLen = len - 2;
        if (marker == 0xDA) {  // SOS: the headers are over
            if (!frame) return R::failure("the JPEG stream has no frame header (SOF)");
            return s;
        }
        if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
            if (frame) return R::failure("corrupt JPEG header (two frame headers)");
            frame = true;
            if (segLen < 6) return R::failure("the JPEG frame header is truncated");
            if (seg[0] != 8) return R::failure(std::to_string(seg[0]) + "-bit JPEG data is not supported");
            s.header.height = be16(seg + 1);
            s.header.width = be16(seg + 3);
            s.header.components = seg[5];
            if (s.header.components != 3)
                return R::failure("the JPEG tile has " + std::to_string(s.header.components) +
                                  " colour components, not 3");
            if (segLen < 6 + 3 * size_t(s.header.components)) return R::failure("the JPEG frame header is truncated");
            for (int i = 0; i < 3; ++i) s.componentIds[i] = seg[6 + 3 * i];
            if (s.header.width <= 0 || s.header.height <= 0) return R::failure("the JPEG tile has no pixels");
        } else if ((marker >= 0xC3 && marker <= 0xCF) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            return R::failure("unsupported JPEG process (frame marker " + hex(marker) + ")");
        } else if (marker == 0xE0 && segLen >= 14 && std::memcmp(seg, "JFIF\0", 5) == 0) {
            s.jfif = size_t(seg - d);
        } else if (marker == 0xEE && segLen >= 12 && std::memcmp(seg, "Adobe", 5) == 0) {
            s.adobeTransforms.push_back(size_t(seg - d) + 11);
            s.adobeTransform = seg[11];
        }
        pos += len;
    }
}

bool libjpegGuessesRgb(const MarkerScan& s) {
    if (s.jfif) return false;
    if (!s.adobeTransforms.empty()) return s.adobeTransform == 0;
    return s.componentIds[0] == 'R' && s.componentIds[1] == 'G' && s.componentIds[2] == 'B';
}

struct TjDeleter {
    void operator()(void* h) const {
        if (h) tjDestroy(h);
    }
};

}  // namespace

uint8_t* TileStreamBuffer::prepare(std::span<const uint8_t> tables, size_t tileBytes) {
    // tables (SOI ... no EOI) + tile without its SOI: the tile is read so that its SOI lands on
    // the last two table bytes, and the tables are copied in afterwards over it.
    const size_t lead = tables.size() >= 2 ? tables.size() - 2 : 0;
    m_begin = kReserve;
    m_size = lead + tileBytes;
    if (m_bytes.size() < kReserve + m_size) m_bytes.resize(kReserve + m_size);
    m_tables = tables;
    return m_bytes.data() + kReserve + lead;
}

core::Result<JpegHeader> TileStreamBuffer::finish(JpegColour colour) {
    using R = core::Result<JpegHeader>;
    uint8_t* base = m_bytes.data() + kReserve;
    if (m_tables.size() >= 2) {
        const uint8_t* tile = base + m_tables.size() - 2;
        if (m_size < m_tables.size() || tile[0] != 0xFF || tile[1] != 0xD8)
            return R::failure("not a JPEG stream (starts with " + hex(m_size >= m_tables.size() ? tile[0] : 0) + " " +
                              hex(m_size >= m_tables.size() ? tile[1] : 0) + ")");
        std::memcpy(base, m_tables.data(), m_tables.size());
    }
    m_tables = {};
    auto scan = scanMarkers(base, m_size);
    if (!scan) return R::failure(scan.error());
    const bool wantRgb = colour == JpegColour::Rgb;
    const bool oddTransform = scan->adobeTransform > 1;  // libjpeg warns, and warnings are errors
    if (libjpegGuessesRgb(*scan) != wantRgb || oddTransform) {
        if (wantRgb && scan->jfif) base[scan->jfif + 3] = 'X';  // "JFIX": no longer says YCbCr
        for (size_t at : scan->adobeTransforms) base[at] = wantRgb ? 0 : 1;
        if (scan->adobeTransforms.empty()) {
            // SOI + APP14 (FF EE, length 14, "Adobe", version, flags0, flags1, transform) is 18
            // bytes: the reserve takes the first 16, the last two overwrite the stream's own SOI.
            static constexpr uint8_t kAdobe[kReserve] = {0xFF, 0xD8, 0xFF, 0xEE, 0x00, 0x0E, 'A',  'd',
                                                         'o',  'b',  'e',  0x00, 0x64, 0x00, 0x00, 0x00};
            std::memcpy(m_bytes.data(), kAdobe, kReserve);
            base[0] = 0x00;             // flags1, low byte
            base[1] = wantRgb ? 0 : 1;  // transform: 0 = RGB, 1 = YCbCr
            m_begin = 0;
            m_size += kReserve;
        }
    }
    return scan->header;
}

void TileStreamBuffer::trim(size_t keepBytes) {
    if (m_bytes.capacity() > keepBytes) {
        std::vector<uint8_t>().swap(m_bytes);
        m_begin = m_size = 0;
    }
}

core::Status decodeJpegTile(std::span<const uint8_t> stream, const JpegHeader& header, uint8_t* rgba, int pitch) {
    // A fresh decoder per tile (0.2 µs), as OpenSlide makes one: libjpeg keeps tables from one
    // stream to the next, so a tile missing its own would silently borrow another tile's.
    const std::unique_ptr<void, TjDeleter> tj(tjInitDecompress());
    if (!tj) return core::Status::failure("cannot start the JPEG decoder");
    // Accurate integer IDCT and fancy upsampling are TurboJPEG's defaults, as in libjpeg.
    if (tjDecompress2(tj.get(), stream.data(), static_cast<unsigned long>(stream.size()), rgba, header.width, pitch,
                      header.height, TJPF_RGBA, TJFLAG_STOPONWARNING) != 0)
        return core::Status::failure(tjGetErrorStr2(tj.get()));
    return {};
}

BareJpegDecoder::BareJpegDecoder() : m_tj(tjInitDecompress()) {}

BareJpegDecoder::~BareJpegDecoder() {
    if (m_tj) tjDestroy(m_tj);
}

core::Status BareJpegDecoder::decode(std::span<const uint8_t> stream, const JpegHeader& header, uint8_t* rgba,
                                     int pitch) {
    if (!m_tj) return core::Status::failure("cannot start the JPEG decoder");
    if (tjDecompress2(m_tj, stream.data(), static_cast<unsigned long>(stream.size()), rgba, header.width, pitch,
                      header.height, TJPF_RGBA, TJFLAG_STOPONWARNING) != 0)
        return core::Status::failure(tjGetErrorStr2(m_tj));
    return {};
}

}  // namespace histomark::slide
