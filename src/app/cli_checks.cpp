// SPDX-License-Identifier: MIT
#include "app/cli_checks.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/cli_output.h"
#include "core/mpp.h"
#include "core/utf8_text.h"

namespace histomark::app {
namespace {

// The number an option's text holds, or NaN when it is no number.
double numberOf(const std::string& text) {
    try {
        size_t used = 0;
        const double v = std::stod(text, &used);
        return used == text.size() ? v : NAN;
    } catch (const std::exception&) {
        return NAN;
    }
}

}  // namespace

CLI::Validator finiteNumber() {
    return CLI::Validator(
        [](std::string& text) -> std::string { return std::isfinite(numberOf(text)) ? std::string() : "must be a number (got " + text + ")"; },
        "NUMBER");
}

CLI::Validator micronsPerPixel() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const double v = numberOf(text);
            if (std::isfinite(v) && v >= core::kMinPlausibleMpp && v <= core::kMaxPlausibleMpp) return {};
            return "must be a scale in \xC2\xB5m per pixel from " + shortNumber(core::kMinPlausibleMpp, 3) + " to " +
                   shortNumber(core::kMaxPlausibleMpp, 3) + " (got " + text + "; 40x scans are about 0.25, 20x about 0.5)";
        },
        "\xC2\xB5m/px");
}

CLI::Validator hitRadiusUm() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const double v = numberOf(text);
            if (std::isfinite(v) && v > 0 && v <= 100) return {};
            return "must be a radius in \xC2\xB5m above 0 and at most 100 (got " + text + "; MIDOG's is 7.5)";
        },
        "\xC2\xB5m");
}

CLI::Validator utf8Text() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            text = core::validUtf8(text);
            return {};
        },
        "");
}

CLI::Validator rowId() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            int64_t v = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && v >= 1) return {};
            return "must be an id, a whole number from 1 (got " + text + "; `case show` lists them)";
        },
        "ID");
}

core::Result<core::Level0Rect> roiOnSlide(const core::Level0Rect& roi, const std::string& given, int64_t width, int64_t height,
                                          std::string* clipped) {
    const core::Level0Rect on = roi.intersection({0, 0, double(width), double(height)});
    const std::string slide = "the slide (" + std::to_string(width) + " x " + std::to_string(height) + " px)";
    if (on.width <= 0 || on.height <= 0) return core::Error{"ROI " + given + " lies outside " + slide};
    if (on.x != roi.x || on.y != roi.y || on.width != roi.width || on.height != roi.height) {
        char text[128];
        std::snprintf(text, sizeof text, ": clipped to %.0f,%.0f,%.0f,%.0f", on.x, on.y, on.width, on.height);
        *clipped = "ROI " + given + " reaches past " + slide + text;
    }
    return on;
}

}  // namespace histomark::app
