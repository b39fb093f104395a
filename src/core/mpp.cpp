// SPDX-License-Identifier: MIT
#include "core/mpp.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace histomark::core {

std::optional<double> parseNumber(const std::string& text) {
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    while (end && *end == ' ') ++end;
    if (end == text.c_str() || (end && *end != '\0') || !std::isfinite(v)) return std::nullopt;
    return v;
}

namespace {

std::optional<double> lookup(const std::map<std::string, std::string>& p, const char* key) {
    auto it = p.find(key);
    return it == p.end() ? std::nullopt : parseNumber(it->second);
}

bool plausible(double mpp) { return mpp >= kMinPlausibleMpp && mpp <= kMaxPlausibleMpp; }

std::string fmt(const char* f, double a, double b = 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, f, a, b);
    return buf;
}

// µm per pixel from a TIFF resolution (pixels per unit); nullopt for unit "none" or unknown.
std::optional<double> umPerPixel(double resolution, const std::string& unit) {
    if (resolution <= 0) return std::nullopt;
    if (unit == "centimeter") return 1e4 / resolution;
    if (unit == "inch") return 25400.0 / resolution;
    return std::nullopt;
}

}  // namespace

Mpp resolveMpp(const std::map<std::string, std::string>& p) {
    Mpp m;
    auto vx = lookup(p, "openslide.mpp-x");
    auto vy = lookup(p, "openslide.mpp-y");
    if (vx && vy && *vx > 0 && *vy > 0) {
        if (plausible(*vx) && plausible(*vy)) {
            m.x = vx, m.y = vy, m.source = MppSource::Vendor;
            m.note = "from the scanner's metadata (openslide.mpp-x/y)";
            return m;
        }
        m.note = fmt("vendor mpp %.4g x %.4g um/px is implausible; ignored. ", *vx, *vy);
    }
    auto rx = lookup(p, "tiff.XResolution");
    auto ry = lookup(p, "tiff.YResolution");
    auto unitIt = p.find("tiff.ResolutionUnit");
    std::string unit = unitIt == p.end() ? "" : unitIt->second;
    if (rx && ry) {
        auto ux = umPerPixel(*rx, unit);
        auto uy = umPerPixel(*ry, unit);
        if (!ux || !uy) {
            m.note += "TIFF resolution has no physical unit; ignored. ";
        } else if (!plausible(*ux) || !plausible(*uy)) {
            m.note += fmt("TIFF resolution implies %.4g um/px (%.4g dpi), a file default rather than a scan "
                          "scale; ignored. ",
                          *ux, 25400.0 / *ux);
        } else {
            m.x = ux, m.y = uy, m.source = MppSource::TiffResolution;
            m.note = "from tiff.XResolution/YResolution (" + unit + ")";
            return m;
        }
    }
    m.note += "Scale unknown: set it or calibrate it on a known length.";
    return m;
}

std::optional<double> mppFromCalibration(double knownUm, double lineLevel0Px) {
    if (!(knownUm > 0) || !(lineLevel0Px > 0)) return std::nullopt;
    const double mpp = knownUm / lineLevel0Px;
    if (!plausible(mpp)) return std::nullopt;
    return mpp;
}

std::optional<double> objectivePowerOf(const std::map<std::string, std::string>& p) {
    auto v = lookup(p, "openslide.objective-power");
    if (v && *v > 0) return v;
    return std::nullopt;
}

}  // namespace histomark::core
