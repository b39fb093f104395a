// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>

#include "core/slide_info.h"

namespace histomark::core {

// Equivalent microscope magnification of a view. The convention (QuPath, SlideRunner, scanners):
// 40x shows 0.25 µm per screen pixel, 20x 0.5, 10x 1.0, i.e. magnification = 10 / (µm per screen px).
// It is computed from microns per pixel; the scanner's objective-power tag is only a fallback
// when the scale is unknown, and a relative scale (level 0 = "40x") is the last resort.
class Magnification {
public:
    enum class Basis { Mpp, ObjectiveTag, Relative };
    static constexpr double kUmPerScreenPxAt1x = 10.0;

    static Magnification forSlide(const SlideInfo& info);

    Basis basis() const { return m_basis; }
    double magnificationAt(double zoom) const;  // zoom: level-0 px per screen px
    double zoomFor(double magnification) const;
    // "10.0x", with "(objective tag)" or "(relative)" when not computed from mpp.
    std::string label(double zoom) const;

private:
    Basis m_basis = Basis::Relative;
    double m_level0Magnification = 40;  // magnification of level 0 at zoom 1
};

// µm per screen pixel at this zoom, or nullopt when the scale is unknown.
std::optional<double> umPerScreenPixel(const Mpp& mpp, double zoom);

}  // namespace histomark::core
