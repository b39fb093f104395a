// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/case_model.h"
#include "core/result.h"
#include "core/teaching_case.h"

namespace histomark::storage {

class Database;

// The project's identity and, in a teaching pack, what the pack is (schema 6,
// docs/project-format.md). Synchronous, inside the caller's transaction.
class TeachingPackRepo {
public:
    explicit TeachingPackRepo(Database& db) : m_db(db) {}

    // The project's own identity (32 hex digits, made when the file reached schema 6).
    core::Result<std::string> projectId();
    core::Status setProjectId(const std::string& id);
    // What this file is as a pack; nullopt for an ordinary project.
    core::Result<std::optional<core::TeachingPack>> info();
    core::Status setInfo(const core::TeachingPack& pack);
    // The classes an exam copy still asks the learner to click in on a slide, in the answer's order.
    core::Result<std::vector<std::string>> regionClasses(core::CaseSlideId slide);
    core::Status setRegionClasses(core::CaseSlideId slide, const std::vector<std::string>& classes);

private:
    Database& m_db;
};

}  // namespace histomark::storage
