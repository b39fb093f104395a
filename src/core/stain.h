// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace histomark::core {

// What a slide is stained with: "H&E" or an IHC marker. Stored as its canonical display name, so
// custom markers ("MUC4", "NKX2.2") are simply names that are not in the catalogue.
struct StainInfo {
    std::string name;       // canonical: "H&E", "desmin", "Ki-67", "CD117"
    std::string what;       // one line for the picker: what the marker shows
    bool nuclear = false;   // scored on nuclei (Ki-67, S100, SOX10, STAT6...)
};

inline constexpr std::string_view kHematoxylinEosin = "H&E";

// The catalogue offered in the stain picker: H&E first, then the usual sarcoma panel.
const std::vector<StainInfo>& stainCatalogue();

// Canonical name for what a user or a file name says: "he", "H and E", "HE" -> "H&E";
// "ki67", "KI-67", "mib1" -> "Ki-67"; "cd117", "c-kit" -> "CD117". Unknown text is kept as typed
// (trimmed): a custom marker. Empty input gives "".
std::string canonicalStain(std::string_view text);

bool isHematoxylinEosin(std::string_view canonical);
// The catalogue entry for a canonical name, or nullptr for a custom marker.
const StainInfo* findStain(std::string_view canonical);

}  // namespace histomark::core
