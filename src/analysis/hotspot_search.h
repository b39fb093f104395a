// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "analysis/mitosis_candidates.h"
#include "core/hpf.h"
#include "core/result.h"
#include "core/units.h"

namespace histomark::analysis {

// "Find hotspot" (DOMAIN §9.2): the window of the preset's 10-HPF area (its shape: a circle or a
// 4:3 rectangle) over the tissue that holds the most candidates.
struct HotspotOptions {
    core::HpfPreset preset;       // window area = preset.referenceAreaMm2, shape = preset.shape
    bool scoreWeighted = false;   // rank by the sum of scores instead of the count
    double strideFraction = 0.125;  // window step, as a fraction of its width / height
    double minTissueFraction = 0.5; // windows mostly on glass (or excluded) are not ranked, unless none has more
    int top = 5;                    // windows returned, mutually non-overlapping
};

struct HotspotWindow {
    core::Level0Rect box;       // the window (a circle's bounding square), level-0 px
    int count = 0;              // candidates inside the window (inside the circle for round ones)
    double weighted = 0;        // their summed scores
    double tissueFraction = 0;  // share of the window on tissue, outside excluded areas
    double per10Hpf = 0;        // count per the preset's reference area of tissue
    double tissueMm2 = 0;       // the counted area inside the window: per10Hpf's denominator
    bool partial = false;       // under HotspotOptions::minTissueFraction on tissue: per10Hpf is scaled up
    bool largerThanSlide = false;  // the slide is narrower or shorter than one window
};

// What a reader must know before trusting a window's figure per 10 HPF, or "" when nothing: the
// slide is smaller than one window, or no window is even half on tissue, so the figure is scaled
// up from a small area (a few candidates on 0.07 mm² read as hundreds per 10 HPF). Slide size in
// level-0 px, scale in µm/px.
std::string hotspotCaveat(const HotspotWindow& best, double slideWidth, double slideHeight, double mppX, double mppY);

// Masks: `tissue` (CV_8U, non-zero = tissue) covering the slide from level-0 (0, 0) at
// `maskDownsample` level-0 px per mask px; `excluded` (optional, same size): necrosis, ulcer and
// other areas not to count, whose candidates are ignored. Candidates off the tissue are ignored.
// Windows step over the slide (`slideWidth` x `slideHeight` level-0 px) and are ranked by count
// (or weighted score; ties: more tissue, then top-left first). Along a side shorter than the window
// there is one position, centred on the slide; the tissue fraction is over the whole window. Errors: unknown scale, no preset
// area, an empty mask.
core::Result<std::vector<HotspotWindow>> findHotspots(const std::vector<MitosisCandidate>& candidates,
                                                      const cv::Mat& tissue, double maskDownsample, double slideWidth,
                                                      double slideHeight, double mppX, double mppY,
                                                      const HotspotOptions& options, const cv::Mat& excluded = {});

}  // namespace histomark::analysis
