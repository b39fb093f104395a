// SPDX-License-Identifier: MIT
// Bad input: missing, empty, truncated, damaged and mislabelled files. Each case must end in a
// user-readable message (asserted), never a crash or a hang (a watchdog aborts after a few seconds),
// and must leave the process able to read intact slides. Damaged copies are made in a temp folder.
#include <gtest/gtest.h>
#include <openslide.h>
#include <sys/stat.h>
#include <tiffio.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <thread>
#include <vector>

#include "core/tile_grid.h"
#include "slide/image_file_source.h"
#include "slide/openslide_source.h"
#include "slide/slide_opener.h"
#include "support/test_data.h"

using namespace histomark;
namespace fs = std::filesystem;

namespace {

constexpr const char* kCmu = "cmu-1-small-region/CMU-1-Small-Region.svs";

// Aborts the whole test binary (with the reason) if the guarded scope runs longer than `limit`:
// a hang must fail the run, not stall it.
class Watchdog {
public:
    explicit Watchdog(std::string what, std::chrono::seconds limit = std::chrono::seconds(5))
        : m_what(std::move(what)), m_limit(limit), m_thread([this] { watch(); }) {}
    ~Watchdog() {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

private:
    void watch() {
        std::unique_lock lock(m_mutex);
        if (!m_cv.wait_for(lock, m_limit, [this] { return m_done; })) {
            std::fprintf(stderr, "\nTIMEOUT: %s did not finish within %lld s; aborting the test run\n", m_what.c_str(),
                         static_cast<long long>(m_limit.count()));
            std::fflush(stderr);
            std::abort();
        }
    }
    std::string m_what;
    std::chrono::seconds m_limit;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    std::thread m_thread;  // last: starts after the members it uses
};

std::vector<char> readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path writeFile(const fs::path& p, const char* data, size_t size) {
    std::ofstream(p, std::ios::binary).write(data, std::streamsize(size));
    return p;
}

fs::path truncatedCopy(const fs::path& from, const fs::path& to, size_t keep) {
    auto bytes = readAll(from);
    return writeFile(to, bytes.data(), std::min(keep, bytes.size()));
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }


// The slide layer must keep working for intact files after any amount of bad input.
void expectIntactSlideStillReads() {
    const fs::path path = test::dataPath(kCmu);
    if (!fs::exists(path)) return;
    auto src = slide::openSlide(path.string());
    ASSERT_TRUE(src.ok()) << src.error();
    auto img = src.value()->readRegion(1000, 1000, 0, 256, 256);
    ASSERT_TRUE(img.ok()) << img.error();
    openslide_t* osr = openslide_open(path.c_str());
    std::vector<uint32_t> argb(256 * 256);
    openslide_read_region(osr, argb.data(), 1000, 1000, 0, 256, 256);
    openslide_close(osr);
    for (size_t i = 0; i < argb.size(); ++i)
        ASSERT_EQ(img->pixels[4 * i], uint8_t(argb[i] >> 16)) << "pixel " << i;  // opaque tissue: R byte
}

// Reads every pipeline tile of every level; returns the first error, "" when all read. After a
// failure the source must be failed (sticky): every later read gives the same text.
std::string readEverything(core::SlideSource& src) {
    core::TileGrid grid(src.info());
    std::string first;
    for (int level = 0; level < grid.levelCount(); ++level)
        for (int row = 0; row < grid.rows(level); ++row)
            for (int col = 0; col < grid.cols(level); ++col) {
                const auto r = grid.tileRect(level, col, row);
                auto img = src.readRegion(r.x0, r.y0, level, r.width, r.height);
                if (img.ok()) {
                    EXPECT_TRUE(first.empty()) << "a read succeeded after the source failed";
                    continue;
                }
                EXPECT_FALSE(img.error().empty());
                if (first.empty()) {
                    first = img.error();
                    EXPECT_EQ(src.failure(), first);
                } else {
                    EXPECT_EQ(img.error(), first) << "the failure is not sticky";
                }
            }
    return first;
}

// The damaged copies add up to tens of MB per run: the per-run temp folder goes when every test
// passed, and stays for a look when one failed.
class RemoveTempFilesAfterSuccess : public ::testing::Environment {
public:
    void TearDown() override {
        if (!::testing::UnitTest::GetInstance()->Passed()) return;
        std::error_code ec;
        fs::remove_all(test::tempDir("end-of-run").parent_path(), ec);
    }
};
[[maybe_unused]] ::testing::Environment* const kCleanup = ::testing::AddGlobalTestEnvironment(new RemoveTempFilesAfterSuccess);

}  // namespace

TEST(CorruptInput, MissingFile) {
    Watchdog dog("missing file");
    const auto path = test::tempDir("corrupt-missing") / "no-such-slide.svs";
    auto r = slide::openSlide(path.string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "File not found: " + path.string());
    auto os = slide::OpenSlideSource::open(path.string());
    ASSERT_FALSE(os.ok());
    EXPECT_TRUE(contains(os.error(), path.string())) << os.error();
    auto img = slide::ImageFileSource::open((path.parent_path() / "no-such.png").string());
    ASSERT_FALSE(img.ok());
    EXPECT_TRUE(contains(img.error(), "cannot decode image")) << img.error();
    auto none = slide::openSlide("");
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error(), "No file given");
}

