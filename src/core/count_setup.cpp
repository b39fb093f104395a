// SPDX-License-Identifier: MIT
#include "core/count_setup.h"

namespace histomark::core {

Result<HpfPreset> presetOf(const CountSetup& s) {
    if (s.presetId == kCustomFieldNumberPresetId) return presetFromFieldNumber(s.customFieldNumber, s.customObjective, s.customShape);
    if (s.presetId == kCustomAreaPresetId) return presetFromArea(s.customAreaMm2, s.customShape);
    if (auto p = findHpfPreset(s.presetId)) return *p;
    return Error{"Unknown field preset '" + s.presetId + "'"};
}

Result<CountReport> evaluateCount(const CountSetup& setup, double mppX, double mppY,
                                  const std::vector<Level0Point>& mitoses, const Level0Rect& slide) {
    auto preset = presetOf(setup);
    if (!preset) return Error{preset.error()};
    if (!setup.placed) return Error{"No count area yet: place the fields (or choose a region) first"};
    auto result = countMitoses(setup.area, *preset, mppX, mppY, mitoses, slide);
    if (!result) return Error{result.error()};
    CountReport report{std::move(*result), std::move(*preset), std::nullopt};
    if (setup.differentiation && setup.necrosis)
        if (auto g = fnclccGrade(*setup.differentiation, report.result.mitoticScore, *setup.necrosis)) report.grade = *g;
    return report;
}

Result<FieldGrid> gridAt(const CountSetup& setup, double mppX, double mppY, Level0Point centre, int columns, int rows) {
    auto preset = presetOf(setup);
    if (!preset) return Error{preset.error()};
    auto size = gridCellSizePx(*preset, mppX, mppY);
    if (!size) return Error{size.error()};
    if (columns < 1 || rows < 1 || int64_t(columns) * rows > 100) return Error{"A field grid has 1 to 100 fields"};
    return centredGrid(centre, *size, columns, rows);
}

}  // namespace histomark::core
