// SPDX-License-Identifier: MIT
// Deterministic mutation fuzzing of the fast TIFF/JPEG reader: small valid slides (written here with
// libtiff's own JPEG codec, YCbCr and RGB, shared JPEGTables; plus OpenSlide's small.svs when the
// shared data is present) are damaged at random: directory bytes and words set to extreme values,
// JPEG headers of tiles overwritten, files cut short. Each copy is opened by the fast reader on the
// intact slide's description (so OpenSlide cannot refuse the damage first) and read whole; every
// eighth one also through openSlide() as the app opens files. A crash, a hang (ctest's timeout), a
// failure that is not sticky, an empty message or memory beyond the bound fails the run.
//   tiff_fuzz [ITERATIONS] [SEED]
#include <sys/resource.h>
#include <tiffio.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/tile_grid.h"
#include "slide/openslide_source.h"
#include "slide/slide_opener.h"
#include "slide/tiff_jpeg_source.h"
#include "support/test_data.h"

using namespace histomark;
namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr long kMaxRssKiB = 1024L * 1024;  // 1 GiB: far above what a 640 px slide may take

bool writeLibtiffSlide(const fs::path& path, uint16_t photometric) {
    TIFF* t = TIFFOpen(path.c_str(), "w");
    if (!t) return false;
    const uint32_t sizes[2][2] = {{640, 384}, {320, 192}};
    for (int level = 0; level < 2; ++level) {
        const uint32_t w = sizes[level][0], h = sizes[level][1];
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_TILEWIDTH, 256);
        TIFFSetField(t, TIFFTAG_TILELENGTH, 256);
        TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_JPEG);
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, photometric);
        TIFFSetField(t, TIFFTAG_JPEGQUALITY, 80);
        if (photometric == PHOTOMETRIC_YCBCR) TIFFSetField(t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
        if (level > 0) TIFFSetField(t, TIFFTAG_SUBFILETYPE, FILETYPE_REDUCEDIMAGE);
        std::vector<uint8_t> tile(256 * 256 * 3);
        for (uint32_t ty = 0; ty < h; ty += 256)
            for (uint32_t tx = 0; tx < w; tx += 256) {
                for (int y = 0; y < 256; ++y)
                    for (int x = 0; x < 256; ++x) {
                        uint8_t* p = &tile[(size_t(y) * 256 + size_t(x)) * 3];
                        const double gx = double(tx + uint32_t(x)), gy = double(ty + uint32_t(y));
                        p[0] = uint8_t(128 + 90 * std::sin(gx / 23.0)), p[1] = uint8_t(int(gx + gy) & 255);
                        p[2] = uint8_t(128 + 90 * std::cos(gy / 31.0));
                    }
                if (TIFFWriteTile(t, tile.data(), tx, ty, 0, 0) < 0) return TIFFClose(t), false;
            }
        if (!TIFFWriteDirectory(t)) return TIFFClose(t), false;
    }
    TIFFClose(t);
    return true;
}

Bytes readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Seed {
    fs::path path;
    Bytes bytes;
    core::SlideInfo info;
    std::vector<bool> tileData;      // per byte: inside some tile's compressed data
    std::vector<size_t> tileStarts;  // where each tile's stream begins
};

