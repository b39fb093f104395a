// SPDX-License-Identifier: MIT
#include "core/reader_consensus.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include "core/consensus_cells.h"
#include "core/point_grid.h"

namespace histomark::core {
namespace {

// Marks of all readers in one list, in reader, then mark order.
struct Mark {
    size_t reader, index;
};

double distance(const PointUm& a, const PointUm& b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

int ReaderConsensus::agreed() const {
    return int(std::count_if(clusters.begin(), clusters.end(), [&](const ConsensusCluster& c) { return c.votes() >= minVotes; }));
}

int ReaderConsensus::disputed() const { return int(clusters.size()) - agreed(); }

std::vector<Annotation> consensusMarks(const ReaderConsensus& consensus, CaseSlideId slide, const std::string& reader,
                                       const std::string& figureClass) {
    // Without an adjudication the cells need no scale (nothing is matched).
    auto cells = consensusCells(consensus, {}, figureClass, nullptr, 0, 0);
    return cells ? cellMarks(cells->cells, slide, reader) : std::vector<Annotation>{};
}

Result<ReaderConsensus> formConsensus(const std::vector<std::vector<Level0Point>>& readers, double mppX, double mppY, int minVotes,
                                      double radiusUm) {
    using R = Result<ReaderConsensus>;
    if (readers.size() < 2) return R::failure("a consensus needs at least two readers");
    if (!(mppX > 0) || !(mppY > 0) || !std::isfinite(mppX) || !std::isfinite(mppY))
        return R::failure("the slide's scale (µm per pixel) must be known and positive");
    if (!(radiusUm > 0) || !std::isfinite(radiusUm)) return R::failure("the hit radius must be a positive number of micrometres");
    if (minVotes < 1 || minVotes > int(readers.size()))
        return R::failure("the votes a figure needs must be between 1 and the number of readers (" + std::to_string(readers.size()) + ")");

    std::vector<Mark> marks;
    std::vector<PointUm> at;  // beside `marks`, in µm
    for (size_t r = 0; r < readers.size(); ++r) {
        const std::vector<PointUm> um = toUm(readers[r], mppX, mppY);
        for (size_t i = 0; i < um.size(); ++i)
            if (um[i].valid) marks.push_back({r, i}), at.push_back(um[i]);
    }

    // Every pair of marks of different readers within the radius, nearest first.
    const PointGrid grid(at, radiusUm, {&at});
    std::vector<std::tuple<double, size_t, size_t>> pairs;
    for (size_t a = 0; a < marks.size(); ++a)
        grid.forEachNear(at[a].x, at[a].y, [&](uint32_t b) {
            if (b > a && marks[b].reader != marks[a].reader)
                if (const double d = distance(at[a], at[b]); d <= radiusUm) pairs.emplace_back(d, a, size_t(b));
        });
    std::sort(pairs.begin(), pairs.end());  // marks are in reader, index order: ties go to the lower ones

    // Cells as lists of marks; joined while no reader is twice in a cell and all stay within the radius.
    std::vector<size_t> cellOfMark(marks.size());
    std::iota(cellOfMark.begin(), cellOfMark.end(), size_t(0));
    std::vector<std::vector<size_t>> cells(marks.size());
    for (size_t m = 0; m < marks.size(); ++m) cells[m] = {m};
    for (const auto& [d, a, b] : pairs) {
        const size_t ca = cellOfMark[a], cb = cellOfMark[b];
        if (ca == cb) continue;
        bool ok = true;
        for (size_t i : cells[ca])
            for (size_t j : cells[cb]) ok = ok && marks[i].reader != marks[j].reader && distance(at[i], at[j]) <= radiusUm;
        if (!ok) continue;
        for (size_t j : cells[cb]) cellOfMark[j] = ca, cells[ca].push_back(j);
        cells[cb].clear();
    }

    ReaderConsensus out;
    out.minVotes = minVotes;
    for (auto& cell : cells) {
        if (cell.empty()) continue;
        ConsensusCluster c;
        double sx = 0, sy = 0;
        std::sort(cell.begin(), cell.end());  // by reader (marks are in reader order)
        for (size_t m : cell) {
            c.members.emplace_back(marks[m].reader, marks[m].index);
            const Level0Point p = readers[marks[m].reader][marks[m].index];
            sx += p.x, sy += p.y;
        }
        c.centre = {sx / double(cell.size()), sy / double(cell.size())};
        out.clusters.push_back(std::move(c));
    }
    std::sort(out.clusters.begin(), out.clusters.end(), [](const ConsensusCluster& a, const ConsensusCluster& b) {
        return std::tie(a.centre.y, a.centre.x) < std::tie(b.centre.y, b.centre.x);
    });
    return out;
}

}  // namespace histomark::core
