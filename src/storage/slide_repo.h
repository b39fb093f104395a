// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/affine.h"
#include "core/case_model.h"
#include "core/result.h"

namespace histomark::storage {

class Database;
class Statement;

// Slides of cases. Synchronous: runs on the storage thread, on the Database it is given, inside
// the caller's transaction (Project::transact). Coordinates are level-0 px of the slide itself;
// scales are µm per level-0 px. Every setter fails with "No slide with id N" for an unknown id.
class SlideRepo {
public:
    explicit SlideRepo(Database& db) : m_db(db) {}

    // Stores every field of `record` (id is ignored). A negative position appends the slide after
    // the case's last one; a position >= 0 is stored as given (ties keep insertion order). The
    // stain is canonicalised (core::canonicalStain). Fails with "No case with id N".
    core::Result<core::CaseSlideId> add(const core::CaseSlideRecord& record);
    core::Result<core::CaseSlideRecord> get(core::CaseSlideId id);
    // The case's slides in grid order (position, then insertion).
    core::Result<std::vector<core::CaseSlideRecord>> listForCase(core::CaseId caseId);
    // Every slide (of any case) recorded with this content fingerprint.
    core::Result<std::vector<core::CaseSlideRecord>> findByFingerprint(const std::string& fingerprint);

    core::Status setStain(core::CaseSlideId id, const std::string& stain);  // canonicalised; "" = untagged
    // `toReference` maps this slide's level-0 px onto the reference slide's level-0 px.
    core::Status setTransform(core::CaseSlideId id, const core::Affine& toReference, core::TransformSource source,
                              std::optional<double> residualUm);
    core::Status setLinked(core::CaseSlideId id, bool linked);
    core::Status setViewState(core::CaseSlideId id, const core::ViewState& view);
    core::Status clearViewState(core::CaseSlideId id);
    // nullopt clears the user's scale (the slide's own metadata applies again).
    core::Status setMppOverride(core::CaseSlideId id, std::optional<double> x, std::optional<double> y);
    // The file moved: new path and content fingerprint; everything else about the slide is kept.
    core::Status relink(core::CaseSlideId id, const std::string& newPath, const std::string& newFingerprint);
    // Level-0 size as recorded (relinking to a file whose content differs, on the user's word).
    core::Status setSize(core::CaseSlideId id, int64_t width, int64_t height);
    core::Status setPosition(core::CaseSlideId id, int position);
    core::Status remove(core::CaseSlideId id);

private:
    core::Status updateOne(core::CaseSlideId id, const char* sql, bool touchCase,
                           const std::function<void(Statement&)>& bindRest);
    Database& m_db;
};

}  // namespace histomark::storage
