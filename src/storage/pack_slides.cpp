// SPDX-License-Identifier: MIT
#include "storage/pack_slides.h"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace histomark::storage {
namespace fs = std::filesystem;
namespace {

std::string lowerExtension(const fs::path& p) {
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return e;
}

}  // namespace

core::Result<std::map<core::CaseSlideId, std::string>> copyPackSlides(const std::vector<PackSlide>& slides, const fs::path& folder) {
    using R = core::Result<std::map<core::CaseSlideId, std::string>>;
    std::error_code ec;
    for (const PackSlide& s : slides) {
        const std::string ext = lowerExtension(s.path);
        if (ext == ".vms" || ext == ".vmu" || ext == ".dcm")
            return R::failure("slide " + std::to_string(s.id) + " (" + s.path + ") is made of files that name each other: copy it by hand, "
                              "or pack without copying the slides");
        if (!fs::is_regular_file(s.path, ec)) return R::failure("slide " + std::to_string(s.id) + " is missing: " + s.path);
    }
    if (fs::exists(folder, ec) && !fs::is_empty(folder, ec))
        return R::failure(folder.string() + " already holds files: the slides are copied into a new folder");
    if (!fs::create_directories(folder, ec) && ec) return R::failure("Cannot make " + folder.string() + ": " + ec.message());
    std::map<core::CaseSlideId, std::string> out;
    for (const PackSlide& s : slides) {
        const fs::path from(s.path);
        const std::string stem = "question-" + std::to_string(s.question) + "-" + std::to_string(s.index);
        const fs::path to = folder / (stem + from.extension().string());
        fs::copy_file(from, to, ec);
        // MIRAX keeps its tiles in a folder of the slide's own name, found by that name.
        if (!ec && lowerExtension(from) == ".mrxs" && fs::is_directory(from.parent_path() / from.stem(), ec))
            fs::copy(from.parent_path() / from.stem(), folder / stem, fs::copy_options::recursive, ec);
        if (ec) {
            const std::string why = ec.message();
            fs::remove_all(folder, ec);
            return R::failure("Cannot copy " + s.path + " into " + folder.string() + ": " + why);
        }
        out[s.id] = (folder.filename() / to.filename()).string();
    }
    return out;
}

}  // namespace histomark::storage
