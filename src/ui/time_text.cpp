// SPDX-License-Identifier: MIT
#include "ui/time_text.h"

#include <ctime>

namespace histomark::ui {

std::string localTimeText(int64_t unix) {
    const std::time_t t = std::time_t(unix);
    char buf[64];
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

}  // namespace histomark::ui
