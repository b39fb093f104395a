#!/usr/bin/env bash
# Install what is missing, build, and run every test. GUI tests run under a virtual X server
# (Xvfb, Mesa llvmpipe) that this script starts itself, so no display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
cd build
xvfb-run -a -s "-screen 0 1600x1000x24" \
  ctest --output-on-failure --timeout 600 -j "${JOBS:-$(nproc)}" "$@"
