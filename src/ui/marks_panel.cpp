// SPDX-License-Identifier: MIT
// The marks panel of the case window: reader, tools and classes, the mitotic count with the FNCLCC
// grade, guided screening, and the comparison of two readers.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>
#include <vector>

#include "core/fnclcc.h"
#include "ui/marks_ui.h"
#include "ui/overview_panel.h"

namespace histomark::ui {
namespace {

const ImVec4 kGood(0.55f, 0.9f, 0.55f, 1), kBad(1, 0.45f, 0.4f, 1), kDim(0.65f, 0.65f, 0.65f, 1);

ImVec4 colourOf(uint32_t rgb) {
    return ImVec4(float((rgb >> 16) & 0xff) / 255, float((rgb >> 8) & 0xff) / 255, float(rgb & 0xff) / 255, 1);
}

const char* kToolLabels[] = {"Navigate (V)", "Point (P)", "Rectangle (R)", "Ellipse (E)",
                             "Polygon (G)",  "Freehand (F)", "Select (S)", "Fields (C)"};

std::string folderOf(const std::string& path) { return std::filesystem::path(path).parent_path().string(); }

}  // namespace

void MarksUi::panel(CaseSession& s, CaseViewer* v, SlideView* view, CaseActions& actions, FileDialog& files, float width,
                    float height) {
    ImGui::BeginChild("##marks", ImVec2(width, height), true);
    AnnotationSession& a = s.annotations;
    if (!v || !view || !view->document()->ready()) {
        ImGui::TextDisabled("Select a slide to mark and count on it.");
        ImGui::EndChild();
        return;
    }
    ImGui::Text("Marks on %s", v->record.stain.empty() ? "this slide" : v->record.stain.c_str());
    SlideMarks* m = a.marks(v->record.id);
    if (!m || m->load == SlideMarks::Load::Loading || m->load == SlideMarks::Load::NotLoaded) {
        ImGui::TextDisabled("Loading the marks ...");
        ImGui::EndChild();
        return;
    }
    if (m->load == SlideMarks::Load::Failed) {
        ImGui::PushStyleColor(ImGuiCol_Text, kBad);
        ImGui::TextWrapped("%s", m->loadError.c_str());
        ImGui::PopStyleColor();
        ImGui::EndChild();
        return;
    }
    if (!m->unreadable.empty()) unreadableWarning(*m);
    if (a.quiz.on) {
        // A learner sees the question, the tools and, once the answer is in, the score; no other
        // readers, no recorded panel and no assistant until then.
        quizSection(s, *v, *view, actions);
        if (a.quiz.loaded && a.quiz.teaching) {
            // The learner's own reading of an IHC slide (the slide's record is the answer).
            if (!a.markers.loaded) actions.loadMarkerRecords();
            if (!v->isReference()) markerSection(s, *v, *view, actions);
        }
        toolsSection(s, *v, actions, files);
        if (a.quiz.showsScore()) reviewSection(s, *v, *view, actions);
    } else {
        if (!a.markers.loaded) actions.loadMarkerRecords();
        if (!v->isReference()) markerSection(s, *v, *view, actions);
        readersSection(s, *v, *view, actions);
        toolsSection(s, *v, actions, files);
        uncertainSection(s, *v, *view, actions);
        countSection(s, *v, *view, actions);
        reviewSection(s, *v, *view, actions);
    }
    if (!a.message.empty()) ImGui::TextWrapped("%s", a.message.c_str());
    ImGui::EndChild();
}

// Stored marks that could not be read are neither shown nor counted: said while the slide is open,
// since a count without them may be short.
void MarksUi::unreadableWarning(const SlideMarks& m) {
    ImGui::PushStyleColor(ImGuiCol_Text, kBad);
    const size_t n = m.unreadable.size();
    ImGui::TextWrapped("%zu stored mark%s of this slide cannot be read and %s not shown or counted: %s%s", n,
                       n == 1 ? "" : "s", n == 1 ? "is" : "are", m.unreadable.front().c_str(),
                       n > 1 ? " (and others)" : "");
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("They stay in the project file as they are (docs/project-format.md says how to mend one).");
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
        std::string all;
        for (const auto& u : m.unreadable) all += u + "\n";
        ImGui::SetTooltip("%s", all.c_str());
    }
}

