// SPDX-License-Identifier: MIT
// Consensus and adjudication in the marks panel: several readers' figures voted into the current
// reader's marks (as `histomark consensus --write` does), and the list of cells left to settle:
// the reader's "uncertain" points (a consensus's disputed cells, or a reader's own doubts), each
// visited and relabelled a mitotic figure or a look-alike with one click (undoable as any relabel).
#include <imgui.h>

#include <algorithm>
#include <tuple>

#include "core/consensus_cells.h"
#include "core/reader_consensus.h"
#include "ui/marks_edit.h"
#include "ui/marks_ui.h"

namespace histomark::ui {
namespace {

bool isUncertain(const core::Annotation& a) {
    return a.kind == core::ShapeKind::Point && !a.points.empty() && core::sameClass(a.className, core::kUncertain);
}

// The chosen readers' vote on the slide, or why there is none.
struct ChosenVote {
    std::vector<std::string> voters;
    core::ReaderConsensus vote;
};
core::Result<ChosenVote> chosenVote(const AnnotationSession& a, const SlideMarks* m, const core::SlideInfo& info) {
    const ConsensusState& c = a.consensus;
    if (!m || m->load != SlideMarks::Load::Ready) return core::Error{"The slide's marks are still loading"};
    if (c.voters.count(a.reader)) return core::Error{"The consensus is written as your marks: vote with the other readers, not yourself"};
    if (c.voters.size() < 2) return core::Error{"Choose at least two readers to vote"};
    if (!info.mpp.known()) return core::Error{"The slide's scale is unknown: the readers' marks are matched within 7.5 \xC2\xB5m, which needs it"};
    ChosenVote out{{c.voters.begin(), c.voters.end()}, {}};
    std::vector<std::vector<core::Level0Point>> points;
    for (const std::string& r : out.voters) points.push_back(mitosesOf(*m, r));
    const int minVotes = c.minVotes > 0 ? c.minVotes : int(out.voters.size()) / 2 + 1;
    auto vote = core::formConsensus(points, *info.mpp.x, *info.mpp.y, minVotes, c.radiusUm);
    if (!vote) return core::Error{"No consensus: " + vote.error()};
    out.vote = std::move(*vote);
    return out;
}

}  // namespace

std::vector<std::pair<core::MarkKey, core::Level0Point>> uncertainMarks(const SlideMarks& m, const std::string& reader) {
    std::vector<std::pair<core::MarkKey, core::Level0Point>> out;
    m.layer.forEach([&](core::MarkKey k, const core::Annotation& a) {
        if (a.reader == reader && isUncertain(a)) out.emplace_back(k, a.points.front());
    });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return std::tie(a.second.y, a.second.x, a.first) < std::tie(b.second.y, b.second.x, b.first);
    });
    return out;
}

std::string voteConsensus(AnnotationSession& a, CaseActions& actions, const CaseViewer& v, const core::SlideInfo& info) {
    SlideMarks* m = a.marks(v.record.id);
    auto chosen = chosenVote(a, m, info);
    if (!chosen) return chosen.error();
    const std::vector<std::string>& voters = chosen->voters;
    const core::ReaderConsensus* vote = &chosen->vote;
    if (std::none_of(a.classes.begin(), a.classes.end(), [](const core::AnnotationClass& k) { return k.name == core::kUncertain; }))
        actions.addAnnotationClass(*core::defaultAnnotationClass(core::kUncertain));  // saved before the marks that use it
    std::vector<core::MarkKey> mine;
    m->layer.forEach([&](core::MarkKey k, const core::Annotation& x) {
        if (x.reader == a.reader) mine.push_back(k);
    });
    char label[160];
    std::snprintf(label, sizeof label, "consensus of %zu readers: %d figures, %d disputed", voters.size(), vote->agreed(), vote->disputed());
    core::AnnotationEdit e = core::addEdit(m->layer, core::consensusMarks(*vote, v.record.id, a.reader), label);
    e.before = core::removeEdit(m->layer, mine).before;  // replaced in the same step
    MarkEditor(a, actions).commit(v.record.id, std::move(e));
    return std::string(label) + (mine.empty() ? "" : " (your " + std::to_string(mine.size()) + " earlier marks replaced)");
}

