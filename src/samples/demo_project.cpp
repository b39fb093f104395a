// SPDX-License-Identifier: MIT
#include "samples/demo_project.h"

#include <filesystem>

#include "samples/demo_case.h"
#include "slide/slide_opener.h"
#include "storage/case_slides.h"
#include "storage/project.h"

namespace histomark::samples {
namespace {

namespace fs = std::filesystem;

void removeProjectFiles(const fs::path& p) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix, ec);
}

core::Status fillProject(storage::Project& project, const std::string& caseDir) {
    const DemoCaseOptions options;
    core::CaseRecord record;
    record.accession = "DEMO-LMS-001";
    record.site = "rectum";
    record.diagnosisNote = "spindle cell tumour";
    record.clinicalSummary =
        "Synthetic teaching case. Submucosal mass of the rectal wall, 4.5 cm. H&E with a desmin, Ki-67 and "
        "CD117 panel; serial sections are turned, shifted and one is mirrored on its glass.";
    auto caseId = project.call<core::CaseId>([&](storage::Repositories& r) { return r.cases.create(record); });
    if (!caseId) return core::Status::failure(caseId.error());
    for (const DemoSlide& s : demoSlides(options)) {
        const std::string path = (fs::absolute(caseDir) / s.file).lexically_normal().string();
        auto source = slide::openSlide(path);
        if (!source) return core::Status::failure(source.error());
        const core::SlideInfo info = (*source)->info();
        auto added = project.call<core::CaseSlideRecord>([&](storage::Repositories& r) {
            return storage::addSlideToCase(r, *caseId, info, stainName(s.stain));
        });
        if (!added) return core::Status::failure(added.error());
    }
    return {};
}

}  // namespace

core::Status writeProjectFile(const fs::path& target, const std::function<core::Status(storage::Project&)>& fill) {
    const fs::path partial = target.string() + ".partial";
    removeProjectFiles(partial);
    {
        auto project = storage::Project::open(partial, true);
        if (!project) return core::Status::failure(project.error());
        if (auto s = fill(**project); !s) return s;
    }  // closed: the write-ahead log is folded into the file
    removeProjectFiles(target);
    std::error_code ec;
    fs::rename(partial, target, ec);
    if (ec) return core::Status::failure("Cannot rename " + partial.string() + ": " + ec.message());
    return {};
}

core::Status writeDemoProject(const std::string& caseDir) {
    return writeProjectFile(fs::path(caseDir) / kDemoProjectFile,
                            [&caseDir](storage::Project& p) { return fillProject(p, caseDir); });
}

}  // namespace histomark::samples
