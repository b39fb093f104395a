// SPDX-License-Identifier: MIT
#include "interchange/class_names.h"

#include <array>
#include <cctype>
#include <utility>

#include "core/annotation.h"

namespace histomark::interchange {

namespace {

std::string trimmed(const std::string& s) {
    const auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    size_t b = 0, e = s.size();
    while (b < e && blank(s[b])) ++b;
    while (e > b && blank(s[e - 1])) --e;
    return s.substr(b, e - b);
}

// Lower case, '_' as ' ', runs of blanks as one: the key the synonyms are listed under.
std::string matchKey(const std::string& s) {
    std::string key;
    for (char c : trimmed(s)) {
        if (c == '_') c = ' ';
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!key.empty() && key.back() != ' ') key += ' ';
            continue;
        }
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return key;
}

}  // namespace

std::string canonicalClassName(const std::string& raw) {
    static const std::array<std::pair<const char*, const char*>, 20> synonyms = {{
        {"mitosis", core::kMitoticFigure},
        {"mitoses", core::kMitoticFigure},
        {"mitotic figure", core::kMitoticFigure},
        {"mitotic figures", core::kMitoticFigure},
        {"nonmitosis", core::kLookAlike},
        {"non-mitosis", core::kLookAlike},
        {"not mitotic figure", core::kLookAlike},
        {"hard negative", core::kLookAlike},
        {"imposter", core::kLookAlike},
        {"impostor", core::kLookAlike},
        {"look-alike", core::kLookAlike},
        {"lookalike", core::kLookAlike},
        {"look alike", core::kLookAlike},
        {"tumor", core::kTumourRegion},
        {"tumour", core::kTumourRegion},
        {"tumor region", core::kTumourRegion},
        {"tumour region", core::kTumourRegion},
        {"necrosis", core::kNecrosis},
        {"unclassified", kUnclassified},
        {"", kUnclassified},
    }};
    const std::string key = matchKey(raw);
    for (const auto& [from, to] : synonyms)
        if (key == from) return to;
    return trimmed(raw);
}

bool sameClassName(const std::string& a, const std::string& b) {
    auto lower = [](std::string t) {
        for (char& c : t) c = char(std::tolower(static_cast<unsigned char>(c)));
        return t;
    };
    return lower(canonicalClassName(a)) == lower(canonicalClassName(b));
}

uint32_t defaultClassColour(const std::string& name) {
    for (const core::AnnotationClass& c : core::defaultAnnotationClasses())
        if (c.name == name) return c.rgb;
    if (name == kUnclassified) return 0x9e9e9e;
    // Distinct, saturated colours that read on H&E pink and on IHC brown alike.
    static constexpr std::array<uint32_t, 8> palette = {0xe6194b, 0x3cb44b, 0x4363d8, 0xf58231,
                                                        0x911eb4, 0x46f0f0, 0xf032e6, 0x008080};
    uint32_t h = 2166136261u;  // FNV-1a: stable across runs and builds, unlike std::hash
    for (unsigned char c : name) h = (h ^ c) * 16777619u;
    return palette[h % palette.size()];
}

}  // namespace histomark::interchange
