// SPDX-License-Identifier: MIT
#include "core/slide_info.h"

namespace histomark::core {

const char* mppSourceName(MppSource s) {
    switch (s) {
        case MppSource::Vendor: return "vendor";
        case MppSource::TiffResolution: return "tiff-resolution";
        case MppSource::User: return "user";
        case MppSource::Calibrated: return "calibrated";
        case MppSource::Unknown: break;
    }
    return "unknown";
}

}  // namespace histomark::core