TEST(CorruptInput, DirectoryEvenWithASlideExtension) {
    Watchdog dog("directory");
    const auto dir = test::tempDir("corrupt-dir") / "looks-like.svs";
    fs::create_directories(dir);
    auto r = slide::openSlide(dir.string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), dir.string() + " is a folder, not a slide file");
    EXPECT_FALSE(slide::OpenSlideSource::open(dir.string()).ok());
    EXPECT_FALSE(slide::ImageFileSource::open(dir.string()).ok());
}

TEST(CorruptInput, EmptyFile) {
    Watchdog dog("empty file");
    const auto dir = test::tempDir("corrupt-empty");
    for (const char* name : {"empty.svs", "empty.png", "empty.tiff", "empty.jpg"}) {
        const auto path = writeFile(dir / name, "", 0);
        auto r = slide::openSlide(path.string());
        ASSERT_FALSE(r.ok()) << name;
        EXPECT_EQ(r.error(), path.string() + " is empty (0 bytes)");
        auto img = slide::ImageFileSource::open(path.string());
        ASSERT_FALSE(img.ok()) << name;
        EXPECT_TRUE(contains(img.error(), "cannot decode image")) << img.error();
    }
}

TEST(CorruptInput, FifoDoesNotBlock) {
    // Reading a FIFO with no writer blocks forever: the opener must refuse it up front.
    Watchdog dog("named pipe");
    const auto dir = test::tempDir("corrupt-fifo");
    for (const char* name : {"pipe.svs", "pipe.png"}) {
        const auto path = dir / name;
        ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
        auto r = slide::openSlide(path.string());
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error(), path.string() + " is not a regular file");
    }
}

TEST(CorruptInput, UnreadableFileSaysWhy) {
    if (geteuid() == 0) GTEST_SKIP() << "running as root: file permissions do not stop reads";
    Watchdog dog("permission denied");
    HM_REQUIRE_DATA(original, kCmu);
    const auto path = test::tempDir("corrupt-perm") / "locked.svs";
    fs::copy_file(original, path);
    fs::permissions(path, fs::perms::none);
    auto r = slide::openSlide(path.string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "Cannot read " + path.string() + ": Permission denied");
}

TEST(CorruptInput, UnopenableTiffReportsOpenSlidesReason) {
    Watchdog dog("unopenable.tiff");
    HM_REQUIRE_DATA(path, "openslide-python-fixtures/unopenable.tiff");
    auto os = slide::OpenSlideSource::open(path.string());
    ASSERT_FALSE(os.ok());
    EXPECT_EQ(os.error(), "Unsupported TIFF compression: 52479");
    auto r = slide::openSlide(path.string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "Cannot open " + path.string() + ": Unsupported TIFF compression: 52479");
    expectIntactSlideStillReads();
}

