// SPDX-License-Identifier: MIT
#include "platform/process_memory.h"

#include <fstream>
#include <string>

namespace histomark::platform {
namespace {

double statusFieldMiB(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1)) / 1024.0;  // kB
    }
    return 0;
}

}  // namespace

double currentRssMiB() { return statusFieldMiB("VmRSS"); }
double peakRssMiB() { return statusFieldMiB("VmHWM"); }

}  // namespace histomark::platform