bool loadSeed(const fs::path& path, Seed& seed) {
    seed.path = path;
    seed.bytes = readAll(path);
    auto os = slide::OpenSlideSource::open(path.string());
    if (!os) {
        std::fprintf(stderr, "seed %s: OpenSlide: %s\n", path.c_str(), os.error().c_str());
        return false;
    }
    seed.info = os.value()->info();
    if (auto fast = slide::TiffJpegSource::open(os.value()); !fast) {
        std::fprintf(stderr, "seed %s: the fast path refuses it: %s\n", path.c_str(), fast.error().c_str());
        return false;
    }
    seed.tileData.assign(seed.bytes.size(), false);
    TIFF* t = TIFFOpen(path.c_str(), "r");
    if (!t) return false;
    do {
        if (!TIFFIsTiled(t)) continue;
        uint64_t *offsets = nullptr, *counts = nullptr;
        if (!TIFFGetField(t, TIFFTAG_TILEOFFSETS, &offsets) || !TIFFGetField(t, TIFFTAG_TILEBYTECOUNTS, &counts))
            continue;
        for (uint32_t i = 0; i < TIFFNumberOfTiles(t); ++i) {
            seed.tileStarts.push_back(size_t(offsets[i]));
            for (uint64_t b = offsets[i]; b < offsets[i] + counts[i] && b < seed.bytes.size(); ++b)
                seed.tileData[size_t(b)] = true;
        }
    } while (TIFFReadDirectory(t));
    TIFFClose(t);
    return !seed.tileStarts.empty();
}

const uint32_t kInteresting[] = {0,          1,           2,           0xFF,        0x100, 0xFFFF, 0x10000,
                                 0x7FFFFFFF, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFF0u, 16,    256,    4096};

Bytes mutate(const Seed& seed, std::mt19937& rng) {
    Bytes b = seed.bytes;
    const int mutations = 1 + int(rng() % 4);
    auto structural = [&] {  // a byte of the header, a directory or a tag's values
        for (int tries = 0; tries < 64; ++tries) {
            const size_t at = rng() % b.size();
            if (!seed.tileData[at]) return at;
        }
        return size_t(rng() % b.size());
    };
    for (int m = 0; m < mutations; ++m) {
        const uint32_t kind = rng() % 100;
        if (kind < 35) {
            b[structural()] = uint8_t(rng());
        } else if (kind < 60) {
            const size_t at = std::min(structural(), b.size() - 4);
            uint32_t v = kInteresting[rng() % std::size(kInteresting)];
            if (rng() % 4 == 0) v = uint32_t(b.size()) + uint32_t(rng() % 64) - 32;  // near the end of the file
            for (int i = 0; i < 4; ++i) b[at + size_t(i)] = uint8_t(v >> (8 * i));
        } else if (kind < 85) {
            const size_t start = seed.tileStarts[rng() % seed.tileStarts.size()];
            const size_t at = start + rng() % 600;  // the JPEG headers
            if (at < b.size()) b[at] = rng() % 3 == 0 ? 0xFF : uint8_t(rng());
        } else if (kind < 95) {
            b.resize(std::max<size_t>(8, rng() % b.size()));
        } else {
            const size_t at = rng() % b.size();
            b[at] ^= uint8_t(1u << (rng() % 8));
        }
    }
    return b;
}

struct Tally {
    int opened = 0, refused = 0, readFailures = 0, tilesRead = 0, problems = 0;
    std::map<std::string, int> reasons;
};

void problem(Tally& t, const std::string& what) {
    ++t.problems;
    std::fprintf(stderr, "PROBLEM: %s\n", what.c_str());
}

// Reads every pipeline tile of every level, then a few odd regions; checks that a failure is sticky.
void readAll(core::SlideSource& src, Tally& tally) {
    const core::TileGrid grid(src.info());
    std::string first;
    for (int level = 0; level < grid.levelCount(); ++level)
        for (int row = 0; row < grid.rows(level); ++row)
            for (int col = 0; col < grid.cols(level); ++col) {
                const auto r = grid.tileRect(level, col, row);
                auto img = src.readRegion(r.x0, r.y0, level, r.width, r.height);
                if (img.ok()) {
                    ++tally.tilesRead;
                    if (!first.empty()) problem(tally, "a read succeeded after the source failed: " + first);
                    if (img->width != r.width || img->height != r.height) problem(tally, "wrong image size");
                    continue;
                }
                if (img.error().empty()) problem(tally, "empty error message");
                if (first.empty()) {
                    first = img.error();
                    ++tally.readFailures;
                    if (src.failure() != first) problem(tally, "failure() is not the read's error");
                } else if (img.error() != first) {
                    problem(tally, "failure not sticky: '" + first + "' then '" + img.error() + "'");
                }
            }
    (void)src.readRegion(-300, -300, 0, 700, 700);
    (void)src.readRegion(src.info().width() - 5, src.info().height() - 5, 0, 64, 64);
}

