#!/usr/bin/env bash
# Configures and builds Histomark (Release, Ninja) into build/, and writes the bundled sample case.
set -euo pipefail
cd "$(dirname "$0")/.."
"$(pwd)/scripts/install-deps.sh"
BUILD_TYPE=${BUILD_TYPE:-Release}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${CMAKE_EXTRA_ARGS:-} >/dev/null
cmake --build build -j "${JOBS:-$(nproc)}"
