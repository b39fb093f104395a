// SPDX-License-Identifier: MIT
#include "storage/case_slides.h"

#include <filesystem>

#include "core/stain.h"
#include "storage/settings_store.h"

namespace histomark::storage {

core::CaseSlideRecord newCaseSlide(core::CaseId caseId, const core::SlideInfo& info, std::string_view stain) {
    core::CaseSlideRecord r;
    r.caseId = caseId;
    r.position = -1;
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(info.path, ec);
    r.path = (ec ? std::filesystem::path(info.path) : absolute).lexically_normal().string();
    r.fingerprint = fingerprintOf(info);
    r.width = info.width();
    r.height = info.height();
    r.stain = core::canonicalStain(stain);
    r.transformSource = core::isHematoxylinEosin(r.stain) ? core::TransformSource::Identity : core::TransformSource::None;
    return r;
}

core::Result<core::CaseSlideRecord> addSlideToCase(Repositories& repos, core::CaseId caseId, const core::SlideInfo& info,
                                                   std::string_view stain) {
    auto kase = repos.cases.get(caseId);
    if (!kase) return core::Error{kase.error()};
    const core::CaseSlideRecord record = newCaseSlide(caseId, info, stain);
    auto same = repos.slides.findByFingerprint(record.fingerprint);
    if (!same) return core::Error{same.error()};
    for (const auto& s : *same)
        if (s.caseId == caseId)
            return core::Error{record.path + " is already in case " + kase->accession + " (slide " + std::to_string(s.id) +
                               ", " + s.path + ")"};
    auto id = repos.slides.add(record);
    if (!id) return core::Error{id.error()};
    return repos.slides.get(*id);
}

core::Result<core::CaseSlideRecord> setSlideStain(Repositories& repos, core::CaseSlideId id, std::string_view stain) {
    auto slide = repos.slides.get(id);
    if (!slide) return core::Error{slide.error()};
    const std::string canonical = core::canonicalStain(stain);
    if (auto s = repos.slides.setStain(id, canonical); !s) return core::Error{s.error()};
    const bool he = core::isHematoxylinEosin(canonical);
    const auto source = slide->transformSource;
    if (he && source == core::TransformSource::None)
        if (auto s = repos.slides.setTransform(id, core::Affine::identity(), core::TransformSource::Identity, std::nullopt); !s)
            return core::Error{s.error()};
    if (!he && source == core::TransformSource::Identity)
        if (auto s = repos.slides.setTransform(id, core::Affine::identity(), core::TransformSource::None, std::nullopt); !s)
            return core::Error{s.error()};
    return repos.slides.get(id);
}

bool sameSlide(const core::CaseSlideRecord& slide, const core::SlideInfo& file) {
    return !slide.fingerprint.empty() && slide.fingerprint == fingerprintOf(file);
}

core::Result<core::CaseSlideRecord> relinkSlide(Repositories& repos, core::CaseSlideId id, const core::SlideInfo& file,
                                                bool force) {
    auto slide = repos.slides.get(id);
    if (!slide) return core::Error{slide.error()};
    const core::CaseSlideRecord moved = newCaseSlide(slide->caseId, file, slide->stain);
    if (!force && !sameSlide(*slide, file))
        return core::Error{moved.path + " is not the slide recorded as " + slide->path + " (content fingerprint " +
                           moved.fingerprint + ", recorded " + slide->fingerprint + ")"};
    if (auto s = repos.slides.relink(id, moved.path, moved.fingerprint); !s) return core::Error{s.error()};
    if (moved.width != slide->width || moved.height != slide->height)
        if (auto s = repos.slides.setSize(id, moved.width, moved.height); !s) return core::Error{s.error()};
    return repos.slides.get(id);
}

bool slideFilePresent(const core::CaseSlideRecord& slide) {
    std::error_code ec;
    return !slide.path.empty() && std::filesystem::is_regular_file(slide.path, ec);
}

}  // namespace histomark::storage
