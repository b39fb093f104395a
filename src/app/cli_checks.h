// SPDX-License-Identifier: MIT
#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "core/units.h"

namespace histomark::app {

// Option checks shared by the subcommands. CLI11's Range lets NaN through (every comparison with
// it is false), and a scale of 1e-9 µm/px makes a picture of a few pixels a region of kilometres
// of working pixels: these refuse both before any work.

// A scale in µm per pixel: finite, within the plausible range slides and microscopes give
// (core::kMinPlausibleMpp .. kMaxPlausibleMpp, the range the window's Set scale takes).
CLI::Validator micronsPerPixel();
// Any finite number (a minimum score: above 1 keeps nothing, below 0 everything).
CLI::Validator finiteNumber();
// A hit radius for matching cells, in µm: above 0, at most 100 (cells are 5-50 µm across; a wider
// radius would only make matching quadratic).
CLI::Validator hitRadiusUm();
// Names and free text (readers, classes, comments, accessions) made well-formed UTF-8, stray bytes
// read as Latin-1 (core::validUtf8), so that the project and every exported file hold UTF-8.
// A transform: use ->transform(utf8Text()). Never for file paths, whose bytes are the name.
CLI::Validator utf8Text();
// A row id typed as a number (`--slide 3`): a whole number from 1 that fits, so that a typo of 25
// digits is not saturated into some other id.
CLI::Validator rowId();

// A --roi (`given` as typed) against a width x height slide: the part on it. One wholly off the
// slide is an error ("ROI GIVEN lies outside the slide (W x H px)"), not an empty result; one
// reaching past it is cut to it, and `clipped` says so.
core::Result<core::Level0Rect> roiOnSlide(const core::Level0Rect& roi, const std::string& given, int64_t width, int64_t height,
                                          std::string* clipped);

}  // namespace histomark::app
