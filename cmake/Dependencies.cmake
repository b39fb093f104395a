# Every dependency comes from a Debian bookworm package (see scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(GTest REQUIRED)
find_package(CLI11 QUIET)               # header-only; Debian ships CLI11Config.cmake
find_package(nlohmann_json 3 REQUIRED)
find_package(pugixml REQUIRED)
pkg_check_modules(OPENSLIDE REQUIRED IMPORTED_TARGET openslide)
pkg_check_modules(LIBTIFF REQUIRED IMPORTED_TARGET libtiff-4)
pkg_check_modules(TURBOJPEG REQUIRED IMPORTED_TARGET libturbojpeg)

# Debian splits OpenCV into per-module -dev packages without CMake/pkg-config files; the
# umbrella libopencv-dev pulls Qt, VTK and GDAL. So find the modules we use directly.
find_path(OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
foreach(mod core imgproc imgcodecs calib3d video ml)
  find_library(OPENCV_${mod}_LIBRARY opencv_${mod} REQUIRED)
  add_library(opencv::${mod} SHARED IMPORTED)
  set_target_properties(opencv::${mod} PROPERTIES IMPORTED_LOCATION ${OPENCV_${mod}_LIBRARY}
                        INTERFACE_INCLUDE_DIRECTORIES ${OPENCV_INCLUDE_DIR})
endforeach()

if(HISTOMARK_GUI)
  find_package(OpenGL REQUIRED)
  find_package(glfw3 3.3 REQUIRED)
  pkg_check_modules(EPOXY REQUIRED IMPORTED_TARGET epoxy)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)   # libimgui.a holds the GLFW + OpenGL3 backends
  find_file(HISTOMARK_UI_FONT DejaVuSans.ttf PATHS /usr/share/fonts/truetype/dejavu NO_DEFAULT_PATH)
endif()
