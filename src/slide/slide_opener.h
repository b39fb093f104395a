// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/slide_source.h"

namespace histomark::slide {

// Which reader opens the slides OpenSlide recognises. Plain images (PNG, JPEG, stripped TIFF)
// always go to ImageFileSource.
enum class Backend {
    Auto,       // the fast path (TiffJpegSource: libtiff + TurboJPEG) where it takes the file, else OpenSlide
    Fast,       // the fast path only: a slide it does not take fails to open, with the reason
    OpenSlide,  // OpenSlide only
};

const char* backendName(Backend backend);  // "auto", "fast", "openslide"
std::optional<Backend> parseBackend(std::string_view name);

// The backend openSlide(path) uses: the HISTOMARK_BACKEND environment variable (auto, fast or
// openslide) until the command line sets it (--backend); Auto otherwise. Thread-safe.
Backend defaultBackend();
void setDefaultBackend(Backend backend);

struct OpenOptions {
    Backend backend = Backend::Auto;
};

// Opens a slide or photo with the backend that supports it: for formats OpenSlide recognises, the
// fast TIFF/JPEG reader when the file is a layout it fully understands (Aperio SVS and generic
// tiled TIFF with JPEG tiles), else OpenSlide; OpenCV for plain images. Errors say what is wrong in
// words a user can act on ("File not found: ...", "... is empty", OpenSlide's own message). May
// take seconds (MIRAX, NDPI): call it off the UI thread.
core::Result<std::shared_ptr<core::SlideSource>> openSlide(const std::string& path, const OpenOptions& options);
// The same with defaultBackend().
core::Result<std::shared_ptr<core::SlideSource>> openSlide(const std::string& path);

}  // namespace histomark::slide