void MarksUi::readersSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    SlideMarks& m = *a.marks(v.record.id);
    if (std::strncmp(m_reader, a.reader.c_str(), sizeof m_reader) != 0 && !ImGui::IsAnyItemActive())
        std::snprintf(m_reader, sizeof m_reader, "%s", a.reader.c_str());
    ImGui::SetNextItemWidth(140);
    if (ImGui::InputTextWithHint("reader", "your name", m_reader, sizeof m_reader)) a.reader = m_reader;
    ImGui::SameLine();
    ImGui::Checkbox("blind", &a.blind);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide the other readers' marks while you read");

    if (!ImGui::CollapsingHeader("Compare readers")) return;
    // The other readers, gathered again only when the marks change (not every frame).
    if (m_readersSlide != v.record.id || m_readersVersion != m.version || m_readersOf != a.reader) {
        m_readersSlide = v.record.id, m_readersVersion = m.version, m_readersOf = a.reader;
        m_otherReaders.clear();
        m.layer.forEach([&](core::MarkKey, const core::Annotation& x) {
            if (x.reader != a.reader && x.className == core::kMitoticFigure) m_otherReaders.insert(x.reader);
        });
    }
    const std::set<std::string>& readers = m_otherReaders;
    ConsensusState& c = a.consensus;
    ImGui::BeginDisabled(a.blind);
    ImGui::Checkbox("consensus view", &c.on);
    ImGui::EndDisabled();
    if (a.blind) c.on = false;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    if (ImGui::BeginCombo("##other", c.otherReader.empty() ? "other reader" : c.otherReader.c_str())) {
        for (const auto& r : readers)
            if (ImGui::Selectable(r.empty() ? "(unnamed)" : r.c_str(), r == c.otherReader)) c.otherReader = r;
        ImGui::EndCombo();
    }
    voteSection(s, v, view, actions, readers);
    if (!c.on) return;
    updateConsensus(s, v, view.document()->info());
    if (!c.error.empty()) {
        ImGui::TextColored(kBad, "%s", c.error.c_str());
        return;
    }
    if (!c.match) return;
    const core::MatchResult& r = *c.match;
    ImGui::Text("Agreed %d | only yours %d | only %s's %d", r.tp, r.fn, c.otherReader.c_str(), r.fp);
    ImGui::Text("F1 %.2f (within %.1f \xC2\xB5m, one to one)", r.f1, c.radiusUm);
    ImGui::TextDisabled("green: agreed, orange: only yours, blue: only theirs");
    MarkEditor editor(a, actions);
    ImGui::BeginChild("##disagreements", ImVec2(0, 120), true);
    int row = 0;
    auto entry = [&](core::Level0Point p, bool mine) {
        ImGui::PushID(row++);
        ImGui::Text("%s %.0f, %.0f", mine ? "yours" : "theirs", p.x, p.y);
        ImGui::SameLine();
        if (ImGui::SmallButton("go")) view.centerOn(p);
        ImGui::SameLine();
        // Adjudication by the current reader: take their figure, or withdraw one's own as a look-alike.
        if (!mine && ImGui::SmallButton("agree")) {
            const std::string cls = a.className;
            a.className = core::kMitoticFigure;
            editor.add(v.record.id, core::ShapeKind::Point, {p});
            a.className = cls;
        }
        if (mine && ImGui::SmallButton("withdraw")) {
            if (auto k = m.layer.hitTest(p, 0.01, [&a](const core::Annotation& x) {
                    return x.reader == a.reader && x.className == core::kMitoticFigure;
                })) {
                m.selection = {*k};
                editor.relabelSelection(v.record.id, core::kLookAlike);
                m.selection.clear();
            }
        }
        ImGui::PopID();
    };
    for (size_t i : r.unmatchedReference) entry(c.mine[i], true);
    for (size_t i : r.unmatchedCandidates) entry(c.theirs[i], false);
    ImGui::EndChild();
}

