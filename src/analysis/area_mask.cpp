// SPDX-License-Identifier: MIT
#include "analysis/area_mask.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace histomark::analysis {

cv::Mat areaMask(const std::vector<core::Annotation>& areas, core::Level0Point origin, double ds, cv::Size size) {
    cv::Mat mask(size, CV_8U, cv::Scalar(0));
    auto px = [&](core::Level0Point p) {
        return cv::Point(int(std::lround((p.x - origin.x) / ds)), int(std::lround((p.y - origin.y) / ds)));
    };
    for (const core::Annotation& a : areas) {
        const core::Level0Rect b = a.bounds();
        switch (a.kind) {
            case core::ShapeKind::Point: break;
            case core::ShapeKind::Rectangle:
                cv::rectangle(mask, px({b.x, b.y}), px({b.right(), b.bottom()}), 255, cv::FILLED);
                break;
            case core::ShapeKind::Ellipse:
                cv::ellipse(mask, px({b.x + b.width / 2, b.y + b.height / 2}),
                            cv::Size(int(b.width / 2 / ds), int(b.height / 2 / ds)), 0, 0, 360, 255, cv::FILLED);
                break;
            default: {
                std::vector<cv::Point> poly;
                for (const auto& p : a.points) poly.push_back(px(p));
                if (poly.size() >= 3) cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{poly}, 255);
            }
        }
    }
    return mask;
}

}  // namespace histomark::analysis
