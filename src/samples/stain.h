// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>

namespace histomark::samples {

// The stains of the demo case. IHC slides are hematoxylin + DAB; H&E is hematoxylin + eosin.
enum class Stain { HE, Desmin, Ki67, Cd117 };

const char* stainName(Stain s);   // "HE", "desmin", "ki67", "cd117" (file names, JSON)
const char* stainLabel(Stain s);  // "H&E", "DESMIN", "KI-67", "CD117" (slide label text)
std::optional<Stain> parseStain(const std::string& name);

// Normalised optical-density vectors (R, G, B) of the two stains of a slide (DOMAIN.md section 6):
// `h` hematoxylin, `x` eosin for H&E or DAB for IHC. Ruifrok & Johnston's standard values.
struct StainVectors {
    float h[3];
    float x[3];
};
StainVectors stainVectors(Stain s);

}  // namespace histomark::samples