void MarksUi::toolsSection(CaseSession& s, CaseViewer& v, CaseActions& actions, FileDialog& files) {
    AnnotationSession& a = s.annotations;
    SlideMarks& m = *a.marks(v.record.id);
    MarkEditor editor(a, actions);
    if (!ImGui::CollapsingHeader("Tools and classes", ImGuiTreeNodeFlags_DefaultOpen)) return;
    for (int i = 0; i < 8; ++i) {
        if (i % 2) ImGui::SameLine(150);
        if (ImGui::Selectable(kToolLabels[i], int(a.tool) == i, 0, ImVec2(130, 0))) a.tool = AnnotationTool(i), a.drawing.reset();
    }
    ImGui::TextDisabled("Right-drag pans while a tool is on.");
    ImGui::Separator();
    for (size_t i = 0; i < a.classes.size(); ++i) {
        const auto& c = a.classes[i];
        ImGui::PushID(int(i));
        ImGui::ColorButton("##c", colourOf(c.rgb), ImGuiColorEditFlags_NoTooltip, ImVec2(14, 14));
        ImGui::SameLine();
        char label[96];
        std::snprintf(label, sizeof label, "%zu  %s", i + 1, c.name.c_str());
        if (ImGui::Selectable(label, a.className == c.name)) {
            a.className = c.name;
            if (!m.selection.empty()) editor.relabelSelection(v.record.id, c.name);
        }
        ImGui::PopID();
    }
    ImGui::SetNextItemWidth(120);
    ImGui::InputTextWithHint("##newclass", "new class", m_newClass, sizeof m_newClass);
    ImGui::SameLine();
    ImGui::ColorEdit3("##newcolour", m_newColour, ImGuiColorEditFlags_NoInputs);
    ImGui::SameLine();
    if (ImGui::Button("Add") && m_newClass[0]) {
        const uint32_t rgb = (uint32_t(m_newColour[0] * 255) << 16) | (uint32_t(m_newColour[1] * 255) << 8) |
                             uint32_t(m_newColour[2] * 255);
        actions.addAnnotationClass({m_newClass, rgb});
        m_newClass[0] = 0;
    }
    ImGui::Separator();
    const std::string* undoLabel = m.history.nextUndoLabel();
    const std::string* redoLabel = m.history.nextRedoLabel();
    const bool locked = s.annotations.quiz.locked();  // a submitted answer: nothing changes
    ImGui::BeginDisabled(locked || !undoLabel);
    if (ImGui::Button(undoLabel ? ("Undo " + *undoLabel).c_str() : "Undo")) editor.undo(v.record.id);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(locked || !redoLabel);
    if (ImGui::Button(redoLabel ? ("Redo " + *redoLabel).c_str() : "Redo")) editor.redo(v.record.id);
    ImGui::EndDisabled();
    ImGui::BeginDisabled(locked || m.selection.empty());
    if (ImGui::Button("Delete selected")) editor.deleteSelection(v.record.id);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Import...")) {
        files.pick(folderOf(v.record.path), "Import marks (GeoJSON, ASAP or ImageScope XML, SlideRunner database, MIDOG JSON)", FileDialog::Kind::Annotations,
                   [&actions, id = v.record.id](const std::string& p) { actions.importMarks(id, p, ""); });
    }
    ImGui::SameLine();
    if (ImGui::Button("Export...") || std::exchange(m_openExport, false)) ImGui::OpenPopup("##export-marks");
    ImGui::SetNextWindowPos({ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y}, ImGuiCond_Appearing);  // drops down from the button
    if (ImGui::BeginPopup("##export-marks")) {
        // Written beside the slide, named after it; the SlideRunner database takes this slide in.
        struct Choice {
            const char *label, *suffix, *format;
        };
        static constexpr Choice kChoices[] = {
            {"QuPath GeoJSON", "-marks.geojson", ""},
            {"ASAP XML", "-marks.xml", ""},
            {"SlideRunner database", "-marks.sqlite", ""},
            {"CSV of points", "-marks.csv", ""},
            {"MIDOG dataset JSON", "-midog.json", "midog"},
            {"MIDOG points (mm), for scoring", "-mitoses.json", "midog-points"},
        };
        const std::filesystem::path slide(v.record.path);
        ImGui::TextDisabled("Beside the slide, as %s-...", slide.stem().string().c_str());
        for (const Choice& c : kChoices)
            if (ImGui::Selectable(c.label)) {
                const std::string name = slide.stem().string() + c.suffix;
                actions.exportMarks(v.record.id, (std::filesystem::path(folderOf(v.record.path)) / name).string(), c.format);
            }
        ImGui::EndPopup();
    }
    importChoiceSection(s.annotations, v, actions);
    if (s.annotations.quiz.on) {  // the learner's own: the others' number would hint at the answer
        size_t own = 0;
        m.layer.forEach([&](core::MarkKey, const core::Annotation& x) { own += x.reader == s.annotations.reader; });
        ImGui::TextDisabled("%zu marks of yours on this slide", own);
    } else {
        ImGui::TextDisabled("%zu marks on this slide", m.layer.size());
    }
}

