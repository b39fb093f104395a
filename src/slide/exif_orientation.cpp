// SPDX-License-Identifier: MIT
#include "slide/exif_orientation.h"

#include <cstring>
#include <opencv2/core.hpp>

namespace histomark::slide {

int exifOrientation(const std::vector<unsigned char>& d) {
    // Markers from SOI up to the first scan: APP1 "Exif\0\0", then a TIFF header and IFD0.
    size_t p = 2;
    while (p + 4 <= d.size() && d[p] == 0xFF) {
        const unsigned marker = d[p + 1];
        if (marker == 0xDA || marker == 0xD9) break;  // start of scan, end of image
        const size_t length = size_t(d[p + 2]) << 8 | d[p + 3];
        if (length < 2 || p + 2 + length > d.size()) break;
        const size_t body = p + 4, end = p + 2 + length;
        if (marker == 0xE1 && end - body >= 14 && std::memcmp(&d[body], "Exif\0\0", 6) == 0) {
            const size_t tiff = body + 6;
            const bool little = d[tiff] == 'I' && d[tiff + 1] == 'I';
            if (!little && !(d[tiff] == 'M' && d[tiff + 1] == 'M')) return 1;
            auto u16 = [&](size_t at) -> unsigned {
                return little ? unsigned(d[at]) | unsigned(d[at + 1]) << 8 : unsigned(d[at]) << 8 | unsigned(d[at + 1]);
            };
            auto u32 = [&](size_t at) -> size_t { return little ? u16(at) | size_t(u16(at + 2)) << 16 : size_t(u16(at)) << 16 | u16(at + 2); };
            const size_t ifd = tiff + u32(tiff + 4);
            if (ifd + 2 > end) return 1;
            const unsigned entries = u16(ifd);
            for (unsigned i = 0; i < entries; ++i) {
                const size_t e = ifd + 2 + 12 * size_t(i);
                if (e + 12 > end) return 1;
                if (u16(e) == 0x0112 && u16(e + 2) == 3) {  // Orientation, SHORT
                    const unsigned v = u16(e + 8);
                    return v >= 1 && v <= 8 ? int(v) : 1;
                }
            }
            return 1;
        }
        p = end;
    }
    return 1;
}

cv::Mat uprightAsExif(const cv::Mat& m, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2: cv::flip(m, out, 1); return out;
        case 3: cv::rotate(m, out, cv::ROTATE_180); return out;
        case 4: cv::flip(m, out, 0); return out;
        case 5: cv::transpose(m, out); return out;
        case 6: cv::rotate(m, out, cv::ROTATE_90_CLOCKWISE); return out;
        case 7: cv::transpose(m, out); cv::flip(out, out, -1); return out;
        case 8: cv::rotate(m, out, cv::ROTATE_90_COUNTERCLOCKWISE); return out;
        default: return m;
    }
}

}  // namespace histomark::slide