std::string reasonKind(const std::string& error) {
    // Group refusals by their wording without numbers, for the summary.
    std::string k;
    for (char c : error) k += (c >= '0' && c <= '9') ? '#' : c;
    return k.substr(0, 70);
}

}  // namespace

int main(int argc, char** argv) {
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 2000;
    const uint32_t seedValue = argc > 2 ? uint32_t(std::strtoul(argv[2], nullptr, 10)) : 20240611u;
    const fs::path dir = fs::temp_directory_path() / ("histomark-fuzz-" + std::to_string(getpid()));
    fs::create_directories(dir);
    std::vector<Seed> seeds;
    for (auto [name, photometric] :
         {std::pair{"ycbcr.tiff", PHOTOMETRIC_YCBCR}, std::pair{"rgb.tiff", PHOTOMETRIC_RGB}}) {
        const fs::path p = dir / name;
        Seed s;
        if (!writeLibtiffSlide(p, uint16_t(photometric)) || !loadSeed(p, s)) {
            std::fprintf(stderr, "tiff_fuzz: cannot make the seed slide %s\n", p.c_str());
            return 1;
        }
        seeds.push_back(std::move(s));
    }
    if (const fs::path svs = test::dataPath("openslide-python-fixtures/small.svs"); fs::exists(svs)) {
        const fs::path copy = dir / "small.svs";
        fs::copy_file(svs, copy, fs::copy_options::overwrite_existing);
        Seed s;
        if (loadSeed(copy, s)) seeds.push_back(std::move(s));
    }

    std::mt19937 rng(seedValue);
    Tally tally;
    const fs::path target = dir / "mutated.tiff";
    for (int i = 0; i < iterations; ++i) {
        const Seed& seed = seeds[size_t(i) % seeds.size()];
        const Bytes bytes = mutate(seed, rng);
        std::ofstream(target, std::ios::binary | std::ios::trunc)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        core::SlideInfo info = seed.info;
        info.path = target.string();
        auto fast = slide::TiffJpegSource::open(info, nullptr);
        if (fast) {
            ++tally.opened;
            readAll(*fast.value(), tally);
        } else {
            ++tally.refused;
            if (fast.error().empty()) problem(tally, "empty refusal");
            ++tally.reasons[reasonKind(fast.error())];
        }
        if (i % 8 == 0) {
            auto any = slide::openSlide(target.string(), {slide::Backend::Auto});
            if (any && any.value()->info().backend == "tiff-jpeg") readAll(*any.value(), tally);
            if (!any && any.error().empty()) problem(tally, "openSlide: empty error");
        }
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf(
        "tiff_fuzz: %d iterations over %zu seeds (seed %u): %d opened (%d tiles read, %d read failures), "
        "%d refused; peak RSS %ld MiB\n",
        iterations, seeds.size(), seedValue, tally.opened, tally.tilesRead, tally.readFailures, tally.refused,
        usage.ru_maxrss / 1024);
    std::vector<std::pair<int, std::string>> top;
    for (const auto& [k, n] : tally.reasons) top.push_back({n, k});
    std::sort(top.rbegin(), top.rend());
    for (size_t i = 0; i < std::min<size_t>(8, top.size()); ++i)
        std::printf("  %5d  %s\n", top[i].first, top[i].second.c_str());
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (usage.ru_maxrss > kMaxRssKiB) problem(tally, "peak memory " + std::to_string(usage.ru_maxrss / 1024) + " MiB");
    if (tally.problems) {
        std::fprintf(stderr, "tiff_fuzz: %d problems\n", tally.problems);
        return 1;
    }
    return 0;
}