void MarksUi::countSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    SlideMarks& m = *a.marks(v.record.id);
    MarkEditor editor(a, actions);
    const core::SlideInfo& info = view.document()->info();
    if (!ImGui::CollapsingHeader("Mitotic count (FNCLCC)", ImGuiTreeNodeFlags_DefaultOpen)) return;
    core::CountSetup setup = a.countFor(m);
    bool changed = false;
    auto preset = core::presetOf(setup);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##preset", preset ? preset->label.c_str() : setup.presetId.c_str())) {
        for (const auto& p : core::hpfPresets())
            if (ImGui::Selectable(p.label.c_str(), p.id == setup.presetId)) setup.presetId = p.id, changed = true;
        if (ImGui::Selectable("Custom field number and objective", setup.presetId == core::kCustomFieldNumberPresetId))
            setup.presetId = core::kCustomFieldNumberPresetId, changed = true;
        if (ImGui::Selectable("Custom field area", setup.presetId == core::kCustomAreaPresetId))
            setup.presetId = core::kCustomAreaPresetId, changed = true;
        ImGui::EndCombo();
    }
    if (setup.presetId == core::kCustomFieldNumberPresetId) {
        ImGui::SetNextItemWidth(90);
        changed |= ImGui::InputDouble("FN mm", &setup.customFieldNumber, 0, 0, "%.1f", ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(90);
        changed |= ImGui::InputDouble("objective", &setup.customObjective, 0, 0, "%.0fx", ImGuiInputTextFlags_EnterReturnsTrue);
    }
    if (setup.presetId == core::kCustomAreaPresetId) {
        ImGui::SetNextItemWidth(120);
        changed |= ImGui::InputDouble("mm\xC2\xB2 per field", &setup.customAreaMm2, 0, 0, "%.4f", ImGuiInputTextFlags_EnterReturnsTrue);
    }
    if (setup.presetId == core::kCustomFieldNumberPresetId || setup.presetId == core::kCustomAreaPresetId) {
        bool round = setup.customShape == core::FieldShape::Circle;
        if (ImGui::Checkbox("round fields (else 4:3)", &round))
            setup.customShape = round ? core::FieldShape::Circle : core::FieldShape::Rect4x3, changed = true;
    }
    if (changed) {
        // New field sizes: the grid is laid again around its old centre.
        if (setup.placed && setup.area.kind == core::CountArea::Kind::Fields && info.mpp.known()) {
            if (auto oldPreset = core::presetOf(a.countFor(m)))
                if (auto oldSize = core::gridCellSizePx(*oldPreset, *info.mpp.x, *info.mpp.y)) {
                    const auto& g = setup.area.grid;
                    const core::Level0Point c{g.origin.x + g.columns * oldSize->width / 2, g.origin.y + g.rows * oldSize->height / 2};
                    if (auto grid = core::gridAt(setup, *info.mpp.x, *info.mpp.y, c, g.columns, g.rows)) setup.area.grid = *grid;
                }
        }
        editor.setCount(v.record.id, setup, "field preset");
    }
    int& columns = m_gridColumns;
    int& rows = m_gridRows;
    ImGui::SetNextItemWidth(60);
    ImGui::InputInt("##cols", &columns, 0);
    ImGui::SameLine();
    ImGui::Text("x");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(60);
    ImGui::InputInt("##rows", &rows, 0);
    ImGui::SameLine();
    if (ImGui::Button("Place fields here")) {
        if (auto st = placeGrid(s, v, info, view.camera().center, columns, rows, actions); !st) a.message = st.error();
        a.tool = AnnotationTool::Fields;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Lays the field grid at the centre of the view. With the Fields tool: drag it, click a field\n"
                          "on or off, shift+click to exclude it (necrosis, outside the tumour).");
    if (!m.selection.empty()) {
        const core::Annotation* sel = m.layer.find(m.selection.front());
        if (sel && sel->kind != core::ShapeKind::Point && ImGui::Button("Count in the selected region")) {
            setup.area.kind = core::CountArea::Kind::Region;
            setup.area.region = *sel;
            setup.placed = true;
            editor.setCount(v.record.id, setup, "count in a region");
        }
    }
    ImGui::Checkbox("show fields", &a.showFields);
    ImGui::SameLine();
    ImGui::Checkbox("one HPF at the centre", &a.hpfAtCentre);

    // The result.
    const auto& report = count(s, v, info);
    ImGui::Separator();
    if (!report) {
        ImGui::TextColored(kDim, "%s", report.error().c_str());
    } else {
        const core::CountResult& r = report->result;
        ImGui::Text("Mitoses counted: %d", r.count);
        ImGui::Text("Area examined: %.3f mm\xC2\xB2 (%d field%s)", r.examinedMm2, r.fieldsCounted, r.fieldsCounted == 1 ? "" : "s");
        if (!r.note.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(240, 170, 60, 255));
            ImGui::TextWrapped("%s", r.note.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::Text("%.1f %s", r.per10Hpf, report->preset.figureLabel.c_str());
        ImGui::Text("%.2f per mm\xC2\xB2", r.perMm2);
        ImGui::TextColored(kGood, "FNCLCC mitotic score %d", r.mitoticScore);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%.1f per 10 HPF of 0.1734 mm\xC2\xB2 (the FNCLCC field); 0-9: 1, 10-19: 2, 20 and more: 3",
                              r.fnclccPer10Hpf);
    }
    // The other FNCLCC components, from the reader.
    const char* diff[] = {"differentiation ?", "1: resembles normal tissue", "2: type certain", "3: undifferentiated / type doubtful"};
    const char* necr[] = {"necrosis ?", "0: none", "1: < 50 %", "2: >= 50 %"};
    int d = setup.differentiation.value_or(0), n = setup.necrosis ? *setup.necrosis + 1 : 0;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::Combo("##diff", &d, diff, 4)) {
        setup.differentiation = d ? std::optional<int>(d) : std::nullopt;
        editor.setCount(v.record.id, setup, "differentiation score");
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::Combo("##necrosis", &n, necr, 4)) {
        setup.necrosis = n ? std::optional<int>(n - 1) : std::nullopt;
        editor.setCount(v.record.id, setup, "necrosis score");
    }
    if (report && report->grade) {
        const auto& g = *report->grade;
        ImGui::TextColored(kGood, "FNCLCC total %d (%d + %d + %d) -> grade %d", g.total, g.differentiation, g.mitotic,
                           g.necrosis, g.grade);
    }

    // Guided screening.
    ScreeningState& sc = a.screening;
    ImGui::Separator();
    if (sc.slide != v.record.id) {
        if (ImGui::Button("Start guided screening")) startScreening(s, v, view, info);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Steps of the size of this view over the tissue, row by row: N next, B back");
        return;
    }
    if (ImGui::Button("< Back (B)")) stepScreening(s, view, -1);
    ImGui::SameLine();
    if (ImGui::Button("Next (N) >")) stepScreening(s, view, +1);
    ImGui::SameLine();
    if (ImGui::Button("Stop")) {
        sc = {};
        return;
    }
    ImGui::Text("%s", sc.progress.progressText().c_str());
    // The overview with visited steps shaded.
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    drawOverviewPanel(view, ImGui::GetContentRegionAvail().x, 160);
    const float* r = view.overviewRect();
    const double sx = (r[2] - r[0]) / double(info.width()), sy = (r[3] - r[1]) / double(info.height());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < sc.steps.size(); ++i) {
        const core::Level0Rect& st = sc.steps[i];
        const ImVec2 a0(r[0] + float(st.x * sx), r[1] + float(st.y * sy));
        const ImVec2 a1(r[0] + float(st.right() * sx), r[1] + float(st.bottom() * sy));
        if (sc.progress.visited(i)) dl->AddRectFilled(a0, a1, IM_COL32(60, 200, 120, 70));
        if (sc.progress.current() == i) dl->AddRect(a0, a1, IM_COL32(255, 235, 60, 255), 0, 0, 2);
    }
    (void)p0;
}

