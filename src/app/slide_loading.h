// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/result.h"
#include "storage/settings_store.h"
#include "slide/tile_cache.h"
#include "ui/slide_document.h"

namespace histomark::app {

// Everything slow about opening a slide, for a worker thread: open (backend choice), the user's
// remembered scale, the overview (the whole coarsest level), and associated images shrunk for
// display. A slide that opens but cannot be read fails here with the reader's message.
// The coarsest level's tiles go into `cache` under `slide`, read by `threads` readers.
// `cancel` (optional), set from another thread, stops the overview of a huge single-level slide;
// `progress` (optional) follows that overview's read (0..1).
core::Result<ui::OpenedSlide> loadSlide(const std::string& path, const storage::SettingsStore* settings,
                                        slide::TileCache* cache, core::SlideId slide, int threads,
                                        const std::atomic<bool>* cancel = nullptr, std::atomic<float>* progress = nullptr);

// Applies a remembered scale override to slide info (the note says it replaced the file's value).
void applyMppOverride(core::SlideInfo& info, const storage::MppOverride& mpp);

}  // namespace histomark::app
