// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "core/result.h"

namespace histomark::app {
class App;

struct ScriptCommand {
    int line = 0;
    std::string name;
    std::vector<std::string> args;
};

// Drives the real GUI from a small command script (one command per line, '#' comments), for
// screenshots and GUI tests. Commands act through the same paths as the mouse and keys:
//   open PATH | close-tab | select-tab N | wait-idle [SECONDS] | wait-frames N
//   fit | zoom 10x | zoom-by FACTOR | center X Y (level-0 px) | pan DX DY (screen px)
//   drag-view DX DY | wheel-view CLICKS [FX FY] | double-click-view [FX FY]   (real mouse input,
//   positions as fractions of the slide view) | drag X0 Y0 X1 Y1 | click X Y | key [CTRL+]NAME
//   type TEXT (characters, no spaces) | drop PATH... (as if dropped on the window)
//   sidebar on|off | properties on|off | set-mpp UM_PER_PX | reset-mpp
//   screenshot PATH | report PATH (JSON of the view state)
class ScriptRunner {
public:
    static core::Result<std::vector<ScriptCommand>> parse(const std::string& text);

    ScriptRunner(App& app, std::vector<ScriptCommand> commands);
    // Call once after every frame. Returns true while there is more to do; on failure returns
    // false with error() set ("line 3: wait-idle timed out after 60 s").
    bool step();
    const std::string& error() const { return m_error; }

private:
    bool start(const ScriptCommand& c);  // begins a command; false = failed
    bool waiting();                      // the current command still needs frames
    bool fail(const ScriptCommand& c, const std::string& message);

    App& m_app;
    std::vector<ScriptCommand> m_commands;
    size_t m_next = 0;
    std::string m_error;
    enum class Wait { None, Idle, Frames, Input, File } m_wait = Wait::None;
    std::string m_waitPath;  // Wait::File: until it exists
    int m_framesLeft = 0;
    int m_idleFrames = 0;
    double m_deadline = 0;
};

// Writes the state of the active view as JSON (for tests and the --report flag).
core::Status writeViewReport(App& app, const std::string& path);

}  // namespace histomark::app
