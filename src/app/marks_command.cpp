// SPDX-License-Identifier: MIT
// `histomark marks ...`: a case slide's marks from the command line (import, export, a summary) and
// a reader's count area, stored exactly as the case window stores them.
#include "app/marks_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/cli_checks.h"
#include "app/cli_output.h"
#include "app/count_command.h"
#include "storage/count_setup_json.h"
#include "core/count_setup.h"
#include "core/import_duplicates.h"
#include "interchange/annotation_file.h"
#include "storage/project.h"

namespace histomark::app {
namespace {

using nlohmann::json;
using storage::Repositories;

// Marks a file gives no reader for (and no --reader is given) are filed under this one.
constexpr const char* kImportedReader = "imported";

struct MarksArgs {
    std::string project, caseRef, slideRef, file, reader, preset;
    std::string format;      // export: the file's format, when its extension does not tell
    std::string image;       // import: which image of a SlideRunner database or MIDOG JSON
    bool perReader = false;  // import: a SlideRunner database's labels reader by reader
    bool allSlides = false;  // export: every slide of the case into one SlideRunner database
    std::vector<double> grid;  // X Y COLUMNS ROWS
    std::vector<int> fieldsOff;
    int differentiation = 0, necrosis = -1;
    bool readerGiven = false, differentiationGiven = false, necrosisGiven = false, json = false;
    bool skipUnreadable = false;  // export and list: leave out stored marks that cannot be read
};

std::string num(double v, int digits = 6) { return shortNumber(v, digits); }

std::string readerName(const std::string& r) { return r.empty() ? "(unnamed)" : r; }

std::string marksWord(size_t n) { return std::to_string(n) + (n == 1 ? " mark" : " marks"); }

// `reading`: a command that only reads, which also opens a read-only project.
core::Result<std::unique_ptr<storage::Project>> openExisting(const MarksArgs& a, bool reading = false) {
    return reading ? storage::Project::openForReading(a.project) : storage::Project::open(a.project, false);
}

// The marks of the slide, of --reader or of all; a --reader with no marks there is an error (a typo
// would otherwise export or list nothing without a word).
struct SlideMarks {
    NamedSlide target;
    std::vector<core::Annotation> marks;
    std::vector<core::AnnotationClass> classes;
    std::vector<std::string> unreadable;  // left out (--skip-unreadable)
};

// What --skip-unreadable left out, on stderr (the marks written or listed go to stdout).
void warnUnreadable(const SlideMarks& s) {
    for (const auto& u : s.unreadable) std::cerr << "warning: " << s.target.describe() << ": " << u << "; left out\n";
}

core::Result<SlideMarks> loadMarks(Repositories& r, const MarksArgs& a) {
    auto target = resolveSlide(r, a.caseRef, a.slideRef);
    if (!target) return core::Error{target.error()};
    if (a.readerGiven) {
        auto readers = r.annotations.readers(target->slide.id);
        if (!readers) return core::Error{readers.error()};
        if (std::find(readers->begin(), readers->end(), a.reader) == readers->end())
            return core::Error{"No marks by reader '" + a.reader + "' on " + target->describe() +
                               (readers->empty() ? " (it has no marks)" : " (readers: " + readerList(*readers) + ")")};
    }
    auto marks = r.annotations.readableForSlide(target->slide.id, a.readerGiven ? std::optional<std::string>(a.reader) : std::nullopt);
    if (!marks) return core::Error{marks.error()};
    // A mark that cannot be read is never left out without being asked: the file would be short.
    if (!marks->unreadable.empty() && !a.skipUnreadable)
        return core::Error{marks->unreadable.front() + " (--skip-unreadable " + (a.file.empty() ? "lists" : "exports") +
                           " the slide's other marks)"};
    auto classes = r.annotations.classes();
    if (!classes) return core::Error{classes.error()};
    return SlideMarks{std::move(*target), std::move(marks->marks), std::move(*classes), std::move(marks->unreadable)};
}

// ---------------------------------------------------------------------------------------------

struct Imported {
    NamedSlide target;
    std::map<std::string, int> byReader;
    size_t alreadyThere = 0;  // left out: the same mark is on the slide (a file imported twice)
};

int runImport(const MarksArgs& a) {
    auto project = openExisting(a);
    if (!project) return fail(project.error());
    // The slide's file name picks the image of a multi-image label set (unless --image names it).
    auto slide = (*project)->call<NamedSlide>([&](Repositories& r) { return resolveSlide(r, a.caseRef, a.slideRef); });
    if (!slide) return fail(slide.error());
    // The file before any write: one that cannot be read leaves the project as it was.
    interchange::DatasetChoice choice{a.image, std::filesystem::path(slide->slide.path).filename().string(), a.perReader};
    auto file = interchange::readAnnotationFile(a.file, choice);
    if (!file) return fail(file.error());
    auto done = (*project)->call<Imported>([&](Repositories& r) -> core::Result<Imported> {
        auto target = resolveSlide(r, a.caseRef, a.slideRef);
        if (!target) return core::Error{target.error()};
        for (const auto& c : file->classes)
            if (auto added = r.annotations.ensureClass(c); !added) return core::Error{added.error()};
        Imported out{std::move(*target), {}};
        std::vector<core::Annotation> marks = file->annotations;
        for (auto& m : marks) {
            m.slide = out.target.slide.id;
            if (a.readerGiven) m.reader = a.reader;
            else if (m.reader.empty()) m.reader = kImportedReader;
        }
        auto existing = r.annotations.readableForSlide(out.target.slide.id, std::nullopt);
        if (!existing) return core::Error{existing.error()};
        out.alreadyThere = core::dropMarksAlreadyThere(marks, existing->marks);
        for (const auto& m : marks) ++out.byReader[m.reader];
        // One transaction (this call), and addMany is all or none: a bad mark imports nothing.
        if (auto ids = r.annotations.addMany(marks); !ids) return core::Error{"Cannot import " + a.file + ": " + ids.error()};
        return out;
    });
    if (!done) return fail(done.error());
    std::cout << "Imported " << marksWord(file->annotations.size() - done->alreadyThere) << " (" << file->format << ") from "
              << std::filesystem::path(a.file).filename().string() << " onto " << done->target.describe();
    std::string readers;
    for (const auto& [reader, n] : done->byReader) readers += (readers.empty() ? "" : ", ") + readerName(reader) + " " + std::to_string(n);
    std::cout << (readers.empty() ? "" : ": " + readers) << "\n";
    for (const auto& w : file->warnings) std::cout << "warning: " << w << "\n";
    if (done->alreadyThere > 0)
        std::cout << "warning: " << marksWord(done->alreadyThere) << " left out: already on the slide (same reader, class and place;"
                  << " the file was imported before?)\n";
    if (auto outside = core::outsideSlideWarning(file->annotations, slide->slide.width, slide->slide.height))
        std::cout << "warning: " << *outside << "\n";
    std::cout << std::flush;
    return 0;
}

// Every slide of the case with marks (of --reader) into one SlideRunner database, slide by slide
// (each added in its own transaction, as a single export adds it).
int runExportCase(const MarksArgs& a, storage::Project& project) {
    auto slides = project.call<std::vector<SlideMarks>>([&](Repositories& r) -> core::Result<std::vector<SlideMarks>> {
        auto kase = r.cases.resolve(a.caseRef);
        if (!kase) return core::Error{kase.error()};
        auto list = r.slides.listForCase(kase->id);
        if (!list) return core::Error{list.error()};
        std::vector<SlideMarks> out;
        for (const auto& s : *list) {
            if (a.readerGiven) {  // a slide without that reader's marks is passed over
                auto readers = r.annotations.readers(s.id);
                if (!readers) return core::Error{readers.error()};
                if (std::find(readers->begin(), readers->end(), a.reader) == readers->end()) continue;
            }
            MarksArgs one = a;
            one.slideRef = std::to_string(s.id);
            auto loaded = loadMarks(r, one);
            if (!loaded) return core::Error{loaded.error()};
            out.push_back(std::move(*loaded));
        }
        return out;
    });
    if (!slides) return fail(slides.error());
    int written = 0, exported = 0;
    for (const SlideMarks& s : *slides) {
        warnUnreadable(s);
        if (s.marks.empty()) {
            std::cout << "  " << s.target.describe() << ": no marks, not exported\n";
            continue;
        }
        const std::filesystem::path slidePath(s.target.slide.path);
        const interchange::ExportImage image{slidePath.filename().string(), slidePath.parent_path().string(), s.target.slide.width,
                                             s.target.slide.height};
        auto report = interchange::exportAnnotationFile(a.file, s.marks, s.classes, image, interchange::ExportFormat::SlideRunner);
        if (!report) {
            std::cout << std::flush;
            return fail(report.error() + (exported ? " (the " + std::to_string(exported) + " slides before it are in the database)" : ""));
        }
        written += report->written, ++exported;
        std::cout << "  " << s.target.describe() << ": " << marksWord(size_t(report->written)) << "\n";
        for (const auto& note : report->notes) std::cout << "    " << note << "\n";
    }
    if (!exported) return fail("No slide of the case has marks" + (a.readerGiven ? " by reader " + readerName(a.reader) : std::string()) +
                               ": nothing was written");
    std::cout << "Exported " << marksWord(size_t(written)) << " of " << exported << " slide" << (exported == 1 ? "" : "s")
              << (a.readerGiven ? " by reader " + readerName(a.reader) : "") << " to " << a.file << " (SlideRunner database)" << std::endl;
    return 0;
}

int runExport(const MarksArgs& a) {
    std::optional<interchange::ExportFormat> format;
    if (!a.format.empty() && !(format = interchange::parseExportFormat(a.format)))
        return fail("--format " + a.format + ": use one of " + interchange::exportFormatNames(), 2);
    if (a.allSlides == !a.slideRef.empty()) return fail("give --slide, or --all-slides for every slide of the case", 2);
    if (a.allSlides && (format ? format : interchange::exportFormatOfPath(a.file)) != interchange::ExportFormat::SlideRunner)
        return fail("--all-slides writes one SlideRunner database (.sqlite, .db or --format sliderunner): the other formats hold "
                    "one image, so export each slide to its own file",
                    2);
    auto project = openExisting(a, true);
    if (!project) return fail(project.error());
    if (a.allSlides) return runExportCase(a, **project);
    if (!project) return fail(project.error());
    auto loaded = (*project)->call<SlideMarks>([&](Repositories& r) { return loadMarks(r, a); });
    if (!loaded) return fail(loaded.error());
    const core::CaseSlideRecord& slide = loaded->target.slide;
    const std::filesystem::path slidePath(slide.path);
    interchange::ExportImage image{slidePath.filename().string(), slidePath.parent_path().string(), slide.width, slide.height};
    const auto chosen = format ? format : interchange::exportFormatOfPath(a.file);
    if (chosen == interchange::ExportFormat::MidogPoints || chosen == interchange::ExportFormat::MidogDataset) {
        auto scale = slideScale(loaded->target);  // opens the slide file: only the formats in µm or mm need it
        if (scale) image.mppX = scale->x, image.mppY = scale->y;
        else if (chosen == interchange::ExportFormat::MidogPoints) return fail(scale.error());
    }
    warnUnreadable(*loaded);
    auto report = interchange::exportAnnotationFile(a.file, loaded->marks, loaded->classes, image, format);
    if (!report) return fail(report.error());
    std::cout << "Exported " << marksWord(size_t(report->written)) << " of " << loaded->target.describe()
              << (a.readerGiven ? " by reader " + readerName(a.reader) : "") << " to " << a.file << " ("
              << interchange::exportFormatName(report->format) << ")" << std::endl;
    for (const auto& note : report->notes) std::cout << "  " << note << "\n";
    std::cout << std::flush;
    return 0;
}

int runList(const MarksArgs& a) {
    auto project = openExisting(a, true);
    if (!project) return fail(project.error());
    auto loaded = (*project)->call<SlideMarks>([&](Repositories& r) { return loadMarks(r, a); });
    if (!loaded) return fail(loaded.error());
    warnUnreadable(*loaded);
    std::map<std::string, std::map<std::string, int>> table;  // reader -> class -> marks
    std::map<std::string, int> byReader, byClass;
    for (const auto& m : loaded->marks) ++table[m.reader][m.className], ++byReader[m.reader], ++byClass[m.className];
    if (a.json) {
        json readers = json::array();
        for (const auto& [reader, n] : byReader) readers.push_back(reader);
        std::cout << json{{"slide", loaded->target.slide.id},
                          {"total", loaded->marks.size()},
                          {"by_reader", byReader},
                          {"by_class", byClass},
                          {"readers", readers},
                          {"unreadable", loaded->unreadable}}
                         .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << std::endl;
        return 0;
    }
    std::cout << loaded->target.describe() << ": " << loaded->marks.size() << " marks\n";
    for (const auto& [reader, classes] : table) {
        std::string parts;
        for (const auto& [cls, n] : classes) parts += (parts.empty() ? "" : ", ") + cls + " " + std::to_string(n);
        std::cout << "  " << readerName(reader) << ": " << byReader[reader] << " (" << parts << ")\n";
    }
    std::cout << std::flush;
    return 0;
}

// ---------------------------------------------------------------------------------------------

std::string presetIds() {
    std::string out;
    for (const auto& p : core::hpfPresets()) out += (out.empty() ? "" : ", ") + p.id;
    return out;
}

// The flags alone, before the project is opened.
std::optional<std::string> setCountProblem(const MarksArgs& a) {
    if (!a.grid.empty()) {
        if (a.grid.size() != 4) return "--grid takes four numbers: X Y COLUMNS ROWS";
        for (double v : a.grid)
            if (!std::isfinite(v)) return "--grid takes four finite numbers: X Y COLUMNS ROWS";
        for (int i : {2, 3})
            if (a.grid[size_t(i)] < 1 || a.grid[size_t(i)] != std::floor(a.grid[size_t(i)]))
                return "--grid COLUMNS and ROWS are whole numbers of fields, at least 1";
        if (a.grid[2] * a.grid[3] > 100) return "--grid: a field grid has 1 to 100 fields (COLUMNS x ROWS)";
    }
    for (int i : a.fieldsOff)
        if (i < 0) return "--field-off takes field numbers from 0 (row by row, as count's field_tally)";
    if (a.differentiationGiven && (a.differentiation < 1 || a.differentiation > 3)) return "--differentiation is a score from 1 to 3";
    if (a.necrosisGiven && (a.necrosis < 0 || a.necrosis > 2)) return "--necrosis is a score from 0 to 2";
    return std::nullopt;
}

struct ExistingCount {
    NamedSlide target;
    std::optional<std::string> settings;
};

// The centre of a placed field grid, with the field size of the setup it was laid for.
std::optional<core::Level0Point> gridCentre(const core::CountSetup& s, const SlideScale& scale) {
    auto preset = core::presetOf(s);
    if (!preset) return std::nullopt;
    auto size = core::gridCellSizePx(*preset, scale.x, scale.y);
    if (!size) return std::nullopt;
    const core::FieldGrid& g = s.area.grid;
    return core::Level0Point{g.origin.x + g.columns * size->width / 2, g.origin.y + g.rows * size->height / 2};
}

int runSetCount(const MarksArgs& a) {
    if (auto problem = setCountProblem(a)) return fail(*problem, 2);
    auto project = openExisting(a);
    if (!project) return fail(project.error());
    auto existing = (*project)->call<ExistingCount>([&](Repositories& r) -> core::Result<ExistingCount> {
        auto target = resolveSlide(r, a.caseRef, a.slideRef);
        if (!target) return core::Error{target.error()};
        auto settings = r.annotations.countSettings(target->slide.id, a.reader);
        if (!settings) return core::Error{settings.error()};
        return ExistingCount{std::move(*target), std::move(*settings)};
    });
    if (!existing) return fail(existing.error());
    const NamedSlide& t = existing->target;

    core::CountSetup setup;
    if (existing->settings) {
        auto old = storage::countSetupFromJson(*existing->settings);
        // A setup that cannot be read is only replaced by a complete new one.
        if (!old && a.grid.empty())
            return fail("The count of reader " + readerName(a.reader) + " on " + t.describe() + ": " + old.error() +
                        "; give --grid X Y COLUMNS ROWS to replace it");
        if (old) setup = std::move(*old);
    }
    const core::CountSetup before = setup;
    if (!a.preset.empty()) setup.presetId = a.preset;
    auto preset = core::presetOf(setup);
    if (!preset) return fail(preset.error() + " (presets: " + presetIds() + ")");
    const bool fields = setup.area.kind == core::CountArea::Kind::Fields;
    const bool relay = a.grid.empty() && setup.placed && fields && setup.presetId != before.presetId;
    if (a.grid.empty() && !setup.placed)
        return fail("Reader " + readerName(a.reader) + " has no count area on " + t.describe() +
                    " yet: give --grid X Y COLUMNS ROWS (level-0 px of the grid's centre, and its size in fields)");

    if (!a.grid.empty() || relay) {
        auto scale = slideScale(t);
        if (!scale) return fail(scale.error());
        core::Level0Point centre{};
        int columns = 0, rows = 0;
        if (!a.grid.empty()) {
            centre = {a.grid[0], a.grid[1]};
            columns = int(a.grid[2]), rows = int(a.grid[3]);
            const auto& s = t.slide;
            if (s.width > 0 && s.height > 0 && (centre.x < 0 || centre.y < 0 || centre.x >= double(s.width) || centre.y >= double(s.height)))
                return fail("--grid centre " + num(centre.x) + " " + num(centre.y) + " is outside " + t.describe() + " (" +
                            std::to_string(s.width) + " x " + std::to_string(s.height) + " level-0 px)");
        } else {
            // A new field size: the grid is laid again around its old centre, as the case window does.
            auto c = gridCentre(before, *scale);
            if (!c) return fail("Cannot lay the fields of " + t.describe() + " again: give --grid X Y COLUMNS ROWS");
            centre = *c, columns = before.area.grid.columns, rows = before.area.grid.rows;
        }
        auto grid = core::gridAt(setup, scale->x, scale->y, centre, columns, rows);
        if (!grid) return fail(grid.error());
        if (relay) grid->states = before.area.grid.states, grid->exclusionReasons = before.area.grid.exclusionReasons;
        setup.area.kind = core::CountArea::Kind::Fields;
        setup.area.grid = std::move(*grid);
        setup.area.region = {};
        setup.placed = true;
    }
    if (!a.fieldsOff.empty()) {
        if (setup.area.kind != core::CountArea::Kind::Fields)
            return fail("--field-off: the count area of reader " + readerName(a.reader) + " on " + t.describe() + " is a region, not fields");
        core::FieldGrid& g = setup.area.grid;
        for (int i : a.fieldsOff) {
            if (size_t(i) >= g.states.size())
                return fail("--field-off " + std::to_string(i) + ": the grid has fields 0 to " + std::to_string(g.states.size() - 1));
            g.states[size_t(i)] = core::FieldState::Off;
        }
    }
    if (a.differentiationGiven) setup.differentiation = a.differentiation;
    if (a.necrosisGiven) setup.necrosis = a.necrosis;

    const std::string text = storage::countSetupToJson(setup);
    auto saved = (*project)->call([&](Repositories& r) { return r.annotations.setCountSettings(t.slide.id, a.reader, text); });
    if (!saved) return fail(saved.error());

    std::cout << "Count area of reader " << readerName(a.reader) << " on " << t.describe() << ": ";
    if (setup.area.kind == core::CountArea::Kind::Fields) {
        const core::FieldGrid& g = setup.area.grid;
        int counted = 0;
        for (auto s : g.states) counted += s == core::FieldState::Counted;
        std::cout << g.columns << " x " << g.rows << " fields (" << counted << " counted) of " << preset->label << ", top left at "
                  << num(g.origin.x) << ", " << num(g.origin.y) << " level-0 px";
    } else {
        std::cout << "a region, " << preset->label;
    }
    std::cout << "; differentiation " << (setup.differentiation ? std::to_string(*setup.differentiation) : "not given") << ", necrosis "
              << (setup.necrosis ? std::to_string(*setup.necrosis) : "not given") << std::endl;
    return 0;
}

}  // namespace

void addMarksCommand(CLI::App& cli, std::function<int()>& action) {
    auto a = std::make_shared<MarksArgs>();
    auto* marks = cli.add_subcommand("marks", "Marks of a case slide: import, export, list; set-count places a reader's count area");
    marks->require_subcommand(1);
    auto sub = [&](const char* name, const char* help, int (*run)(const MarksArgs&), const char* readerHelp) {
        auto* s = marks->add_subcommand(name, help);
        s->add_option("project", a->project, "Project file (.hmproj)")->required();
        s->add_option("--case", a->caseRef, "Case id or accession")->required();
        s->add_option("--slide", a->slideRef, "Slide id, or its stain or file name in the case")->required();
        // "" is a reader too (marks made without a name), so whether --reader was given is kept apart.
        auto* reader = s->add_option("--reader", a->reader, readerHelp)->transform(utf8Text());
        s->callback([&action, a, run, reader] {
            a->readerGiven = reader->count() > 0;
            action = [a, run] { return run(*a); };
        });
        return s;
    };

    auto* importCmd = sub("import",
                          "Add the marks of a GeoJSON, ASAP XML, ImageScope XML file, SlideRunner database or MIDOG JSON to the slide",
                          runImport, "File the marks under this reader (default: the file's reader, else \"imported\")");
    importCmd->add_option("file", a->file, "Annotation file")->required();
    importCmd->add_option("--image", a->image,
                          "SlideRunner database / MIDOG JSON: the image to take (file name or id; default: the one named like the slide)");
    importCmd->add_flag("--per-reader", a->perReader,
                        "SlideRunner database: one mark per reader's label, filed under that reader (default: the consensus class)");

    auto* exportCmd = sub("export",
                          "Write the slide's marks to a file: .geojson/.json (QuPath), .xml (ASAP), .sqlite (SlideRunner, added to an existing one), "
                          ".csv (points), or --format midog / midog-points",
                          runExport, "Only this reader's marks");
    exportCmd->add_option("file", a->file, "File to write")->required();
    exportCmd->get_option("--slide")->required(false);
    exportCmd->add_flag("--all-slides", a->allSlides, "Every slide of the case with marks, into one SlideRunner database");
    exportCmd->add_option("--format", a->format,
                          "geojson, asap, sliderunner, csv, midog (a MIDOG dataset JSON) or midog-points (MIDOG's detection JSON, mm); "
                          "default: by the extension");

    auto* list = sub("list", "How many marks the slide has, per reader and class", runList, "Only this reader's marks");
    list->add_flag("--json", a->json, "One JSON object");
    for (CLI::App* c : {exportCmd, list})
        c->add_flag("--skip-unreadable", a->skipUnreadable,
                    "Leave out stored marks that cannot be read (a damaged or hand-edited row), each named on stderr, "
                    "instead of refusing");

    auto* setCount = sub("set-count", "Place (or change) a reader's count area: a grid of fields, FNCLCC scores", runSetCount,
                         "Whose count area");
    setCount->get_option("--reader")->required();
    setCount->add_option("--preset", a->preset, "Field preset: fnclcc (default), fn22-40x, midog-2.37, fn20-40x, per-2mm2, per-5mm2");
    setCount->add_option("--grid", a->grid, "Centre X Y (level-0 px) and COLUMNS ROWS of fields")->expected(4);
    setCount->add_option("--field-off", a->fieldsOff, "Fields not counted: numbers from 0, row by row (as count's field_tally)");
    setCount->add_option("--differentiation", a->differentiation, "FNCLCC differentiation score, 1 to 3")
        ->each([a](const std::string&) { a->differentiationGiven = true; });
    setCount->add_option("--necrosis", a->necrosis, "FNCLCC necrosis score, 0 (none), 1 (< 50 %), 2 (>= 50 %)")
        ->each([a](const std::string&) { a->necrosisGiven = true; });
}

}  // namespace histomark::app
