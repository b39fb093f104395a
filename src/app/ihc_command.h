// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace histomark::app {

struct IhcArgs {
    std::vector<std::string> inputs;  // slides or plain images
    std::optional<double> mpp;        // µm per level-0 px, overriding the file's (and estimation)
    std::string roi;                  // "X,Y,W,H" in level-0 px; empty: a default region
    std::string regions;              // annotation file (GeoJSON, ASAP or ImageScope XML): count inside its areas
    std::string regionClass;          // only the areas of this class (case-insensitive); empty: all
    std::string compartment = "nucleus";
    std::string cells;                // also write the cells as QuPath detections (one input)
    bool estimateStains = false;      // Macenko vectors per input instead of the standard H-DAB ones
    bool skipStainCheck = false;      // quantify a picture that looks like H&E anyway
    bool json = false;
    int threads = 2;
};

// DAB quantification (analysis::quantifyDab) of each input: one line of JSON per input, or a short
// text block. A failing input prints one line on stderr and the others still run; returns 0, 1
// when any input failed, 2 on bad arguments.
int runIhc(const IhcArgs& args);

struct IhcBenchArgs {
    std::string slide;  // empty: a generated H-DAB picture
    bool json = false;
    int threads = 2;
};

// MPix/s of DAB quantification beside JPEG decoding of the same tiles, same thread count, same run.
int runIhcBench(const IhcBenchArgs& args);

// Adds `histomark ihc INPUT... [--mpp V] [--roi X,Y,W,H | --regions FILE [--class NAME]]
// [--compartment nucleus|cytoplasm|cell] [--estimate-stains] [--threads N] [--json]` and `histomark bench-ihc [SLIDE] [--json]
// [--threads N]` to `cli`; the work goes into `action`, to run after parsing.
void addIhcCommands(CLI::App& cli, std::function<int()>& action);

}  // namespace histomark::app
