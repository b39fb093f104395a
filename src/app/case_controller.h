// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>

#include "analysis/mitosis_candidates.h"
#include "interchange/marks_export.h"
#include "platform/main_thread_queue.h"
#include "platform/worker_pool.h"
#include "storage/mark_edits.h"
#include "storage/project.h"
#include "ui/case_actions.h"
#include "ui/workspace.h"

namespace histomark::app {

// Carries out the case list's and case window's requests: database work on the project's storage
// thread, file checks and alignment on workers, and the outcome applied to the workspace on the
// UI thread (through the main-thread queue). Every edit is written the moment it is made. Owned
// by App; UI thread only, except what it posts.
class CaseController final : public ui::CaseActions {
public:
    struct Services {
        ui::Workspace& ws;
        platform::MainThreadQueue& main;
        platform::WorkerPool& io;    // project open/close, file checks
        platform::WorkerPool& jobs;  // alignment
        // Opens a case slide's view (not a tab of its own) and returns its id; closes one.
        std::function<core::SlideId(const core::CaseSlideRecord&)> openView;
        std::function<void(core::SlideId)> closeView;
        std::shared_ptr<const analysis::MitosisModel> mitosisModel = nullptr;  // null: the built-in one
        std::string mitosisModelName = "";
        // A model chosen in the window (its path; "" = the built-in one), for the settings.
        std::function<void(const std::string&)> mitosisModelChosen = nullptr;
    };
    explicit CaseController(Services services);
    ~CaseController() override;

    // Work in flight (database, checks, alignment): the app keeps drawing frames until done.
    bool busy() const { return m_pending.load() > 0; }
    // Once per frame: writes the view state of slides whose view moved and then rested.
    void tick(double nowSeconds);
    // The scale a user set on a case slide is kept with the case too.
    void setMppOverride(core::SlideId slide, std::optional<double> mppX, std::optional<double> mppY);
    // Which case was open is remembered in the project; reopening restores it.
    void restoreLastCase();
    void openCaseByReference(const std::string& ref);  // accession or id

    // Opens the project, then `caseRef` (accession or id) instead of the case that was open last.
    void openProject(const std::string& path, bool create, const std::string& caseRef);

