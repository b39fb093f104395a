// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <memory>

#include "core/rgba_image.h"
#include "samples/affine.h"
#include "samples/canvas.h"
#include "samples/stain.h"
#include "samples/tissue_model.h"

namespace histomark::samples {

// How one slide shows the tissue: its stain, scale and placement. Serial sections of one block
// share a TissueModel and differ in `slideToTissue` (rotation, shift, mirroring).
struct SlideView {
    Stain stain = Stain::HE;
    double mpp = 0.25;                             // µm per level-0 pixel
    Affine slideToTissue = Affine::scaling(0.25);  // level-0 px -> tissue µm

    // The H&E view: tissue µm = level-0 px x mpp.
    static SlideView reference(Stain stain, double mpp) { return {stain, mpp, Affine::scaling(mpp)}; }
};

// Paints synthetic histology for any level-0 region, physically: stain concentration maps
// (fibrillar cytoplasm, nuclei with chromatin, mitotic figures, vessels) become optical density
// through the stains' OD vectors, and intensity I = 255 x 10^-OD (Beer-Lambert), plus mild grain.
// The result is a pure function of (model, view, pixel): painting region A then B equals painting
// A u B, bit for bit, so any tiling gives the same slide. Thread-safe (const).
class TissuePainter {
public:
    TissuePainter(std::shared_ptr<const TissueModel> model, SlideView view);

    // Fills `out` (its size is the region size) with level-0 pixels from (x0, y0); alpha 255.
    void paint(int64_t x0, int64_t y0, core::RgbaImage& out) const;

    const SlideView& view() const { return m_view; }
    const TissueModel& model() const { return *m_model; }
    // Where a tissue point (µm) lands on this slide (level-0 px), and back.
    void tissueToSlide(double xUm, double yUm, double& x, double& y) const { m_tissueToSlide.apply(xUm, yUm, x, y); }

    static constexpr int kOrientations = 12;  // fibre textures, one per 15 degrees

private:
    struct NodeGrid;
    void paintBackground(Canvas& cv) const;
    void paintCells(Canvas& cv) const;
    void compose(const Canvas& cv, core::RgbaImage& out) const;
    void buildTextures();

    std::shared_ptr<const TissueModel> m_model;
    SlideView m_view;
    Affine m_tissueToSlide;
    int m_nodeStep = 12;  // level-0 px between samples of the smooth tissue fields
    std::array<Texture, kOrientations> m_fibres;
    Texture m_punctate, m_chromatin;
    std::vector<uint8_t> m_odToIntensity;  // OD x 1024 -> 8-bit intensity
};

}  // namespace histomark::samples
