// SPDX-License-Identifier: MIT
#pragma once
#include <map>
#include <optional>
#include <string>

#include "core/slide_info.h"

namespace histomark::core {

// Plausible scan resolutions, µm per pixel. Outside this range a resolution tag is a default
// (72 dpi = 352.8 µm/px) or garbage, not a microscope scale.
constexpr double kMinPlausibleMpp = 0.02;
constexpr double kMaxPlausibleMpp = 100.0;

// Microns per pixel from slide properties (OpenSlide names): `openslide.mpp-x/-y` first, else
// `tiff.XResolution/YResolution` with `tiff.ResolutionUnit` (OpenSlide 3.4.1 does not convert these
// for generic TIFF), else unknown. Implausible values are ignored and the reason is put in `note`.
Mpp resolveMpp(const std::map<std::string, std::string>& properties);

// `openslide.objective-power` when present and positive.
std::optional<double> objectivePowerOf(const std::map<std::string, std::string>& properties);

// µm per pixel from a calibration line: a structure of `knownUm` micrometres spans `lineLevel0Px`
// level-0 pixels. nullopt when either is not positive or the result is implausible.
std::optional<double> mppFromCalibration(double knownUm, double lineLevel0Px);

// Parses a decimal number; nullopt for empty, non-numeric, non-finite text.
std::optional<double> parseNumber(const std::string& text);

}  // namespace histomark::core
