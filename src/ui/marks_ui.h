// SPDX-License-Identifier: MIT
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/count_setup.h"
#include "ui/case_actions.h"
#include "ui/case_session.h"
#include "ui/file_dialog.h"
#include "ui/marks_edit.h"
#include "ui/slide_view.h"
#include "ui/workspace.h"

namespace histomark::ui {

// The count of the current reader on a slide, recomputed only when the marks or the setup change.
struct CountCache {
    core::CaseSlideId slide = 0;
    uint64_t version = ~uint64_t(0);
    std::string reader;
    core::Mpp mpp;  // the scale it was counted at: the reader may change it (Change scale...)
    core::Result<core::CountReport> report = core::Error{"not counted"};
};

// The annotation tools of the case window: the marks panel, the mouse tools on each slide, the
// keys, and what is drawn over the slides (marks, count fields, consensus). UI thread only.
class MarksUi {
public:
    // Before a case viewer draws: its tool mode, number keys and overlay painter.
    void prepareView(CaseSession& s, const CaseViewer& v, SlideView& view);
    // After it drew: the tool's pointer events, and the keys when it has focus.
    void handleView(CaseSession& s, const CaseViewer& v, SlideView& view, bool focused, CaseActions& actions);
    // The panel beside the slides, for the focused slide.
    void panel(CaseSession& s, CaseViewer* v, SlideView* view, CaseActions& actions, FileDialog& files, float width,
               float height);
    bool needsFrame() const { return m_needsFrame; }
    void beginFrame() { m_needsFrame = false; }

    // The count shown in the panel (also used by the command script's report).
    const core::Result<core::CountReport>& count(CaseSession& s, const CaseViewer& v, const core::SlideInfo& info);
    // Places the current reader's field grid (columns x rows) centred on `centre`.
    core::Status placeGrid(CaseSession& s, const CaseViewer& v, const core::SlideInfo& info, core::Level0Point centre,
                           int columns, int rows, CaseActions& actions);
    // Guided screening of a slide: (re)plans the steps for the view's size and goes to the first.
    void startScreening(CaseSession& s, const CaseViewer& v, SlideView& view, const core::SlideInfo& info);
    void stepScreening(CaseSession& s, SlideView& view, int direction);  // +1 next, -1 previous
    // Candidate review: decides the current candidate (Accepted -> a mitotic figure mark of the
    // reader, LookAlike -> a look-alike mark, Skipped -> nothing) and shows the next one at 40x.
    void review(CaseSession& s, const CaseViewer& v, SlideView& view, CandidateReview::Status decision, CaseActions& actions);
    void showCandidate(CaseSession& s, SlideView& view, int index);
    // Opens the candidate section with its queue list on the next frame (scripts, tests).
    void openReviewQueue() { m_openReview = true; }
    void openExportMenu() { m_openExport = true; }  // the Export... button's menu, next frame
    // The classifier in use ("" = the built-in one) and the outcome of the last choice, for the
    // candidate section (Workspace::mitosisModelName / mitosisModelMessage).
    void setModelInUse(std::string name, std::string message) { m_modelName = std::move(name), m_modelMessage = std::move(message); }
    // Places the reader's count area on hotspot window `index` (5 x 2 fields, or the one rectangle).
    core::Status placeOnHotspot(CaseSession& s, const CaseViewer& v, SlideView& view, int index, CaseActions& actions);
    // Puts the last DAB quantification of the slide into its marker record (extent = % positive,
    // H-score, intensity = Allred's mean class of the positives; a result only if none was given).
    void copyQuantification(CaseSession& s, const CaseViewer& v, CaseActions& actions);
    // Quiz mode, after submission: the slide's score against the reference, recomputed when its
    // marks change (QuizState::scores). Also used by the command script's report.
    void updateQuizScore(CaseSession& s, const CaseViewer& v, const core::SlideInfo& info);
    // Recomputes the consensus match when it is on (after the marks changed).
    void updateConsensus(CaseSession& s, const CaseViewer& v, const core::SlideInfo& info);

private:
    void handlePointer(CaseSession& s, const CaseViewer& v, SlideView& view, const PointerEvent& e, CaseActions& actions);
    void handleKeys(CaseSession& s, const CaseViewer& v, SlideView& view, CaseActions& actions);
    void toolsSection(CaseSession& s, CaseViewer& v, CaseActions& actions, FileDialog& files);
    void countSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);
    void unreadableWarning(const SlideMarks& m);
    void readersSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);
    void uncertainSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);  // marks_uncertain.cpp
    void voteSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions,
                     const std::set<std::string>& readers);  // marks_uncertain.cpp
    void quizSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);  // quiz_panel.cpp
    void ihcAnswer(CaseSession& s, const CaseViewer& v);                                      // quiz_panel.cpp
    void importChoiceSection(AnnotationSession& a, const CaseViewer& v, CaseActions& actions);
    void regionQuestions(const QuizState& q, const QuizState::Scored& sc);                   // quiz_panel.cpp
    void markerSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);
    void quantificationSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);
    void reviewSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);
    void hotspotSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);
    // The review queue as a list: a thumbnail, score and position per candidate; a click shows it.
    void queueList(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions);

