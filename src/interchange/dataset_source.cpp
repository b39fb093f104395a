// SPDX-License-Identifier: MIT
#include "interchange/dataset_source.h"

#include <algorithm>
#include <cctype>

namespace histomark::interchange::detail {
namespace {

std::string baseLower(const std::string& s) {
    const size_t slash = s.find_last_of("/\\");
    std::string b = slash == std::string::npos ? s : s.substr(slash + 1);
    for (char& c : b) c = char(std::tolower(static_cast<unsigned char>(c)));
    return b;
}

long byName(const std::vector<ImageEntry>& images, const std::string& wanted) {
    const std::string w = baseLower(wanted);
    for (size_t i = 0; i < images.size(); ++i)
        if (baseLower(images[i].fileName) == w) return long(i);
    // Else its id in the set.
    for (size_t i = 0; i < images.size(); ++i)
        if (std::to_string(images[i].id) == wanted) return long(i);
    return -1;
}

}  // namespace

long chooseImage(const std::vector<ImageEntry>& images, const DatasetChoice& choice) {
    if (!choice.image.empty()) return byName(images, choice.image);
    if (!choice.slideFileName.empty())
        if (const long i = byName(images, choice.slideFileName); i >= 0) return i;
    return images.size() == 1 ? 0 : -1;
}

std::string chooseImageError(const std::vector<ImageEntry>& images, const DatasetChoice& choice) {
    const std::string& wanted = choice.image;
    if (images.empty()) return "it holds no images";
    std::string list;
    for (size_t i = 0; i < images.size() && i < 5; ++i) list += (i ? ", " : "") + images[i].fileName;
    if (images.size() > 5) list += ", ...";
    const std::string holds = "it holds " + std::to_string(images.size()) + " images (" + list + ")";
    if (wanted.empty())
        return holds + (choice.slideFileName.empty() ? "" : ", none named " + choice.slideFileName) + ": name one (histomark marks import --image NAME or its id)";
    return "no image '" + wanted + "' in it; " + holds;
}

}  // namespace histomark::interchange::detail
