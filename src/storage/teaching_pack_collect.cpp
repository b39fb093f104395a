// SPDX-License-Identifier: MIT
// Collecting a teaching pack: a learner's work in their copy of the teaching set brought back into
// the educator's project it came from (recognised by the project's identity, slides by content).
#include <map>
#include <set>
#include <system_error>

#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/teaching_pack.h"

namespace histomark::storage {

namespace {

// One collection in progress: the two projects, what the pack is, and the tally so far.
struct Collect {
    Repositories& educator;
    Repositories& pack;
    const core::TeachingPack& info;
    const std::vector<core::AnnotationClass>& classes;
    PackCollected out;
    std::map<std::string, CollectedLearner> learners;

    CollectedLearner& learner(const std::string& name) {
        auto& l = learners[name];
        l.learner = name;
        return l;
    }

    // One reader's marks and count settings on a verified slide, replacing what they had here.
    core::Status readerMarks(core::CaseSlideId slide, const std::string& reader) {
        auto marks = pack.annotations.listForSlide(slide, reader);
        if (!marks) return core::Error{marks.error()};
        auto old = educator.annotations.listForSlide(slide, reader);
        if (!old) return core::Error{old.error()};
        std::vector<core::AnnotationId> ids;
        for (const auto& m : *old) ids.push_back(m.id);
        if (auto st = educator.annotations.remove(ids); !st) return st;
        std::set<std::string> used;
        for (auto& m : *marks) used.insert(m.className), m.id = 0;
        for (const auto& c : classes)  // a class the learner made in the copy
            if (used.count(c.name))
                if (auto e = educator.annotations.ensureClass(c); !e) return core::Error{e.error()};
        if (auto added = educator.annotations.addMany(*marks); !added) return core::Error{added.error()};
        auto settings = pack.annotations.countSettings(slide, reader);
        if (!settings) return core::Error{settings.error()};
        if (*settings)
            if (auto st = educator.annotations.setCountSettings(slide, reader, **settings); !st) return st;
        learner(reader).marks += int(marks->size());
        return {};
    }

    // Every learner's marks on a slide that is the same here; the reference's are no learner's work
    // (in a copy with answers they are the answer; marks made under its name are named, not taken).
    core::Status slideMarks(core::CaseSlideId slide, const std::set<std::string>& references) {
        auto readers = pack.annotations.readers(slide);
        if (!readers) return core::Error{readers.error()};
        auto counted = pack.annotations.countReaders(slide);
        if (!counted) return core::Error{counted.error()};
        std::set<std::string> who(readers->begin(), readers->end());
        who.insert(counted->begin(), counted->end());
        for (const std::string& reader : who) {
            if (!reader.empty() && !references.count(reader)) {
                if (auto st = readerMarks(slide, reader); !st) return st;
                continue;
            }
            auto own = pack.annotations.listForSlide(slide, reader);
            if (!own) return core::Error{own.error()};
            const bool answer = !reader.empty() && info.answersIncluded;
            if (!answer && !own->empty())
                out.notes.push_back(std::to_string(own->size()) + " marks of " +
                                    (reader.empty() ? std::string("an unnamed reader") : "reference reader " + reader) + " on slide " +
                                    std::to_string(slide) + " were not collected");
        }
        return {};
    }

    // The learners' IHC readings of the case's verified slides, and their submissions.
    core::Status readingsAndSubmissions(core::CaseId caseId, const std::set<core::CaseSlideId>& verified,
                                        const std::set<std::string>& references) {
        auto readers = pack.markers.answerLearners(caseId);
        if (!readers) return core::Error{readers.error()};
        for (const std::string& name : *readers) {
            if (references.count(name)) continue;
            auto answers = pack.markers.answersForCase(caseId, name);
            if (!answers) return core::Error{answers.error()};
            for (core::CaseSlideId s : verified)
                if (auto st = educator.markers.removeAnswer(s, name); !st) return st;
            for (core::MarkerRecord a : *answers) {
                if (!verified.count(a.slide)) continue;
                a.reader = name;
                if (auto st = educator.markers.putAnswer(a); !st) return st;
                ++learner(name).readings;
            }
        }
        auto handedIn = pack.teaching.submissions(caseId);
        if (!handedIn) return core::Error{handedIn.error()};
        for (const core::QuizSubmission& sub : *handedIn) {
            if (references.count(sub.learner)) continue;
            if (auto st = educator.teaching.reopen(caseId, sub.learner); !st) return core::Error{st.error()};
            if (auto st = educator.teaching.submit(sub); !st) return st;  // the pack's time
            ++learner(sub.learner).submissions;
        }
        return {};
    }

    core::Status teachingCase(const core::TeachingCase& t) {
        const std::string question = "case " + std::to_string(t.caseId);
        auto here = educator.teaching.get(t.caseId);
        if (!here) return core::Error{here.error()};
        if (!*here) {
            out.notes.push_back(question + " is no longer a teaching case here: its answers were not collected");
            return {};
        }
        const std::set<std::string> references{t.referenceReader, (*here)->referenceReader};
        auto slides = pack.slides.listForCase(t.caseId);
        if (!slides) return core::Error{slides.error()};
        std::set<core::CaseSlideId> verified;
        for (const core::CaseSlideRecord& s : *slides) {
            auto ours = educator.slides.get(s.id);
            if (!ours || ours->caseId != t.caseId || ours->fingerprint != s.fingerprint) {
                out.notes.push_back("slide " + std::to_string(s.id) + " of " + question + " is not the same slide here: its marks were not collected");
                continue;
            }
            verified.insert(s.id);
            if (auto st = slideMarks(s.id, references); !st) return st;
        }
        return readingsAndSubmissions(t.caseId, verified, references);
    }
};

}  // namespace

core::Result<PackCollected> collectTeachingPack(Repositories& educator, const std::filesystem::path& packFile) {
    using R = core::Result<PackCollected>;
    std::error_code ec;
    if (!std::filesystem::exists(packFile, ec)) return R::failure("No such teaching pack: " + packFile.string());
    if (std::filesystem::equivalent(packFile, educator.database().path(), ec))
        return R::failure(packFile.string() + " is the project itself: collect the learners' copies (teaching packs) into it");
    auto db = Database::open(packFile, false);
    if (!db) return R::failure(db.error());
    Repositories pack(**db);
    auto info = pack.packs.info();
    if (!info) return R::failure(info.error());
    if (!*info) return R::failure(packFile.string() + " is not a teaching pack (a learner's copy made by `histomark teaching pack`)");
    auto mine = educator.packs.projectId();
    if (!mine) return R::failure(mine.error());
    if ((*info)->sourceProject != *mine)
        return R::failure(packFile.string() + " was packed from another project (" + (*info)->sourceProject + "), not from this one (" +
                          *mine + ")");
    auto classes = pack.annotations.classes();
    if (!classes) return R::failure(classes.error());
    auto set = pack.teaching.list();
    if (!set) return R::failure(set.error());
    Collect c{educator, pack, **info, *classes, {}, {}};
    for (const core::TeachingCase& t : *set)
        if (auto st = c.teachingCase(t); !st) return R::failure(st.error());
    for (auto& [name, l] : c.learners) c.out.learners.push_back(l);
    return std::move(c.out);
}

}  // namespace histomark::storage