TEST(CorruptInput, UnreadableSvsOpensThenFailsStickily) {
    Watchdog dog("unreadable.svs");
    HM_REQUIRE_DATA(path, "openslide-python-fixtures/unreadable.svs");
    auto r = slide::openSlide(path.string());
    ASSERT_TRUE(r.ok()) << r.error();
    auto src = r.value();
    EXPECT_EQ(src->info().backend, "openslide");
    EXPECT_EQ(src->info().width(), 16);
    EXPECT_EQ(src->failure(), "");
    auto first = src->readRegion(0, 0, 0, 16, 16);
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error(), "Cannot read " + path.string() + ": Bogus marker length");
    EXPECT_EQ(src->failure(), first.error());
    // Later reads, anywhere and from several threads, fail at once with the same text.
    const auto t0 = std::chrono::steady_clock::now();
    std::atomic<int> same{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                auto again = src->readRegion(t, i % 16, 0, 8, 8);
                if (!again.ok() && again.error() == first.error()) ++same;
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(same.load(), 100);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
    // Its thumbnail is a separate image: reading it may work or fail, but with a message.
    auto thumb = src->readAssociatedImage("thumbnail");
    if (!thumb.ok()) {
        EXPECT_FALSE(thumb.error().empty());
    }
    expectIntactSlideStillReads();
}

TEST(CorruptInput, TruncatedSlidesSayTheFileIsDamaged) {
    HM_REQUIRE_DATA(cmu, kCmu);
    const auto dir = test::tempDir("corrupt-truncated");
    struct Case {
        fs::path source;
        double keep;   // fraction kept, or
        size_t bytes;  // bytes kept when keep == 0
    };
    const fs::path ndpi = test::dataPath("hamamatsu-ndpi-fluorescence/test3-DAPI-2-387.ndpi");
    const fs::path tcga = test::dataPath("tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs");
    const fs::path pyramid = test::dataPath("qupath-os-crops/openslide-pyramidal/OS-1-detail.pyramid.tif");
    std::vector<Case> cases = {{cmu, 0.5, 0}, {cmu, 0.1, 0}, {cmu, 0, 16}, {cmu, 0, 8}, {cmu, 0, 5}};
    for (const auto& p : {ndpi, tcga, pyramid})
        if (fs::exists(p)) cases.push_back({p, 0.5, 0});
    int n = 0;
    for (const auto& c : cases) {
        const size_t size = size_t(fs::file_size(c.source));
        const size_t keep = c.keep > 0 ? size_t(double(size) * c.keep) : c.bytes;
        const auto path = truncatedCopy(c.source, dir / (std::to_string(n++) + "-" + c.source.filename().string()), keep);
        SCOPED_TRACE(path.string() + " (" + std::to_string(keep) + " of " + std::to_string(size) + " bytes)");
        Watchdog dog("truncated " + path.string());
        auto r = slide::openSlide(path.string());
        if (r.ok()) {
            // Should OpenSlide ever open a truncated copy, the missing data must surface as read errors.
            const std::string error = readEverything(*r.value());
            EXPECT_TRUE(error.empty() || contains(error, path.string())) << error;
            continue;
        }
        EXPECT_TRUE(contains(r.error(), "Cannot open " + path.string() + ": ")) << r.error();
        if (keep >= 8) {  // a whole TIFF header: libtiff can tell that the rest is missing
            EXPECT_TRUE(contains(r.error(), "damaged or the file is truncated")) << r.error();
        }
    }
    expectIntactSlideStillReads();
}