public:
    // The case summary window (H&E findings, the IHC panel, the profile match), when it is open.
    void summaryWindow(CaseSession& s, Workspace& ws, CaseActions& actions);

private:

    std::map<core::CaseSlideId, CountCache> m_counts;  // per slide: the summary shows the H&E's too
    uint64_t m_consensusVersion = ~uint64_t(0);
    core::CaseSlideId m_consensusSlide = 0;
    std::string m_consensusKey;
    bool m_needsFrame = false;
    bool m_openReview = false;
    bool m_openExport = false;
    std::string m_modelName, m_modelMessage;
    int m_queueShown = -1;  // the candidate the list last scrolled to
    int m_queueFocusedFrame = -10;  // the last frame the list's window had the keys: A / L / K are its then
    char m_newClass[64] = {};
    char m_reader[64] = {};
    float m_newColour[3] = {0.9f, 0.5f, 0.1f};
    int m_gridColumns = 5, m_gridRows = 2;  // of the next field grid placed
    std::set<std::string> m_otherReaders;  // of the compare list, for m_readersSlide at m_readersVersion
    core::CaseSlideId m_readersSlide = 0;
    uint64_t m_readersVersion = 0;
    std::string m_readersOf;
    // The reader's "uncertain" points, for uncertainSection (gathered when the marks change).
    std::vector<std::pair<core::MarkKey, core::Level0Point>> m_uncertain;
    core::CaseSlideId m_uncertainSlide = 0;
    uint64_t m_uncertainVersion = ~uint64_t(0);
    std::string m_uncertainOf;
    char m_comment[256] = {};               // the marker record's comment being typed
    core::CaseSlideId m_commentSlide = 0;
};

// The current reader's marks on the slide replaced by the consensus of `s.annotations.consensus
// .voters` (their mitotic figures, core::formConsensus): the figures as "mitotic figure", the
// disputed cells as "uncertain"; one undoable edit, saved like any. Returns what it did, or why not.
std::string voteConsensus(AnnotationSession& a, CaseActions& actions, const CaseViewer& v, const core::SlideInfo& info);

// The same vote as cells, every chosen reader's label on each, settled by the current reader's
// marks when they have any (core::consensusCells), written to the SlideRunner database `path` on
// a worker (the outcome in the panel's message). Returns what it started, or why not.
std::string exportVote(AnnotationSession& a, CaseActions& actions, const CaseViewer& v, const core::SlideInfo& info,
                       const std::string& path);

// The point marks of class "uncertain" that `reader` made on the slide, by position (y, then x):
// the cells left to settle (a consensus's disputed cells, or a reader's own doubts).
std::vector<std::pair<core::MarkKey, core::Level0Point>> uncertainMarks(const SlideMarks& m, const std::string& reader);

// Draws a slide's marks, the count area and the consensus over a view (an overlay painter).
// `tally`: mitoses per field, drawn in each field (may be empty).
void paintMarks(::ImDrawList* dl, const core::Camera& cam, float x0, float y0, const AnnotationSession& s,
                const SlideMarks& marks, const core::CountSetup* count, const core::SlideInfo& info,
                core::CaseSlideId slide, const std::vector<int>& tally = {});

}  // namespace histomark::ui
