#!/usr/bin/env bash
# The main job: install what is missing, build, and open the bundled sample case in the GUI (its
# project file: the H&E with a desmin, Ki-67 and CD117 panel, aligned and linked).
# Without a display it says so and runs the headless equivalent on the same case.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
CASE_DIR=build/samples/demo-case
PROJECT=$CASE_DIR/demo-case.hmproj
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/histomark open --project "$PROJECT" --case DEMO-LMS-001 "$@"
fi
echo "No display (DISPLAY is unset): running the headless equivalent on the sample case."
./build/histomark case show "$PROJECT" --case DEMO-LMS-001
for stain in desmin ki67 cd117; do
  echo "== alignment of $stain.tiff onto HE.svs"
  ./build/histomark register "$CASE_DIR/HE.svs" "$CASE_DIR/$stain.tiff"
done
./build/histomark render "$CASE_DIR/HE.svs" --level 0 --x 3000 --y 2200 --width 1024 --height 768 -o build/sample-region.png
echo "Wrote build/sample-region.png (a 1024x768 level-0 region of the sample H&E slide)."
