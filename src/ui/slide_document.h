// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/magnification.h"
#include "core/screening.h"
#include "core/slide_source.h"
#include "core/tile_grid.h"
#include "core/tile_key.h"
#include "render/gl_texture.h"

namespace histomark::ui {

// What a worker prepares when a slide opens: everything slow (open, overview read, associated
// images, settings lookup) is done before the UI thread sees it.
struct OpenedSlide {
    std::shared_ptr<core::SlideSource> source;
    core::SlideInfo info;  // with the user's scale override applied
    std::string fingerprint;
    core::RgbaImage overview;
    core::TissueGrid tissue;  // from the overview: where guided screening steps
    std::vector<std::pair<std::string, core::RgbaImage>> associated;  // downscaled for display
    std::vector<std::string> warnings;                                // e.g. an unreadable label image
};

// One open slide as the UI sees it. Lives on the UI thread; the source inside is thread-safe and
// shared with the tile workers.
class SlideDocument {
public:
    enum class State { Opening, Ready, Failed };

    SlideDocument(core::SlideId id, std::string path);

    void applyOpened(OpenedSlide&& opened);  // UI thread: uploads textures, becomes Ready
    void applyFailure(std::string message);  // UI thread: becomes Failed with the message
    // Replaces the scale (user override, calibration, or back to the file's value).
    void setMpp(const core::Mpp& mpp);
    // Polls the source's sticky read failure into `error` (a slide that breaks after opening).
    void refreshFailure();
    // Hands the source over (to be closed off the UI thread); the document is unusable after.
    std::shared_ptr<core::SlideSource> releaseSource() { return std::move(m_source); }

    core::SlideId id() const { return m_id; }
    const std::string& path() const { return m_path; }
    const std::string& title() const { return m_title; }
    State state() const { return m_state; }
    // While opening: how much of the overview has been read (0..1; stays 0 for a slide whose
    // coarsest level is small, read in one go). Shared with the worker that opens it.
    float openProgress() const { return m_openProgress->load(); }
    const std::shared_ptr<std::atomic<float>>& openProgressSlot() const { return m_openProgress; }
    bool ready() const { return m_state == State::Ready; }
    const std::string& error() const { return m_error; }
    const std::vector<std::string>& warnings() const { return m_warnings; }
    const std::shared_ptr<core::SlideSource>& source() const { return m_source; }
    const core::SlideInfo& info() const { return m_info; }
    const core::Mpp& fileMpp() const { return m_fileMpp; }
    const core::TileGrid& grid() const { return m_grid; }
    const core::Magnification& magnification() const { return m_magnification; }
    const std::string& fingerprint() const { return m_fingerprint; }
    const render::GlTexture& overview() const { return m_overview; }
    const core::TissueGrid& tissue() const { return m_tissue; }

    struct Associated {
        std::string name;
        render::GlTexture texture;
    };
    const std::vector<Associated>& associated() const { return m_associated; }

private:
    core::SlideId m_id;
    std::string m_path, m_title;
    State m_state = State::Opening;
    std::shared_ptr<std::atomic<float>> m_openProgress = std::make_shared<std::atomic<float>>(0.0f);
    std::string m_error;
    std::vector<std::string> m_warnings;
    std::shared_ptr<core::SlideSource> m_source;
    core::SlideInfo m_info;
    core::Mpp m_fileMpp;  // what the file says, to restore after an override
    core::TileGrid m_grid;
    core::Magnification m_magnification;
    std::string m_fingerprint;
    render::GlTexture m_overview;
    core::TissueGrid m_tissue;
    std::vector<Associated> m_associated;
};

}  // namespace histomark::ui