std::string exportVote(AnnotationSession& a, CaseActions& actions, const CaseViewer& v, const core::SlideInfo& info,
                       const std::string& path) {
    const SlideMarks* m = a.marks(v.record.id);
    auto chosen = chosenVote(a, m, info);
    if (!chosen) return chosen.error();
    // The current reader's marks settle the cells: after "Vote as", their figures, look-alikes and
    // uncertain points are the vote as adjudicated.
    core::Adjudication mine{a.reader, {}};
    m->layer.forEach([&](core::MarkKey, const core::Annotation& x) {
        if (x.reader == a.reader) mine.marks.push_back(x);
    });
    auto cells = core::consensusCells(chosen->vote, chosen->voters, core::kMitoticFigure, mine.marks.empty() ? nullptr : &mine,
                                      *info.mpp.x, *info.mpp.y, a.consensus.radiusUm);
    if (!cells) return "No consensus: " + cells.error();
    const std::string writer = mine.marks.empty() ? "consensus" : a.reader;
    actions.exportConsensus(v.record.id, path, core::cellMarks(cells->cells, v.record.id, writer), core::cellLabels(cells->cells));
    char label[200];
    std::snprintf(label, sizeof label, "Writing %zu cells of %zu readers (%d left uncertain)%s", cells->cells.size(), chosen->voters.size(),
                  cells->unsettled, mine.marks.empty() ? "" : ", as your marks settle them");
    return label;
}

void MarksUi::voteSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions, const std::set<std::string>& readers) {
    AnnotationSession& a = s.annotations;
    ConsensusState& c = a.consensus;
    if (readers.size() < 2) return;  // a vote needs two others
    ImGui::Separator();
    ImGui::TextUnformatted("Vote several readers into your marks");
    for (const std::string& r : readers) {
        bool on = c.voters.count(r) > 0;
        if (ImGui::Checkbox(r.empty() ? "(unnamed)##voter" : r.c_str(), &on)) on ? void(c.voters.insert(r)) : void(c.voters.erase(r));
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputInt("votes needed (0: most)", &c.minVotes);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("How many of the chosen readers must have marked a cell; 0: more than half");
    c.minVotes = std::max(0, c.minVotes);
    ImGui::BeginDisabled(c.voters.size() < 2 || a.blind);
    if (ImGui::Button(("Vote as " + (a.reader.empty() ? std::string("(unnamed)") : a.reader)).c_str()))
        c.voteMessage = voteConsensus(a, actions, v, view.document()->info());
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Replace your marks on this slide by the chosen readers' consensus: the figures, and the disputed cells as "
                          "\"uncertain\" to settle below (undoable)");
    ImGui::SameLine();
    ImGui::BeginDisabled(c.voters.size() < 2 || a.blind);
    if (ImGui::Button("Export the vote")) {
        const std::filesystem::path slide(v.record.path);
        c.voteMessage = exportVote(a, actions, v, view.document()->info(),
                                   (slide.parent_path() / (slide.stem().string() + "-consensus.sqlite")).string());
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Beside the slide, as <slide>-consensus.sqlite: a SlideRunner database as MIDOG's, one spot per cell with "
                          "every chosen reader's label and the outcome as its agreed class; your own marks (after Vote as) settle "
                          "the disputed cells");
    if (!c.voteMessage.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", c.voteMessage.c_str());
        ImGui::PopTextWrapPos();
    }
}

void MarksUi::uncertainSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    SlideMarks* m = a.marks(v.record.id);
    if (!m || m->load != SlideMarks::Load::Ready) return;
    if (m_uncertainSlide != v.record.id || m_uncertainVersion != m->version || m_uncertainOf != a.reader) {
        m_uncertainSlide = v.record.id, m_uncertainVersion = m->version, m_uncertainOf = a.reader;
        m_uncertain = uncertainMarks(*m, a.reader);
    }
    if (m_uncertain.empty()) return;
    char title[64];
    std::snprintf(title, sizeof title, "Uncertain marks (%zu)###uncertain", m_uncertain.size());
    if (!ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Cells left to settle (a consensus's disputed ones): look, then call each a figure or a look-alike");
    ImGui::PopTextWrapPos();
    MarkEditor editor(a, actions);
    ImGui::BeginChild("##uncertain", ImVec2(0, std::min(160.0f, 26.0f * float(m_uncertain.size()) + 8)), true);
    // A copy: a relabel changes the marks (and this list) under the loop.
    const auto rows = m_uncertain;
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto& [key, p] = rows[i];
        ImGui::PushID(int(i));
        ImGui::Text("%.0f, %.0f", p.x, p.y);
        ImGui::SameLine();
        if (ImGui::SmallButton("go")) view.centerOn(p);
        for (const char* cls : {core::kMitoticFigure, core::kLookAlike}) {
            ImGui::SameLine();
            if (ImGui::SmallButton(cls == core::kMitoticFigure ? "figure" : "look-alike")) {
                m->selection = {key};
                editor.relabelSelection(v.record.id, cls);
                m->selection.clear();
            }
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace histomark::ui
