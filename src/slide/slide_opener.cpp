// SPDX-License-Identifier: MIT
#include "slide/slide_opener.h"

#include <openslide.h>

#include <filesystem>
#include <system_error>

#include "slide/image_file_source.h"
#include "slide/openslide_source.h"

namespace histomark::slide {

core::Result<std::shared_ptr<core::SlideSource>> openSlide(const std::string& path) {
    using R = core::Result<std::shared_ptr<core::SlideSource>>;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (path.empty()) return R::failure("No file given");
    if (!fs::exists(path, ec)) return R::failure("File not found: " + path);
    if (fs::is_directory(path, ec)) return R::failure(path + " is a folder, not a slide file");
    if (fs::file_size(path, ec) == 0 && !ec) return R::failure(path + " is empty (0 bytes)");

    std::string openslideError;
    if (openslide_detect_vendor(path.c_str())) {
        auto os = OpenSlideSource::open(path);
        if (os.ok()) return std::shared_ptr<core::SlideSource>(os.value());
        openslideError = os.error();
    }
    if (ImageFileSource::looksLikeImage(path)) {
        auto img = ImageFileSource::open(path);
        if (img.ok()) return std::shared_ptr<core::SlideSource>(img.value());
        if (openslideError.empty()) return R::failure(img.error());
    }
    if (!openslideError.empty()) return R::failure("Cannot open " + path + ": " + openslideError);
    return R::failure("Cannot open " + path +
                      ": not a slide format OpenSlide recognises, and not a JPEG, PNG, TIFF or BMP image");
}

}  // namespace histomark::slide
