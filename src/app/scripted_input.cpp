// SPDX-License-Identifier: MIT
#include "app/scripted_input.h"

#include <algorithm>

namespace histomark::app {

void ScriptedInput::drag(float x0, float y0, float x1, float y1, int steps) {
    steps = std::max(1, steps);
    push({x0, y0, false});
    push({x0, y0, true});
    for (int i = 1; i <= steps; ++i) {
        const float t = float(i) / float(steps);
        push({x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, true});
    }
    push({x1, y1, false});
}

void ScriptedInput::wheel(float x, float y, float clicks) {
    push({x, y, false});
    push({x, y, false, clicks});
    push({x, y, false});
}

void ScriptedInput::click(float x, float y) {
    push({x, y, false});
    push({x, y, true});
    push({x, y, false});
}

void ScriptedInput::doubleClick(float x, float y) {
    push({x, y, false});
    push({x, y, true});
    push({x, y, false});
    push({x, y, true});
    push({x, y, false});
    push({x, y, false});
}

void ScriptedInput::key(int glfwKey) {
    InputFrame f = m_last;
    f.down = false, f.wheel = 0;
    f.key = glfwKey;
    push(f);
    f.key = -1;
    push(f);
}

}  // namespace histomark::app
