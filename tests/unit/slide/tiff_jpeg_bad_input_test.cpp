// SPDX-License-Identifier: MIT
// Bad input to the fast TIFF/JPEG reader: truncated and foreign tiles, byte counts and offsets that
// lie, absurd sizes. Each ends in a clear error for the tile (sticky, naming the file and the tile)
// or for the slide (the fast path refuses it), never a crash or an unbounded allocation.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <random>
#include <span>

#include "core/tile_grid.h"
#include "slide/openslide_source.h"
#include "slide/pyramid_tiff_writer.h"
#include "slide/slide_opener.h"
#include "slide/tiff_jpeg_source.h"
#include "support/test_data.h"

using namespace histomark;
namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr int kSide = 512, kTile = 256;  // level 0: 2 x 2 tiles; level 1: one 256 px tile

Bytes tileJpeg(int level, int64_t col, int64_t row, int side = kTile) {
    core::RgbaImage img(side, side);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            uint8_t* p = img.at(x, y);
            p[0] = uint8_t(x + 40 * col), p[1] = uint8_t(y + 40 * row), p[2] = uint8_t(100 + 50 * level), p[3] = 255;
        }
    return slide::encodeJpeg(img, 85);
}

// A two-level generic pyramidal TIFF whose tiles come from `tile` (a whole JPEG stream each).
fs::path writeSlide(const fs::path& path, const std::function<Bytes(int, int64_t, int64_t)>& tile) {
    slide::PyramidTiffOptions o;
    o.width = kSide, o.height = kSide, o.tileSize = kTile, o.minLevelSide = kTile;
    Bytes current;
    auto s = slide::PyramidTiffWriter::writeRaw(
        path.string(), o,
        [&](int level, int64_t col, int64_t row) {
            current = tile(level, col, row);
            return std::span<const uint8_t>(current);
        },
        size_t(1) << 20);
    EXPECT_TRUE(s.ok()) << s.error();
    return path;
}

Bytes readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path writeAll(const fs::path& p, const Bytes& b) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
    return p;
}

uint32_t le32(const Bytes& b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 | uint32_t(b[at + 3]) << 24;
}
uint16_t le16(const Bytes& b, size_t at) { return uint16_t(b[at] | b[at + 1] << 8); }
void put32(Bytes& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + size_t(i)] = uint8_t(v >> (8 * i));
}

// A tag of a classic little-endian TIFF directory, and where its values lie in the file.
struct Tag {
    uint16_t type = 0;
    uint32_t count = 0;
    size_t values = 0;  // file offset of the first value
    size_t valueSize() const { return type == 3 ? 2 : 4; }
};

Tag findTag(const Bytes& f, int directory, uint16_t tag) {
    EXPECT_TRUE(f.size() > 8 && f[0] == 'I' && f[2] == 42) << "classic little-endian TIFF expected";
    size_t ifd = le32(f, 4);
    for (int d = 0; d < directory; ++d) ifd = le32(f, ifd + 2 + 12 * size_t(le16(f, ifd)));
    for (size_t i = 0, n = le16(f, ifd); i < n; ++i) {
        const size_t e = ifd + 2 + 12 * i;
        if (le16(f, e) != tag) continue;
        Tag t{le16(f, e + 2), le32(f, e + 4), 0};
        t.values = t.count * t.valueSize() <= 4 ? e + 8 : le32(f, e + 8);
        return t;
    }
    ADD_FAILURE() << "no tag " << tag;
    return {};
}

uint32_t getValue(const Bytes& f, const Tag& t, size_t i) {
    return t.type == 3 ? le16(f, t.values + 2 * i) : le32(f, t.values + 4 * i);
}

void setValue(Bytes& f, const Tag& t, size_t i, uint32_t v) {
    if (t.type == 3) {
        ASSERT_LE(v, 0xFFFFu);
        f[t.values + 2 * i] = uint8_t(v), f[t.values + 2 * i + 1] = uint8_t(v >> 8);
    } else {
        put32(f, t.values + 4 * i, v);
    }
}

