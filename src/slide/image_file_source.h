// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/slide_source.h"

namespace histomark::slide {

// A plain microscope photo (JPEG, PNG, BMP, single-level or stripped TIFF) decoded with OpenCV and
// kept in memory with generated 2x downsampled levels, so it pans and zooms like a slide.
// 16-bit images are scaled to 8 bit, grey is expanded, alpha is composited onto white.
// The scale comes from TIFF resolution tags when present and plausible, else it is unknown.
// Decoders are picked by content: JPEG goes through libjpeg-turbo so that a truncated or corrupt
// file is an error (OpenCV fills it with grey), and JPEG TIFFs whose tiles are YCbCr while the tag
// says RGB (Bio-Formats OME-TIFF) are decoded tile by tile (slide/ome_jpeg_tiff.h).
class ImageFileSource final : public core::SlideSource {
public:
    static constexpr int64_t kMaxPixels = int64_t(1) << 28;  // 268 MPix: photos, not whole slides

    // `notes` go to SlideInfo::notes first (the opener's word on why this reader is used).
    static core::Result<std::shared_ptr<ImageFileSource>> open(const std::string& path, std::vector<std::string> notes = {});

    const core::SlideInfo& info() const override { return m_info; }
    core::Result<core::RgbaImage> readRegion(int64_t x0, int64_t y0, int level, int width, int height) override;

    // Whether this source is tried for the file: a picture's extension (.jpg, .jpeg, .png, .tif,
    // .tiff, .bmp, any case), or a JPEG, PNG, BMP or TIFF signature in its first bytes.
    static bool looksLikeImage(const std::string& path);

private:
    ImageFileSource() = default;
    core::SlideInfo m_info;
    std::vector<core::RgbaImage> m_levels;  // level 0 first
};

}  // namespace histomark::slide
