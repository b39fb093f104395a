// SPDX-License-Identifier: MIT
#include "core/stain.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace histomark::core {
namespace {

// Lower case with spaces, dashes, dots and underscores removed: "Ki-67" and "ki 67" meet at "ki67".
std::string foldKey(std::string_view s) {
    std::string k;
    for (char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        if (std::isspace(u) || ch == '-' || ch == '_' || ch == '.') continue;
        k.push_back(char(std::tolower(u)));
    }
    return k;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Other spellings seen in file names and requests, folded, mapped to the canonical name.
const std::vector<std::pair<std::string, std::string>>& aliases() {
    static const std::vector<std::pair<std::string, std::string>> a = {
        {"he", "H&E"},          {"h&e", "H&E"},           {"handE", "H&E"},        {"hande", "H&E"},
        {"hematoxylineosin", "H&E"}, {"haematoxylineosin", "H&E"},
        {"mib1", "Ki-67"},      {"ckit", "CD117"},        {"kit", "CD117"},        {"ano1", "DOG1"},
        {"panck", "pancytokeratin"}, {"ck", "pancytokeratin"}, {"ae1/ae3", "pancytokeratin"},
        {"ae1ae3", "pancytokeratin"}, {"cytokeratin", "pancytokeratin"}, {"asma", "SMA"},
        {"alphasma", "SMA"},    {"caldesmon", "h-caldesmon"}, {"hcald", "h-caldesmon"}, {"s100protein", "S100"},
        {"h3k27me3", "H3K27me3"}, {"betacatenin", "beta-catenin"}, {"bcatenin", "beta-catenin"},
        {"smarcb1", "INI1"},    {"baf47", "INI1"},
    };
    return a;
}

}  // namespace

const std::vector<StainInfo>& stainCatalogue() {
    static const std::vector<StainInfo> c = {
        {"H&E", "haematoxylin and eosin", false},
        {"desmin", "muscle (smooth and skeletal)", false},
        {"SMA", "smooth-muscle actin: smooth muscle, myofibroblasts", false},
        {"h-caldesmon", "smooth muscle", false},
        {"CD117", "KIT: GIST, mast cells", false},
        {"DOG1", "GIST", false},
        {"CD34", "endothelium, GIST, solitary fibrous tumour, DFSP", false},
        {"S100", "nerve sheath, melanocytic, chondroid", true},
        {"SOX10", "nerve sheath, melanocytic", true},
        {"pancytokeratin", "epithelial (carcinoma, synovial sarcoma)", false},
        {"Ki-67", "proliferation index", true},
        {"STAT6", "solitary fibrous tumour (NAB2-STAT6)", true},
        {"MDM2", "well/de-differentiated liposarcoma", true},
        {"CDK4", "well/de-differentiated liposarcoma", true},
        {"myogenin", "rhabdomyosarcoma", true},
        {"MyoD1", "rhabdomyosarcoma", true},
        {"ERG", "vascular tumours", true},
        {"CD31", "vascular tumours", false},
        {"EMA", "epithelial, perineurioma, synovial sarcoma", false},
        {"TLE1", "synovial sarcoma", true},
        {"INI1", "loss in epithelioid sarcoma, rhabdoid tumours", true},
        {"H3K27me3", "loss in malignant peripheral nerve sheath tumour", true},
        {"beta-catenin", "desmoid fibromatosis (nuclear)", true},
        {"ALK", "inflammatory myofibroblastic tumour", false},
    };
    return c;
}

const StainInfo* findStain(std::string_view canonical) {
    const auto& c = stainCatalogue();
    auto it = std::find_if(c.begin(), c.end(), [&](const StainInfo& s) { return s.name == canonical; });
    return it == c.end() ? nullptr : &*it;
}

std::string canonicalStain(std::string_view text) {
    text = trim(text);
    if (text.empty()) return {};
    const std::string key = foldKey(text);
    for (const auto& s : stainCatalogue())
        if (foldKey(s.name) == key) return s.name;
    for (const auto& [alias, name] : aliases())
        if (foldKey(alias) == key) return name;
    return std::string(text);
}

bool isHematoxylinEosin(std::string_view canonical) { return canonical == kHematoxylinEosin; }

}  // namespace histomark::core