// Sets a one-value tag, widening a SHORT entry to LONG so that any 32-bit value fits.
void setTag(Bytes& f, int directory, uint16_t tag, uint32_t value) {
    size_t ifd = le32(f, 4);
    for (int d = 0; d < directory; ++d) ifd = le32(f, ifd + 2 + 12 * size_t(le16(f, ifd)));
    for (size_t i = 0, n = le16(f, ifd); i < n; ++i) {
        const size_t e = ifd + 2 + 12 * i;
        if (le16(f, e) != tag) continue;
        ASSERT_EQ(le32(f, e + 4), 1u);
        f[e + 2] = 4, f[e + 3] = 0;  // LONG
        put32(f, e + 8, value);
        return;
    }
    ADD_FAILURE() << "no tag " << tag;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The intact slide's description, as OpenSlide gives it.
core::SlideInfo intactInfo(const fs::path& dir) {
    const fs::path path =
        writeSlide(dir / "intact.tiff", [](int l, int64_t c, int64_t r) { return tileJpeg(l, c, r); });
    auto os = slide::OpenSlideSource::open(path.string());
    EXPECT_TRUE(os.ok()) << os.error();
    return os ? os.value()->info() : core::SlideInfo{};
}

// Opens `path` with the fast reader on the intact slide's description (so that OpenSlide cannot
// refuse the damage first), reads tile (0, 0) fine, then tile (1, 1): returns its error.
std::string damagedTileError(const fs::path& path, core::SlideInfo info) {
    info.path = path.string();
    auto fast = slide::TiffJpegSource::open(info, nullptr);
    if (!fast) return "refused: " + fast.error();
    auto good = fast.value()->readRegion(0, 0, 0, kTile, kTile);
    EXPECT_TRUE(good.ok()) << good.error();
    auto bad = fast.value()->readRegion(kTile, kTile, 0, kTile, kTile);
    if (bad.ok()) return "";
    // Sticky: the slide must be reopened; every later read gives the same text.
    EXPECT_EQ(fast.value()->failure(), bad.error());
    auto again = fast.value()->readRegion(0, 0, 0, kTile, kTile);
    EXPECT_FALSE(again.ok());
    if (!again.ok()) EXPECT_EQ(again.error(), bad.error());
    // Through openSlide as the app opens it: no crash; a refusal or the same kind of read error.
    auto any = slide::openSlide(path.string(), {slide::Backend::Auto});
    if (any.ok() && any.value()->info().backend == "tiff-jpeg") {
        auto viaOpener = any.value()->readRegion(kTile, kTile, 0, kTile, kTile);
        EXPECT_FALSE(viaOpener.ok());
    }
    return bad.error();
}

}  // namespace

TEST(TiffJpegBadInput, TruncatedForeignAndMisSizedTilesFailThatTile) {
    const fs::path dir = test::tempDir("tiff-jpeg-bad-tiles");
    const core::SlideInfo info = intactInfo(dir);
    ASSERT_EQ(info.levelCount(), 2);
    struct Case {
        const char* name;
        std::function<Bytes(Bytes)> damage;  // applied to tile (1, 1) of level 0
        const char* expected;
    };
    const Case cases[] = {
        {"truncated", [](Bytes t) { return Bytes(t.begin(), t.begin() + long(t.size() / 2)); },
         "Premature end of JPEG file"},
        {"cut in its header", [](Bytes t) { return Bytes(t.begin(), t.begin() + 40); }, "JPEG header is truncated"},
        {"garbage",
         [](Bytes t) {
             std::mt19937 rng(3);
             for (auto& b : t) b = uint8_t(rng());
             t[0] = 0x12, t[1] = 0x34;
             return t;
         },
         "not a JPEG stream (starts with 0x12 0x34)"},
        {"scan data overwritten",
         [](Bytes t) {
             std::mt19937 rng(4);
             for (size_t i = t.size() / 2; i < t.size() - 2; ++i) t[i] = uint8_t(rng());
             return t;
         },
         "JPEG"},
        {"smaller picture", [](Bytes) { return tileJpeg(0, 1, 1, 128); },
         "its JPEG is 128 x 128 px in a 256 x 256 px tile"},
        {"larger picture", [](Bytes) { return tileJpeg(0, 1, 1, 512); },
         "its JPEG is 512 x 512 px in a 256 x 256 px tile"},
    };
    for (const Case& c : cases) {
        const fs::path path = writeSlide(dir / (std::string(c.name) + ".tiff"), [&](int l, int64_t col, int64_t row) {
            Bytes t = tileJpeg(l, col, row);
            return l == 0 && col == 1 && row == 1 ? c.damage(t) : t;
        });
        const std::string error = damagedTileError(path, info);
        EXPECT_TRUE(contains(error, "Cannot read " + path.string() + ": level 0 tile (1, 1): "))
            << c.name << ": " << error;
        EXPECT_TRUE(contains(error, c.expected)) << c.name << ": " << error;
    }
}

