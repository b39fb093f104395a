// SPDX-License-Identifier: MIT
// `histomark consensus`: several readers' mitotic figures on a slide voted into one set (the
// dataset builders' majority vote, core::formConsensus), with what each reader agreed with, and
// optionally written back as a reader of its own: the figures, and the disputed cells as
// "uncertain" marks for an adjudicator to settle in the window.
#include "app/consensus_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "app/cli_checks.h"
#include "app/cli_output.h"
#include "app/count_command.h"
#include "core/annotation.h"
#include "core/consensus_cells.h"
#include "core/reader_consensus.h"
#include "interchange/annotation_file.h"
#include "storage/project.h"

namespace histomark::app {
namespace {

using nlohmann::json;
using storage::Repositories;

struct ConsensusArgs {
    std::string project, caseRef, slideRef, className = core::kMitoticFigure, writeAs;
    std::string exportFile, format, adjudicator;  // --export, --format, --adjudicated-by
    std::vector<std::string> readers;
    double radiusUm = core::kMitosisMatchRadiusUm;
    int minVotes = 0;  // 0: a majority of the readers
    bool json = false;
    bool writeGiven = false;  // --write on the command line (an empty name is refused)
    bool replace = false;     // --replace: the --write reader's earlier marks may be replaced
};

struct PerReader {
    int marks = 0, inConsensus = 0;
};

// What `--export` wrote.
struct Exported {
    interchange::ExportReport report;
    core::ConsensusCells cells;
    std::string writer;  // the reader the cells are written as
};

// The cells of the vote (settled by the adjudicator's marks, when named) written to `--export`:
// in a SlideRunner database one annotation per cell with every voter's label (and the
// adjudicator's), the agreed class as agreedClass, as MIDOG's databases are; in the other formats
// one point per cell of its agreed class.
core::Result<Exported> exportCells(storage::Project& project, const ConsensusArgs& a, const ReadersOnSlide& in,
                                   const core::ReaderConsensus& c, const SlideScale& scale) {
    const auto format = a.format.empty() ? std::nullopt : interchange::parseExportFormat(a.format);  // checked before
    struct Loaded {
        std::vector<core::AnnotationClass> classes;
        std::optional<core::Adjudication> adjudication;
    };
    auto loaded = project.call<Loaded>([&](Repositories& r) -> core::Result<Loaded> {
        Loaded out;
        auto classes = r.annotations.classes();
        if (!classes) return core::Error{classes.error()};
        out.classes = std::move(*classes);
        if (!a.adjudicator.empty()) {
            auto marks = r.annotations.listForSlide(in.target.slide.id, a.adjudicator);
            if (!marks) return core::Error{marks.error()};
            if (marks->empty())
                return core::Error{"reader " + a.adjudicator + " has no marks on " + in.target.describe() +
                                   ": write the vote as that reader first (--write " + a.adjudicator +
                                   "), then settle its uncertain marks in the window"};
            out.adjudication = core::Adjudication{a.adjudicator, std::move(*marks)};
        }
        return out;
    });
    if (!loaded) return core::Error{loaded.error()};
    auto cells = core::consensusCells(c, a.readers, in.className, loaded->adjudication ? &*loaded->adjudication : nullptr, scale.x,
                                      scale.y, a.radiusUm);
    if (!cells) return core::Error{cells.error()};
    Exported out{{}, std::move(*cells), !a.adjudicator.empty() ? a.adjudicator : !a.writeAs.empty() ? a.writeAs : "consensus"};
    const auto marks = core::cellMarks(out.cells.cells, in.target.slide.id, out.writer);
    const interchange::MarkLabels labels = core::cellLabels(out.cells.cells);
    std::vector<core::AnnotationClass> classes = loaded->classes;
    if (const auto* uncertain = core::defaultAnnotationClass(core::kUncertain);
        std::none_of(classes.begin(), classes.end(), [](const core::AnnotationClass& k) { return core::sameClass(k.name, core::kUncertain); }))
        classes.push_back(*uncertain);
    const std::filesystem::path slidePath(in.target.slide.path);
    interchange::ExportImage image{slidePath.filename().string(), slidePath.parent_path().string(), in.target.slide.width,
                                   in.target.slide.height, scale.x, scale.y};
    auto report = interchange::exportAnnotationFile(a.exportFile, marks, classes, image, format, labels);
    if (!report) return core::Error{report.error()};
    out.report = std::move(*report);
    return out;
}

int runConsensus(const ConsensusArgs& a) {
    if (a.readers.size() < 2) return fail("a consensus needs at least two readers: give --reader once for each", 2);
    if (std::set<std::string>(a.readers.begin(), a.readers.end()).size() != a.readers.size())
        return fail("each --reader once: a reader given twice would vote twice", 2);
    if (a.writeGiven && a.writeAs.empty()) return fail("--write needs the name of the reader the consensus is written as", 2);
    if (a.replace && a.writeAs.empty()) return fail("--replace goes with --write READER", 2);
    if (!a.writeAs.empty() && std::count(a.readers.begin(), a.readers.end(), a.writeAs))
        return fail("--write " + a.writeAs + " is one of the readers voting: write the consensus as a reader of its own", 2);
    const int minVotes = a.minVotes ? a.minVotes : int(a.readers.size()) / 2 + 1;
    if (minVotes < 1 || minVotes > int(a.readers.size()))
        return fail("--min-votes must be between 1 and the number of readers (" + std::to_string(a.readers.size()) + ")", 2);
    if (!(a.radiusUm > 0) || !std::isfinite(a.radiusUm)) return fail("--radius-um must be a positive number of micrometres", 2);
    if (!a.adjudicator.empty() && std::count(a.readers.begin(), a.readers.end(), a.adjudicator))
        return fail("--adjudicated-by " + a.adjudicator + " is one of the readers voting: the adjudicator settles the vote", 2);
    if (!a.adjudicator.empty() && a.adjudicator == a.writeAs)
        return fail("--write " + a.writeAs + " would replace the adjudicator's decisions before they are exported", 2);
    if ((!a.adjudicator.empty() || !a.format.empty()) && a.exportFile.empty())
        return fail("--adjudicated-by and --format go with --export FILE", 2);
    if (!a.format.empty() && !interchange::parseExportFormat(a.format))
        return fail("--format " + a.format + ": use one of " + interchange::exportFormatNames(), 2);

    // A vote only read (no --write) also runs on a read-only project.
    auto project = a.writeAs.empty() ? storage::Project::openForReading(a.project) : storage::Project::open(a.project, false);
    if (!project) return fail(project.error());
    auto in = (*project)->call<ReadersOnSlide>(
        [&](Repositories& r) { return loadReaderPoints(r, a.caseRef, a.slideRef, a.className, a.readers); });
    if (!in) return fail(in.error());
    auto scale = slideScale(in->target);
    if (!scale) return fail(scale.error());
    auto c = core::formConsensus(in->points, scale->x, scale->y, minVotes, a.radiusUm);
    if (!c) return fail("Cannot form the consensus of " + in->target.describe() + ": " + c.error());

    std::vector<PerReader> per(a.readers.size());
    for (size_t r = 0; r < a.readers.size(); ++r) per[r].marks = int(in->points[r].size());
    std::map<int, int> byVotes;
    for (const core::ConsensusCluster& cl : c->clusters) {
        ++byVotes[cl.votes()];
        if (cl.votes() >= minVotes)
            for (const auto& [reader, index] : cl.members) ++per[reader].inConsensus;
    }

    // Written back in one transaction: the consensus reader's earlier marks on the slide replaced.
    int replaced = 0;
    if (!a.writeAs.empty()) {
        auto done = (*project)->call<int>([&](Repositories& r) -> core::Result<int> {
            auto old = r.annotations.listForSlide(in->target.slide.id, a.writeAs);
            if (!old) return core::Error{old.error()};
            // An earlier vote, or someone's own reading or adjudication: the command line has no
            // undo, so replacing it is asked for by name.
            if (!old->empty() && !a.replace)
                return core::Error{"reader " + a.writeAs + " already has " + std::to_string(old->size()) + " mark" +
                                   (old->size() == 1 ? "" : "s") + " on " + in->target.describe() +
                                   " (an earlier vote, or a reading or adjudication of their own): add --replace to put this "
                                   "vote in their place, or --write as another reader"};
            std::vector<core::AnnotationId> ids;
            for (const auto& m : *old) ids.push_back(m.id);
            if (auto s = r.annotations.remove(ids); !s) return core::Error{s.error()};
            if (auto e = r.annotations.ensureClass(*core::defaultAnnotationClass(core::kUncertain)); !e) return core::Error{e.error()};
            const auto marks = core::consensusMarks(*c, in->target.slide.id, a.writeAs, in->className);
            if (auto added = r.annotations.addMany(marks); !added) return core::Error{added.error()};
            return int(ids.size());
        });
        if (!done) return fail(done.error());
        replaced = *done;
    }
    std::optional<Exported> exported;
    if (!a.exportFile.empty()) {
        auto e = exportCells(**project, a, *in, *c, *scale);
        if (!e) return fail(e.error());
        exported = std::move(*e);
    }
    auto byClass = [&](const std::string& cls) {
        return int(std::count_if(exported->cells.cells.begin(), exported->cells.cells.end(),
                                 [&](const core::ConsensusCell& cell) { return cell.agreedClass == cls; }));
    };

    if (a.json) {
        json perReader = json::array(), clusters = json::array(), votes = json::object();
        for (size_t r = 0; r < a.readers.size(); ++r)
            perReader.push_back({{"reader", a.readers[r]},
                                 {"marks", per[r].marks},
                                 {"in_consensus", per[r].inConsensus},
                                 {"recall", c->agreed() ? double(per[r].inConsensus) / c->agreed() : 1.0},
                                 {"precision", per[r].marks ? double(per[r].inConsensus) / per[r].marks : 1.0}});
        for (const core::ConsensusCluster& cl : c->clusters) {
            json who = json::array();
            for (const auto& [reader, index] : cl.members) who.push_back(a.readers[reader]);
            clusters.push_back({{"x", cl.centre.x}, {"y", cl.centre.y}, {"votes", cl.votes()}, {"readers", who}});
        }
        for (const auto& [v, n] : byVotes) votes[std::to_string(v)] = n;
        json j = {{"slide", in->target.slide.id}, {"class", in->className}, {"readers", a.readers},
                  {"radius_um", a.radiusUm},    {"min_votes", minVotes},    {"figures", c->agreed()},
                  {"disputed", c->disputed()},  {"by_votes", votes},        {"per_reader", perReader},
                  {"clusters", clusters},       {"written_as", a.writeAs.empty() ? json(nullptr) : json(a.writeAs)}};
        if (exported) {
            const core::ConsensusCells& k = exported->cells;
            j["exported"] = {{"file", a.exportFile},
                             {"format", interchange::exportFormatName(exported->report.format)},
                             {"cells", k.cells.size()},
                             {"figures", byClass(in->className)},
                             {"look_alikes", byClass(core::kLookAlike)},
                             {"uncertain", k.unsettled},
                             {"adjudicated_by", a.adjudicator.empty() ? json(nullptr) : json(a.adjudicator)},
                             {"settled", k.settled},
                             {"overruled", k.overruled},
                             {"added", k.added},
                             {"missing", k.missing},
                             {"notes", exported->report.notes}};
        } else {
            j["exported"] = nullptr;
        }
        std::cout << j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        return 0;
    }
    std::cout << in->target.describe() << ": " << a.readers.size() << " readers, class \""
              << in->className << "\", hit radius " << shortNumber(a.radiusUm, 3) << " \xC2\xB5m, a figure needs " << minVotes << " of "
              << a.readers.size() << " votes\n";
    std::cout << "Consensus figures " << c->agreed() << ", disputed " << c->disputed() << " (cells by votes:";
    for (const auto& [v, n] : byVotes) std::cout << " " << v << ": " << n;
    std::cout << ")\n";
    for (size_t r = 0; r < a.readers.size(); ++r)
        std::cout << "  " << (a.readers[r].empty() ? "(unnamed)" : a.readers[r]) << ": " << per[r].marks << " marks, " << per[r].inConsensus
                  << " of the consensus figures\n";
    if (!a.writeAs.empty())
        std::cout << "Written as reader " << a.writeAs << ": " << c->agreed() << " \"" << in->className << "\", " << c->disputed() << " \""
                  << core::kUncertain << "\" to adjudicate" << (replaced ? " (its " + std::to_string(replaced) + " earlier marks replaced)" : "")
                  << "\n";
    if (exported) {
        const core::ConsensusCells& k = exported->cells;
        std::cout << "Exported " << k.cells.size() << " cells to " << a.exportFile << " ("
                  << interchange::exportFormatName(exported->report.format) << "): " << byClass(in->className) << " \"" << in->className
                  << "\", " << byClass(core::kLookAlike) << " \"" << core::kLookAlike << "\", " << k.unsettled << " \"" << core::kUncertain
                  << "\"";
        if (exported->report.format == interchange::ExportFormat::SlideRunner) std::cout << "; each with its readers' labels";
        std::cout << "\n";
        if (!a.adjudicator.empty())
            std::cout << "  Adjudicated by " << a.adjudicator << ": " << k.settled << " disputed cells settled, " << k.overruled
                      << " voted figures overruled, " << k.added << " cells added, " << k.missing << " cells not among its marks (kept as voted)\n";
        for (const auto& note : exported->report.notes) std::cout << "  " << note << "\n";
    }
    std::cout << std::flush;
    return 0;
}

}  // namespace

void addConsensusCommand(CLI::App& cli, std::function<int()>& action) {
    auto a = std::make_shared<ConsensusArgs>();
    auto* c = cli.add_subcommand("consensus", "Several readers' marks on a slide voted into one set: figures, disputed cells, each reader's share");
    c->add_option("project", a->project, "Project file (.hmproj)")->required();
    addSlideOptions(*c, a->slideRef, a->caseRef);
    c->add_option("--reader", a->readers, "Once per reader voting (two or more)")->transform(utf8Text())->required()->allow_extra_args(false);
    c->add_option("--min-votes", a->minVotes, "Votes a figure needs (default: a majority of the readers)");
    c->add_option("--radius-um", a->radiusUm, "Marks of different readers within this many µm are one cell (default 7.5, as MIDOG)")
        ->check(hitRadiusUm());
    c->add_option("--class", a->className, "Class of marks voted on (default \"mitotic figure\")")->transform(utf8Text());
    auto* write = c->add_option("--write", a->writeAs, "Write the consensus as this reader's marks (disputed cells as \"uncertain\")")->transform(utf8Text());
    c->add_flag("--replace", a->replace, "With --write: replace that reader's earlier marks on the slide (refused otherwise)");
    c->add_option("--export", a->exportFile,
                  "Write the cells to an annotation file: a SlideRunner database keeps every reader's label per cell (as MIDOG's)");
    c->add_option("--format", a->format, "Format of --export (default: by extension): " + interchange::exportFormatNames());
    c->add_option("--adjudicated-by", a->adjudicator,
                  "With --export: this reader's marks (a --write reader settled in the window) decide the disputed cells")->transform(utf8Text());
    c->add_flag("--json", a->json, "One JSON object");
    c->callback([&action, a, write] {
        a->writeGiven = write->count() > 0;
        action = [a] { return runConsensus(*a); };
    });
}

}  // namespace histomark::app
