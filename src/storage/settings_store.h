// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/slide_info.h"

namespace histomark::storage {

// A scale the user set or calibrated for one slide.
struct MppOverride {
    double x = 0, y = 0;
    core::MppSource source = core::MppSource::User;
};

// User settings that outlive a session: recent files and per-slide scale overrides, in one JSON
// file (settings.json in the config folder). Thread-safe; call load/save off the UI thread.
// Saving writes a temporary file and renames it, so a crash never leaves a half-written file. A
// file that cannot be parsed is kept aside as settings.json.corrupt and never overwritten.
class SettingsStore {
public:
    static constexpr size_t kMaxRecent = 12;

    explicit SettingsStore(std::filesystem::path file);

    core::Status load();  // missing file = empty settings, not an error
    core::Status save() const;

    void addRecent(const std::string& path);  // moves to the front; keeps kMaxRecent
    void removeRecent(const std::string& path);
    std::vector<std::string> recent() const;

    // Which reader opens slides ("auto", "fast", "openslide"; "" = not set): slide::openSlide's
    // default unless the command line or HISTOMARK_BACKEND chose one. Kept as text: storage does
    // not know the slide layer.
    std::string slideBackend() const;
    void setSlideBackend(const std::string& name);

    // The candidate mitosis classifier the window uses (a train-mitosis file; "" = the built-in one).
    std::string mitosisModel() const;
    void setMitosisModel(const std::string& path);

    // Keyed by a slide fingerprint (see fingerprintOf), so a moved file keeps its scale.
    std::optional<MppOverride> mppOverride(const std::string& fingerprint) const;
    void setMppOverride(const std::string& fingerprint, const MppOverride& value, const std::string& path);
    void clearMppOverride(const std::string& fingerprint);

    const std::filesystem::path& file() const { return m_file; }

private:
    std::filesystem::path m_file;
    mutable std::mutex m_mutex;
    std::vector<std::string> m_recent;
    std::string m_slideBackend;
    std::string m_mitosisModel;
    struct SlideEntry {
        std::string fingerprint, path;
        MppOverride mpp;
    };
    std::vector<SlideEntry> m_slides;
};

// Identifies slide content independent of its path: OpenSlide's quickhash-1 when available,
// else file name + size.
std::string fingerprintOf(const core::SlideInfo& info);

}  // namespace histomark::storage
