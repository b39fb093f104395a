// SPDX-License-Identifier: MIT
// Tile streams: JPEG tables merged with a tile, and the colour space forced from the TIFF's
// photometric tag whatever markers the stream carries, as OpenSlide forces it on libjpeg.
#include "slide/jpeg_tile_stream.h"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

using namespace histomark;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr int kSide = 48;

struct Segment {
    uint8_t marker;
    Bytes body;  // after the length field; for SOS also the entropy-coded data up to EOI
};

// A 4:4:4 JFIF stream of a colourful test image, as TurboJPEG writes it.
Bytes encode444() {
    std::vector<uint8_t> rgb(size_t(kSide) * kSide * 3);
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            uint8_t* p = &rgb[(size_t(y) * kSide + size_t(x)) * 3];
            p[0] = uint8_t(x * 5), p[1] = uint8_t(255 - y * 5), p[2] = uint8_t(128 + 60 * std::sin(x * 0.3 + y * 0.2));
        }
    tjhandle tj = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    EXPECT_EQ(tjCompress2(tj, rgb.data(), kSide, 0, kSide, TJPF_RGB, &out, &size, TJSAMP_444, 90, 0), 0);
    Bytes jpeg(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    return jpeg;
}

std::vector<Segment> split(const Bytes& jpeg) {
    std::vector<Segment> segs;
    size_t pos = 2;
    while (pos + 4 <= jpeg.size()) {
        const uint8_t marker = jpeg[pos + 1];
        const size_t len = size_t(jpeg[pos + 2] << 8 | jpeg[pos + 3]);
        if (marker == 0xDA) {  // the scan runs to EOI
            segs.push_back({marker, Bytes(jpeg.begin() + long(pos) + 4, jpeg.end() - 2)});
            break;
        }
        segs.push_back({marker, Bytes(jpeg.begin() + long(pos) + 4, jpeg.begin() + long(pos + 2 + len))});
        pos += 2 + len;
    }
    return segs;
}

Bytes join(const std::vector<Segment>& segs, bool eoi = true) {
    Bytes out = {0xFF, 0xD8};
    for (const Segment& s : segs) {
        const bool scan = s.marker == 0xDA;
        // SOS: the length covers only the scan header (1 + 2n + 3 bytes), not the entropy data.
        const size_t len = 2 + (scan ? size_t(1 + 2 * s.body[0] + 3) : s.body.size());
        out.insert(out.end(), {0xFF, s.marker, uint8_t(len >> 8), uint8_t(len & 0xFF)});
        out.insert(out.end(), s.body.begin(), s.body.end());
    }
    if (eoi) out.insert(out.end(), {0xFF, 0xD9});
    return out;
}

void setComponentIds(std::vector<Segment>& segs, uint8_t a, uint8_t b, uint8_t c) {
    const uint8_t ids[3] = {a, b, c};
    for (Segment& s : segs) {
        if (s.marker == 0xC0)
            for (int i = 0; i < 3; ++i) s.body[size_t(6 + 3 * i)] = ids[i];
        if (s.marker == 0xDA)
            for (int i = 0; i < 3; ++i) s.body[size_t(1 + 2 * i)] = ids[i];
    }
}

void removeMarker(std::vector<Segment>& segs, uint8_t marker) {
    std::erase_if(segs, [&](const Segment& s) { return s.marker == marker; });
}

void addAdobe(std::vector<Segment>& segs, uint8_t transform) {
    Segment s{0xEE, {'A', 'd', 'o', 'b', 'e', 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, transform}};
    segs.insert(segs.begin(), s);
}

// Decodes `stream` through the buffer (optionally with separate tables) as `colour`.
core::Result<Bytes> decodeAs(const Bytes& stream, slide::JpegColour colour, const Bytes& tables = {}) {
    slide::TileStreamBuffer buffer;
    uint8_t* dst = buffer.prepare(tables, stream.size());
    std::memcpy(dst, stream.data(), stream.size());
    auto header = buffer.finish(colour);
    if (!header) return core::Result<Bytes>::failure(header.error());
    EXPECT_EQ(header->width, kSide);
    EXPECT_EQ(header->height, kSide);
    Bytes rgba(size_t(kSide) * kSide * 4);
    if (auto s = slide::decodeJpegTile(buffer.stream(), *header, rgba.data(), kSide * 4); !s)
        return core::Result<Bytes>::failure(s.error());
    return rgba;
}

