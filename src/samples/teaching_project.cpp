// SPDX-License-Identifier: MIT
#include "samples/teaching_project.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "samples/demo_case.h"
#include "samples/demo_project.h"
#include "samples/tissue_model.h"
#include "slide/slide_opener.h"
#include "storage/case_slides.h"
#include "storage/count_setup_json.h"
#include "storage/project.h"

namespace histomark::samples {
namespace {

namespace fs = std::filesystem;

core::Status fill(storage::Project& project, const std::string& caseDir, uint64_t seed) {
    DemoCaseOptions options;
    options.seed = seed;
    const auto model = demoModel(options);
    const double mpp = options.mpp;
    std::vector<core::Annotation> figures;
    for (const Cell& c : model->allCells()) {
        if (c.kind != CellKind::Mitosis) continue;
        core::Annotation a;
        a.reader = kAnswerKeyReader;
        a.className = core::kMitoticFigure;
        a.points = {{c.x / mpp, c.y / mpp}};
        figures.push_back(std::move(a));
    }
    // A click-in-region question: the three largest vessels (lumen and wall), as polygons.
    std::vector<Vessel> vessels = model->vessels();
    std::sort(vessels.begin(), vessels.end(), [](const Vessel& a, const Vessel& b) { return a.rx * a.ry > b.rx * b.ry; });
    vessels.resize(std::min<size_t>(vessels.size(), kTeachingVessels));
    std::vector<core::Annotation> vesselRegions;
    for (const Vessel& v : vessels) {
        core::Annotation a;
        a.reader = kAnswerKeyReader;
        a.className = kVesselClass;
        a.kind = core::ShapeKind::Polygon;
        const double cs = std::cos(v.angle), sn = std::sin(v.angle), rx = v.rx + v.wall, ry = v.ry + v.wall;
        for (int i = 0; i < 32; ++i) {
            const double t = 2 * M_PI * i / 32, u = rx * std::cos(t), w = ry * std::sin(t);
            a.points.push_back({(v.x + u * cs - w * sn) / mpp, (v.y + u * sn + w * cs) / mpp});
        }
        vesselRegions.push_back(std::move(a));
    }
    const RectUm& h = model->hotspot();
    core::CountSetup count;
    count.presetId = core::kFnclccPresetId;
    count.placed = true;
    count.area.kind = core::CountArea::Kind::Region;
    count.area.region.kind = core::ShapeKind::Rectangle;
    count.area.region.points = {{h.x / mpp, h.y / mpp}, {(h.x + h.width) / mpp, (h.y + h.height) / mpp}};

    // The H&E (the figures to find) and the desmin (a reading to record): every tumour cell of
    // the model is desmin positive, painted strong and cytoplasmic.
    std::vector<core::SlideInfo> infos;
    for (const DemoSlide& d : demoSlides(options)) {
        if (d.stain != Stain::HE && d.stain != Stain::Desmin) continue;
        const std::string path = (fs::absolute(caseDir) / d.file).lexically_normal().string();
        auto source = slide::openSlide(path);
        if (!source) return core::Status::failure(source.error());
        infos.push_back((*source)->info());
    }
    if (infos.size() != 2) return core::Status::failure("The demo case has no H&E and desmin slides to teach with");
    return project.call([&](storage::Repositories& r) -> core::Status {
        core::CaseRecord record;
        record.accession = kTeachingAccession;
        record.site = "rectum";
        record.diagnosisNote = "spindle cell tumour";
        record.clinicalSummary =
            "Synthetic teaching case (the demo H&E and desmin slides): count the mitotic figures in the hotspot, read the desmin.";
        auto caseId = r.cases.create(record);
        if (!caseId) return core::Status::failure(caseId.error());
        auto slide = storage::addSlideToCase(r, *caseId, infos[0], "H&E");
        if (!slide) return core::Status::failure(slide.error());
        auto desmin = storage::addSlideToCase(r, *caseId, infos[1], "desmin");
        if (!desmin) return core::Status::failure(desmin.error());
        core::MarkerRecord reading;
        reading.slide = desmin->id, reading.marker = "desmin", reading.reader = kAnswerKeyReader;
        reading.result = core::MarkerResult::Positive, reading.intensity = 3, reading.extentPercent = 100;
        reading.distribution = core::MarkerDistribution::Diffuse, reading.compartments = core::kCytoplasmic;
        reading.comment = "Strong diffuse cytoplasmic desmin in the tumour cells: smooth muscle differentiation.";
        if (auto s = r.markers.put(reading); !s) return s;
        for (auto& f : figures) f.slide = slide->id;
        if (auto added = r.annotations.addMany(figures); !added) return core::Status::failure(added.error());
        if (auto s = r.annotations.addClass({kVesselClass, 0xB040E0}); !s) return s;
        for (auto& v : vesselRegions) v.slide = slide->id;
        if (auto added = r.annotations.addMany(vesselRegions); !added) return core::Status::failure(added.error());
        if (auto s = r.annotations.setCountSettings(slide->id, kAnswerKeyReader, storage::countSetupToJson(count)); !s) return s;
        return r.teaching.put({*caseId, kAnswerKeyReader,
                               "Mark every mitotic figure inside the box on the H&E (one high-power field of the hotspot, "
                               "480 x 360 \xC2\xB5m), click in each of the three largest vessels (class vessel) and record your "
                               "reading of the desmin, then Submit.",
                               0});
    });
}

}  // namespace

core::Status writeTeachingProject(const std::string& caseDir, uint64_t seed) {
    return writeProjectFile(fs::path(caseDir) / kTeachingProjectFile,
                            [&](storage::Project& p) { return fill(p, caseDir, seed); });
}

}  // namespace histomark::samples
