// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>

namespace histomark::core {

struct ScaleBar {
    double lengthUm = 0;  // 1, 2 or 5 x 10^k µm
    double lengthScreenPx = 0;
    std::string label;  // "50 µm", "2 mm"
};

// The longest 1-2-5 length that fits in `maxScreenPx` at this scale, at least `minScreenPx` long when
// possible. nullopt when the scale is unknown (umPerScreenPx <= 0).
std::optional<ScaleBar> chooseScaleBar(double umPerScreenPx, double maxScreenPx = 180);

// "850 µm", "1.25 mm", "12.0 µm": a length for display, switching to mm from 1000 µm.
std::string formatLengthUm(double um);

}  // namespace histomark::core