// What OpenSlide's libjpeg gives with jpeg_color_space forced: YCbCr -> TurboJPEG's normal decode of
// the JFIF original; RGB -> the decoded component planes themselves, no conversion.
struct Expected {
    Bytes ycbcr, rgb;
};

Expected expectedFor(const Bytes& jfif) {
    Expected e;
    tjhandle tj = tjInitDecompress();
    e.ycbcr.resize(size_t(kSide) * kSide * 4);
    EXPECT_EQ(tjDecompress2(tj, jfif.data(), jfif.size(), e.ycbcr.data(), kSide, 0, kSide, TJPF_RGBA, 0), 0);
    Bytes planes[3];
    unsigned char* ptrs[3];
    for (int i = 0; i < 3; ++i) {
        planes[i].resize(size_t(kSide) * kSide);
        ptrs[i] = planes[i].data();
    }
    int strides[3] = {kSide, kSide, kSide};
    EXPECT_EQ(tjDecompressToYUVPlanes(tj, jfif.data(), jfif.size(), ptrs, kSide, strides, kSide, 0), 0);
    tjDestroy(tj);
    e.rgb.resize(size_t(kSide) * kSide * 4);
    for (size_t i = 0; i < size_t(kSide) * kSide; ++i) {
        e.rgb[4 * i] = planes[0][i], e.rgb[4 * i + 1] = planes[1][i], e.rgb[4 * i + 2] = planes[2][i];
        e.rgb[4 * i + 3] = 255;
    }
    return e;
}

}  // namespace

TEST(JpegTileStream, ColourFollowsThePhotometricTagWhateverTheMarkersSay) {
    const Bytes jfif = encode444();
    const Expected expected = expectedFor(jfif);
    ASSERT_NE(expected.rgb, expected.ycbcr);
    struct Variant {
        const char* name;
        Bytes stream;
    };
    std::vector<Variant> variants;
    variants.push_back({"JFIF", jfif});
    auto segs = split(jfif);
    auto aperio = segs;  // Aperio: no JFIF, no Adobe marker, component ids 0, 1, 2
    removeMarker(aperio, 0xE0);
    setComponentIds(aperio, 0, 1, 2);
    variants.push_back({"ids 0,1,2", join(aperio)});
    auto rgbIds = segs;
    removeMarker(rgbIds, 0xE0);
    setComponentIds(rgbIds, 'R', 'G', 'B');
    variants.push_back({"ids R,G,B", join(rgbIds)});
    for (uint8_t transform : {0, 1, 2}) {
        auto adobe = segs;
        removeMarker(adobe, 0xE0);
        addAdobe(adobe, transform);
        variants.push_back({transform == 0 ? "Adobe 0" : transform == 1 ? "Adobe 1" : "Adobe 2", join(adobe)});
        auto both = segs;  // JFIF and Adobe together
        addAdobe(both, transform);
        variants.push_back({transform == 0   ? "JFIF + Adobe 0"
                            : transform == 1 ? "JFIF + Adobe 1"
                                             : "JFIF + Adobe 2",
                            join(both)});
    }
    for (const Variant& v : variants) {
        auto asYcbcr = decodeAs(v.stream, slide::JpegColour::Ycbcr);
        ASSERT_TRUE(asYcbcr.ok()) << v.name << ": " << asYcbcr.error();
        EXPECT_EQ(*asYcbcr, expected.ycbcr) << v.name << " as YCbCr";
        auto asRgb = decodeAs(v.stream, slide::JpegColour::Rgb);
        ASSERT_TRUE(asRgb.ok()) << v.name << ": " << asRgb.error();
        EXPECT_EQ(*asRgb, expected.rgb) << v.name << " as RGB";
    }
}

