// SPDX-License-Identifier: MIT
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "app/script_runner.h"
#include "core/result.h"

namespace histomark::ui {
struct CaseSession;
struct CandidateReview;
struct DabQuantification;
struct HotspotSearch;
struct Workspace;
}

namespace histomark::app {
class App;

// Command-script commands of the marks tools (slide N = the case's viewer N):
//   reader NAME | tool navigate|point|rectangle|ellipse|polygon|freehand|select|fields
//   mark-class NAME (spaces as '_') | blind on|off | consensus off|READER | hpf-reticle on|off
//   drag-slide N X0 Y0 X1 Y1 (a real left-button drag between level-0 points)
//   hpf N PRESET | count-grid N X Y [COLUMNS ROWS] (fields centred on a level-0 point)
//   field N INDEX on|off|excluded | fnclcc N DIFFERENTIATION NECROSIS
//   undo N | redo N | import N PATH | export N PATH | screening N start|next|prev|stop
//   record N RESULT [INTENSITY [EXTENT [DISTRIBUTION]]] (RESULT: positive, negative, equivocal,
//   not_assessable) | undo-record | redo-record | summary on|off
//   candidates N view|slide|fields | min-score S | review N start|accept|lookalike|skip
//   quantify N (DAB in viewer N's selected area mark, else its view) | copy-quant N (into its marker record)
//   stain-view N colour|hematoxylin|dab|classes [T1 T2 T3] | hotspot N | count-hotspot N RANK (0 = best)
const std::map<std::string, std::pair<int, int>>& marksCommandArity();
bool marksCommandTakesText(const std::string& name);

struct MarksCommandOutcome {
    core::Status status;
    enum class Wait { Frames, Idle, Input } wait = Wait::Frames;
};
// nullopt: not a marks command.
std::optional<MarksCommandOutcome> runMarksCommand(App& app, const ScriptCommand& c);

// The marks and the count of viewer `index` for the report.
nlohmann::json marksReport(App& app, ui::CaseSession& s, size_t index);
// The last hotspot search.
nlohmann::json hotspotReport(const ui::HotspotSearch& h);
// The last DAB quantification.
nlohmann::json dabReport(const ui::DabQuantification& q);
// The assistant's candidate review queue.
nlohmann::json reviewReport(const ui::CandidateReview& r, double mpp);
// The case's marker records as the session holds them, and the profiles they are consistent with.
nlohmann::json markerRecordsReport(const ui::CaseSession& s);
// The educator's results window as data (ui::learnerResults): `shown`, `pending`, `learners`.
nlohmann::json teachingResultsReport(ui::CaseSession& s, ui::Workspace& ws);

}  // namespace histomark::app