// A copy cut off just before its last directory (the SVS's macro image): OpenSlide refuses it, the
// first page still decodes as a picture. It opens so, saying why and what is missing; a reader
// asked for by name refuses it.
TEST(CorruptInput, ASlideCutBeforeItsLastPageOpensAsAPictureThatSaysSo) {
    HM_REQUIRE_DATA(cmu, kCmu);
    const auto dir = test::tempDir("corrupt-last-page");
    const size_t size = size_t(fs::file_size(cmu));
    const auto path = truncatedCopy(cmu, dir / "cut.svs", size - 1000);
    Watchdog dog("cut " + path.string());
    auto r = slide::openSlide(path.string(), slide::OpenOptions{slide::Backend::Auto});
    ASSERT_TRUE(r.ok()) << r.error();
    const core::SlideInfo& info = r.value()->info();
    EXPECT_EQ(info.backend, "image-file");
    ASSERT_EQ(info.notes.size(), 1u);
    EXPECT_TRUE(contains(info.notes[0], "damaged or the file is truncated")) << info.notes[0];
    EXPECT_TRUE(contains(info.notes[0], "without a slide's scale")) << info.notes[0];
    for (slide::Backend b : {slide::Backend::OpenSlide, slide::Backend::Fast}) {
        auto named = slide::openSlide(path.string(), slide::OpenOptions{b});
        ASSERT_FALSE(named.ok()) << slide::backendName(b);
        EXPECT_TRUE(contains(named.error(), "reads slides only")) << named.error();
    }
    // The intact slide has no notes.
    auto intact = slide::openSlide(cmu.string());
    ASSERT_TRUE(intact.ok()) << intact.error();
    EXPECT_TRUE(intact.value()->info().notes.empty());
}

TEST(CorruptInput, RandomBytesInTheMiddleNeverCrash) {
    HM_REQUIRE_DATA(cmu, kCmu);
    const auto dir = test::tempDir("corrupt-random");
    auto bytes = readAll(cmu);
    std::mt19937 rng(20240611);
    for (int variant = 0; variant < 3; ++variant) {
        auto damaged = bytes;
        const size_t at = damaged.size() / 4 + size_t(variant) * damaged.size() / 5;
        for (size_t i = at; i < at + 4096; ++i) damaged[i] = char(rng() & 0xff);
        const auto path = writeFile(dir / ("random-" + std::to_string(variant) + ".svs"), damaged.data(), damaged.size());
        SCOPED_TRACE(path.string());
        Watchdog dog("random bytes " + path.string());
        auto r = slide::openSlide(path.string());
        if (!r.ok()) {
            EXPECT_TRUE(contains(r.error(), path.string())) << r.error();
            continue;
        }
        const std::string error = readEverything(*r.value());
        EXPECT_TRUE(error.empty() || contains(error, "Cannot read " + path.string() + ": ")) << error;
    }
    expectIntactSlideStillReads();
}

TEST(CorruptInput, DamagedTileFailsTheSlideWithAMessage) {
    HM_REQUIRE_DATA(cmu, kCmu);
    // Overwrite the compressed data of one level-0 tile (located with libtiff) with random bytes.
    TIFF* tif = TIFFOpen(cmu.c_str(), "r");
    ASSERT_TRUE(tif);
    uint64_t* offsets = nullptr;
    uint64_t* counts = nullptr;
    ASSERT_TRUE(TIFFGetField(tif, TIFFTAG_TILEOFFSETS, &offsets));
    ASSERT_TRUE(TIFFGetField(tif, TIFFTAG_TILEBYTECOUNTS, &counts));
    const uint32_t across = (2220 + 239) / 240;
    const uint32_t tile = 5 * across + 4;  // column 4, row 5: level-0 pixels 960..1199 x 1200..1439
    const uint64_t offset = offsets[tile], count = counts[tile];
    TIFFClose(tif);
    auto bytes = readAll(cmu);
    std::mt19937 rng(7);
    for (uint64_t i = 0; i < count; ++i) bytes[size_t(offset + i)] = char(rng() & 0xff);
    const auto path = writeFile(test::tempDir("corrupt-tile") / "bad-tile.svs", bytes.data(), bytes.size());
    Watchdog dog("damaged tile");
    auto r = slide::openSlide(path.string());
    ASSERT_TRUE(r.ok()) << r.error();
    auto src = r.value();
    auto good = src->readRegion(0, 0, 0, 240, 240);  // another tile: fine
    ASSERT_TRUE(good.ok()) << good.error();
    auto bad = src->readRegion(960, 1200, 0, 240, 240);
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(contains(bad.error(), "Cannot read " + path.string() + ": ")) << bad.error();
    EXPECT_GT(bad.error().size(), ("Cannot read " + path.string() + ": ").size());
    EXPECT_EQ(src->failure(), bad.error());
    auto after = src->readRegion(0, 0, 0, 240, 240);  // sticky: the slide must be reopened
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error(), bad.error());
    expectIntactSlideStillReads();
}

