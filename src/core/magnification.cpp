// SPDX-License-Identifier: MIT
#include "core/magnification.h"

#include <cstdio>

namespace histomark::core {

Magnification Magnification::forSlide(const SlideInfo& info) {
    Magnification m;
    if (info.mpp.known() && info.mpp.mean() > 0) {
        m.m_basis = Basis::Mpp;
        m.m_level0Magnification = kUmPerScreenPxAt1x / info.mpp.mean();
    } else if (info.objectivePower) {
        m.m_basis = Basis::ObjectiveTag;
        m.m_level0Magnification = *info.objectivePower;
    }
    return m;
}

double Magnification::magnificationAt(double zoom) const { return m_level0Magnification / zoom; }

double Magnification::zoomFor(double magnification) const { return m_level0Magnification / magnification; }

std::string Magnification::label(double zoom) const {
    char buf[64];
    const double mag = magnificationAt(zoom);
    std::snprintf(buf, sizeof buf, mag >= 10 ? "%.0fx" : "%.1fx", mag);
    std::string s = buf;
    if (m_basis == Basis::ObjectiveTag) s += " (objective tag)";
    if (m_basis == Basis::Relative) s += " (relative)";
    return s;
}

std::optional<double> umPerScreenPixel(const Mpp& mpp, double zoom) {
    if (!mpp.known()) return std::nullopt;
    return mpp.mean() * zoom;
}

}  // namespace histomark::core
