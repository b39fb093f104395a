// SPDX-License-Identifier: MIT
// The tile renderer alone, offscreen (hidden GLFW window under Xvfb): tiles land where they
// belong, and where fine tiles are missing the coarser level shows through; turned and mirrored
// views put them where the camera's geometry says, without cracks.
#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <thread>

#include <cmath>
#include <cstdlib>
#include <set>
#include <memory>

#include "core/synthetic_source.h"
#include "core/tile_plan.h"
#include "render/framebuffer.h"
#include "render/gpu_tile_cache.h"
#include "render/tile_renderer.h"

using namespace histomark;

namespace {

class RendererTest : public ::testing::Test {
protected:
    void SetUp() override {
        const char* d = std::getenv("DISPLAY");
        if (!d || !*d) GTEST_SKIP() << "no DISPLAY; run under xvfb-run (scripts/test.sh)";
        // The display is shared with the GUI tests running beside this one; a connection the X
        // server refuses once is tried again, and GLFW's reason is printed.
        glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
        bool ready = glfwInit();
        for (int attempt = 1; !ready && attempt < 3; ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            ready = glfwInit();
        }
        ASSERT_TRUE(ready);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        m_window = glfwCreateWindow(64, 64, "test", nullptr, nullptr);
        ASSERT_NE(m_window, nullptr);
        glfwMakeContextCurrent(m_window);
        m_renderer = std::make_unique<render::TileRenderer>();
        m_gpu = std::make_unique<render::GpuTileCache>(size_t(256) << 20);
        ASSERT_TRUE(m_renderer->init().ok());
    }
    void TearDown() override {
        m_renderer.reset();  // GL objects go while the context exists
        m_gpu.reset();
        if (m_window) glfwDestroyWindow(m_window);
        glfwTerminate();
    }
    void upload(core::SyntheticSource& src, const core::TileGrid& grid, int level) {
        for (int r = 0; r < grid.rows(level); ++r)
            for (int c = 0; c < grid.cols(level); ++c) {
                const core::TileRect t = grid.tileRect(level, c, r);
                m_gpu->insert({1, level, c, r}, *src.readRegion(t.x0, t.y0, level, t.width, t.height));
            }
    }
    core::RgbaImage draw(const core::Camera& cam, const core::TileGrid& grid, const render::GlTexture* overview = nullptr,
                         const render::TileDrawOptions& opt = {}) {
        render::Framebuffer fbo;
        fbo.resize(cam.viewport.width, cam.viewport.height);
        fbo.bind();
        m_gpu->beginFrame();
        m_stats = m_renderer->draw(cam, grid, 1, *m_gpu, overview, opt);
        return render::Framebuffer::readPixels(cam.viewport.width, cam.viewport.height);
    }
    static void expectColour(const core::RgbaImage& img, const core::Camera& cam, core::Level0Point p, int level,
                             int tile) {
        const core::ScreenPoint s = cam.toScreen(p);
        uint8_t rgb[3];
        core::SyntheticSource::tileColour(level, int(p.x / (tile << level)), int(p.y / (tile << level)), rgb);
        const uint8_t* px = img.at(int(s.x), int(s.y));
        EXPECT_EQ(px[0], rgb[0]) << "at " << p.x << "," << p.y << " level " << level;
        EXPECT_EQ(px[1], rgb[1]);
        EXPECT_EQ(px[2], rgb[2]);
    }

    GLFWwindow* m_window = nullptr;
    std::unique_ptr<render::TileRenderer> m_renderer;
    std::unique_ptr<render::GpuTileCache> m_gpu;
    render::TileDrawStats m_stats;
};

}  // namespace

