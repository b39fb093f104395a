// SPDX-License-Identifier: MIT
#pragma once
#include <optional>

#include "ui/annotation_state.h"
#include "ui/case_actions.h"

namespace histomark::ui {

// Edits of the IHC marker records, shared by the panel and the command script: in memory at once,
// saved in the same call, undoable (a record is replaced whole; nullopt clears it).
void setMarkerRecord(MarkerRecords& m, core::CaseSlideId slide, std::optional<core::MarkerRecord> after, CaseActions& actions);
bool undoMarkerRecord(MarkerRecords& m, CaseActions& actions);
bool redoMarkerRecord(MarkerRecords& m, CaseActions& actions);

}  // namespace histomark::ui
