// SPDX-License-Identifier: MIT
#include "core/scale_bar.h"

#include <cmath>
#include <cstdio>

namespace histomark::core {

std::optional<ScaleBar> chooseScaleBar(double umPerScreenPx, double maxScreenPx) {
    if (!(umPerScreenPx > 0) || !(maxScreenPx > 0)) return std::nullopt;
    const double maxUm = umPerScreenPx * maxScreenPx;
    double decade = std::pow(10.0, std::floor(std::log10(maxUm)));
    double best = decade;
    for (double m : {1.0, 2.0, 5.0})
        if (m * decade <= maxUm * (1 + 1e-9)) best = m * decade;
    ScaleBar bar;
    bar.lengthUm = best;
    bar.lengthScreenPx = best / umPerScreenPx;
    bar.label = formatLengthUm(best);
    return bar;
}

std::string formatLengthUm(double um) {
    char buf[64];
    if (std::fabs(um) >= 1000) {
        const double mm = um / 1000;
        std::snprintf(buf, sizeof buf, mm == std::floor(mm) ? "%.0f mm" : "%.2f mm", mm);
    } else if (std::fabs(um) >= 10 || um == std::floor(um)) {
        std::snprintf(buf, sizeof buf, "%.0f \xC2\xB5m", um);
    } else {
        std::snprintf(buf, sizeof buf, "%.2f \xC2\xB5m", um);
    }
    return buf;
}

}  // namespace histomark::core
