// SPDX-License-Identifier: MIT
#include "storage/pack_slides.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>
#include <utility>
#include <vector>

namespace histomark::storage {
namespace fs = std::filesystem;
namespace {

std::string lowerExtension(const fs::path& p) {
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return e;
}

// Every file to copy for the slides (a MIRAX data folder's files too), from and to.
using Copies = std::vector<std::pair<fs::path, fs::path>>;

void addFolder(Copies& copies, const fs::path& from, const fs::path& to) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) copies.emplace_back(it->path(), to / fs::relative(it->path(), from, ec));
}

// Copies in 8 MiB blocks so that a slide of gigabytes shows progress and can be stopped.
std::string copyAll(const Copies& copies, core::JobControl* job) {
    std::error_code ec;
    uintmax_t total = 0, done = 0;
    for (const auto& [from, to] : copies) total += fs::file_size(from, ec);
    std::vector<char> block(size_t(8) << 20);
    for (const auto& [from, to] : copies) {
        fs::create_directories(to.parent_path(), ec);
        std::ifstream in(from, std::ios::binary);
        std::ofstream out(to, std::ios::binary | std::ios::trunc);
        if (!in || !out) return "cannot open " + (in ? to : from).string();
        while (in) {
            if (job && job->cancelled()) return "cancelled";
            in.read(block.data(), std::streamsize(block.size()));
            if (const std::streamsize n = in.gcount(); n > 0) {
                if (!out.write(block.data(), n)) return "cannot write " + to.string() + " (is the disk full?)";
                done += uintmax_t(n);
                if (job && total) job->setProgress(double(done) / double(total));
            }
        }
        if (in.bad()) return "cannot read " + from.string();
        out.close();
        if (!out) return "cannot write " + to.string() + " (is the disk full?)";
    }
    if (job) job->setProgress(1);
    return "";
}

}  // namespace

core::Result<std::map<core::CaseSlideId, std::string>> copyPackSlides(const std::vector<PackSlide>& slides, const fs::path& folder,
                                                                      core::JobControl* job) {
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
    Copies copies;
    for (const PackSlide& s : slides) {
        const fs::path from(s.path);
        const std::string stem = "question-" + std::to_string(s.question) + "-" + std::to_string(s.index);
        const fs::path to = folder / (stem + from.extension().string());
        copies.emplace_back(from, to);
        // MIRAX keeps its tiles in a folder of the slide's own name, found by that name.
        if (lowerExtension(from) == ".mrxs" && fs::is_directory(from.parent_path() / from.stem(), ec))
            addFolder(copies, from.parent_path() / from.stem(), folder / stem);
        out[s.id] = (folder.filename() / to.filename()).string();
    }
    if (const std::string why = copyAll(copies, job); !why.empty()) {
        fs::remove_all(folder, ec);
        return R::failure(why == "cancelled" ? why : "Cannot copy the slides into " + folder.string() + ": " + why);
    }
    return out;
}

}  // namespace histomark::storage
