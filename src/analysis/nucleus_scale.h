// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

#include "core/result.h"

namespace histomark::analysis {

struct ScaleEstimate {
    double umPerPx = 0;
    double nucleusDiameterPx = 0;  // the size measured (see below), in picture px
    int nuclei = 0;                // pieces the measurement rests on
};

// The scale of a picture that carries none (a camera snapshot, a PNG tile), from its nuclei.
// Assumption: the nucleus that holds the median nuclear pixel has an equivalent diameter of
// `nucleusDiameterUm` (7 µm: lymphocytes and most carcinoma nuclei are 6-9 µm wide). Large
// pleomorphic nuclei (sarcomas, high-grade tumours) make the estimate too fine, by up to ~1.4x;
// a picture of small lymphocytes only makes it too coarse.
// The measurement needs no scale itself: hematoxylin above its Otsu threshold, holes filled,
// touching nuclei split by the distance transform; the area-weighted median of the pieces'
// equivalent diameters (the many small fragments a threshold leaves weigh by their area, which is
// little). `hematoxylin`: CV_32F hematoxylin OD. Fails when fewer than 10 pieces are found.
core::Result<ScaleEstimate> estimateUmPerPx(const cv::Mat& hematoxylin, double nucleusDiameterUm = 7);

}  // namespace histomark::analysis