TEST(TiffJpegBadInput, LyingByteCountsAndOffsetsFailThatTile) {
    const fs::path dir = test::tempDir("tiff-jpeg-bad-counts");
    const core::SlideInfo info = intactInfo(dir);
    const Bytes intact = readAll(dir / "intact.tiff");
    const Tag counts = findTag(intact, 0, 325), offsets = findTag(intact, 0, 324);  // TileByteCounts, TileOffsets
    ASSERT_EQ(counts.count, 4u);
    const uint32_t realCount = getValue(intact, counts, 3), realOffset = getValue(intact, offsets, 3);
    const uint32_t size = uint32_t(intact.size());
    struct Case {
        const char* name;
        const Tag* tag;
        uint32_t value;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"count past the end", &counts, size - realOffset + 1000, "it lies past the end of the file"},
        {"count absurd", &counts, 0xFFFFFFF0u,
         "its byte count (4294967280) is impossible for a 256 x 256 px JPEG tile"},
        {"count short", &counts, realCount / 2, "Premature end of JPEG file"},
        {"offset past the end", &offsets, size + 4096, "it lies past the end of the file"},
        {"offset at the header", &offsets, 0, "not a JPEG stream (starts with 0x49 0x49)"},
        {"offset into another tile", &offsets, getValue(intact, offsets, 0) + 100, "level 0 tile (1, 1): "},
    };
    for (const Case& c : cases) {
        if (c.tag->type == 3 && c.value > 0xFFFF) continue;  // SHORT counts cannot hold the value
        Bytes damaged = intact;
        setValue(damaged, *c.tag, 3, c.value);
        const fs::path path = writeAll(dir / (std::string(c.name) + ".tiff"), damaged);
        const std::string error = damagedTileError(path, info);
        EXPECT_TRUE(contains(error, "Cannot read " + path.string() + ": level 0 tile (1, 1): "))
            << c.name << ": " << error;
        EXPECT_TRUE(contains(error, c.expected)) << c.name << ": " << error;
    }
    // A tile the writer left empty (0 bytes) is not damage: it is white, as OpenSlide's Aperio reader draws it.
    Bytes empty = intact;
    setValue(empty, counts, 3, 0);
    core::SlideInfo emptyInfo = info;
    emptyInfo.path = writeAll(dir / "empty-tile.tiff", empty).string();
    auto fast = slide::TiffJpegSource::open(emptyInfo, nullptr);
    ASSERT_TRUE(fast.ok()) << fast.error();
    auto white = fast.value()->readRegion(kTile, kTile, 0, kTile, kTile);
    ASSERT_TRUE(white.ok()) << white.error();
    EXPECT_TRUE(std::all_of(white->pixels.begin(), white->pixels.end(), [](uint8_t v) { return v == 255; }));
}

TEST(TiffJpegBadInput, AbsurdSizesAreRefusedForTheSlide) {
    const fs::path dir = test::tempDir("tiff-jpeg-bad-sizes");
    const core::SlideInfo info = intactInfo(dir);
    const Bytes intact = readAll(dir / "intact.tiff");
    struct Case {
        const char* name;
        uint16_t tag;
        uint32_t value;
    };
    const Case cases[] = {
        {"width 2^31", 256, 0x7FFFFFF0u},  {"height 2^31", 257, 0x7FFFFFF0u}, {"width 0", 256, 0},
        {"tile width 65520", 322, 0xFFF0}, {"tile width 8", 322, 8},          {"tile height 0", 323, 0},
    };
    for (const Case& c : cases) {
        Bytes damaged = intact;
        setTag(damaged, 0, c.tag, c.value);
        const fs::path path = writeAll(dir / (std::string(c.name) + ".tiff"), damaged);
        SCOPED_TRACE(c.name);
        // The fast path on the description OpenSlide gave for the intact file, and on one that
        // matches the absurd size: refused with a reason, nothing allocated for the size.
        core::SlideInfo same = info, matching = info;
        same.path = matching.path = path.string();
        if (c.tag == 256) matching.levels[0].width = c.value;
        if (c.tag == 257) matching.levels[0].height = c.value;
        if (c.tag == 322) matching.levels[0].tileWidth = int(c.value);
        for (const core::SlideInfo& i : {same, matching}) {
            auto fast = slide::TiffJpegSource::open(i, nullptr);
            ASSERT_FALSE(fast.ok());
            EXPECT_FALSE(fast.error().empty());
            std::printf("  %s: %s\n", c.name, fast.error().c_str());
        }
        // As the app opens it: OpenSlide refuses it, or opens it and the fast path refuses it.
        auto any = slide::openSlide(path.string(), {slide::Backend::Auto});
        if (any.ok())
            EXPECT_EQ(any.value()->info().backend, "openslide");
        else
            EXPECT_TRUE(contains(any.error(), path.string())) << any.error();
        auto forced = slide::openSlide(path.string(), {slide::Backend::Fast});
        ASSERT_FALSE(forced.ok());
        EXPECT_TRUE(contains(forced.error(), path.string())) << forced.error();
    }
}
