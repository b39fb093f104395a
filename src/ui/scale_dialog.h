// SPDX-License-Identifier: MIT
#pragma once
#include <optional>

#include "ui/ui_actions.h"

namespace histomark::ui {
class SlideView;

// Setting a slide's scale by hand (µm per pixel) or by calibration on a line of known length,
// and going back to the file's own value. Every area or length shown depends on this, so the
// dialog says where the current value came from.
class ScaleDialog {
public:
    void open(SlideView& view);
    void draw(UiActions& actions, SlideView* activeView);

private:
    bool m_requestOpen = false;
    bool m_requestCalibrationResult = false;
    double m_mpp = 0.25;
    double m_knownUm = 100;
    double m_lineLength = 0;
};

}  // namespace histomark::ui
