// SPDX-License-Identifier: MIT
// The tile renderer alone, offscreen (hidden GLFW window under Xvfb): tiles land where they
// belong, and where fine tiles are missing the coarser level shows through.
#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <cstdlib>
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
        ASSERT_TRUE(glfwInit());
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
    core::RgbaImage draw(const core::Camera& cam, const core::TileGrid& grid) {
        render::Framebuffer fbo;
        fbo.resize(cam.viewport.width, cam.viewport.height);
        fbo.bind();
        m_gpu->beginFrame();
        m_stats = m_renderer->draw(cam, grid, 1, *m_gpu, nullptr);
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
