// SPDX-License-Identifier: MIT
#pragma once
#include <memory>

#include "storage/database.h"
#include "storage/repositories.h"

namespace histomark::test {

// An in-memory project holding one case (S26-01234), for repository tests about its slides.
struct OneCaseFixture {
    std::unique_ptr<storage::Database> db = std::move(storage::Database::openInMemory().value());
    storage::Repositories repos{*db};
    core::CaseId caseId = 0;

    OneCaseFixture() {
        core::CaseRecord r;
        r.accession = "S26-01234";
        caseId = repos.cases.create(r).value();
    }
};

}  // namespace histomark::test
