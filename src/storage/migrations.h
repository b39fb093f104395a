// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

namespace histomark::storage {

// One forward step of the project schema: the SQL that takes a file from `version - 1` to
// `version`. Steps are never edited once released; a change to the schema is a new step (see
// docs/project-format.md).
struct Migration {
    int version;
    const char* description;
    const char* sql;
};

// Every step, oldest first; migrations()[i].version == i + 1, the last one is kSchemaVersion.
const std::vector<Migration>& migrations();

}  // namespace histomark::storage
