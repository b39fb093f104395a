// SPDX-License-Identifier: MIT
#include "app/project_training.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/annotation.h"
#include "slide/slide_opener.h"
#include "storage/project.h"
#include "storage/repositories.h"

namespace histomark::app {
namespace {

constexpr double kPictureUm = 32;  // an AMi-Br patch: 128 px at 0.25 µm/px

struct MarkedSlide {
    core::CaseSlideRecord slide;
    std::vector<core::Level0Point> figures, lookAlikes;
};

core::Result<std::vector<MarkedSlide>> markedSlides(storage::Repositories& r, const std::optional<std::string>& reader) {
    auto cases = r.cases.list();
    if (!cases) return core::Error{cases.error()};
    std::vector<MarkedSlide> out;
    for (const auto& c : *cases) {
        auto detail = r.loadCase(c.record.id);
        if (!detail) return core::Error{detail.error()};
        for (const auto& slide : detail->slides) {
            auto marks = r.annotations.listForSlide(slide.id, reader);
            if (!marks) return core::Error{marks.error()};
            MarkedSlide m{slide, {}, {}};
            for (const core::Annotation& a : *marks) {
                if (a.kind != core::ShapeKind::Point || a.points.empty()) continue;
                if (a.className == core::kMitoticFigure) m.figures.push_back(a.points.front());
                else if (a.className == core::kLookAlike) m.lookAlikes.push_back(a.points.front());
            }
            if (!m.figures.empty() || !m.lookAlikes.empty()) out.push_back(std::move(m));
        }
    }
    return out;
}

}  // namespace

core::Result<ProjectMarksTally> addProjectPictures(const std::string& projectFile, const std::optional<std::string>& reader,
                                                   std::vector<analysis::PatchBlobs>& pictures) {
    auto project = storage::Project::open(projectFile, false);
    if (!project) return core::Error{project.error()};
    auto slides = (*project)->call<std::vector<MarkedSlide>>([&](storage::Repositories& r) { return markedSlides(r, reader); });
    if (!slides) return core::Error{projectFile + ": " + slides.error()};
    ProjectMarksTally tally;
    for (const MarkedSlide& m : *slides) {
        const std::string name = projectFile + " slide " + std::to_string(m.slide.id) + " (" + m.slide.path + ")";
        auto source = slide::openSlide(m.slide.path);
        if (!source) {
            tally.skipped.push_back(name + ": " + source.error());
            continue;
        }
        double mpp = (*source)->info().mpp.known() ? (*source)->info().mpp.mean() : 0;
        if (m.slide.mppOverrideX && m.slide.mppOverrideY) mpp = (*m.slide.mppOverrideX + *m.slide.mppOverrideY) / 2;
        if (!(mpp > 0)) {
            tally.skipped.push_back(name + ": its scale is unknown (set it in the window's Change scale...)");
            continue;
        }
        const int side = std::max(16, int(std::lround(kPictureUm / mpp)));
        const std::string group = "project " + projectFile + " slide " + std::to_string(m.slide.id);
        std::vector<analysis::PatchBlobs> own;  // kept only when the whole slide reads
        auto picture = [&](core::Level0Point at, bool figure) -> core::Status {
            const int64_t x0 = int64_t(std::floor(at.x)) - side / 2, y0 = int64_t(std::floor(at.y)) - side / 2;
            auto px = (*source)->readRegion(x0, y0, 0, side, side);
            if (!px) return core::Status::failure(px.error());
            cv::Mat rgb;
            cv::cvtColor(cv::Mat(px->height, px->width, CV_8UC4, px->pixels.data()), rgb, cv::COLOR_RGBA2RGB);
            const core::Level0Point centre{at.x - double(x0), at.y - double(y0)};
            std::vector<core::Level0Point> others;  // the other figures in the picture
            for (core::Level0Point f : m.figures)
                if (!(figure && f == at) && std::abs(f.x - at.x) < side && std::abs(f.y - at.y) < side)
                    others.push_back({f.x - double(x0), f.y - double(y0)});
            auto blobs = analysis::blobsAroundMark(rgb, mpp, group, centre, figure, others);
            if (!blobs) return core::Status::failure(blobs.error());
            own.push_back(std::move(*blobs));
            return {};
        };
        core::Status read;
        for (core::Level0Point f : m.figures)
            if (read) read = picture(f, true);
        for (core::Level0Point l : m.lookAlikes)
            if (read) read = picture(l, false);
        if (!read) {
            tally.skipped.push_back(name + ": " + read.error());
            continue;
        }
        ++tally.slides;
        tally.figures += int(m.figures.size());
        tally.lookAlikes += int(m.lookAlikes.size());
        for (auto& p : own) pictures.push_back(std::move(p));
    }
    return tally;
}

}  // namespace histomark::app
