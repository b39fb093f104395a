// SPDX-License-Identifier: MIT
#pragma once
#include <deque>
#include <string>

namespace histomark::app {

// Mouse and key state for one frame, fed to ImGui instead of the real devices while a command
// script runs. ImGui 1.86 predates the input-event API, so this overrides io after the GLFW
// backend has filled it.
struct InputFrame {
    float x = -1, y = -1;  // window pixels; < 0 = no mouse
    bool down = false;
    float wheel = 0;
    int key = -1;  // a GLFW key code held down during this frame
    bool ctrl = false;
    std::string text;  // characters typed in this frame
};

class ScriptedInput {
public:
    bool active() const { return m_active; }
    void setActive(bool on) { m_active = on; }
    void push(const InputFrame& f) { m_frames.push_back(f); }
    bool empty() const { return m_frames.empty(); }
    // The state for this frame; the last position persists so hover stays where it was.
    InputFrame next() {
        if (!m_frames.empty()) {
            m_last = m_frames.front();
            m_frames.pop_front();
            return m_last;
        }
        InputFrame idle = m_last;
        idle.down = false, idle.wheel = 0, idle.key = -1, idle.ctrl = false, idle.text.clear();
        return idle;
    }

    // Helpers that expand a gesture into frames.
    void drag(float x0, float y0, float x1, float y1, int steps);
    void wheel(float x, float y, float clicks);
    void doubleClick(float x, float y);
    void click(float x, float y);
    void key(int glfwKey, bool ctrl = false);
    void type(const std::string& text);

private:
    bool m_active = false;
    std::deque<InputFrame> m_frames;
    InputFrame m_last;
};

}  // namespace histomark::app
