// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace histomark::core {

struct LevelInfo {
    int64_t width = 0;      // level pixels
    int64_t height = 0;
    double downsample = 1;  // level-0 pixels per level pixel
    int tileWidth = 0;      // native tile size if the format has tiles, else 0
    int tileHeight = 0;
};

// Where the microns-per-pixel value came from; shown to the user beside the value.
enum class MppSource { Unknown, Vendor, TiffResolution, User, Calibrated };

const char* mppSourceName(MppSource s);  // "unknown", "vendor", "tiff-resolution", "user", "calibrated"

struct Mpp {
    std::optional<double> x;  // µm per level-0 pixel
    std::optional<double> y;
    MppSource source = MppSource::Unknown;
    std::string note;  // why a value was ignored or how it was derived, for the properties panel
    bool known() const { return x.has_value() && y.has_value(); }
    double mean() const { return known() ? 0.5 * (*x + *y) : 0.0; }
};

// Everything the properties panel shows about a slide. Filled once at open; immutable after.
struct SlideInfo {
    std::string path;
    std::string backend;  // "openslide", "image-file", "synthetic"
    std::string vendor;   // "aperio", "hamamatsu", "generic-tiff", "png", ...
    std::vector<LevelInfo> levels;
    Mpp mpp;
    std::optional<double> objectivePower;  // as tagged by the scanner; often wrong, never used for scale
    std::vector<std::string> associatedImages;
    std::map<std::string, std::string> properties;
    // What the reader should know about how the file was read ("OpenSlide could not open this
    // aperio slide (...): shown as a plain image ...", "turned upright as EXIF asks"): `info`
    // prints them, the properties panel shows them in amber.
    std::vector<std::string> notes;

    int64_t width() const { return levels.empty() ? 0 : levels[0].width; }
    int64_t height() const { return levels.empty() ? 0 : levels[0].height; }
    int levelCount() const { return int(levels.size()); }
};

}  // namespace histomark::core
