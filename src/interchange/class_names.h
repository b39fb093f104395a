// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

namespace histomark::interchange {

// The class of marks a file gives none for (QuPath's unclassified objects, ASAP's PartOfGroup="None").
inline constexpr const char* kUnclassified = "unclassified";

// The project's name for a class as other tools spell it, so an imported "Mitosis" counts with our
// mitotic figures: case-insensitive, trimmed, '_' read as ' '.
//   mitosis, mitotic figure(s), mitoses                          -> core::kMitoticFigure
//   nonmitosis, non-mitosis, not mitotic figure, hard negative,
//   imposter, impostor, look-alike, lookalike, look alike        -> core::kLookAlike
//   tumor, tumour, tumor region, tumour region                   -> core::kTumourRegion
//   necrosis                                                     -> core::kNecrosis
//   unclassified, "" (nothing but blanks)                        -> kUnclassified
// Any other name is kept as given, trimmed (its case too: "Stroma" stays "Stroma").
std::string canonicalClassName(const std::string& raw);

// Whether two spellings name one class: equal canonical names, case aside ("Tumor" and "tumour
// region"; "Stroma" and "stroma").
bool sameClassName(const std::string& a, const std::string& b);

// A colour for a class whose file gives none: the project default for the default classes, grey for
// kUnclassified, else a stable pick from a palette by the name (same name, same colour; 0xRRGGBB).
uint32_t defaultClassColour(const std::string& name);

}  // namespace histomark::interchange