void MarksUi::hotspotSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    HotspotSearch& h = s.annotations.hotspots;
    if (h.job) {
        ImGui::ProgressBar(float(h.job->progress()), ImVec2(180, 0), "hotspot");
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel##hotspot")) h.job->cancel();
    } else if (ImGui::Button("Find hotspot")) {
        actions.findHotspot(v.record.id);
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("10-HPF windows of the chosen preset over the tissue, ranked by candidate mitoses;\n"
                          "areas marked necrosis are left out");
    ImGui::SameLine();
    ImGui::Checkbox("weight by score", &h.weighted);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Rank the windows by the candidates' summed scores instead of their number");
    if (h.slide != v.record.id) return;
    if (!h.message.empty()) ImGui::TextWrapped("%s", h.message.c_str());
    if (h.windows.empty()) return;
    if (!h.caveat.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(240, 170, 60, 255));
        ImGui::TextWrapped("Take care: %s.", h.caveat.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Checkbox("show windows", &h.show);
    for (size_t i = 0; i < h.windows.size(); ++i) {
        const auto& w = h.windows[i];
        ImGui::PushID(int(i));
        // Buttons first: the line is wider than the panel. The area beside the figure: it is scaled
        // from the window's tissue, which may be little.
        if (ImGui::SmallButton("go")) view.centerOn({w.box.x + w.box.width / 2, w.box.y + w.box.height / 2});
        ImGui::SameLine();
        if (ImGui::SmallButton("count here")) placeOnHotspot(s, v, view, int(i), actions);
        ImGui::SameLine();
        if (h.weighted)
            ImGui::Text("%zu: scores %.1f, %d candidates, %.1f per 10 HPF of %.2f mm\xC2\xB2", i + 1, w.weighted, w.count, w.per10Hpf,
                        w.tissueMm2);
        else ImGui::Text("%zu: %d candidates, %.1f per 10 HPF of %.2f mm\xC2\xB2", i + 1, w.count, w.per10Hpf, w.tissueMm2);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%d candidates, %.1f per 10 HPF, from %.3f mm\xC2\xB2 of tissue in the window outside necrosis", w.count,
                              w.per10Hpf, w.tissueMm2);
        ImGui::PopID();
    }
    // The windows on the overview.
    drawOverviewPanel(view, ImGui::GetContentRegionAvail().x, 140);
    const float* o = view.overviewRect();
    const core::SlideInfo& info = view.document()->info();
    const double sx = (o[2] - o[0]) / double(info.width()), sy = (o[3] - o[1]) / double(info.height());
    // Clipped to the overview: a window larger than the slide reaches past it.
    ImGui::GetWindowDrawList()->PushClipRect(ImVec2(o[0], o[1]), ImVec2(o[2], o[3]), true);
    for (size_t i = 0; i < h.windows.size(); ++i) {
        const core::Level0Rect& b = h.windows[i].box;
        const ImVec2 a0(o[0] + float(b.x * sx), o[1] + float(b.y * sy)), a1(o[0] + float(b.right() * sx), o[1] + float(b.bottom() * sy));
        ImGui::GetWindowDrawList()->AddRect(a0, a1, i == 0 ? IM_COL32(60, 230, 90, 255) : IM_COL32(60, 230, 90, 140), 0, 0, i == 0 ? 2.5f : 1.2f);
    }
    ImGui::GetWindowDrawList()->PopClipRect();
}

