// SPDX-License-Identifier: MIT
// Writing a teaching pack: the learner's copy of a teaching set. A pack is an ordinary project
// file (the same schema, ids kept), so the window's quiz mode and every command open it as they
// open the educator's project; teaching_pack_collect.cpp brings its work back.
#include "storage/teaching_pack.h"

#include <map>
#include <system_error>

#include "core/region_questions.h"
#include "storage/database.h"
#include "storage/pack_slides.h"
#include "storage/repositories.h"

namespace histomark::storage {
namespace {

core::Status exec(Database& db, const char* sql) {
    auto st = db.prepare(sql);
    if (!st) return core::Error{st.error()};
    return st->run();
}

// What the source's teaching set asks and answers, read before it is copied.
struct SourceSet {
    std::string id;
    std::vector<std::pair<core::CaseSlideId, std::vector<std::string>>> regionClasses;
    std::vector<PackSlide> slides;  // of the teaching cases, by question and position
    PackWritten counts;
};

core::Result<SourceSet> readSource(Repositories& r, const std::filesystem::path& source, const std::string& learner) {
    SourceSet s;
    auto pack = r.packs.info();
    if (!pack) return core::Error{pack.error()};
    if (*pack) return core::Error{source.string() + " is itself a teaching pack: pack the educator's project it came from"};
    auto id = r.packs.projectId();
    if (!id) return core::Error{id.error()};
    s.id = *id;
    auto set = r.teaching.list();
    if (!set) return core::Error{set.error()};
    if (set->empty())
        return core::Error{source.string() + " has no teaching cases: make them with `histomark teaching set` before packing"};
    for (const core::TeachingCase& t : *set) {
        if (!learner.empty() && t.referenceReader == learner)
            return core::Error{learner + " is the reference reader of case " + std::to_string(t.caseId) + ": a copy keeps a learner's work"};
        auto slides = r.slides.listForCase(t.caseId);
        if (!slides) return core::Error{slides.error()};
        ++s.counts.cases;
        if (!learner.empty()) {
            auto sub = r.teaching.submission(t.caseId, learner);
            if (!sub) return core::Error{sub.error()};
            s.counts.learnerSubmissions += sub->has_value();
        }
        int index = 0;
        for (const core::CaseSlideRecord& slide : *slides) {
            ++s.counts.slides;
            s.slides.push_back({slide.id, slide.path, s.counts.cases, ++index});
            auto marks = r.annotations.listForSlide(slide.id, t.referenceReader);
            if (!marks) return core::Error{marks.error()};
            if (!learner.empty()) {
                auto mine = r.annotations.listForSlide(slide.id, learner);
                if (!mine) return core::Error{mine.error()};
                s.counts.learnerMarks += int(mine->size());
            }
            for (const auto& m : *marks) s.counts.figureAnswers += core::sameClass(m.className, core::kMitoticFigure);
            for (const auto& q : core::scoreRegionQuestions(*marks, {})) s.counts.regionAnswers += int(q.regions.size());
            auto classes = core::regionQuestionClasses(*marks);
            s.counts.regionQuestions += int(classes.size());
            if (!classes.empty()) s.regionClasses.emplace_back(slide.id, std::move(classes));
            auto record = r.markers.get(slide.id);
            if (!record) return core::Error{record.error()};
            s.counts.markerAnswers += *record && (*record)->result != core::MarkerResult::NotRecorded;
        }
    }
    return s;
}

// Runs `sql` with the kept learner as ?1 (NULL when there is none, so `IS NOT ?1` keeps nobody).
core::Status execKeeping(Database& db, const char* sql, const std::string& learner) {
    auto st = db.prepare(sql);
    if (!st) return core::Error{st.error()};
    if (learner.empty()) st->bindNull(1);
    else st->bind(1, learner);
    return st->run();
}

// Turns the copy into the learner's pack, in one transaction.
core::Status strip(Database& db, const SourceSet& src, const PackOptions& o, const std::map<core::CaseSlideId, std::string>& paths) {
    Transaction tx(db);
    if (!tx.status()) return tx.status();
    Repositories r(db);
    if (!paths.empty()) {
        auto st = db.prepare("UPDATE slides SET path = ?2 WHERE id = ?1");
        if (!st) return core::Error{st.error()};
        for (const auto& [id, path] : paths) {
            st->reset();
            st->bind(1, int64_t(id)).bind(2, path);
            if (auto s = st->run(); !s) return s;
        }
    }
    // Other cases go with everything of theirs (foreign keys cascade); no window state; of the
    // learners' work only the kept learner's.
    for (const char* sql : {"DELETE FROM cases WHERE id NOT IN (SELECT case_id FROM teaching_cases)", "DELETE FROM app_state",
                            "DELETE FROM slide_views"})
        if (auto s = exec(db, sql); !s) return s;
    for (const char* sql : {"DELETE FROM quiz_submissions WHERE learner IS NOT ?1", "DELETE FROM quiz_marker_answers WHERE learner IS NOT ?1",
                            "DELETE FROM annotations WHERE reader IS NOT ?1 AND reader IS NOT (SELECT t.reference_reader FROM slides s "
                            "JOIN teaching_cases t ON t.case_id = s.case_id WHERE s.id = annotations.slide_id)",
                            "DELETE FROM count_settings WHERE reader IS NOT ?1 AND reader IS NOT (SELECT t.reference_reader FROM slides s "
                            "JOIN teaching_cases t ON t.case_id = s.case_id WHERE s.id = count_settings.slide_id)"})
        if (auto s = execKeeping(db, sql, o.learner); !s) return s;
    if (!o.withAnswers) {
        // The count settings stay: they are the question's fields or region, shown to the learner.
        if (auto s = execKeeping(db, "DELETE FROM annotations WHERE reader IS NOT ?1", o.learner); !s) return s;
        if (auto s = exec(db, "DELETE FROM marker_records"); !s) return s;
        for (const auto& [slide, classes] : src.regionClasses)
            if (auto s = r.packs.setRegionClasses(slide, classes); !s) return s;
    }
    // Blinded: the accession and the clinical details may give the answer away.
    if (auto s = exec(db, "UPDATE cases SET accession = 'pack-' || id, site = '', diagnosis = '', summary = ''"); !s) return s;
    auto set = r.teaching.list();
    if (!set) return core::Error{set.error()};
    auto rename = db.prepare("UPDATE cases SET accession = ?1 WHERE id = ?2");
    if (!rename) return core::Error{rename.error()};
    for (size_t i = 0; i < set->size(); ++i) {
        rename->reset();
        rename->bind(1, "Question " + std::to_string(i + 1)).bind(2, int64_t((*set)[i].caseId));
        if (auto s = rename->run(); !s) return s;
    }
    if (auto s = exec(db, "UPDATE project_identity SET uuid = lower(hex(randomblob(16)))"); !s) return s;
    if (auto s = r.packs.setInfo({src.id, o.withAnswers, 0}); !s) return s;
    return tx.commit();
}

}  // namespace

core::Result<PackWritten> writeTeachingPack(const std::filesystem::path& source, const std::filesystem::path& out,
                                            const PackOptions& options) {
    using R = core::Result<PackWritten>;
    if (out.empty()) return R::failure("No file name for the pack");
    std::error_code ec;
    if (std::filesystem::exists(out, ec))
        return R::failure(out.string() + " exists: a pack is written to a new file (remove the old one first)");
    if (const auto folder = out.parent_path(); !folder.empty() && !std::filesystem::is_directory(folder, ec))
        return R::failure("Cannot write the pack " + out.string() + ": there is no folder " + folder.string());
    SourceSet src;
    {
        auto db = Database::open(source, false);
        if (!db) return R::failure(db.error());
        Repositories r(**db);
        auto read = readSource(r, source, options.learner);
        if (!read) return R::failure(read.error());
        src = std::move(*read);
        // A consistent snapshot of the whole file, whatever the educator's window writes meanwhile.
        auto copy = (*db)->prepare("VACUUM INTO ?1");
        if (!copy) return R::failure(copy.error());
        copy->bind(1, out.string());
        if (auto s = copy->run(); !s) {
            std::filesystem::remove(out, ec);
            return R::failure("Cannot write the pack " + out.string() + ": " + s.error());
        }
    }
    core::Status done;
    std::map<core::CaseSlideId, std::string> paths;
    const std::filesystem::path folder = out.parent_path() / (out.stem().string() + "-slides");
    if (options.copySlides) {
        auto copied = copyPackSlides(src.slides, folder, options.job);
        if (copied) paths = std::move(*copied);
        else done = core::Error{copied.error()};
    }
    if (done) {
        auto pack = Database::open(out, false);
        if (!pack) done = core::Error{pack.error()};
        // What is deleted is overwritten, then the file is rebuilt without its free pages.
        if (done) done = (*pack)->execScript("PRAGMA secure_delete = ON;");
        if (done) done = strip(**pack, src, options, paths);
        if (done) done = (*pack)->execScript("VACUUM;");
    }
    if (!done) {
        if (!paths.empty()) std::filesystem::remove_all(folder, ec);
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(out.string() + suffix, ec);
        return R::failure("Cannot write the pack " + out.string() + ": " + done.error());
    }
    PackWritten w = src.counts;
    w.answersIncluded = options.withAnswers;
    if (options.copySlides) w.slidesFolder = folder.string();
    w.sourceProject = src.id;
    return w;
}

}  // namespace histomark::storage
