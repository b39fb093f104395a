// SPDX-License-Identifier: MIT
#pragma once
#include <functional>

namespace CLI {
class App;
}

namespace histomark::app {

// Adds the mitosis assistant's commands to `cli` (see the README):
//   histomark detect-mitoses INPUT... [--mpp V] [--roi X,Y,W,H] [--min-score S] [--json]
//   histomark eval-detections --reference REF --detections DET --mpp V [--radius-um 7.5] [--json]
//   histomark hotspot SLIDE [--preset NAME] [--json]
// The chosen command's work is put in `action`; it returns 0, 1 (one line on stderr per failed
// input: unreadable file, unknown scale) or 2 (the flags do not fit together).
void addDetectCommands(CLI::App& cli, std::function<int()>& action);
// `histomark train-mitosis AMI_BR_DIR [-o MODEL]` (train_command.cpp).
void addTrainCommand(CLI::App& cli, std::function<int()>& action);
// `histomark bench-detect SLIDE` (detect_bench.cpp).
void addDetectBenchCommand(CLI::App& cli, std::function<int()>& action);

}  // namespace histomark::app
