// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "samples/affine.h"
#include "samples/stain.h"
#include "samples/tissue_model.h"
#include "samples/tissue_painter.h"

namespace histomark::samples {

struct DemoCaseOptions {
    std::string outDir;
    uint64_t seed = 20261126;
    int64_t width = 8192;  // level-0 px of every slide; 8192 x 6144 at 0.25 µm/px = 2.05 x 1.54 mm
    int64_t height = 6144;
    double mpp = 0.25;
    int jpegQuality = 85;
    std::function<void(const std::string&)> log;  // progress lines; may be empty
};

// One slide of the demo case: the H&E and three serial IHC sections of the same block.
struct DemoSlide {
    Stain stain = Stain::HE;
    std::string file;  // "HE.svs", "desmin.tiff", ...
    Affine fromHe;     // H&E level-0 px -> this slide's level-0 px (rotation, shift, mirroring)
    bool mirrored = false;
    double rotationDegrees = 0;
};

std::vector<DemoSlide> demoSlides(const DemoCaseOptions& options);
std::shared_ptr<const TissueModel> demoModel(const DemoCaseOptions& options);
SlideView demoView(const DemoCaseOptions& options, const DemoSlide& slide);

// Writes HE.svs (Aperio layout, label and macro), desmin.tiff, ki67.tiff, cd117.tiff (generic
// tiled TIFF with resolution tags), truth.json (seed, transforms, mitoses, look-alikes, hotspot,
// Ki-67 and desmin counts) and case.json into outDir, creating it if needed. Deterministic: the
// same options give the same pixels. Errors name the file that failed.
core::Status writeDemoCase(const DemoCaseOptions& options);

}  // namespace histomark::samples
