// SPDX-License-Identifier: MIT
// Helper of crash_safety_test: adds point marks to a project, one transaction each, as fast as the
// storage thread commits them, and prints "ack <id> <i>" for each mark once its COMMIT returned
// (mark i is at x = i, y = 2i), until it is killed. "error <message>" reports a failed edit.
//
//   crash_writer <project file>
//
// The marks go to the first slide of case CRASH-1 (created if missing); i continues after the
// marks already there, so several runs on one file give x = 0, 1, 2, ... without gaps.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "storage/project.h"

using namespace histomark;

namespace {

constexpr const char* kAccession = "CRASH-1";
constexpr int kInFlight = 16;                       // edits queued ahead of the storage thread
constexpr auto kGiveUp = std::chrono::seconds(120);  // ends on its own if nobody kills it

core::Result<core::CaseSlideId> crashSlide(storage::Repositories& r) {
    auto existing = r.cases.findByAccession(kAccession);
    if (!existing) return core::Error{existing.error()};
    core::CaseId caseId = 0;
    if (*existing) {
        caseId = (*existing)->id;
    } else {
        core::CaseRecord c;
        c.accession = kAccession;
        auto id = r.cases.create(c);
        if (!id) return id;
        caseId = *id;
    }
    auto slides = r.slides.listForCase(caseId);
    if (!slides) return core::Error{slides.error()};
    if (!slides->empty()) return slides->front().id;
    core::CaseSlideRecord s;
    s.caseId = caseId;
    s.path = "/slides/crash.svs";
    return r.slides.add(s);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: crash_writer <project file>\n");
        return 2;
    }
    auto project = storage::Project::open(argv[1], true);
    if (!project) {
        std::printf("error %s\n", project.error().c_str());
        return 1;
    }
    auto slide = (*project)->call<core::CaseSlideId>(crashSlide);
    if (!slide) {
        std::printf("error %s\n", slide.error().c_str());
        return 1;
    }
    auto start = (*project)->call<int64_t>(
        [id = *slide](storage::Repositories& r) { return r.annotations.countForSlide(id, std::nullopt); });
    if (!start) {
        std::printf("error %s\n", start.error().c_str());
        return 1;
    }

    std::mutex mutex;
    std::condition_variable cv;
    int inFlight = 0;
    const auto giveUp = std::chrono::steady_clock::now() + kGiveUp;
    for (int64_t i = *start; std::chrono::steady_clock::now() < giveUp; ++i) {
        {
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return inFlight < kInFlight; });
            ++inFlight;
        }
        core::Annotation mark;
        mark.slide = *slide;
        mark.className = core::kMitoticFigure;
        mark.kind = core::ShapeKind::Point;
        mark.points = {{double(i), 2.0 * double(i)}};
        (*project)->transact<core::AnnotationId>(
            [mark](storage::Repositories& r) { return r.annotations.add(mark); },
            [&, i](core::Result<core::AnnotationId> id) {
                // Runs on the storage thread after COMMIT returned: the mark is on disk now.
                if (id) std::printf("ack %lld %lld\n", static_cast<long long>(*id), static_cast<long long>(i));
                else std::printf("error %s\n", id.error().c_str());
                std::fflush(stdout);
                {
                    std::lock_guard lock(mutex);
                    --inFlight;
                }
                cv.notify_one();
            });
    }
    project->reset();  // finishes the queued edits before `mutex` and `cv` go away
    return 0;
}
