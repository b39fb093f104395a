// SPDX-License-Identifier: MIT
#pragma once
#include "samples/affine.h"
#include "samples/canvas.h"
#include "samples/stain.h"
#include "samples/tissue_model.h"

// Internal to the tissue painter: nuclei, mitotic figures, look-alikes and vessel contents.
namespace histomark::samples {

// How a stain colours what the cells are made of (concentrations, see StainVectors).
struct StainLook {
    float nucleusH = 1;          // nuclear hematoxylin (IHC counterstain is paler than H&E)
    float displace = 0.75f;      // share of the cytoplasm stain a nucleus pushes aside
    float ki67Dab = 0;           // nuclear DAB of proliferating nuclei (Ki-67 only)
    float apoptoticX = 0;        // dense cytoplasm of apoptotic bodies
    float mastX = 0, mastH = 0;  // mast-cell granules (DAB in CD117)
    float rbcX = 0, rbcH = 0;    // red blood cells
    static StainLook of(Stain s);
};

class CellPainter {
public:
    CellPainter(const Affine& tissueToSlide, Stain stain, const Texture& chromatin);

    // Pass 1: clear zones (mitotic halos, retraction around apoptotic bodies, vacuoles).
    void clearing(Canvas& cv, const Cell& c) const;
    // Pass 2: the nucleus or figure itself.
    void nucleus(Canvas& cv, const Cell& c) const;
    // Endothelial nuclei lining the lumen and red cells inside it.
    void vessel(Canvas& cv, const Vessel& v) const;

private:
    // A tissue ellipse (centre, semi-axes in µm, angle in the tissue frame) on this slide.
    Ellipse toSlide(double x, double y, double a, double b, double angle) const;
    void clear(Canvas& cv, const Ellipse& e, float amount) const;
    void solidNucleus(Canvas& cv, const Ellipse& e, float density, uint64_t hash, bool ki67, float rim) const;
    void figure(Canvas& cv, const Cell& c) const;
    void apoptotic(Canvas& cv, const Cell& c) const;
    void mastCell(Canvas& cv, const Cell& c) const;

    Affine m_toSlide;
    double m_pxPerUm;
    StainLook m_look;
    const Texture& m_chromatin;
};

}  // namespace histomark::samples
