// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>

#include "core/annotation_history.h"
#include "core/case_model.h"
#include "core/consensus_cells.h"
#include "core/count_setup.h"
#include "core/marker_record.h"
#include "core/teaching_case.h"

namespace histomark::ui {

// What the case list and the case window ask the application to do with the project. The app
// runs database work on the storage thread and slow work (opening, alignment) on workers, and
// applies the outcome to the workspace on the UI thread; none of these block.
class CaseActions {
public:
    virtual ~CaseActions() = default;
    virtual void openProject(const std::string& path, bool create) = 0;
    virtual void closeProject() = 0;
    virtual void refreshCases() = 0;  // with the workspace's search text and stain filter
    virtual void createCase(const core::CaseRecord& record) = 0;  // and open it
    virtual void updateCase(const core::CaseRecord& record) = 0;
    virtual void openCase(core::CaseId id) = 0;
    virtual void closeCase() = 0;
    virtual void addSlideToCase(const std::string& path, const std::string& stain) = 0;
    virtual void removeSlideFromCase(core::CaseSlideId id) = 0;
    virtual void setStain(core::CaseSlideId id, const std::string& stain) = 0;
    virtual void setLinked(core::CaseSlideId id, bool linked) = 0;
    virtual void alignAutomatically(core::CaseSlideId id) = 0;  // onto the case's reference slide
    virtual void setTransform(core::CaseSlideId id, const core::Affine& toReference, core::TransformSource source,
                              std::optional<double> residualUm) = 0;
    virtual void relinkSlide(core::CaseSlideId id, const std::string& newPath) = 0;
    // Fits the open case's point pairs (3 or more) and stores the result as a manual transform.
    virtual void applyPointPairs() = 0;

    // Marks (ui/annotation_state.h). Loads a slide's marks, its count setups and the project's
    // classes into the case session.
    virtual void loadMarks(core::CaseSlideId id) = 0;
    // Saves an edit already applied in memory (one transaction: all of it or, on failure, none
    // and a message).
    virtual void saveMarkEdit(core::CaseSlideId id, const core::AnnotationEdit& edit) = 0;
    virtual void saveCountSetup(core::CaseSlideId id, const std::string& reader, const core::CountSetup& setup) = 0;
    virtual void addAnnotationClass(const core::AnnotationClass& cls) = 0;
    // Reads a GeoJSON / ASAP / ImageScope file, SlideRunner database or MIDOG JSON on a worker; its
    // marks become one undoable edit by the current reader. `image`: which image of a labelled set
    // ("": the one named like the slide, else its only one; else the panel asks, importChoice).
    virtual void importMarks(core::CaseSlideId id, const std::string& path, const std::string& image) = 0;
    // IHC marker records of the open case: loaded into the session; one saved (or, with nullopt,
    // removed) for a slide.
    virtual void loadMarkerRecords() = 0;
    virtual void saveMarkerRecord(core::CaseSlideId id, const std::optional<core::MarkerRecord>& record) = 0;
    // Runs the candidate mitosis detector over `roi` of the slide (level-0 px) on a worker, with
    // progress and cancel (session.annotations.review); the results fill the review queue.
    virtual void findCandidates(core::CaseSlideId id, core::Level0Rect roi) = 0;
    // Reads the thumbnails (the 24 µm around each, level 0) of review candidates `indices` on a
    // worker, into session.annotations.review.thumbPixels; dropped when another search replaced
    // the queue meanwhile.
    virtual void loadCandidateThumbnails(core::CaseSlideId id, std::vector<int> indices) = 0;
    // The classifier later searches use: a train-mitosis file, read on a worker ("" = the built-in
    // one). A file that is no model leaves the current one and says why.
    virtual void useMitosisModel(const std::string& path) = 0;
    // Finds the 10-HPF windows (of the reader's preset) with the most candidate mitoses over the
    // slide's tissue, necrosis marks excluded, on a worker (session.annotations.hotspots).
    virtual void findHotspot(core::CaseSlideId id) = 0;
    // Quantifies DAB in `roi` of an IHC slide (level-0 px) on a worker, with progress and cancel
    // (session.annotations.dab): cells, % positive, H-score, Allred, positive pixel fraction.
    // With `regions` (drawn rectangles, ellipses, polygons or freehand marks: the selected one, or
    // every tumour region), only cells inside them count and `roi` is their box.
    virtual void quantifyDab(core::CaseSlideId id, core::Level0Rect roi, std::vector<core::Annotation> regions = {}) = 0;
    // Writes the slide's visible marks in `format` (a name as `marks export --format` takes), or
    // by the extension: .geojson/.json QuPath GeoJSON, .xml ASAP XML, .sqlite a SlideRunner
    // database (added to an existing one), .csv point rows.
    virtual void exportMarks(core::CaseSlideId id, const std::string& path, const std::string& format = "") = 0;
    // Writes a consensus's cells (point marks of their agreed class) with every reader's label on
    // each (`labels` beside `cells`) into the SlideRunner database `path`, as MIDOG's databases
    // keep them (added to an existing one), on a worker; the outcome in session.annotations.message.
    virtual void exportConsensus(core::CaseSlideId id, const std::string& path, std::vector<core::Annotation> cells,
                                 std::vector<std::vector<core::CellLabel>> labels) = 0;
    // Quiz mode: hands the learner's answer to the open teaching case in (then the reference and
    // the score are shown), and opens question `number` (1-based) of the set.
    virtual void submitQuiz() = 0;
    // The educator's results window: reads every slide's marks, the submissions and the learners'
    // IHC readings again from the project (learners answer meanwhile from other windows).
    virtual void refreshTeachingResults() = 0;
    virtual void openQuestion(int number) = 0;
    // The educator's side: makes the open case a teaching case (or changes its reference reader
    // and question), or with nullopt an ordinary case again.
    virtual void setTeaching(const std::optional<core::TeachingCase>& teaching) = 0;
    // The educator's side: writes a learner's copy of the project's teaching set to `out` (a new
    // file; storage::writeTeachingPack, on a worker), and brings a learner's copy back into the
    // project (storage::collectTeachingPack), then reads the results again. The outcome is in
    // QuizState::packStatus.
    // `learner` non-empty: the copy keeps that learner's work (with the answers: their marked answer).
    virtual void writeTeachingPack(const std::string& out, bool withAnswers, const std::string& learner = "", bool copySlides = false) = 0;
    virtual void collectTeachingPack(const std::string& pack) = 0;
};

}  // namespace histomark::ui
