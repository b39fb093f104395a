#!/usr/bin/env bash
# Installs the Debian (bookworm) packages Histomark builds, runs and tests with.
# Idempotent: does nothing when everything is present. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config
  # slide reading: OpenSlide 3.4.1, libtiff (sample writer), TurboJPEG
  libopenslide-dev libtiff-dev libturbojpeg0-dev libjpeg-dev
  # analysis and photos: OpenCV 4.6 split modules (the meta package pulls Qt/VTK)
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  libopencv-calib3d-dev libopencv-ml-dev libopencv-video-dev
  # GUI: Dear ImGui 1.86 (GLFW + OpenGL3 backends inside), GLFW 3.3, libepoxy GL loader
  libimgui-dev libglfw3-dev libepoxy-dev libgl-dev libgl1-mesa-dri fonts-dejavu-core
  # storage, interchange, command line
  libsqlite3-dev libpugixml-dev nlohmann-json3-dev libcli11-dev
  # tests: GoogleTest, a virtual X server for the GUI tests, python3 for the CLI contract check
  libgtest-dev xvfb xauth python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