TEST(CorruptInput, SlideDeletedWhileOpen) {
    HM_REQUIRE_DATA(cmu, kCmu);
    const auto path = test::tempDir("corrupt-deleted") / "gone.svs";
    fs::copy_file(cmu, path);
    Watchdog dog("deleted slide");
    auto r = slide::openSlide(path.string(), {slide::Backend::OpenSlide});
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(r.value()->readRegion(0, 0, 0, 240, 240).ok());
    auto fast = slide::openSlide(path.string(), {slide::Backend::Fast});
    ASSERT_TRUE(fast.ok()) << fast.error();
    fs::remove(path);
    // OpenSlide 3.4 reopens the file for its reads: the next read of a new tile fails, with the path.
    auto gone = r.value()->readRegion(1200, 1200, 0, 240, 240);
    ASSERT_FALSE(gone.ok());
    EXPECT_TRUE(contains(gone.error(), "Cannot read " + path.string() + ": ")) << gone.error();
    EXPECT_EQ(r.value()->failure(), gone.error());
    // The fast reader holds its file open: the deleted file's tiles stay readable until it closes.
    auto still = fast.value()->readRegion(1200, 1200, 0, 240, 240);
    EXPECT_TRUE(still.ok()) << still.error();
    expectIntactSlideStillReads();
}

TEST(CorruptInput, GarbageWithSlideAndTiffExtensions) {
    Watchdog dog("garbage files");
    const auto dir = test::tempDir("corrupt-garbage");
    std::mt19937 rng(99);
    std::vector<char> garbage(10000);
    for (auto& b : garbage) b = char(rng() & 0xff);
    garbage[0] = 'G';  // not a TIFF, JPEG or PNG signature by accident
    const auto svs = writeFile(dir / "garbage.svs", garbage.data(), garbage.size());
    auto r = slide::openSlide(svs.string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "Cannot open " + svs.string() +
                             ": not a slide format OpenSlide recognises, and not a JPEG, PNG, TIFF or BMP image");
    // A TIFF header followed by garbage: libtiff's reason is passed on.
    garbage[0] = 'I', garbage[1] = 'I', garbage[2] = 42, garbage[3] = 0;
    for (const char* name : {"garbage-tiff.svs", "garbage.tiff"}) {
        const auto path = writeFile(dir / name, garbage.data(), garbage.size());
        auto t = slide::openSlide(path.string());
        ASSERT_FALSE(t.ok()) << name;
        EXPECT_TRUE(contains(t.error(), "Cannot open " + path.string() + ": the file is a TIFF, but its structure is "
                                                                         "damaged or the file is truncated (libtiff: "))
            << t.error();
    }
}

TEST(CorruptInput, TextFileNamedPng) {
    Watchdog dog("text as png");
    const std::string text = "this is a note, not an image\n";
    const auto path = writeFile(test::tempDir("corrupt-text") / "note.png", text.data(), text.size());
    auto img = slide::ImageFileSource::open(path.string());
    ASSERT_FALSE(img.ok());
    EXPECT_EQ(img.error(), "cannot decode image " + path.string() + " (damaged, truncated or not an image)");
    auto r = slide::openSlide(path.string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), img.error());
}

TEST(CorruptInput, TruncatedPng) {
    HM_REQUIRE_DATA(png, "skimage-ihc/ihc.png");
    const auto dir = test::tempDir("corrupt-png");
    const size_t size = size_t(fs::file_size(png));
    for (size_t keep : {size / 2, size - 100, size_t(60)}) {
        const auto path = truncatedCopy(png, dir / ("ihc-" + std::to_string(keep) + ".png"), keep);
        Watchdog dog("truncated png");
        auto img = slide::ImageFileSource::open(path.string());
        ASSERT_FALSE(img.ok()) << keep;
        EXPECT_EQ(img.error(), "cannot decode image " + path.string() + " (damaged, truncated or not an image)");
        auto r = slide::openSlide(path.string());
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error(), img.error());
    }
}