TEST_F(RendererTest, TilesLandWhereTheyBelong) {
    core::SyntheticSource src({.width = 4096, .height = 4096, .levels = 3, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    upload(src, grid, 0);
    upload(src, grid, 2);
    const core::Camera cam{{1500, 1300}, 1.0, {640, 480}};
    const core::RgbaImage img = draw(cam, grid);
    EXPECT_EQ(m_stats.targetLevel, 0);
    EXPECT_EQ(m_stats.targetMissing, 0);
    for (core::Level0Point p : {core::Level0Point{1300, 1100}, {1500, 1300}, {1790, 1530}, {1230, 1070}})
        expectColour(img, cam, p, 0, 256);
}

TEST_F(RendererTest, MissingFineTilesShowTheCoarserLevel) {
    core::SyntheticSource src({.width = 4096, .height = 4096, .levels = 3, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    upload(src, grid, 2);  // only the coarsest level is resident
    const core::Camera cam{{1500, 1300}, 1.0, {640, 480}};
    const core::RgbaImage img = draw(cam, grid);
    EXPECT_EQ(m_stats.targetLevel, 0);
    EXPECT_EQ(m_stats.targetMissing, m_stats.targetTiles);
    expectColour(img, cam, {1500, 1300}, 2, 256);  // level-2 colour under the missing level-0 tile
    expectColour(img, cam, {1300, 1100}, 2, 256);
}

TEST_F(RendererTest, AreasOutsideTheSlideShowTheBackground) {
    core::SyntheticSource src({.width = 1000, .height = 800, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    upload(src, grid, 0);
    const core::Camera cam{{500, 400}, 2.0, {800, 600}};  // the slide covers the middle half
    const core::RgbaImage img = draw(cam, grid);
    const uint8_t* corner = img.at(5, 5);
    EXPECT_NEAR(corner[0], 0.19 * 255, 1.5);
    EXPECT_NEAR(corner[2], 0.21 * 255, 1.5);
    expectColour(img, cam, {500, 400}, 0, 256);
}

// ---- Turned and mirrored views -----------------------------------------------------------------

namespace {

constexpr double kPi = 3.14159265358979323846;

bool sameColour(const uint8_t* px, const uint8_t rgb[3]) { return px[0] == rgb[0] && px[1] == rgb[1] && px[2] == rgb[2]; }

// A 1024 x 1024 single-level slide of 4 x 4 flat tiles, shown at zoom 2 in the middle of an
// 800 x 600 view: the slide covers screen x 144..656, y 44..556 whichever way it is turned.
core::Camera smallSlideCamera(double degrees, bool mirror) {
    core::Camera cam{{512, 512}, 2.0, {800, 600}};
    cam.rotation = degrees * kPi / 180;
    cam.mirror = mirror;
    return cam;
}

// The colour of slide tile (col, row) is at the middle of screen cell (sc, sr) of the 4 x 4 cells.
void expectTileInCell(const core::RgbaImage& img, int col, int row, int sc, int sr) {
    uint8_t rgb[3];
    core::SyntheticSource::tileColour(0, col, row, rgb);
    const uint8_t* px = img.at(144 + 128 * sc + 64, 44 + 128 * sr + 64);
    EXPECT_TRUE(sameColour(px, rgb)) << "tile " << col << "," << row << " expected in screen cell " << sc << "," << sr;
}

}  // namespace

TEST_F(RendererTest, HalfTurnPutsTheTopLeftTileBottomRight) {
    core::SyntheticSource src({.width = 1024, .height = 1024, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    upload(src, grid, 0);
    const core::RgbaImage img = draw(smallSlideCamera(180, false), grid);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) expectTileInCell(img, c, r, 3 - c, 3 - r);
    EXPECT_EQ(m_stats.targetMissing, 0);
    EXPECT_EQ(m_stats.targetTiles, 16);
}

TEST_F(RendererTest, QuarterTurnIsClockwiseAndPixelExact) {
    core::SyntheticSource src({.width = 1024, .height = 1024, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    upload(src, grid, 0);
    const core::Camera cam = smallSlideCamera(90, false);
    const core::RgbaImage img = draw(cam, grid);
    // Clockwise: the slide's top row becomes the screen's right column, its left column the top row.
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) expectTileInCell(img, c, r, 3 - r, c);
    // Quarter turns keep whole-pixel edges: the slide starts exactly at x 144 and ends at 655.
    uint8_t rgb[3];
    core::SyntheticSource::tileColour(0, 0, 3, rgb);  // bottom-left tile: now top-left
    EXPECT_TRUE(sameColour(img.at(144, 44), rgb));
    EXPECT_NEAR(img.at(143, 44)[0], 0.19 * 255, 1.5);
    EXPECT_NEAR(img.at(144, 43)[0], 0.19 * 255, 1.5);
    core::SyntheticSource::tileColour(0, 3, 0, rgb);  // top-right tile: now bottom-right
    EXPECT_TRUE(sameColour(img.at(655, 555), rgb));
    EXPECT_NEAR(img.at(656, 555)[0], 0.19 * 255, 1.5);
    // A cell boundary is whole too: screen column 271 is one tile, 272 the next.
    core::SyntheticSource::tileColour(0, 0, 3, rgb);
    EXPECT_TRUE(sameColour(img.at(271, 100), rgb));
    core::SyntheticSource::tileColour(0, 0, 2, rgb);
    EXPECT_TRUE(sameColour(img.at(272, 100), rgb));
}

TEST_F(RendererTest, MirrorFlipsTilesAndTheirPixels) {
    core::SyntheticSource src({.width = 1024, .height = 1024, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    upload(src, grid, 0);
    // Tile (0, 0) with a red left half and a blue right half instead of a flat colour.
    core::RgbaImage halves(256, 256);
    for (int y = 0; y < 256; ++y)
        for (int x = 0; x < 256; ++x) {
            uint8_t* p = halves.at(x, y);
            p[0] = x < 128 ? 255 : 0, p[1] = 0, p[2] = x < 128 ? 0 : 255, p[3] = 255;
        }
    m_gpu->insert({1, 0, 0, 0}, halves);
    const core::RgbaImage img = draw(smallSlideCamera(0, true), grid);
    for (int r = 0; r < 4; ++r)
        for (int c = 1; c < 4; ++c) expectTileInCell(img, c, r, 3 - c, r);
    // Tile (0, 0) sits top-right, and its red half is now on the right.
    const uint8_t* left = img.at(144 + 3 * 128 + 20, 44 + 64);
    const uint8_t* right = img.at(144 + 4 * 128 - 20, 44 + 64);
    EXPECT_EQ(left[2], 255);
    EXPECT_EQ(right[0], 255);
    // Mirrored and half-turned: upside down, left and right as on the glass.
    const core::RgbaImage flipped = draw(smallSlideCamera(180, true), grid);
    for (int r = 0; r < 4; ++r)
        for (int c = 1; c < 4; ++c) expectTileInCell(flipped, c, r, c, 3 - r);
    EXPECT_EQ(flipped.at(144 + 20, 44 + 3 * 128 + 64)[0], 255);
}

TEST_F(RendererTest, TurnedOverviewAndPlaceholderFollowTheSlide) {
    core::SyntheticSource src({.width = 1024, .height = 1024, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    // An overview whose top-left quadrant is green, the rest grey; no tiles resident.
    core::RgbaImage ov(64, 64);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            const bool tl = x < 32 && y < 32;
            uint8_t* p = ov.at(x, y);
            p[0] = tl ? 0 : 128, p[1] = tl ? 255 : 128, p[2] = tl ? 0 : 128, p[3] = 255;
        }
    const render::GlTexture overview(ov);
    const core::RgbaImage img = draw(smallSlideCamera(180, false), grid, &overview);
    EXPECT_EQ(img.at(600, 500)[1], 255);  // bottom-right on screen
    EXPECT_EQ(img.at(200, 100)[1], 128);
    // The placeholder is turned too: at 45 deg the slide's corner points up, the view corner is empty.
    render::TileDrawOptions opt;
    opt.placeholder[0] = 1, opt.placeholder[1] = 0, opt.placeholder[2] = 1;
    const core::RgbaImage diamond = draw(smallSlideCamera(45, false), grid, nullptr, opt);
    EXPECT_EQ(diamond.at(400, 300)[1], 0);
    EXPECT_EQ(diamond.at(400 - 350, 300)[0], 255);  // within the corner pointing left (362 px out)
    EXPECT_NEAR(diamond.at(160, 60)[0], 0.19 * 255, 1.5);  // inside the unturned square, outside the diamond
}

TEST_F(RendererTest, NoCracksBetweenTilesWhenTurned) {
    core::SyntheticSource src({.width = 2048, .height = 2048, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    upload(src, grid, 0);
    for (double degrees : {30.0, 45.0, 123.4}) {
        core::Camera cam{{1024.3, 1023.7}, 2.9, {800, 600}};
        cam.rotation = degrees * kPi / 180;
        cam.mirror = degrees > 100;
        render::TileDrawOptions opt;  // magenta placeholder: any crack would show it
        opt.placeholder[0] = 1, opt.placeholder[1] = 0, opt.placeholder[2] = 1;
        const core::RgbaImage img = draw(cam, grid, nullptr, opt);
        // Every pixel whose centre falls inside the slide shows the tile under it, or, within a
        // pixel of a tile edge, a neighbour: never the placeholder or the background.
        int inside = 0, bad = 0, nearEdges = 0;
        for (int y = 0; y < 600; ++y)
            for (int x = 0; x < 800; ++x) {
                const core::Level0Point p = cam.toLevel0({x + 0.5, y + 0.5});
                const double m = 1.5 * cam.zoom;  // level-0 px in one and a half screen px
                if (p.x < m || p.y < m || p.x > 2048 - m || p.y > 2048 - m) continue;
                ++inside;
                const uint8_t* px = img.at(x, y);
                bool ok = false;
                for (double dy : {-m, 0.0, m})
                    for (double dx : {-m, 0.0, m}) {
                        uint8_t rgb[3];
                        core::SyntheticSource::tileColour(0, int((p.x + dx) / 256), int((p.y + dy) / 256), rgb);
                        ok = ok || sameColour(px, rgb);
                    }
                const double fx = std::fmod(p.x, 256), fy = std::fmod(p.y, 256);
                if (std::min({fx, 256 - fx, fy, 256 - fy}) < cam.zoom) ++nearEdges;
                if (!ok && ++bad <= 5) ADD_FAILURE() << degrees << " deg: pixel " << x << "," << y << " shows "
                                                     << int(px[0]) << "," << int(px[1]) << "," << int(px[2]);
            }
        EXPECT_EQ(bad, 0) << degrees << " deg";
        EXPECT_GT(inside, 100000) << degrees << " deg";
        EXPECT_GT(nearEdges, 2000) << degrees << " deg";  // the check did cover many tile edges
    }
}

TEST_F(RendererTest, TurnedViewsCountOnlyTilesInView) {
    core::SyntheticSource src({.width = 8192, .height = 8192, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    core::Camera cam{{4096, 4096}, 1.0, {800, 600}};
    cam.rotation = kPi / 4;
    draw(cam, grid);
    const core::TilePlan plan = core::planTiles(grid, 1, cam, 0);
    EXPECT_EQ(m_stats.targetTiles, int(plan.tiles.size()));  // the badge can reach zero
    EXPECT_LT(m_stats.targetTiles, core::tilesIn(grid, 0, cam.visibleRect()).count());
}

TEST_F(RendererTest, TurnedFarCornerOfAHugeSlideKeepsSubPixelPrecision) {
    core::SyntheticSource src({.width = 120000, .height = 90000, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    core::Camera cam{{119001.37, 89003.61}, 0.25, {400, 300}};  // 4x magnified, near the far corner
    cam.rotation = 30 * kPi / 180;
    for (const auto& t : core::planTiles(grid, 1, cam, 0).tiles)
        m_gpu->insert(t.key, *src.readRegion(t.rect.x0, t.rect.y0, 0, t.rect.width, t.rect.height));
    const core::RgbaImage img = draw(cam, grid);
    EXPECT_EQ(m_stats.targetMissing, 0);
    // Pixels whose centres lie a third of a screen pixel either side of a tile edge show the tiles
    // on their side: the edge is drawn where it belongs to well under a pixel.
    int checked = 0;
    for (int y = 2; y < 298; ++y)
        for (int x = 2; x < 398; ++x) {
            const core::Level0Point p = cam.toLevel0({x + 0.5, y + 0.5});
            const double fx = std::fmod(p.x, 256), fy = std::fmod(p.y, 256);
            const double dEdge = std::min({fx, 256 - fx, fy, 256 - fy}) / cam.zoom;  // screen px
            if (dEdge < 0.35 || dEdge > 0.65 || p.x >= 120000 || p.y >= 90000) continue;
            uint8_t rgb[3];
            core::SyntheticSource::tileColour(0, int(p.x / 256), int(p.y / 256), rgb);
            EXPECT_TRUE(sameColour(img.at(x, y), rgb)) << x << "," << y;
            ++checked;
        }
    EXPECT_GT(checked, 100);
}

// ---- Stain channels shown live -----------------------------------------------------------------

namespace {

// Row-major inverse of a 3 x 3 matrix (rows = stain OD vectors).
std::array<float, 9> inverse3(const double m[3][3]) {
    const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                       m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    std::array<float, 9> inv{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) {
            const int r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
            inv[size_t(r * 3 + c)] = float((m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det);
        }
    return inv;
}

}  // namespace

TEST_F(RendererTest, StainChannelsAreSeparatedLive) {
    // Hematoxylin-DAB vectors (Ruifrok & Johnston), normalised; the third is their cross product.
    double h[3] = {0.650, 0.704, 0.286}, d[3] = {0.268, 0.570, 0.776};
    for (double* v : {h, d}) {
        const double n = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int i = 0; i < 3; ++i) v[i] /= n;
    }
    double x[3] = {h[1] * d[2] - h[2] * d[1], h[2] * d[0] - h[0] * d[2], h[0] * d[1] - h[1] * d[0]};
    const double nx = std::sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    for (double& v : x) v /= nx;
    const double rows[3][3] = {{h[0], h[1], h[2]}, {d[0], d[1], d[2]}, {x[0], x[1], x[2]}};
    // One tile of a known mixture: hematoxylin 0.3, DAB 0.8 (Beer-Lambert).
    const double ch = 0.3, cd = 0.8;
    core::RgbaImage tile(256, 256);
    uint8_t mixed[3];
    for (int i = 0; i < 3; ++i) mixed[i] = uint8_t(std::lround(255 * std::pow(10.0, -(ch * h[i] + cd * d[i]))));
    tile.fill(mixed[0], mixed[1], mixed[2]);
    core::SyntheticSource src({.width = 256, .height = 256, .levels = 1, .nativeTile = 256});
    const core::TileGrid grid(src.info());
    m_gpu->insert({1, 0, 0, 0}, tile);
    const core::Camera cam{{128, 128}, 1.0, {256, 256}};
    render::TileDrawOptions opt;
    const auto inv = inverse3(rows);
    std::copy(inv.begin(), inv.end(), opt.stains.unmix);
    for (int i = 0; i < 3; ++i) opt.stains.first[i] = float(h[i]), opt.stains.second[i] = float(d[i]);
    auto centre = [&](render::StainDisplay::Mode mode) {
        opt.stains.mode = mode;
        const core::RgbaImage img = draw(cam, grid, nullptr, opt);
        const uint8_t* p = img.at(128, 128);
        return std::array<int, 3>{p[0], p[1], p[2]};
    };
    const auto colour = centre(render::StainDisplay::Mode::Colour);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(colour[size_t(i)], mixed[i], 1);
    const auto dab = centre(render::StainDisplay::Mode::SecondStain);
    const auto hem = centre(render::StainDisplay::Mode::FirstStain);
    for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(dab[size_t(i)], 255 * std::pow(10.0, -cd * d[i]), 4) << "DAB only, channel " << i;
        EXPECT_NEAR(hem[size_t(i)], 255 * std::pow(10.0, -ch * h[i]), 4) << "hematoxylin only, channel " << i;
    }
    // 0.8 is above the 3+ threshold (0.6): red; with the thresholds raised past it, 2+ orange.
    const auto classes = centre(render::StainDisplay::Mode::SecondStainClasses);
    EXPECT_NEAR(classes[0], 0.85 * 255, 2);
    EXPECT_NEAR(classes[1], 0.10 * 255, 2);
    opt.stains.thresholds[2] = 0.9f;
    const auto raised = centre(render::StainDisplay::Mode::SecondStainClasses);
    EXPECT_NEAR(raised[1], 0.55 * 255, 2);
}
