// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/annotation.h"
#include "core/result.h"

namespace histomark::storage {

class Database;

// A slide's marks that can be read, and one line for each stored mark that cannot (a hand-edited
// or damaged row, left in the file as it is).
struct ReadableMarks {
    std::vector<core::Annotation> marks;
    std::vector<std::string> unreadable;  // "Annotation 17 cannot be read: its class is missing"
};

// Annotation classes, the marks of each slide, and each reader's count settings (schema 3, see
// docs/project-format.md). Synchronous: runs on the storage thread, on the Database it is given,
// inside the caller's transaction (Project::transact). Geometry is level-0 px of the mark's slide.
// An edit of several marks that fails changes none of them (it runs in a savepoint of its own),
// so the caller may carry on or roll back. Class names compare ASCII case-insensitively.
class AnnotationRepo {
public:
    explicit AnnotationRepo(Database& db) : m_db(db) {}

    // Classes in display order (number keys 1..9 pick them).
    core::Result<std::vector<core::AnnotationClass>> classes();
    // Appends a class; a name already taken (ignoring case) or empty, or a colour beyond 0xffffff, fails.
    core::Status addClass(const core::AnnotationClass& cls);
    core::Status setClassColour(const std::string& name, uint32_t rgb);
    // Adds the class unless one of that name exists (its colour is then left as it is); true = added.
    core::Result<bool> ensureClass(const core::AnnotationClass& cls);

    // Stores a new mark and returns its id (`mark.id` is ignored; createdUnix 0 = now). Fails on
    // bad geometry (core::geometryProblem), "No slide with id N", "No class 'x'".
    core::Result<core::AnnotationId> add(const core::Annotation& mark);
    // The same for many marks (an import), all or none; ids in the order given.
    core::Result<std::vector<core::AnnotationId>> addMany(const std::vector<core::Annotation>& marks);
    // Stores marks under their own ids (undo of a delete); fails if one of the ids is in use.
    core::Status restore(const std::vector<core::Annotation>& marks);
    // Deletes the marks; an unknown id fails with "No annotation with id N" and deletes none.
    core::Status remove(const std::vector<core::AnnotationId>& ids);
    core::Status setClass(const std::vector<core::AnnotationId>& ids, const std::string& className);
    // New points for a mark of the same kind (moved, reshaped); validated like add().
    core::Status setGeometry(core::AnnotationId id, const std::vector<core::Level0Point>& points);

    // The slide's marks in id (creation) order, of one reader or of all. A stored mark whose
    // geometry cannot be read fails the whole call with an error naming its id.
    core::Result<std::vector<core::Annotation>> listForSlide(core::CaseSlideId slide,
                                                             const std::optional<std::string>& reader = std::nullopt);
    // The same, leaving out (and naming) a mark that cannot be read: the window shows the rest, where
    // a count or an export must not quietly miss one.
    core::Result<ReadableMarks> readableForSlide(core::CaseSlideId slide,
                                                 const std::optional<std::string>& reader = std::nullopt);
    core::Result<std::optional<core::Annotation>> get(core::AnnotationId id);
    // Readers with at least one mark on the slide, sorted.
    core::Result<std::vector<std::string>> readers(core::CaseSlideId slide);
    // Readers with count settings on the slide (one may have counted and found no mitosis), sorted.
    core::Result<std::vector<std::string>> countReaders(core::CaseSlideId slide);
    // Marks on the slide, of one class (an unknown class fails) or of all (nullopt).
    core::Result<int64_t> countForSlide(core::CaseSlideId slide, const std::optional<std::string>& className);

    // A reader's count settings for a slide: JSON owned by the app layer, stored as given.
    core::Status setCountSettings(core::CaseSlideId slide, const std::string& reader, const std::string& json);
    core::Result<std::optional<std::string>> countSettings(core::CaseSlideId slide, const std::string& reader);

private:
    core::Result<int64_t> classId(const std::string& name);
    core::Result<std::vector<core::Annotation>> slideMarks(core::CaseSlideId slide, const std::optional<std::string>& reader,
                                                           std::vector<std::string>* unreadable);
    core::Result<std::vector<std::string>> readerColumn(const char* sql, core::CaseSlideId slide);  // "No class 'x'"
    core::Result<std::vector<core::AnnotationId>> insert(const std::vector<core::Annotation>& marks, bool keepIds);
    Database& m_db;
};

}  // namespace histomark::storage