    // ui::CaseActions
    void openProject(const std::string& path, bool create) override { openProject(path, create, ""); }
    void closeProject() override;
    void refreshCases() override;
    void createCase(const core::CaseRecord& record) override;
    void updateCase(const core::CaseRecord& record) override;
    void openCase(core::CaseId id) override;
    void closeCase() override;
    void addSlideToCase(const std::string& path, const std::string& stain) override;
    void removeSlideFromCase(core::CaseSlideId id) override;
    void setStain(core::CaseSlideId id, const std::string& stain) override;
    void setLinked(core::CaseSlideId id, bool linked) override;
    void alignAutomatically(core::CaseSlideId id) override;
    void setTransform(core::CaseSlideId id, const core::Affine& toReference, core::TransformSource source,
                      std::optional<double> residualUm) override;
    void relinkSlide(core::CaseSlideId id, const std::string& newPath) override;
    void applyPointPairs() override;
    void loadMarks(core::CaseSlideId id) override;
    void saveMarkEdit(core::CaseSlideId id, const core::AnnotationEdit& edit) override;
    void saveCountSetup(core::CaseSlideId id, const std::string& reader, const core::CountSetup& setup) override;
    void addAnnotationClass(const core::AnnotationClass& cls) override;
    void importMarks(core::CaseSlideId id, const std::string& path, const std::string& image) override;
    void exportMarks(core::CaseSlideId id, const std::string& path, const std::string& format = "") override;
    void exportConsensus(core::CaseSlideId id, const std::string& path, std::vector<core::Annotation> cells,
                         std::vector<std::vector<core::CellLabel>> labels) override;
    void loadMarkerRecords() override;
    void findCandidates(core::CaseSlideId id, core::Level0Rect roi) override;
    void loadCandidateThumbnails(core::CaseSlideId id, std::vector<int> indices) override;
    void useMitosisModel(const std::string& path) override;
    void findHotspot(core::CaseSlideId id) override;
    void quantifyDab(core::CaseSlideId id, core::Level0Rect roi, std::vector<core::Annotation> regions = {}) override;
    void saveMarkerRecord(core::CaseSlideId id, const std::optional<core::MarkerRecord>& record) override;
    // The reader name a case starts with: the login name.
    static std::string defaultReader();
    // Quiz mode for `learner` ("" = off), before a project is opened: the project's teaching cases
    // are the questions and the learner is the reader (case_quiz.cpp).
    void setQuizLearner(const std::string& learner);
    void submitQuiz() override;
    void refreshTeachingResults() override;
    void openQuestion(int number) override;
    void setTeaching(const std::optional<core::TeachingCase>& teaching) override;
    void writeTeachingPack(const std::string& out, bool withAnswers, const std::string& learner = "", bool copySlides = false) override;
    void collectTeachingPack(const std::string& pack) override;

private:
    using Repos = storage::Repositories;
    // Runs `work` in one transaction on the storage thread; `then` runs on the UI thread, unless
    // the project was closed meanwhile. Failures go to the status line of the case or project.
    void write(std::function<core::Status(Repos&)> work, std::function<void()> then = {});
    template <class T>
    void read(std::function<core::Result<T>(Repos&)> work, std::function<void(T&)> then);
    void reportError(const std::string& message);
    void showCase(core::CaseDetail detail);
    void checkAndOpen(core::CaseSlideRecord record);
    // Opens the slide file on a worker for its SlideInfo; `then` runs on the UI thread (errors are reported).
    void withSlideInfo(const std::string& path, std::function<void(const core::SlideInfo&)> then);
    void startPendingAlignments();
    void writeExport(const std::string& path, std::vector<core::Annotation> marks, interchange::MarkLabels labels,
                     const interchange::ExportImage& image, std::optional<interchange::ExportFormat> format, const std::string& what);
    // Quiz mode: the teaching cases of the project just opened, then question `caseRef` (an id or
    // accession) or the learner's first one not yet submitted.
    void loadQuizSet(const std::string& caseRef);
    // The open case's teaching record and (quiz mode) the learner's submission or (educator) the
    // number of submissions, into the session.
    void loadQuizState();
    // The candidate detector as the window runs it: the chosen classifier and its default minimum score.
    analysis::MitosisDetectorOptions detectorOptions() const;

    Services m_s;
    std::unique_ptr<storage::Project> m_project;
    unsigned m_generation = 0;  // changes whenever the open project changes
    std::atomic<int> m_pending{0};
    // Last saved view per slide, and when its view last moved: saved once it rests.
    struct ViewSave {
        core::ViewState saved, last;
        double changedAt = 0;
    };
    std::map<core::CaseSlideId, ViewSave> m_viewSaves;
    // Per slide of the open case: its marks' row ids, used on the storage thread only.
    std::map<core::CaseSlideId, std::shared_ptr<storage::MarkIds>> m_markIds;
    std::string m_lastReader;  // the next case opens with the reader of the last one
    std::shared_ptr<core::JobControl> m_packJob;  // the learner copy being written, if any
};

template <class T>
void CaseController::read(std::function<core::Result<T>(Repos&)> work, std::function<void(T&)> then) {
    if (!m_project) return reportError("No project is open");
    ++m_pending;
    m_project->template transact<T>(
        std::move(work), [this, &main = m_s.main, gen = m_generation, then = std::move(then)](core::Result<T> r) {
            auto shared = std::make_shared<core::Result<T>>(std::move(r));
            main.post([this, gen, shared, then] {
                --m_pending;
                if (gen != m_generation) return;
                if (!shared->ok()) return reportError(shared->error());
                then(shared->value());
            });
        });
}

}  // namespace histomark::app
