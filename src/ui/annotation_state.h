// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/annotation_history.h"
#include "core/annotation_layer.h"
#include "core/count_setup.h"
#include "core/job_control.h"
#include "core/marker_record.h"
#include "core/point_matching.h"
#include "core/quiz_score.h"
#include "core/region_questions.h"
#include "core/teaching_case.h"
#include "core/rgba_image.h"
#include "core/screening.h"
#include "render/gl_texture.h"

namespace histomark::ui {

// What the left mouse button does on a slide of the open case.
enum class AnnotationTool { Navigate, Point, Rectangle, Ellipse, Polygon, Freehand, Select, Fields };
const char* toolName(AnnotationTool t);  // "navigate", "point", ... (script and report names)
std::optional<AnnotationTool> parseTool(const std::string& name);

// The marks of one slide of the case and everything done to them this session.
struct SlideMarks {
    enum class Load { NotLoaded, Loading, Ready, Failed } load = Load::NotLoaded;
    std::string loadError;
    // Stored marks that could not be read (a damaged or hand-edited row): not shown, not counted,
    // left in the file as they are; the panel says so while the slide is open.
    std::vector<std::string> unreadable;
    core::AnnotationLayer layer;
    core::AnnotationHistory history;
    std::vector<core::MarkKey> selection;
    std::map<std::string, core::CountSetup> counts;  // by reader, as saved
    uint64_t version = 0;  // changes with every edit of the marks or of a count setup
};

// The slide's tumour-region areas (class core::kTumourRegion, points left out).
std::vector<core::Annotation> tumourRegions(const SlideMarks& marks);

// A shape being drawn (rectangle, ellipse, polygon, freehand) or marks being dragged.
struct DrawingState {
    core::CaseSlideId slide = 0;
    core::ShapeKind kind = core::ShapeKind::Rectangle;
    std::vector<core::Level0Point> points;
    bool moving = false;  // dragging the selection (Select tool) or the field grid (Fields tool)
    core::Level0Point moveFrom, moveTo;
    std::optional<core::CountSetup> countBefore;  // the count setup when a grid drag began
};

// Guided screening of one slide: screen-sized steps over its tissue, visited in order.
struct ScreeningState {
    core::CaseSlideId slide = 0;  // 0 = off
    std::vector<core::Level0Rect> steps;
    core::ScreeningProgress progress{0};
};

// Two readers' mitotic figures compared (DOMAIN §4: greedy one-to-one within 7.5 µm).
struct ConsensusState {
    bool on = false;
    core::CaseSlideId slide = 0;  // the slide the match below is for
    std::string otherReader;
    double radiusUm = 7.5;
    // Recomputed when the marks change: reference = the current reader, candidates = the other.
    std::optional<core::MatchResult> match;
    std::vector<core::Level0Point> mine, theirs;
    std::string error;
    // Several readers voted into the current reader's marks (core::formConsensus, as `histomark
    // consensus --write`): who votes, the votes a figure needs (0 = a majority), what the last vote did.
    std::set<std::string> voters;
    int minVotes = 0;
    std::string voteMessage;
};

// Quiz mode (`histomark open PROJECT --quiz LEARNER`): the learner marks a teaching case without
// seeing the reference answer, other readers or the assistant, hands the answer in, and then sees
// the reference and the score. The accession, site, diagnosis and file names stay hidden throughout.
struct QuizState {
    bool on = false;      // the window was opened for a learner
    bool loaded = false;  // the open case's teaching record was looked up
    std::optional<core::TeachingCase> teaching;  // the open case's, when it is a teaching case
    int number = 0;                              // its place in the set ("Question 2")
    std::optional<int64_t> submittedUnix;        // the learner's answer is in
    int submissions = 0;                         // outside quiz mode: how many learners handed in
    // Outside quiz mode, for the educator's results window: who handed in, and every learner's
    // IHC readings (`reader` is the learner).
    std::vector<core::QuizSubmission> handedIn;
    std::vector<core::MarkerRecord> learnerReadings;
    bool showResults = false;
    int64_t readUnix = 0;  // when the submissions and readings were last read (the results window says so)
    bool submitting = false;
    std::string message;
    // The learner's figures against the reference per slide, recomputed when the slide's marks
    // change (version); shown to the learner only once submitted.
    struct Scored {
        uint64_t version = 0;
        std::optional<core::QuizSlideScore> score;
        std::vector<core::Level0Point> reference, learner;  // what the score's indices refer to
        std::string error;
        // Click-in-region questions (core/region_questions.h): the reference reader's marks, to
        // which the scores' region indices refer, and one score per class asked.
        std::vector<core::Annotation> referenceMarks;
        std::vector<core::RegionClassScore> regions;
    };
    std::map<core::CaseSlideId, Scored> scores;
    // The slides' own marker records (the IHC answer), loaded once the answer is in.
    std::map<core::CaseSlideId, core::MarkerRecord> referenceRecords;

