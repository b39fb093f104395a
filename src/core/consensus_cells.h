// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "core/annotation.h"
#include "core/reader_consensus.h"
#include "core/result.h"

namespace histomark::core {

// One reader's label on a cell.
struct CellLabel {
    std::string reader, className;
};

// A cell of a consensus as a labelled dataset keeps it (MIDOG's SlideRunner databases: every
// expert's label on the cell, and the class agreed).
struct ConsensusCell {
    Level0Point at;                 // the cluster's centre, or the adjudicator's mark when it added the cell
    std::string agreedClass;        // the figure class by vote, kUncertain when disputed, or the adjudicator's decision
    std::vector<CellLabel> labels;  // the voting readers who marked it (by reader), then the adjudicator
};

// An adjudicator's settling of the disputed cells, as the window stores it: the marks that
// `consensusMarks` wrote for a reader of its own, with the uncertain ones since turned into figures or
// look-alikes (and any cell the adjudicator added or removed).
struct Adjudication {
    std::string reader;
    std::vector<Annotation> marks;  // that reader's marks on the slide; point marks of the figure class, look-alike or uncertain count
};

struct ConsensusCells {
    std::vector<ConsensusCell> cells;  // the clusters' order, then cells only the adjudicator marked
    int settled = 0;    // disputed cells the adjudicator decided
    int overruled = 0;  // voted figures the adjudicator called otherwise
    int added = 0;      // cells only the adjudicator marked
    int unsettled = 0;  // cells left uncertain
    int missing = 0;    // clusters the adjudicator's marks do not hold (deleted there): kept as voted
};

// The consensus as cells to export. `readers` names the voters, in formConsensus's order.
// With an adjudication, its marks are matched one to one to the clusters' centres within
// `radiusUm` (core::matchPoints); a matched mark's class is the agreed class (figure, look-alike,
// or still uncertain) and the adjudicator's label unless uncertain. Errors (only with an adjudication,
// the one use of the scale): a bad scale or radius.
Result<ConsensusCells> consensusCells(const ReaderConsensus& consensus, const std::vector<std::string>& readers,
                                      const std::string& figureClass, const Adjudication* adjudication, double mppX, double mppY,
                                      double radiusUm = kMitosisMatchRadiusUm);

// The cells as point marks of `reader` on `slide` (class = agreed class), for any export format,
// and beside them each cell's labels (what a SlideRunner export writes per mark).
std::vector<Annotation> cellMarks(const std::vector<ConsensusCell>& cells, CaseSlideId slide, const std::string& reader);
std::vector<std::vector<CellLabel>> cellLabels(const std::vector<ConsensusCell>& cells);

}  // namespace histomark::core
