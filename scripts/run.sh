#!/usr/bin/env bash
# The main job: install what is missing, build, and open the bundled sample case in the GUI.
# Without a display it says so and runs the headless equivalent (info + render of the sample).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
SAMPLE=build/samples/demo-case/HE.tiff
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/histomark open "$SAMPLE" "$@"
fi
echo "No display (DISPLAY is unset): running the headless equivalent on the sample slide."
./build/histomark info "$SAMPLE"
./build/histomark render "$SAMPLE" --level 0 --x 3000 --y 2200 --width 1024 --height 768 -o build/sample-region.png
echo "Wrote build/sample-region.png (a 1024x768 level-0 region of the sample H&E slide)."
