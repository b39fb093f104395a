// SPDX-License-Identifier: MIT
// Shared by the analysis tests: real slide pictures, known transforms, recolouring, and the error
// of an estimated transform against the truth.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "analysis/image_warp.h"
#include "analysis/slide_thumbnail.h"
#include "analysis/tissue_mask.h"
#include "core/affine.h"
#include "core/slide_source.h"
#include "slide/slide_opener.h"

namespace histomark::analysis::test {

struct Picture {
    cv::Mat rgb;
    double umPerPx = 0;
};

// A slide read through SlideSource at about `umPerPx` (the slide's own scale when it has none: 0).
inline Picture readPicture(const std::filesystem::path& file, double umPerPx, int maxSide = 2048) {
    auto source = slide::openSlide(file.string());
    EXPECT_TRUE(source.ok()) << (source.ok() ? "" : source.error());
    if (!source) return {};
    auto t = readSlideThumbnail(**source, {umPerPx, 0, maxSide, {}});
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error());
    if (!t) return {};
    return {t->rgb, t->umPerPx};
}

inline core::Affine rotationAbout(double degrees, double cx, double cy) {
    return core::Affine::translation(-cx, -cy).then(core::Affine::rotation(degrees * std::numbers::pi / 180)).then(
        core::Affine::translation(cx, cy));
}

// `rgb` through `toCopy` (corner convention) onto a white canvas that holds all of it, plus a
// margin; `toCopy` is updated to map into that canvas.
inline cv::Mat transformedCopy(const cv::Mat& rgb, core::Affine& toCopy, int margin = 40) {
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    for (double y : {0.0, double(rgb.rows)})
        for (double x : {0.0, double(rgb.cols)}) {
            const core::Level0Point p = toCopy.apply(core::Level0Point{x, y});
            x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
        }
    toCopy = toCopy.then(core::Affine::translation(margin - x0, margin - y0));
    cv::Mat out;
    cv::warpAffine(rgb, out, cv::Mat(toMatx(toCentreConvention(toCopy))),
                   cv::Size(int(std::ceil(x1 - x0)) + 2 * margin, int(std::ceil(y1 - y0)) + 2 * margin), cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT, cv::Scalar(255, 255, 255));
    return out;
}

// Colour deconvolution (Ruifrok & Johnston) with the H&E vectors, recomposed with other stains:
// hematoxylin -> `hOut`, eosin -> `eOut` scaled by `eWeight`. Turns an H&E into an IHC look.
inline cv::Mat restain(const cv::Mat& rgb, cv::Vec3d hOut, cv::Vec3d eOut, double eWeight) {
    const cv::Vec3d h(0.644, 0.717, 0.267), e(0.093, 0.954, 0.283);
    cv::Vec3d r = h.cross(e);
    r /= cv::norm(r);
    const cv::Matx33d m(h[0], h[1], h[2], e[0], e[1], e[2], r[0], r[1], r[2]);  // rows: stains
    const cv::Matx33d inv = m.inv();
    cv::Mat out(rgb.size(), CV_8UC3);
    for (int y = 0; y < rgb.rows; ++y)
        for (int x = 0; x < rgb.cols; ++x) {
            const cv::Vec3b p = rgb.at<cv::Vec3b>(y, x);
            cv::Vec3d od;
            for (int c = 0; c < 3; ++c) od[c] = -std::log10((p[c] + 1.0) / 256.0);
            const cv::Vec3d conc = inv.t() * od;  // od = conc * m  (row vector)
            const cv::Vec3d odOut = conc[0] * hOut + eWeight * std::max(0.0, conc[1]) * eOut;
            for (int c = 0; c < 3; ++c) out.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uint8_t>(256.0 * std::pow(10.0, -odOut[c]) - 1);
        }
    return out;
}
inline cv::Mat toHematoxylinDab(const cv::Mat& rgb) {  // eosin becomes brown DAB
    return restain(rgb, {0.650, 0.704, 0.286}, {0.268, 0.570, 0.776}, 0.6);
}
inline cv::Mat toPaleCounterstain(const cv::Mat& rgb) {  // eosin almost gone, pale blue nuclei
    return restain(rgb, {0.55, 0.75, 0.37}, {0.093, 0.954, 0.283}, 0.1);
}