core::Status MarksUi::placeOnHotspot(CaseSession& s, const CaseViewer& v, SlideView& view, int index, CaseActions& actions) {
    const HotspotSearch& h = s.annotations.hotspots;
    if (h.slide != v.record.id || index < 0 || index >= int(h.windows.size())) return core::Status::failure("no such window");
    SlideMarks* m = s.annotations.marks(v.record.id);
    if (!m) return core::Status::failure("the marks are not loaded");
    auto preset = core::presetOf(s.annotations.countFor(*m));
    const core::Level0Rect& b = h.windows[size_t(index)].box;
    const core::Level0Point centre{b.x + b.width / 2, b.y + b.height / 2};
    // The window is 10 HPF: one rectangle for a one-rectangle preset, else 5 x 2 fields on it.
    const bool one = preset && preset->oneRectangle;
    view.centerOn(centre);
    return placeGrid(s, v, view.document()->info(), centre, one ? 1 : 5, one ? 1 : 2, actions);
}

void MarksUi::reviewSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    CandidateReview& r = a.review;
    const bool openSection = std::exchange(m_openReview, false);
    if (openSection) r.showQueue = true;
    // The queue's own window, while its slide is the one in the panel.
    if (r.showQueue && r.slide == v.record.id && !r.candidates.empty()) {
        const ImGuiViewport* screen = ImGui::GetMainViewport();
        // Over the lower sidebar (properties, levels) at first: the slides and the marks panel stay in sight.
        const float w = 340, h = screen->WorkSize.y * 0.6f;
        ImGui::SetNextWindowPos(ImVec2(screen->WorkPos.x + screen->WorkSize.x - w - 8, screen->WorkPos.y + screen->WorkSize.y - h - 40),
                                ImGuiCond_FirstUseEver);
        ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_FirstUseEver);
        ImGui::SetNextWindowBgAlpha(1.0f);  // over the panel: its text must not show through
        // Opening it leaves the keys with the slide; a click in it takes them.
        if (ImGui::Begin("Candidate queue", &r.showQueue, ImGuiWindowFlags_NoFocusOnAppearing)) queueList(s, v, view, actions);
        ImGui::End();
    }
    if (openSection) ImGui::SetNextItemOpen(true);  // after the queue's window: "next item" is the header's
    if (!ImGui::CollapsingHeader("Candidate mitoses (assistant)")) return;
    const core::SlideInfo& info = view.document()->info();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Model: %s (File > Candidate mitosis model)",
                       m_modelName.empty() ? "built-in, AMi-Br breast carcinoma" : m_modelName.c_str());
    ImGui::PopStyleColor();
    if (!m_modelMessage.empty() && m_modelMessage.find(" was not loaded: ") != std::string::npos) {
        ImGui::PushStyleColor(ImGuiCol_Text, kBad);
        ImGui::TextWrapped("%s", m_modelMessage.c_str());
        ImGui::PopStyleColor();
    }
    if (r.job) {
        ImGui::ProgressBar(float(r.job->progress()), ImVec2(180, 0), "searching");
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel##find")) r.job->cancel();
    } else {
        if (ImGui::Button("Find in view")) actions.findCandidates(v.record.id, view.camera().visibleRect());
        ImGui::SameLine();
        SlideMarks* m = a.marks(v.record.id);
        const core::CountSetup* count = m ? &a.countFor(*m) : nullptr;
        ImGui::BeginDisabled(!count || !count->placed || !info.mpp.known());
        if (ImGui::Button("Find in count area") && count) {
            core::Level0Rect area = count->area.region.bounds();
            if (count->area.kind == core::CountArea::Kind::Fields)
                if (auto preset = core::presetOf(*count))
                    if (auto size = core::gridCellSizePx(*preset, *info.mpp.x, *info.mpp.y)) {
                        const auto& g = count->area.grid;
                        area = {g.origin.x, g.origin.y, g.columns * size->width, g.rows * size->height};
                    }
            actions.findCandidates(v.record.id, area);
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Find on slide")) actions.findCandidates(v.record.id, {0, 0, double(info.width()), double(info.height())});
    }
    if (!r.message.empty()) ImGui::TextWrapped("%s", r.message.c_str());
    hotspotSection(s, v, view, actions);
    if (r.slide != v.record.id || r.candidates.empty()) return;
    float minScore = float(r.minScore);
    ImGui::SetNextItemWidth(160);
    // The score is the share of confirmed figures that score lower, so the useful range is near 0.
    if (ImGui::SliderFloat("min score", &minScore, 0, 1, "%.3f", ImGuiSliderFlags_Logarithmic))
        r.minScore = minScore, r.minScoreChosen = true;
    ImGui::SameLine();
    ImGui::Checkbox("show", &r.show);
    int accepted = 0, lookAlike = 0;
    for (const auto& c : r.candidates)
        accepted += c.status == CandidateReview::Status::Accepted, lookAlike += c.status == CandidateReview::Status::LookAlike;
    ImGui::Text("%d to review | %d accepted | %d look-alikes", r.pending(), accepted, lookAlike);
    ImGui::Checkbox("queue list", &r.showQueue);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The queue in a window of its own: thumbnails, scores, positions");
    if (r.current < 0) {
        ImGui::BeginDisabled(r.pending() == 0);
        if (ImGui::Button(r.byPosition ? "Review (in queue order)" : "Review (highest score first)"))
            showCandidate(s, view, r.nextPending(-1, info.mpp.mean()));
        ImGui::EndDisabled();
        return;
    }
    ImGui::Text("Candidate %d, score %.3f", r.current + 1, r.candidates[size_t(r.current)].score);
    if (ImGui::Button("Mitotic figure (A)")) review(s, v, view, CandidateReview::Status::Accepted, actions);
    ImGui::SameLine();
    if (ImGui::Button("Look-alike (L)")) review(s, v, view, CandidateReview::Status::LookAlike, actions);
    ImGui::SameLine();
    if (ImGui::Button("Skip (K)")) review(s, v, view, CandidateReview::Status::Skipped, actions);
}

