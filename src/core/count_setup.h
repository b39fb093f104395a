// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/count_area.h"
#include "core/fnclcc.h"
#include "core/hpf.h"
#include "core/result.h"

namespace histomark::core {

// One reader's mitotic count on one slide, as saved in the project: which field definition, where
// the fields are, and the other FNCLCC components the reader gave.
struct CountSetup {
    std::string presetId = kFnclccPresetId;  // a built-in preset, "custom-fn" or "custom-area"
    double customFieldNumber = 22, customObjective = 40;  // for "custom-fn"
    double customAreaMm2 = 0.2376;                        // for "custom-area"
    FieldShape customShape = FieldShape::Circle;
    bool placed = false;  // the reader placed a count area (fields or a region)
    CountArea area;
    std::optional<int> differentiation;  // 1..3
    std::optional<int> necrosis;         // 0..2
};

inline constexpr const char* kCustomFieldNumberPresetId = "custom-fn";
inline constexpr const char* kCustomAreaPresetId = "custom-area";

// The field definition a setup uses (a built-in preset or its custom values).
Result<HpfPreset> presetOf(const CountSetup& setup);

// Everything the result panel and `histomark count` show.
struct CountReport {
    CountResult result;
    HpfPreset preset;
    std::optional<FnclccGrade> grade;  // when differentiation and necrosis are given
};

// Counts `mitoses` (level-0 points) in the setup's area, within `slide` when known (countMitoses). Errors: no area placed, unknown scale, or
// the count itself (core/count_area.h).
Result<CountReport> evaluateCount(const CountSetup& setup, double mppX, double mppY,
                                  const std::vector<Level0Point>& mitoses, const Level0Rect& slide = {});

// A fresh grid of `columns` x `rows` fields of the setup's preset, centred on `centre`.
Result<FieldGrid> gridAt(const CountSetup& setup, double mppX, double mppY, Level0Point centre, int columns, int rows);

}  // namespace histomark::core
