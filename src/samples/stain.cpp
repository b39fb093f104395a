// SPDX-License-Identifier: MIT
#include "samples/stain.h"

namespace histomark::samples {

const char* stainName(Stain s) {
    switch (s) {
        case Stain::HE:
            return "HE";
        case Stain::Desmin:
            return "desmin";
        case Stain::Ki67:
            return "ki67";
        case Stain::Cd117:
            return "cd117";
    }
    return "?";
}

const char* stainLabel(Stain s) {
    switch (s) {
        case Stain::HE:
            return "H&E";
        case Stain::Desmin:
            return "DESMIN";
        case Stain::Ki67:
            return "KI-67";
        case Stain::Cd117:
            return "CD117";
    }
    return "?";
}

std::optional<Stain> parseStain(const std::string& name) {
    for (Stain s : {Stain::HE, Stain::Desmin, Stain::Ki67, Stain::Cd117})
        if (name == stainName(s)) return s;
    return std::nullopt;
}

StainVectors stainVectors(Stain s) {
    if (s == Stain::HE) return {{0.644f, 0.717f, 0.267f}, {0.093f, 0.954f, 0.283f}};
    return {{0.650f, 0.704f, 0.286f}, {0.268f, 0.570f, 0.776f}};
}

}  // namespace histomark::samples
