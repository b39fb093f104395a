// SPDX-License-Identifier: MIT
#pragma once
#include "core/affine.h"

namespace histomark::samples {
using core::Affine;  // the sample generator places serial sections with the core type
}  // namespace histomark::samples