// A smooth random deformation (as a section stretches and folds slightly on the glass): each
// pixel moves by up to about `amplitudePx`, varying over `wavelengthPx`. White where uncovered.
inline cv::Mat deformed(const cv::Mat& rgb, double amplitudePx, double wavelengthPx, uint64_t seed) {
    cv::RNG rng(seed);
    const cv::Size grid(std::max(2, int(rgb.cols / wavelengthPx) + 2), std::max(2, int(rgb.rows / wavelengthPx) + 2));
    cv::Mat dx(grid, CV_32F), dy(grid, CV_32F), mapX, mapY;
    rng.fill(dx, cv::RNG::UNIFORM, -amplitudePx, amplitudePx);
    rng.fill(dy, cv::RNG::UNIFORM, -amplitudePx, amplitudePx);
    cv::resize(dx, dx, rgb.size(), 0, 0, cv::INTER_CUBIC);
    cv::resize(dy, dy, rgb.size(), 0, 0, cv::INTER_CUBIC);
    mapX.create(rgb.size(), CV_32F), mapY.create(rgb.size(), CV_32F);
    for (int y = 0; y < rgb.rows; ++y)
        for (int x = 0; x < rgb.cols; ++x) mapX.at<float>(y, x) = float(x) + dx.at<float>(y, x), mapY.at<float>(y, x) = float(y) + dy.at<float>(y, x);
    cv::Mat out;
    cv::remap(rgb, out, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255, 255, 255));
    return out;
}

// Marker-pen strokes (green, blue, black; `strokeUm` wide) wandering down from the top of the
// picture, over tissue or glass: a careless or worst-case marking.
inline void addStrokesAnywhere(cv::Mat& rgb, uint64_t seed, double umPerPx, double strokeUm = 150) {
    cv::RNG rng(seed);
    const cv::Scalar inks[] = {{40, 140, 60}, {30, 60, 170}, {25, 25, 30}};
    const int thick = std::max(2, int(strokeUm / umPerPx));
    for (const cv::Scalar& ink : inks) {
        std::vector<cv::Point> stroke;
        cv::Point p(rng.uniform(0, rgb.cols), rng.uniform(0, rgb.rows / 6));
        for (int i = 0; i < 6; ++i, p += cv::Point(rng.uniform(-rgb.cols / 10, rgb.cols / 10), rng.uniform(0, rgb.rows / 12)))
            stroke.push_back(p);
        cv::polylines(rgb, stroke, false, ink, thick, cv::LINE_AA);
    }
}

