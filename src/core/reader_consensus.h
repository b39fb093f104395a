// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

#include "core/annotation.h"
#include "core/point_matching.h"
#include "core/result.h"
#include "core/units.h"

namespace histomark::core {

// One cell as several readers marked it: at most one mark per reader, every two of them within the
// hit radius of each other.
struct ConsensusCluster {
    Level0Point centre;                              // mean of the members, level-0 px
    std::vector<std::pair<size_t, size_t>> members;  // (reader index, mark index), by reader
    int votes() const { return int(members.size()); }
};

struct ReaderConsensus {
    std::vector<ConsensusCluster> clusters;  // by centre (y, then x)
    int minVotes = 0;
    int agreed() const;    // clusters with at least minVotes: the consensus figures
    int disputed() const;  // the others: for adjudication
};

// The consensus of several readers' point marks on one slide, as dataset builders form it (DOMAIN
// §4: majority vote, the rest adjudicated): marks of different readers within `radiusUm` of each
// other are the same cell. Pairs are joined nearest first (ties by reader and mark index), never
// putting two marks of one reader in a cell, and only while every two marks of the joined cell are
// within the radius (complete linkage: a chain of near marks never becomes one long cell).
// `minVotes` (1..readers) makes a cell a consensus figure. Points are bucketed in a grid of cell =
// radius. Errors: fewer than two readers, a bad scale, radius or vote count.
// The consensus as `reader`'s point marks on `slide`, one per cell at its centre: the consensus
// figures in `figureClass`, the disputed cells in kUncertain, left for an adjudicator to settle
// (how `histomark consensus --write` and the window's vote store it).
std::vector<Annotation> consensusMarks(const ReaderConsensus& consensus, CaseSlideId slide, const std::string& reader,
                                       const std::string& figureClass = kMitoticFigure);

Result<ReaderConsensus> formConsensus(const std::vector<std::vector<Level0Point>>& readers, double mppX, double mppY, int minVotes,
                                      double radiusUm = kMitosisMatchRadiusUm);

}  // namespace histomark::core
