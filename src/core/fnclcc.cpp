// SPDX-License-Identifier: MIT
#include "core/fnclcc.h"

#include <string>

namespace histomark::core {

namespace {
// 9.9999999 from 10 fields × 0.1734 mm² is 10 mitoses, not 9.
constexpr double kBoundaryTolerance = 1e-6;
}  // namespace

int mitoticScore(double per10Hpf) {
    if (per10Hpf >= 20 - kBoundaryTolerance) return 3;
    if (per10Hpf >= 10 - kBoundaryTolerance) return 2;
    return 1;
}

int necrosisScoreFromPercent(double percent) {
    if (percent >= 50 - kBoundaryTolerance) return 2;
    if (percent > 0) return 1;
    return 0;
}

Result<FnclccGrade> fnclccGrade(int differentiation, int mitotic, int necrosis) {
    if (differentiation < 1 || differentiation > 3)
        return Result<FnclccGrade>::failure("the differentiation score must be 1, 2 or 3 (got " +
                                            std::to_string(differentiation) + ")");
    if (mitotic < 1 || mitotic > 3)
        return Result<FnclccGrade>::failure("the mitotic score must be 1, 2 or 3 (got " + std::to_string(mitotic) +
                                            ")");
    if (necrosis < 0 || necrosis > 2)
        return Result<FnclccGrade>::failure("the necrosis score must be 0, 1 or 2 (got " + std::to_string(necrosis) +
                                            ")");
    FnclccGrade g{differentiation, mitotic, necrosis, differentiation + mitotic + necrosis, 0};
    g.grade = g.total <= 3 ? 1 : g.total <= 5 ? 2 : 3;
    return g;
}

const char* differentiationMeaning(int score) {
    switch (score) {
        case 1: return "closely resembles normal adult mesenchymal tissue";
        case 2: return "histological type certain";
        case 3: return "embryonal, undifferentiated, or type doubtful";
        default: return "";
    }
}

}  // namespace histomark::core