// What a real slide has besides tissue: marker-pen strokes (green, blue, black; `strokeUm` wide)
// drawn on the glass around the tissue, the way sections are circled, touching it here and there,
// and dark debris specks.
inline void addArtefacts(cv::Mat& rgb, uint64_t seed, double umPerPx, double strokeUm = 150) {
    cv::RNG rng(seed);
    const cv::Scalar inks[] = {{40, 140, 60}, {30, 60, 170}, {25, 25, 30}};
    const int thick = std::max(2, int(strokeUm / umPerPx));
    const cv::Mat tissue = tissueMask(rgb, {umPerPx});
    std::vector<cv::Point> contour;  // the outline of all tissue, pushed outwards a little
    {
        std::vector<std::vector<cv::Point>> parts;
        cv::findContours(tissue, parts, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
        for (const auto& p : parts) contour.insert(contour.end(), p.begin(), p.end());
    }
    if (contour.empty()) return;
    const cv::Moments m = cv::moments(tissue, true);
    const cv::Point2d c(m.m10 / m.m00, m.m01 / m.m00);
    for (const cv::Scalar& ink : inks) {
        std::vector<cv::Point> stroke;
        size_t at = size_t(rng.uniform(0, int(contour.size())));
        for (int i = 0; i < 8; ++i, at = (at + contour.size() / 40) % contour.size()) {
            const cv::Point2d q = contour[at], away = (q - c) / std::max(1.0, cv::norm(q - c));
            stroke.push_back(q + away * (thick * rng.uniform(0.3, 1.2)));
        }
        cv::polylines(rgb, stroke, false, ink, thick, cv::LINE_AA);
    }
    for (int i = 0; i < 40; ++i)
        cv::circle(rgb, {rng.uniform(0, rgb.cols), rng.uniform(0, rgb.rows)}, rng.uniform(1, 3),
                   cv::Scalar(rng.uniform(40, 110), rng.uniform(30, 90), rng.uniform(40, 110)), cv::FILLED);
}

// Keeps the part of `rgb` on one side of a line through the tissue (the rest turns to glass), as
// when a section is incomplete or lies partly off the scanned area. `keep` is the share kept.
inline void cutAway(cv::Mat& rgb, double keep, double angleDegrees) {
    const double a = angleDegrees * std::numbers::pi / 180, nx = std::cos(a), ny = std::sin(a);
    double lo = 1e18, hi = -1e18;
    for (double y : {0.0, double(rgb.rows)})
        for (double x : {0.0, double(rgb.cols)}) lo = std::min(lo, x * nx + y * ny), hi = std::max(hi, x * nx + y * ny);
    const double cut = lo + keep * (hi - lo);
    for (int y = 0; y < rgb.rows; ++y)
        for (int x = 0; x < rgb.cols; ++x)
            if (x * nx + y * ny > cut) rgb.at<cv::Vec3b>(y, x) = {245, 245, 243};
}

// A large virtual slide, glass everywhere but for `picture` (at `pictureUm` µm per px) placed
// with its top-left corner at level-0 (`x`, `y`): small tissue on a big scan, at any scanner
// resolution, without gigabytes of pixels. Levels 1, 4, 16, 64.
class PlacedPictureSource final : public core::SlideSource {
public:
    PlacedPictureSource(cv::Mat picture, double pictureUm, double slideMpp, int64_t width, int64_t height, double x, double y)
        : m_picture(std::move(picture)), m_pictureUm(pictureUm), m_mpp(slideMpp), m_x(x), m_y(y) {
        m_info.path = "placed-picture://";
        m_info.backend = "test";
        for (double ds : {1.0, 4.0, 16.0, 64.0})
            m_info.levels.push_back({int64_t(std::ceil(double(width) / ds)), int64_t(std::ceil(double(height) / ds)), ds, 256, 256});
        m_info.mpp.x = m_info.mpp.y = slideMpp;
        m_info.mpp.source = core::MppSource::Vendor;
    }
    const core::SlideInfo& info() const override { return m_info; }
    core::Result<core::RgbaImage> readRegion(int64_t x0, int64_t y0, int level, int width, int height) override {
        const double ds = m_info.levels[size_t(level)].downsample;
        // picture px -> level-0 -> region px (corner convention)
        const core::Affine toRegion = core::Affine::scaling(m_pictureUm / m_mpp)
                                          .then(core::Affine::translation(m_x - double(x0), m_y - double(y0)))
                                          .then(core::Affine::scaling(1 / ds));
        cv::Mat rgb;
        cv::warpAffine(m_picture, rgb, cv::Mat(toMatx(toCentreConvention(toRegion))), cv::Size(width, height),
                       toRegion.a < 1 ? cv::INTER_AREA : cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(244, 243, 245));
        core::RgbaImage out(width, height);
        cv::Mat rgba(height, width, CV_8UC4, out.pixels.data());
        cv::cvtColor(rgb, rgba, cv::COLOR_RGB2RGBA);
        return out;
    }
    // Picture px -> level-0 px of this slide.
    core::Affine pictureToLevel0() const {
        return core::Affine::scaling(m_pictureUm / m_mpp).then(core::Affine::translation(m_x, m_y));
    }

private:
    cv::Mat m_picture;
    double m_pictureUm, m_mpp, m_x, m_y;
    core::SlideInfo m_info;
};

struct ErrorStats {
    double medianUm = 0, p90Um = 0;
    int points = 0;
};

// Distances, over a grid of tissue points p of the fixed picture, between p and
// estimate(truth(p)) where truth maps fixed -> moving and estimate moving -> fixed.
inline ErrorStats transformError(const core::Affine& truthFixedToMoving, const core::Affine& estimateMovingToFixed,
                                 const cv::Mat& fixedMask, double fixedUmPerPx, int step = 8) {
    std::vector<double> d;
    for (int y = step / 2; y < fixedMask.rows; y += step)
        for (int x = step / 2; x < fixedMask.cols; x += step) {
            if (!fixedMask.at<uint8_t>(y, x)) continue;
            const core::Level0Point p{x + 0.5, y + 0.5};
            d.push_back(core::distance(estimateMovingToFixed.apply(truthFixedToMoving.apply(p)), p) * fixedUmPerPx);
        }
    ErrorStats s;
    s.points = int(d.size());
    if (d.empty()) return s;
    std::sort(d.begin(), d.end());
    s.medianUm = d[d.size() / 2];
    s.p90Um = d[std::min(d.size() - 1, size_t(0.9 * double(d.size())))];
    return s;
}

}  // namespace histomark::analysis::test