TEST(JpegTileStream, SeparateTablesAreMergedWithTheTile) {
    const Bytes jfif = encode444();
    const Expected expected = expectedFor(jfif);
    auto segs = split(jfif);
    removeMarker(segs, 0xE0);
    setComponentIds(segs, 0, 1, 2);  // as Aperio writes it: tables apart, RGB without a marker
    std::vector<Segment> tables, tile;
    for (const Segment& s : segs) (s.marker == 0xDB || s.marker == 0xC4 ? tables : tile).push_back(s);
    Bytes tablesBody = join(tables, false);  // SOI + DQT + DHT; the caller drops the EOI
    for (auto colour : {slide::JpegColour::Rgb, slide::JpegColour::Ycbcr}) {
        auto img = decodeAs(join(tile), colour, tablesBody);
        ASSERT_TRUE(img.ok()) << img.error();
        EXPECT_EQ(*img, colour == slide::JpegColour::Rgb ? expected.rgb : expected.ycbcr);
    }
    // Without the tables the tile cannot be decoded: an error, not a picture.
    EXPECT_FALSE(decodeAs(join(tile), slide::JpegColour::Rgb).ok());
    // A tile that is not a JPEG stream behind valid tables.
    Bytes junk = {0x12, 0x34, 0x56, 0x78};
    auto bad = decodeAs(junk, slide::JpegColour::Rgb, tablesBody);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "not a JPEG stream (starts with 0x12 0x34)");
}

TEST(JpegTileStream, DamagedOrUnsupportedHeadersAreClearErrors) {
    const Bytes jfif = encode444();
    auto expectError = [](const Bytes& stream, const std::string& part) {
        auto r = decodeAs(stream, slide::JpegColour::Ycbcr);
        ASSERT_FALSE(r.ok()) << part;
        EXPECT_NE(r.error().find(part), std::string::npos) << r.error();
    };
    expectError({}, "not a JPEG stream");
    expectError({0xFF, 0xD8}, "not a JPEG stream");
    expectError({0xFF, 0xD8, 0xFF, 0xD9}, "unexpected marker 0xD9");
    for (size_t keep : {size_t(5), size_t(30), size_t(100)})
        expectError(Bytes(jfif.begin(), jfif.begin() + long(keep)), "JPEG");
    auto segs = split(jfif);
    auto twelveBit = segs;
    for (auto& s : twelveBit)
        if (s.marker == 0xC0) s.body[0] = 12;
    expectError(join(twelveBit), "12-bit JPEG data is not supported");
    auto lossless = segs;
    for (auto& s : lossless)
        if (s.marker == 0xC0) s.marker = 0xC3;
    expectError(join(lossless), "unsupported JPEG process (frame marker 0xC3)");
    auto twoFrames = segs;
    for (size_t i = 0; i < twoFrames.size(); ++i)
        if (twoFrames[i].marker == 0xC0) {
            twoFrames.insert(twoFrames.begin() + long(i), twoFrames[i]);
            break;
        }
    expectError(join(twoFrames), "two frame headers");
    auto noFrame = segs;
    removeMarker(noFrame, 0xC0);
    expectError(join(noFrame), "no frame header");
    // A truncated scan: libjpeg's warning is an error, as in OpenSlide (not a grey patch).
    expectError(Bytes(jfif.begin(), jfif.end() - long(jfif.size() / 3)), "Premature end of JPEG file");
    // One component (grey) in a tile of a 3-sample TIFF.
    tjhandle tj = tjInitCompress();
    std::vector<uint8_t> grey(size_t(kSide) * kSide, 100);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    ASSERT_EQ(tjCompress2(tj, grey.data(), kSide, 0, kSide, TJPF_GRAY, &out, &size, TJSAMP_GRAY, 90, 0), 0);
    expectError(Bytes(out, out + size), "has 1 colour components, not 3");
    tjFree(out);
    tjDestroy(tj);
}
