// SPDX-License-Identifier: MIT
#include "core/consensus_cells.h"

#include <optional>

#include "core/point_matching.h"

namespace histomark::core {
namespace {

// The adjudicator's class in the consensus' vocabulary; nullopt for a mark that settles nothing.
std::optional<std::string> decision(const Annotation& m, const std::string& figureClass) {
    if (m.kind != ShapeKind::Point || m.points.empty()) return std::nullopt;
    if (sameClass(m.className, figureClass)) return figureClass;
    if (sameClass(m.className, kLookAlike)) return std::string(kLookAlike);
    if (sameClass(m.className, kUncertain)) return std::string(kUncertain);
    return std::nullopt;
}

}  // namespace

Result<ConsensusCells> consensusCells(const ReaderConsensus& consensus, const std::vector<std::string>& readers,
                                      const std::string& figureClass, const Adjudication* adjudication, double mppX, double mppY,
                                      double radiusUm) {
    ConsensusCells out;
    std::vector<Level0Point> centres;
    for (const ConsensusCluster& c : consensus.clusters) {
        ConsensusCell cell{c.centre, c.votes() >= consensus.minVotes ? figureClass : std::string(kUncertain), {}};
        for (const auto& [reader, index] : c.members)
            cell.labels.push_back({reader < readers.size() ? readers[reader] : std::string(), figureClass});
        out.cells.push_back(std::move(cell));
        centres.push_back(c.centre);
    }
    if (adjudication) {
        std::vector<Level0Point> at;
        std::vector<std::string> said;
        for (const Annotation& m : adjudication->marks)
            if (auto d = decision(m, figureClass)) at.push_back(m.points.front()), said.push_back(*d);
        auto matched = matchPoints(centres, at, mppX, mppY, radiusUm);
        if (!matched) return Result<ConsensusCells>::failure(matched.error());
        out.missing = int(matched->unmatchedReference.size());
        for (const auto& [cluster, mark] : matched->pairs) {
            ConsensusCell& cell = out.cells[cluster];
            const bool wasFigure = cell.agreedClass == figureClass;
            const std::string& now = said[mark];
            if (now == kUncertain) continue;
            if (!wasFigure) ++out.settled;
            else if (now != figureClass) ++out.overruled;
            cell.agreedClass = now;
            cell.labels.push_back({adjudication->reader, now});
        }
        for (size_t mark : matched->unmatchedCandidates) {
            if (said[mark] == kUncertain) continue;
            out.cells.push_back({at[mark], said[mark], {{adjudication->reader, said[mark]}}});
            ++out.added;
        }
    }
    for (const ConsensusCell& c : out.cells) out.unsettled += c.agreedClass == kUncertain;
    return out;
}

std::vector<Annotation> cellMarks(const std::vector<ConsensusCell>& cells, CaseSlideId slide, const std::string& reader) {
    std::vector<Annotation> out;
    for (const ConsensusCell& c : cells) {
        Annotation a;
        a.slide = slide, a.reader = reader, a.points = {c.at}, a.className = c.agreedClass;
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<std::vector<CellLabel>> cellLabels(const std::vector<ConsensusCell>& cells) {
    std::vector<std::vector<CellLabel>> out;
    for (const ConsensusCell& c : cells) out.push_back(c.labels);
    return out;
}

}  // namespace histomark::core