TEST(CorruptInput, TruncatedJpegIsAnErrorNotAGreyPatch) {
    // OpenCV decodes a truncated JPEG "successfully", filling the missing part with grey; a viewer
    // for diagnosis must refuse it instead.
    const auto dir = test::tempDir("corrupt-jpeg");
    const auto good = dir / "good.jpg";
    cv::Mat picture(480, 640, CV_8UC3);
    cv::theRNG().state = 17;
    cv::randu(picture, 0, 256);
    cv::GaussianBlur(picture, picture, {9, 9}, 3);
    ASSERT_TRUE(cv::imwrite(good.string(), picture, {cv::IMWRITE_JPEG_QUALITY, 90}));
    ASSERT_TRUE(slide::ImageFileSource::open(good.string()).ok());
    const size_t size = size_t(fs::file_size(good));
    for (size_t keep : {size / 2, size - 10, size_t(700)}) {
        const auto path = truncatedCopy(good, dir / ("cut-" + std::to_string(keep) + ".jpg"), keep);
        Watchdog dog("truncated jpeg");
        auto img = slide::ImageFileSource::open(path.string());
        ASSERT_FALSE(img.ok()) << keep;
        EXPECT_TRUE(contains(img.error(), "cannot decode image " + path.string() + ": ")) << img.error();
        EXPECT_TRUE(contains(img.error(), "truncated or damaged")) << img.error();
        EXPECT_TRUE(contains(img.error(), "Premature end of JPEG file")) << img.error();
        auto r = slide::openSlide(path.string());
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error(), img.error());
    }
    // Cut inside the header: also a clear message.
    const auto header = truncatedCopy(good, dir / "cut-header.jpg", 20);
    auto img = slide::ImageFileSource::open(header.string());
    ASSERT_FALSE(img.ok());
    EXPECT_TRUE(contains(img.error(), "cannot decode image " + header.string() + ": damaged JPEG header")) << img.error();
}

TEST(CorruptInput, TruncatedOmeTiff) {
    HM_REQUIRE_DATA(ome, "qupath-os-crops/OS-1-detail.ome.tif");
    const auto dir = test::tempDir("corrupt-ome");
    const size_t size = size_t(fs::file_size(ome));
    for (size_t keep : {size * 6 / 10, size / 10, size_t(16)}) {
        const auto path = truncatedCopy(ome, dir / ("cut-" + std::to_string(keep) + ".ome.tif"), keep);
        Watchdog dog("truncated OME-TIFF");
        auto r = slide::openSlide(path.string());
        ASSERT_FALSE(r.ok()) << keep;
        EXPECT_TRUE(contains(r.error(), path.string())) << r.error();
        EXPECT_TRUE(contains(r.error(), "truncated")) << r.error();
    }
    expectIntactSlideStillReads();
}

// A photo whose header claims 60,000 x 60,000 px (a decompression bomb, or a whole slide saved as a
// PNG) is refused from its header, with its size, before gigabytes are spent decoding it.
TEST(CorruptInput, OversizedPhotoIsRefusedFromItsHeader) {
    const auto dir = test::tempDir("corrupt-oversized");
    const cv::Mat small(4, 4, CV_8UC3, cv::Scalar(200, 100, 50));
    for (const std::string ext : {".png", ".bmp"}) {
        std::vector<uint8_t> bytes;
        ASSERT_TRUE(cv::imencode(ext, small, bytes));
        auto put = [&](size_t at, uint32_t v, bool bigEndian) {
            for (int i = 0; i < 4; ++i) bytes[at + size_t(i)] = uint8_t(v >> (bigEndian ? 24 - 8 * i : 8 * i));
        };
        if (ext == ".png") put(16, 60000, true), put(20, 60000, true);  // IHDR width, height
        else put(18, 60000, false), put(22, 60000, false);               // BITMAPINFOHEADER
        const auto path = writeFile(dir / ("bomb" + ext), reinterpret_cast<const char*>(bytes.data()), bytes.size());
        Watchdog dog("oversized photo");
        auto img = slide::ImageFileSource::open(path.string());
        ASSERT_FALSE(img.ok()) << ext;
        EXPECT_NE(img.error().find("too large to open as a photo (60000 x 60000 px"), std::string::npos) << img.error();
        auto r = slide::openSlide(path.string());
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error(), img.error());
    }
}
