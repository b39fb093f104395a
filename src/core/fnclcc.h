// SPDX-License-Identifier: MIT
#pragma once
#include "core/result.h"

namespace histomark::core {

// FNCLCC grade of soft-tissue sarcoma (Trojani 1984, Guillou et al. 1997; DOMAIN §3).

// Mitotic score from mitoses per 10 HPF of 0.1734 mm²: 1 below 10, 2 for 10 to below 20, 3 from
// 20. A value within 1e-6 below a boundary counts as the boundary, so floating-point noise from
// an area normalisation never lowers a score. NaN or negative → 1.
int mitoticScore(double per10Hpf);

// Necrosis score from the percentage of tumour that is necrotic: 0 none (0 %), 1 below 50 %,
// 2 from 50 % (with the same 1e-6 tolerance below 50).
int necrosisScoreFromPercent(double percent);

struct FnclccGrade {
    int differentiation = 0;  // 1..3
    int mitotic = 0;          // 1..3
    int necrosis = 0;         // 0..2
    int total = 0;            // 2..8
    int grade = 0;            // 1..3
};

// Sums the three scores: total 2–3 → grade 1, 4–5 → grade 2, 6–8 → grade 3. An error names the
// score that is out of range.
Result<FnclccGrade> fnclccGrade(int differentiation, int mitoticScore, int necrosisScore);

// What a differentiation score means (DOMAIN §3 table); "" outside 1..3.
const char* differentiationMeaning(int score);

}  // namespace histomark::core
