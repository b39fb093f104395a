// SPDX-License-Identifier: MIT
#pragma once
#include "core/case_model.h"
#include "core/result.h"
#include "storage/annotation_repo.h"
#include "storage/app_state_repo.h"
#include "storage/case_repo.h"
#include "storage/marker_repo.h"
#include "storage/slide_repo.h"
#include "storage/teaching_pack_repo.h"
#include "storage/teaching_repo.h"

namespace histomark::storage {

class Database;

// The repositories of one connection, as Project::transact hands them to work on the storage
// thread. Valid only during that call: do not keep references to them.
struct Repositories {
    explicit Repositories(Database& db) : cases(db), slides(db), state(db), annotations(db), markers(db), teaching(db), packs(db), m_db(db) {}

    CaseRepo cases;
    SlideRepo slides;
    AppStateRepo state;
    AnnotationRepo annotations;
    MarkerRepo markers;
    TeachingRepo teaching;
    TeachingPackRepo packs;

    // The case with its slides in grid order; "No case with id N" for an unknown id.
    core::Result<core::CaseDetail> loadCase(core::CaseId id);
    Database& database() { return m_db; }

private:
    Database& m_db;
};

}  // namespace histomark::storage