// Which image of a labelled set to import onto the slide: a filtered list of its file names.
void MarksUi::importChoiceSection(AnnotationSession& a, const CaseViewer& v, CaseActions& actions) {
    AnnotationSession::ImportChoice& c = a.importChoice;
    if (c.slide != v.record.id || c.images.empty()) return;
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##imageFilter", "filter the images by name", c.filter, sizeof c.filter);
    std::vector<int> shown;
    std::string f = c.filter;
    std::transform(f.begin(), f.end(), f.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    for (int i = 0; i < int(c.images.size()); ++i) {
        std::string name = c.images[size_t(i)];
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
        if (f.empty() || name.find(f) != std::string::npos) shown.push_back(i);
    }
    if (ImGui::BeginListBox("##images", ImVec2(-1, 8 * ImGui::GetTextLineHeightWithSpacing()))) {
        ImGuiListClipper clipper;  // sets of 1000+ images: only the rows in sight are laid out
        clipper.Begin(int(shown.size()));
        while (clipper.Step())
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const int i = shown[size_t(row)];
                if (ImGui::Selectable((c.images[size_t(i)] + "##" + c.keys[size_t(i)]).c_str(), c.selected == i)) c.selected = i;
            }
        ImGui::EndListBox();
    }
    ImGui::BeginDisabled(c.selected < 0 || c.selected >= int(c.images.size()));
    if (ImGui::Button("Import this image")) actions.importMarks(v.record.id, c.path, c.keys[size_t(c.selected)]);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel##importChoice")) c = {};
}

}  // namespace histomark::ui
