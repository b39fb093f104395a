// SPDX-License-Identifier: MIT
// The candidate queue's own window: every candidate with a thumbnail of the slide around it, its
// score, position and decision, in score or sweep order; a click shows one, A / L / K decide.
#include <GLFW/glfw3.h>  // key codes: ImGui 1.86's GLFW backend indexes KeysDown by them
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "ui/marks_ui.h"

namespace histomark::ui {

void MarksUi::queueList(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    CandidateReview& r = s.annotations.review;
    const double mpp = view.document()->info().mpp.mean();
    int order = r.byPosition ? 1 : 0;
    ImGui::TextUnformatted("Queue");
    ImGui::SameLine();
    ImGui::RadioButton("by score", &order, 0);
    ImGui::SameLine();
    ImGui::RadioButton("by position", &order, 1);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Bands of 0.2 mm from the top, left to right then back: a sweep of the area");
    r.byPosition = order == 1;
    std::vector<int> shown;  // at or above the minimum score, in queue order
    for (int i : r.order(mpp))
        if (r.candidates[size_t(i)].score >= r.minScore) shown.push_back(i);
    if (shown.empty()) return;
    const float side = 56, rowHeight = side + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("##queue", ImVec2(0, 0), true);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::vector<int> missing, visible;
    r.rowRects.clear();
    ImGuiListClipper clipper;
    clipper.Begin(int(shown.size()), rowHeight);
    // Keep the candidate under review in sight as A / L / K move on.
    const bool scrollToCurrent = r.current != m_queueShown;
    if (scrollToCurrent && r.current >= 0)
        if (auto it = std::find(shown.begin(), shown.end(), r.current); it != shown.end())
            clipper.ForceDisplayRangeByIndices(int(it - shown.begin()), int(it - shown.begin()) + 1);
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const int i = shown[size_t(row)];
            const CandidateReview::Candidate& c = r.candidates[size_t(i)];
            visible.push_back(i);
            ImGui::PushID(i);
            if (auto px = r.thumbPixels.find(i); px != r.thumbPixels.end()) {
                r.thumbs[i].upload(px->second, true);  // the UI thread is the GL thread
                r.thumbPixels.erase(px);
            }
            const ImVec2 p0 = ImGui::GetCursorScreenPos();
            if (ImGui::Selectable("##candidate", i == r.current, 0, ImVec2(0, side))) showCandidate(s, view, i);
            if (i == r.current && scrollToCurrent) ImGui::SetScrollHereY(0.5f);
            if (ImGui::IsItemVisible())
                r.rowRects.push_back({ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                                      ImGui::GetItemRectMax().y});
            const ImVec2 t1(p0.x + side, p0.y + side);
            if (auto t = r.thumbs.find(i); t != r.thumbs.end() && t->second.valid())
                dl->AddImage(reinterpret_cast<ImTextureID>(intptr_t(t->second.id())), p0, t1);
            else
                dl->AddRectFilled(p0, t1, IM_COL32(60, 60, 60, 255)), missing.push_back(i);
            dl->AddLine(ImVec2((p0.x + t1.x) / 2, p0.y + side * 0.42f), ImVec2((p0.x + t1.x) / 2, p0.y + side * 0.58f),
                        IM_COL32(255, 255, 255, 160));  // the candidate is at the centre
            if (row == 0) r.firstThumbRect[0] = p0.x, r.firstThumbRect[1] = p0.y, r.firstThumbRect[2] = t1.x, r.firstThumbRect[3] = t1.y;
            static const char* status[] = {"", "mitotic figure", "look-alike", "skipped"};
            const ImU32 ink = c.status == CandidateReview::Status::Pending ? ImGui::GetColorU32(ImGuiCol_Text)
                                                                           : ImGui::GetColorU32(ImGuiCol_TextDisabled);
            char line[160];
            std::snprintf(line, sizeof line, "#%d  score %.3f\nat %.3f, %.3f mm\n%s", i + 1, c.score, c.at.x * mpp / 1000,
                          c.at.y * mpp / 1000, status[int(c.status)]);
            dl->AddText(ImVec2(t1.x + 8, p0.y + 2), ink, line);
            ImGui::PopID();
        }
    m_queueShown = r.current;
    // A row clicked takes the keys from the slide: A / L / K decide here as well.
    const bool focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    if (focused) m_queueFocusedFrame = ImGui::GetFrameCount();
    ImGui::EndChild();
    if (focused && r.current >= 0 && !ImGui::GetIO().WantTextInput && !ImGui::GetIO().KeyCtrl && !ImGui::GetIO().KeyAlt) {
        if (ImGui::IsKeyPressed(GLFW_KEY_A, false)) review(s, v, view, CandidateReview::Status::Accepted, actions);
        if (ImGui::IsKeyPressed(GLFW_KEY_L, false)) review(s, v, view, CandidateReview::Status::LookAlike, actions);
        if (ImGui::IsKeyPressed(GLFW_KEY_K, false)) review(s, v, view, CandidateReview::Status::Skipped, actions);
    }
    // Scrolling through a whole slide's queue must not pile up textures: beyond a few hundred, those
    // out of sight go (and are read again if scrolled back to).
    constexpr size_t kMaxThumbs = 256;
    std::sort(visible.begin(), visible.end());
    auto evict = [&](auto& map) {
        if (map.size() <= kMaxThumbs) return;
        for (auto it = map.begin(); it != map.end();)
            if (!std::binary_search(visible.begin(), visible.end(), it->first)) r.thumbsAsked.erase(it->first), it = map.erase(it);
            else ++it;
    };
    evict(r.thumbs);
    evict(r.thumbPixels);  // read for rows scrolled past before they arrived
    if (!missing.empty()) actions.loadCandidateThumbnails(v.record.id, std::move(missing));
}

}  // namespace histomark::ui
