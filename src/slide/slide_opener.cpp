// SPDX-License-Identifier: MIT
#include "slide/slide_opener.h"

#include <openslide.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "slide/image_file_source.h"
#include "slide/openslide_source.h"
#include "slide/tiff_file.h"
#include "slide/tiff_jpeg_source.h"

namespace histomark::slide {
namespace {

// Most slide formats are TIFF inside (SVS, NDPI, generic, Philips, Ventana ...). When OpenSlide does
// not recognise a file that starts like a TIFF, libtiff usually knows why: a truncated copy has its
// directory cut off. Returns that reason, or empty when the file is no TIFF or libtiff reads it.
std::string tiffDamage(const std::string& path) {
    unsigned char magic[4] = {};
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
        const size_t n = std::fread(magic, 1, 4, f);
        std::fclose(f);
        if (n < 2) return {};
    }
    const bool tiffMagic = (magic[0] == 'I' && magic[1] == 'I' && (magic[2] == 42 || magic[2] == 43) && magic[3] == 0) ||
                           (magic[0] == 'M' && magic[1] == 'M' && magic[2] == 0 && (magic[3] == 42 || magic[3] == 43));
    if (!tiffMagic) return {};
    TiffFile tiff(path);
    if (tiff) {
        // The whole chain of directories: a truncated copy often keeps its first pages and loses
        // the last ones (an SVS's label and macro), which OpenSlide then refuses.
        for (int guard = 0; guard < 100000 && TIFFReadDirectory(tiff.get()); ++guard) {
        }
        if (tiff.error().empty()) return {};
    }
    return "the file is a TIFF, but its structure is damaged or the file is truncated (libtiff: " + tiff.error() + ")";
}

std::atomic<int>& defaultBackendSlot() {
    static std::atomic<int> slot{[] {
        const char* env = std::getenv("HISTOMARK_BACKEND");
        return int(parseBackend(env ? env : "").value_or(Backend::Auto));
    }()};
    return slot;
}

}  // namespace

const char* backendName(Backend backend) {
    switch (backend) {
        case Backend::Fast: return "fast";
        case Backend::OpenSlide: return "openslide";
        case Backend::Auto: break;
    }
    return "auto";
}

std::optional<Backend> parseBackend(std::string_view name) {
    for (Backend b : {Backend::Auto, Backend::Fast, Backend::OpenSlide})
        if (name == backendName(b)) return b;
    return std::nullopt;
}

Backend defaultBackend() { return Backend(defaultBackendSlot().load()); }
void setDefaultBackend(Backend backend) { defaultBackendSlot().store(int(backend)); }

core::Result<std::shared_ptr<core::SlideSource>> openSlide(const std::string& path) {
    return openSlide(path, OpenOptions{defaultBackend()});
}

core::Result<std::shared_ptr<core::SlideSource>> openSlide(const std::string& path, const OpenOptions& options) {
    using R = core::Result<std::shared_ptr<core::SlideSource>>;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (path.empty()) return R::failure("No file given");
    if (!fs::exists(path, ec)) return R::failure("File not found: " + path);
    if (fs::is_directory(path, ec)) return R::failure(path + " is a folder, not a slide file");
    // A FIFO or device would block OpenSlide's and OpenCV's reads forever.
    if (!fs::is_regular_file(path, ec)) return R::failure(path + " is not a regular file");
    if (fs::file_size(path, ec) == 0 && !ec) return R::failure(path + " is empty (0 bytes)");
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
    } else {
        // Otherwise OpenSlide would say only that it does not recognise the format.
        return R::failure("Cannot read " + path + ": " + std::generic_category().message(errno));
    }

    // A reader asked for by name (--backend fast|openslide) that cannot read the file as a slide.
    auto refusedByName = [&](const std::string& why) {
        return R::failure("Cannot open " + path + " as a slide (backend \"" + backendName(options.backend) + "\" reads slides only): " + why);
    };
    std::string openslideError;
    const char* vendor = openslide_detect_vendor(path.c_str());
    if (vendor) {
        auto os = OpenSlideSource::open(path);
        if (os.ok()) {
            if (options.backend == Backend::OpenSlide) return std::shared_ptr<core::SlideSource>(os.value());
            auto fast = TiffJpegSource::open(os.value());
            if (fast.ok()) return std::shared_ptr<core::SlideSource>(fast.value());
            if (options.backend == Backend::Fast)
                return R::failure("Cannot open " + path + " with the fast reader (backend \"fast\"): " + fast.error());
            return std::shared_ptr<core::SlideSource>(os.value());
        }
        openslideError = os.error();
        // A reader asked for by name is not swapped for the plain-image one behind the user's back.
        if (options.backend != Backend::Auto)
            return refusedByName(openslideError + "; the file may be damaged or truncated");
    }
    std::string imageError;
    if (ImageFileSource::looksLikeImage(path)) {
        // A slide OpenSlide knows but cannot read (a truncated copy, often) may still decode as a
        // picture: shown, but said to be a fallback without the slide's scale or pyramid.
        std::vector<std::string> notes;
        if (vendor)
            notes.push_back(std::string("OpenSlide could not open this ") + vendor + " slide (" + openslideError +
                            "): it is shown as a plain image, without the slide's scale or levels; the file may be damaged "
                            "or truncated (copy it again from the scanner)");
        else if (std::string damage = tiffDamage(path); !damage.empty()) {
            if (options.backend != Backend::Auto)
                return refusedByName(damage);
            notes.push_back("Shown as a plain image of its first page, without a slide's scale or levels: " + damage +
                            "; copy it again from the scanner");
        }
        auto img = ImageFileSource::open(path, std::move(notes));
        if (img.ok()) return std::shared_ptr<core::SlideSource>(img.value());
        imageError = img.error();
    }
    if (!openslideError.empty()) return R::failure("Cannot open " + path + ": " + openslideError);
    if (std::string damage = tiffDamage(path); !damage.empty()) return R::failure("Cannot open " + path + ": " + damage);
    if (!imageError.empty()) return R::failure(imageError);
    return R::failure("Cannot open " + path +
                      ": not a slide format OpenSlide recognises, and not a JPEG, PNG, TIFF or BMP image");
}

}  // namespace histomark::slide
