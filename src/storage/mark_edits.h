// SPDX-License-Identifier: MIT
#pragma once
#include <unordered_map>

#include "core/annotation_history.h"
#include "core/result.h"
#include "storage/annotation_repo.h"

namespace histomark::storage {

// Which database row each in-memory mark (core::MarkKey) is stored as. Lives with the open slide
// and is used only on the storage thread, in edit order: an edit of a mark made a moment ago finds
// the id its insertion got, although the UI never waited for it.
using MarkIds = std::unordered_map<core::MarkKey, core::AnnotationId>;

// Stores an edit already applied in memory (an undo or redo is an edit too): new marks are added
// (or, when their key had a row before, e.g. a redo after an undo, restored under that same id),
// deleted marks are removed, changed ones get their new class or geometry. Runs inside the
// caller's transaction; on failure `ids` is unchanged and the caller rolls back.
core::Status saveMarkEdit(AnnotationRepo& repo, MarkIds& ids, const core::AnnotationEdit& edit);

}  // namespace histomark::storage