    // A learner's pack (`histomark teaching pack`): an exam copy holds no answer to show, only the
    // classes its region questions ask per slide.
    std::optional<core::TeachingPack> pack;
    std::map<core::CaseSlideId, std::vector<std::string>> packRegionClasses;
    // The educator's learner copies: what the last pack or collect did, and whether one is running.
    std::string packStatus;
    bool packBusy = false;
    std::shared_ptr<core::JobControl> packJob;  // while one is written: its progress and Cancel
    bool packWithAnswers = false;  // the results window's choices for the next copy
    bool packCopySlides = false;

    bool hidesAnswer() const { return !core::referenceVisible(on, submittedUnix.has_value()); }
    bool locked() const { return on && submittedUnix.has_value(); }
    bool answerElsewhere() const { return pack && !pack->answersIncluded; }  // scored once the educator collects it
    bool showsScore() const { return locked() && !answerElsewhere(); }
    const std::string* referenceReader() const { return teaching ? &teaching->referenceReader : nullptr; }
};

// The IHC marker records of the case's slides, with their own undo (a record is replaced whole).
struct MarkerRecords {
    bool loaded = false;
    // In quiz mode these are the learner's readings (the slides' own records are the answer), and
    // `locked` once the answer is in: no edit, undo or redo then.
    bool locked = false;
    std::map<core::CaseSlideId, core::MarkerRecord> bySlide;  // as saved
    struct Change {
        core::CaseSlideId slide = 0;
        std::optional<core::MarkerRecord> before, after;
    };
    std::vector<Change> undo, redo;
};

// Candidate mitoses proposed by the assistant (OpenCV) for one slide, to review one by one. The
// assistant never changes a count: accepting makes an ordinary mark of the current reader.
struct CandidateReview {
    enum class Status { Pending, Accepted, LookAlike, Skipped };
    struct Candidate {
        core::Level0Point at;
        double score = 0;
        Status status = Status::Pending;
    };
    core::CaseSlideId slide = 0;
    std::vector<Candidate> candidates;  // by score, highest first
    double minScore = 0.5;              // shown and reviewed from this score up (0..1)
    bool minScoreChosen = false;        // by the reader; else each search sets the assistant's default
    bool show = true;                   // the overlay
    int current = -1;                   // the one on screen
    std::shared_ptr<core::JobControl> job;  // the search running on a worker
    std::string message;
    // The queue's order: by score (highest first), or by position (bands of 0.2 mm from the top,
    // left to right, then right to left: a reader sweeps the area as when screening).
    bool byPosition = false;
    bool showQueue = false;  // the queue's list window
    int search = 0;  // which search filled the queue: thumbnails of an older one are dropped
    // Thumbnails of the candidates the queue list shows, by candidate index: pixels read on a worker,
    // then a texture made on the UI thread when first drawn.
    std::map<int, core::RgbaImage> thumbPixels;
    std::map<int, render::GlTexture> thumbs;
    std::set<int> thumbsAsked;  // read or being read
    float firstThumbRect[4] = {0, 0, 0, 0};  // screen px of the list's first thumbnail, as last drawn
    std::vector<std::array<float, 4>> rowRects;  // screen px of the list's visible rows, top first
    // Candidate indices in queue order (all of them, whatever their status or score); sorted once
    // per search and order (a whole slide gives 100,000s: not a sort per frame).
    const std::vector<int>& order(double mpp) const;
    // The next pending candidate at or above minScore after `from` in queue order (-1: none; from
    // -1: the first).
    int nextPending(int from, double mpp = 0) const;
    int pending() const;

private:
    mutable std::vector<int> m_order;
    mutable std::tuple<int, bool, size_t, double> m_orderKey{-1, false, 0, 0};
};

// DAB quantification of a region of an IHC slide (analysis::quantifyDab on a worker): the totals
// for the marker record, and the cells for an overlay coloured by class.
struct DabQuantification {
    struct Cell {
        core::Level0Point at;
        int cls = 0;  // 0 negative, 1..3 = 1+..3+
    };
    core::CaseSlideId slide = 0;
    std::shared_ptr<core::JobControl> job;
    core::Level0Rect roi;
    int regions = 0;          // drawn areas the cells were counted in (0: all of roi)
    std::string compartment;  // "nucleus", "cytoplasm", "cell"
    bool stainsEstimated = false;  // Macenko vectors of the region (else the standard H-DAB ones)
    std::vector<Cell> cells;
    int total = 0, positive = 0, allred = 0, allredIntensity = 0;
    double percentPositive = 0, hScore = 0, positivePixelFraction = 0;
    std::optional<double> labellingIndex;
    bool done = false;
    bool show = true;
    std::string message;
};

// "Find hotspot": 10-HPF windows over the tissue ranked by candidate density (necrosis excluded).
struct HotspotSearch {
    struct Window {
        core::Level0Rect box;
        int count = 0;
        double weighted = 0;  // the candidates' summed scores
        double per10Hpf = 0;
        double tissueMm2 = 0;  // the area per10Hpf is scaled from
    };
    core::CaseSlideId slide = 0;
    std::string presetId;
    bool weighted = false;  // rank by summed scores (a window of a few sure figures over many doubtful ones)
    std::vector<Window> windows;  // best first
    std::shared_ptr<core::JobControl> job;
    std::string message;
    std::string caveat;  // why the best window's figure is not to be trusted (analysis::hotspotCaveat), or ""
    bool show = true;
};

// The annotation tools' state for the open case (lives in CaseSession).
struct AnnotationSession {
    AnnotationTool tool = AnnotationTool::Navigate;
    std::string className = core::kMitoticFigure;   // class of new marks
    std::string reader;                             // who is marking now
    bool blind = false;                             // hide other readers' marks
    bool showFields = true;                         // draw the count area
    bool hpfAtCentre = false;                       // one field of the preset at the view's centre
    std::vector<core::AnnotationClass> classes;     // the project's classes, in key order
    std::map<core::CaseSlideId, SlideMarks> slides;
    std::optional<DrawingState> drawing;
    ScreeningState screening;
    ConsensusState consensus;
    std::string message;  // last notice for the marks panel (import result, error)
    // A labelled set of many images (SlideRunner database, MIDOG JSON) without one named like the
    // slide: the panel lists them for the user to choose (`images`: file names, `keys`: ids).
    struct ImportChoice {
        core::CaseSlideId slide = 0;  // 0: none asked
        std::string path;
        std::vector<std::string> images, keys;
        int selected = 0;
        char filter[64] = {};
    } importChoice;
    MarkerRecords markers;
    CandidateReview review;
    DabQuantification dab;
    HotspotSearch hotspots;
    // Live stain channels per IHC slide: 0 colour, 1 hematoxylin, 2 DAB, 3 DAB classes.
    struct StainView {
        int mode = 0;
        float thresholds[3] = {0.2f, 0.4f, 0.6f};
    };
    std::map<core::CaseSlideId, StainView> stainViews;
    // How Quantify DAB runs on each IHC slide: the compartment scored (auto: from the stain, nucleus
    // for nuclear markers, else the whole cell) and the stain vectors (standard, or estimated from
    // the region by the Macenko method).
    struct DabSettings {
        enum class Compartment { Auto, Nucleus, Cytoplasm, Cell } compartment = Compartment::Auto;
        bool estimateStains = false;
    };
    std::map<core::CaseSlideId, DabSettings> dabSettings;
    bool showSummary = false;  // the case summary window
    QuizState quiz;

    SlideMarks* marks(core::CaseSlideId id) {
        auto it = slides.find(id);
        return it == slides.end() ? nullptr : &it->second;
    }
    // The colour of a class (grey for one the project does not know).
    uint32_t colourOf(const std::string& name) const;
    // Whether a reader's marks are shown (and can be picked): blind mode hides the other readers';
    // quiz mode shows the learner's own, and the reference's once the answer is submitted.
    bool readerShown(const std::string& who) const {
        if (who == reader) return true;
        if (quiz.on) return !quiz.hidesAnswer() && quiz.referenceReader() && who == *quiz.referenceReader();
        return !blind;
    }
    bool visible(const core::Annotation& a) const { return readerShown(a.reader); }
    // The current reader's count setup on a slide (a default one until saved).
    core::CountSetup& countFor(SlideMarks& m) { return m.counts[reader]; }
};

}  // namespace histomark::ui
