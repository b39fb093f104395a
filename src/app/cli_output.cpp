// SPDX-License-Identifier: MIT
#include "app/cli_output.h"

#include <cstdio>

namespace histomark::app {

int fail(const std::string& message, int code) {
    std::fprintf(stderr, "histomark: %s\n", message.c_str());
    return code;
}

std::string shortNumber(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

}  // namespace histomark::app
