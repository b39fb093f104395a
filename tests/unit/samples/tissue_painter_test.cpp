// SPDX-License-Identifier: MIT
#include "samples/tissue_painter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace histomark::samples {
namespace {

constexpr uint64_t kSeed = 20261126;

std::shared_ptr<const TissueModel> demoSizedModel(uint64_t seed = kSeed) {
    return std::make_shared<TissueModel>(seed, 2048, 1536);  // 8192 x 6144 px at 0.25 µm/px
}

core::RgbaImage paint(const TissuePainter& p, int64_t x0, int64_t y0, int w, int h) {
    core::RgbaImage img(w, h);
    p.paint(x0, y0, img);
    return img;
}

// Paints `whole` as four pieces split at odd places and checks every pixel matches.
void expectTilingInvariant(const TissuePainter& p, int64_t x0, int64_t y0, int w, int h) {
    const core::RgbaImage whole = paint(p, x0, y0, w, h);
    const int sx = 37, sy = 101;  // odd splits, not on the field grid
    const int xs[] = {0, sx, w}, ys[] = {0, sy, h};
    for (int j = 0; j < 2; ++j)
        for (int i = 0; i < 2; ++i) {
            const core::RgbaImage part = paint(p, x0 + xs[i], y0 + ys[j], xs[i + 1] - xs[i], ys[j + 1] - ys[j]);
            for (int y = 0; y < part.height; ++y)
                ASSERT_EQ(0, std::memcmp(part.at(0, y), whole.at(xs[i], ys[j] + y), size_t(part.width) * 4))
                    << "piece " << i << "," << j << " row " << y;
        }
}

TEST(TissuePainter, SameSeedSamePixelsOtherSeedOthers) {
    TissuePainter a(demoSizedModel(), SlideView::reference(Stain::HE, 0.25));
    TissuePainter b(demoSizedModel(), SlideView::reference(Stain::HE, 0.25));
    TissuePainter c(demoSizedModel(kSeed + 1), SlideView::reference(Stain::HE, 0.25));
    EXPECT_EQ(paint(a, 3000, 2500, 128, 96).pixels, paint(b, 3000, 2500, 128, 96).pixels);
    EXPECT_NE(paint(a, 3000, 2500, 128, 96).pixels, paint(c, 3000, 2500, 128, 96).pixels);
}

TEST(TissuePainter, RegionsTileExactly) {
    const auto model = demoSizedModel();
    TissuePainter he(model, SlideView::reference(Stain::HE, 0.25));
    expectTilingInvariant(he, 3001, 2477, 300, 230);
    // Across a mitotic figure with its halo, and across a vessel with its lining and red cells.
    for (const Cell& c : model->allCells())
        if (c.kind == CellKind::Mitosis) {
            expectTilingInvariant(he, int64_t(c.x / 0.25) - 60, int64_t(c.y / 0.25) - 140, 180, 200);
            break;
        }
    const Vessel& v = model->vessels().front();
    expectTilingInvariant(he, int64_t(v.x / 0.25) - 20, int64_t(v.y / 0.25) - 120, 260, 240);
    // A rotated, mirrored serial section (the painter maps every structure through the transform).
    SlideView ihc{
        Stain::Ki67, 0.25,
        Affine::mirrorX().then(Affine::rotation(0.07)).then(Affine::translation(8200, 30)).then(Affine::scaling(0.25))};
    expectTilingInvariant(TissuePainter(demoSizedModel(), ihc), 4100, 3000, 300, 230);
}

TEST(TissuePainter, GlassOutsideTissueAndStainedInside) {
    TissuePainter he(demoSizedModel(), SlideView::reference(Stain::HE, 0.25));
    const core::RgbaImage corner = paint(he, 0, 0, 64, 64);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(corner.at(10, 10)[c], 242, 3);
    // Tissue centre on H&E: eosin makes green absorb most, so mean G < R and G < B.
    const core::RgbaImage centre = paint(he, 4000, 3000, 256, 256);
    double sum[3] = {};
    for (int i = 0; i < 256 * 256; ++i)
        for (int c = 0; c < 3; ++c) sum[c] += centre.pixels[size_t(i) * 4 + size_t(c)];
    EXPECT_LT(sum[1], sum[0]);
    EXPECT_LT(sum[1], sum[2]);
}

TEST(TissuePainter, SamePhysicalScaleAtHalfTheResolution) {
    // The same 128 µm field at 0.25 and 0.5 µm/px: averaged over 8 µm blocks, colours agree.
    auto model = demoSizedModel();
    TissuePainter fine(model, SlideView::reference(Stain::HE, 0.25));
    TissuePainter coarse(model, SlideView::reference(Stain::HE, 0.5));
    const core::RgbaImage a = paint(fine, 4000, 3000, 512, 512), b = paint(coarse, 2000, 1500, 256, 256);
    double diff = 0;
    int n = 0;
    for (int by = 0; by < 16; ++by)
        for (int bx = 0; bx < 16; ++bx, ++n)
            for (int c = 0; c < 3; ++c) {
                double ma = 0, mb = 0;
                for (int y = 0; y < 32; ++y)
                    for (int x = 0; x < 32; ++x) ma += a.at(bx * 32 + x, by * 32 + y)[c];
                for (int y = 0; y < 16; ++y)
                    for (int x = 0; x < 16; ++x) mb += b.at(bx * 16 + x, by * 16 + y)[c];
                diff += std::abs(ma / 1024 - mb / 256) / 3;
            }
    EXPECT_LT(diff / n, 5.0);
}

TEST(TissueModel, CaseHasMitosesHotspotLookAlikesAndKi67Index) {
    const auto model = demoSizedModel();
    const auto cells = model->allCells();
    int mitoses = 0, hot = 0, tumour = 0, ki67 = 0, lookAlikes = 0;
    const RectUm& h = model->hotspot();
    for (const Cell& c : cells) {
        if (c.kind == CellKind::Mitosis) {
            ++mitoses;
            hot += c.x >= h.x && c.x < h.x + h.width && c.y >= h.y && c.y < h.y + h.height;
        }
        if (c.kind == CellKind::Tumour) ++tumour, ki67 += c.ki67;
        lookAlikes += c.kind == CellKind::Apoptotic || c.kind == CellKind::Lymphocyte;
    }
    EXPECT_GE(mitoses, 20);
    EXPECT_GE(hot, 6);  // ~6x denser in a hotspot of ~5 % of the tissue
    EXPECT_GE(lookAlikes, 50);
    EXPECT_NEAR(double(ki67) / tumour, 0.2, 0.05);
    EXPECT_EQ(model->allCells().size(), cells.size());  // a pure function of the seed
}

}  // namespace
}  // namespace histomark::samples
