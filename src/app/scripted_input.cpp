// SPDX-License-Identifier: MIT
#include "app/scripted_input.h"

#include <algorithm>

namespace histomark::app {
namespace {

InputFrame at(float x, float y, bool down, float wheel = 0) {
    InputFrame f;
    f.x = x, f.y = y, f.down = down, f.wheel = wheel;
    return f;
}

}  // namespace

void ScriptedInput::drag(float x0, float y0, float x1, float y1, int steps) {
    steps = std::max(1, steps);
    push(at(x0, y0, false));
    push(at(x0, y0, true));
    for (int i = 1; i <= steps; ++i) {
        const float t = float(i) / float(steps);
        push(at(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, true));
    }
    push(at(x1, y1, false));
}

void ScriptedInput::wheel(float x, float y, float clicks) {
    push(at(x, y, false));
    push(at(x, y, false, clicks));
    push(at(x, y, false));
}

void ScriptedInput::click(float x, float y) {
    push(at(x, y, false));
    push(at(x, y, true));
    push(at(x, y, false));
}

void ScriptedInput::doubleClick(float x, float y) {
    push(at(x, y, false));
    push(at(x, y, true));
    push(at(x, y, false));
    push(at(x, y, true));
    push(at(x, y, false));
    push(at(x, y, false));
}

void ScriptedInput::key(int glfwKey, bool ctrl) {
    InputFrame f = m_last;
    f.down = false, f.wheel = 0, f.text.clear();
    f.key = glfwKey, f.ctrl = ctrl;
    push(f);
    f.key = -1, f.ctrl = false;
    push(f);
}

void ScriptedInput::type(const std::string& text) {
    InputFrame f = m_last;
    f.down = false, f.wheel = 0, f.key = -1, f.ctrl = false;
    f.text = text;
    push(f);
    f.text.clear();
    push(f);
}

}  // namespace histomark::app
