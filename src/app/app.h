// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "analysis/mitosis_model.h"
#include "app/case_controller.h"
#include "app/scripted_input.h"
#include "platform/main_thread_queue.h"
#include "platform/worker_pool.h"
#include "render/framebuffer.h"
#include "render/gpu_tile_cache.h"
#include "render/tile_renderer.h"
#include "slide/tile_cache.h"
#include "slide/tile_loader.h"
#include "storage/settings_store.h"
#include "ui/app_ui.h"

struct GLFWwindow;

namespace histomark::app {

struct AppOptions {
    int width = 1600, height = 1000;
    bool offscreen = false;  // hidden window, frames drawn into an offscreen target (screenshots)
    int tileWorkers = platform::WorkerPool::defaultThreadCount();
    size_t memoryBudgetMiB = 512;  // CPU + GPU tile caches share this
    std::filesystem::path settingsFile;  // empty = do not remember anything (tests)
    // The candidate mitosis classifier (a train-mitosis file, `--mitosis-model`); null: the built-in one.
    std::shared_ptr<const analysis::MitosisModel> mitosisModel;
    std::string mitosisModelName;  // shown with the candidates
};

// The composition root of the windowed program: owns the window, GL/ImGui, the tile pipeline
// (CPU cache, loader, GPU cache, renderer), the I/O worker pool, the main-thread queue, the
// settings and the workspace. Implements the UI's requests. Main thread only.
class App final : public ui::UiActions {
public:
    explicit App(AppOptions options);
    ~App() override;

    core::Status init();  // window, GL context, ImGui; a clear message when there is no display
    int run();            // interactive loop until the window closes
    void frame();         // one frame: events, results, UI, draw

    // True when nothing is loading: no opens, no queued tiles, every view fully drawn.
    bool idle() const;
    bool shouldClose() const;
    core::RgbaImage capture() const;  // pixels of the last frame (offscreen mode)

    ui::Workspace& workspace() { return m_ws; }
    CaseController& cases() { return *m_cases; }
    ui::AppUi& ui() { return *m_ui; }
    ScriptedInput& scriptedInput() { return m_input; }
    const slide::TileLoader& loader() const { return *m_loader; }

    // Files dropped on the window (GLFW's drop callback), one tab each.
    void openDropped(const std::vector<std::string>& paths);

    // ui::UiActions
    void openSlide(const std::string& path) override;
    void closeSlide(core::SlideId id) override;
    void setMppOverride(core::SlideId id, std::optional<storage::MppOverride> mpp) override;
    std::vector<std::string> recentFiles() const override;
    void listDirectory(const std::string& dir, std::function<void(ui::DirectoryListing)> done) override;
    void requestQuit() override;

    // A slide of the open case: its own view (not a tab), with the case's scale and saved view.
    core::SlideId openCaseView(const core::CaseSlideRecord& record);

private:
    void startLoading(core::SlideId id, const std::string& path, std::optional<storage::MppOverride> mpp);
    void uploadTiles();
    void applyInput();
    ui::PipelineStatus pipelineStatus() const;
    void saveSettings();

    AppOptions m_opts;
    GLFWwindow* m_window = nullptr;
    bool m_imguiReady = false;
    platform::MainThreadQueue m_mainQueue;
    std::unique_ptr<platform::WorkerPool> m_io;    // opens, closes, folder listings, settings
    std::unique_ptr<platform::WorkerPool> m_jobs;  // analysis (alignment), apart from opens
    std::unique_ptr<slide::TileCache> m_cpuCache;
    std::unique_ptr<slide::TileLoader> m_loader;
    std::unique_ptr<render::GpuTileCache> m_gpuCache;
    std::unique_ptr<render::TileRenderer> m_renderer;
    std::unique_ptr<render::Framebuffer> m_screen;  // offscreen mode target
    std::shared_ptr<storage::SettingsStore> m_settings;
    std::unique_ptr<ui::AppUi> m_ui;
    ui::Workspace m_ws;
    std::unique_ptr<CaseController> m_cases;
    ScriptedInput m_input;
    core::SlideId m_nextId = 1;
    int m_opening = 0;
    // Per slide being opened: set to stop its overview read (tab closed, program quitting).
    std::map<core::SlideId, std::shared_ptr<std::atomic<bool>>> m_openCancel;
};

}  // namespace histomark::app
