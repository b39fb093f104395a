// SPDX-License-Identifier: MIT
#pragma once

namespace histomark::platform {

// Resident set size of this process in MiB, from /proc/self/status (0 where unavailable).
double currentRssMiB();
double peakRssMiB();  // VmHWM: the high-water mark since start

}  // namespace histomark::platform
