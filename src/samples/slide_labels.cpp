// SPDX-License-Identifier: MIT
#include "samples/slide_labels.h"

#include <algorithm>
#include <cmath>

#include "samples/bitmap_font.h"
#include "samples/noise.h"

namespace histomark::samples {
namespace {

constexpr double kGlassWidthUm = 76000, kGlassHeightUm = 26000;
constexpr int kMacroWidth = 1280, kMacroHeight = 440;

void fillRect(core::RgbaImage& img, int x, int y, int w, int h, uint8_t r, uint8_t g, uint8_t b) {
    for (int yy = std::max(0, y); yy < std::min(img.height, y + h); ++yy)
        for (int xx = std::max(0, x); xx < std::min(img.width, x + w); ++xx) {
            uint8_t* p = img.at(xx, yy);
            p[0] = r, p[1] = g, p[2] = b, p[3] = 255;
        }
}

// A Data Matrix look-alike: solid L finder on the left and bottom, dotted top and right edges,
// and modules from a hash of the text (it encodes nothing; it only looks the part).
void drawBarcode(core::RgbaImage& img, int x, int y, int modules, int size, const std::string& text) {
    uint64_t h = 0xBA7C0DE;
    for (char c : text) h = mix64(h ^ uint64_t(static_cast<unsigned char>(c)));
    for (int j = 0; j < modules; ++j)
        for (int i = 0; i < modules; ++i) {
            bool on = i == 0 || j == modules - 1 ? true
                      : j == 0                   ? i % 2 == 0
                      : i == modules - 1         ? j % 2 == 1
                                                 : (hash3(h, i, j) & 1) != 0;
            if (on) fillRect(img, x + i * size, y + j * size, size, size, 20, 20, 24);
        }
}

}  // namespace

core::RgbaImage makeLabel(const std::string& accession, Stain stain) {
    core::RgbaImage img(560, 520);
    img.fill(246, 245, 238);
    drawText(img, 30, 30, "HISTOMARK DEMO", 5, 30, 30, 40);
    drawText(img, 30, 90, accession, 5, 30, 30, 40);
    drawText(img, 30, 150, stainLabel(stain), 12, 20, 20, 110);
    drawBarcode(img, 30, 270, 18, 11, accession + stainName(stain));
    drawText(img, 260, 300, "SYNTHETIC", 4, 90, 90, 100);
    drawText(img, 260, 350, "NOT FOR", 4, 90, 90, 100);
    drawText(img, 260, 400, "DIAGNOSIS", 4, 90, 90, 100);
    return img;
}

core::RgbaImage resizeArea(const core::RgbaImage& src, int width, int height) {
    core::RgbaImage out(width, height);
    const double sx = double(src.width) / width, sy = double(src.height) / height;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            int x0 = int(x * sx), x1 = std::max(x0 + 1, int((x + 1) * sx));
            int y0 = int(y * sy), y1 = std::max(y0 + 1, int((y + 1) * sy));
            double sum[3] = {0, 0, 0};
            for (int yy = y0; yy < std::min(y1, src.height); ++yy)
                for (int xx = x0; xx < std::min(x1, src.width); ++xx)
                    for (int c = 0; c < 3; ++c) sum[c] += src.at(xx, yy)[c];
            const double n = double(std::max(1, (std::min(y1, src.height) - y0) * (std::min(x1, src.width) - x0)));
            uint8_t* p = out.at(x, y);
            for (int c = 0; c < 3; ++c) p[c] = uint8_t(std::lround(sum[c] / n));
            p[3] = 255;
        }
    return out;
}

core::RgbaImage makeMacro(const core::RgbaImage& label, const core::RgbaImage& thumbnail, double tissueWidthUm,
                          double tissueHeightUm) {
    core::RgbaImage img(kMacroWidth, kMacroHeight);
    const double umPerPx = kGlassWidthUm / kMacroWidth;
    // Glass on the scanner's dark stage: slightly uneven grey-blue.
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            double shade = 0.96 + 0.04 * valueNoise(0x6A55, x / 90.0, y / 90.0);
            uint8_t* p = img.at(x, y);
            p[0] = uint8_t(200 * shade), p[1] = uint8_t(210 * shade), p[2] = uint8_t(214 * shade), p[3] = 255;
        }
    // The label occupies the left 24 mm.
    const int labelWidth = int(24000 / umPerPx), margin = 12;
    fillRect(img, 0, 0, labelWidth, kMacroHeight, 236, 235, 228);
    const double fit =
        std::min(double(labelWidth - 2 * margin) / label.width, double(kMacroHeight - 2 * margin) / label.height);
    core::RgbaImage small = resizeArea(label, int(label.width * fit), int(label.height * fit));
    for (int y = 0; y < small.height; ++y)
        for (int x = 0; x < small.width; ++x) std::copy_n(small.at(x, y), 4, img.at(margin + x, margin + y));
    // The coverslip edge and the tissue at true size in the middle of the free glass.
    const int glassX0 = labelWidth, glassW = kMacroWidth - labelWidth;
    const int tw = std::max(1, int(std::lround(tissueWidthUm / umPerPx))),
              th = std::max(1, int(std::lround(tissueHeightUm / umPerPx)));
    const int tx = glassX0 + (glassW - tw) / 2, ty = (kMacroHeight - th) / 2;
    fillRect(img, glassX0 + 40, 20, glassW - 80, 2, 175, 185, 190);
    fillRect(img, glassX0 + 40, kMacroHeight - 22, glassW - 80, 2, 175, 185, 190);
    core::RgbaImage tissue = resizeArea(thumbnail, tw, th);
    for (int y = 0; y < th; ++y)
        for (int x = 0; x < tw; ++x) {
            const uint8_t* s = tissue.at(x, y);
            uint8_t* d = img.at(tx + x, ty + y);
            // Glass in the thumbnail (~242) stays the macro's glass; stained tissue shows through.
            const double a = std::clamp((236.0 - (s[0] + s[1] + s[2]) / 3.0) / 30.0, 0.0, 1.0);
            for (int c = 0; c < 3; ++c) d[c] = uint8_t(std::lround(d[c] * (1 - a) + s[c] * a));
        }
    return img;
}

}  // namespace histomark::samples
