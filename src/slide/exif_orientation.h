// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

namespace histomark::slide {

// The EXIF orientation (1..8) a JPEG's APP1 segment records, or 1 when it records none or the
// segment is damaged. Cameras and phones store the sensor's pixels and this tag; every photo
// viewer shows the picture turned as it asks, so marks placed on it must be too.
int exifOrientation(const std::vector<unsigned char>& jpeg);

// The picture turned upright as `orientation` asks (2: mirrored, 3: turned 180°, 4: flipped,
// 5: transposed, 6: turned 90° clockwise, 7: transverse, 8: turned 90° anticlockwise); itself for 1
// or an unknown value.
cv::Mat uprightAsExif(const cv::Mat& picture, int orientation);

}  // namespace histomark::slide
