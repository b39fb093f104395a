// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>

#include "core/slide_source.h"

namespace histomark::slide {

// Opens a slide or photo with the backend that supports it: OpenSlide for every format it
// recognises, OpenCV for plain images. Errors say what is wrong in words a user can act on
// ("File not found: ...", "... is empty", OpenSlide's own message). May take seconds (MIRAX, NDPI):
// call it off the UI thread.
core::Result<std::shared_ptr<core::SlideSource>> openSlide(const std::string& path);

}  // namespace histomark::slide
