// SPDX-License-Identifier: MIT
#include "storage/settings_store.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

namespace histomark::storage {

using nlohmann::json;

SettingsStore::SettingsStore(std::filesystem::path file) : m_file(std::move(file)) {}

namespace {

const char* sourceKey(core::MppSource s) { return s == core::MppSource::Calibrated ? "calibrated" : "user"; }

}  // namespace

core::Status SettingsStore::load() {
    std::error_code ec;
    if (!std::filesystem::exists(m_file, ec)) return {};
    std::ifstream in(m_file);
    json doc = json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        // Keep the unreadable file for the user instead of silently replacing it.
        std::filesystem::rename(m_file, m_file.string() + ".corrupt", ec);
        return core::Status::failure("Settings file " + m_file.string() +
                                     " could not be read; it was kept as settings.json.corrupt and defaults are used");
    }
    std::lock_guard lock(m_mutex);
    m_recent.clear();
    m_slides.clear();
    m_slideBackend = doc.contains("slide_backend") && doc["slide_backend"].is_string() ? doc["slide_backend"].get<std::string>() : "";
    m_mitosisModel = doc.contains("mitosis_model") && doc["mitosis_model"].is_string() ? doc["mitosis_model"].get<std::string>() : "";
    if (doc.contains("recent") && doc["recent"].is_array())
        for (const auto& r : doc["recent"])
            if (r.is_string()) m_recent.push_back(r.get<std::string>());
    if (doc.contains("slides") && doc["slides"].is_array()) {
        for (const auto& s : doc["slides"]) {
            if (!s.is_object() || !s.contains("fingerprint") || !s.contains("mpp_x") || !s.contains("mpp_y")) continue;
            SlideEntry e;
            e.fingerprint = s.value("fingerprint", "");
            e.path = s.value("path", "");
            e.mpp.x = s.value("mpp_x", 0.0);
            e.mpp.y = s.value("mpp_y", 0.0);
            e.mpp.source = s.value("source", "user") == "calibrated" ? core::MppSource::Calibrated : core::MppSource::User;
            if (e.mpp.x > 0 && e.mpp.y > 0) m_slides.push_back(e);
        }
    }
    return {};
}

core::Status SettingsStore::save() const {
    json doc;
    {
        std::lock_guard lock(m_mutex);
        doc["version"] = 1;
        doc["recent"] = m_recent;
        if (!m_slideBackend.empty()) doc["slide_backend"] = m_slideBackend;
        if (!m_mitosisModel.empty()) doc["mitosis_model"] = m_mitosisModel;
        doc["slides"] = json::array();
        for (const auto& s : m_slides)
            doc["slides"].push_back({{"fingerprint", s.fingerprint}, {"path", s.path}, {"mpp_x", s.mpp.x},
                                     {"mpp_y", s.mpp.y}, {"source", sourceKey(s.mpp.source)}});
    }
    std::error_code ec;
    std::filesystem::create_directories(m_file.parent_path(), ec);
    const std::filesystem::path tmp = m_file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        out.flush();
        if (!out) return core::Status::failure("Cannot write settings to " + tmp.string());
    }
    std::filesystem::rename(tmp, m_file, ec);
    if (ec) return core::Status::failure("Cannot replace " + m_file.string() + ": " + ec.message());
    return {};
}

void SettingsStore::addRecent(const std::string& path) {
    std::lock_guard lock(m_mutex);
    m_recent.erase(std::remove(m_recent.begin(), m_recent.end(), path), m_recent.end());
    m_recent.insert(m_recent.begin(), path);
    if (m_recent.size() > kMaxRecent) m_recent.resize(kMaxRecent);
}

void SettingsStore::removeRecent(const std::string& path) {
    std::lock_guard lock(m_mutex);
    m_recent.erase(std::remove(m_recent.begin(), m_recent.end(), path), m_recent.end());
}

std::string SettingsStore::slideBackend() const {
    std::lock_guard lock(m_mutex);
    return m_slideBackend;
}

void SettingsStore::setSlideBackend(const std::string& name) {
    std::lock_guard lock(m_mutex);
    m_slideBackend = name;
}

std::string SettingsStore::mitosisModel() const {
    std::lock_guard lock(m_mutex);
    return m_mitosisModel;
}

void SettingsStore::setMitosisModel(const std::string& path) {
    std::lock_guard lock(m_mutex);
    m_mitosisModel = path;
}

std::vector<std::string> SettingsStore::recent() const {
    std::lock_guard lock(m_mutex);
    return m_recent;
}

std::optional<MppOverride> SettingsStore::mppOverride(const std::string& fingerprint) const {
    std::lock_guard lock(m_mutex);
    for (const auto& s : m_slides)
        if (s.fingerprint == fingerprint) return s.mpp;
    return std::nullopt;
}

void SettingsStore::setMppOverride(const std::string& fingerprint, const MppOverride& value, const std::string& path) {
    std::lock_guard lock(m_mutex);
    for (auto& s : m_slides) {
        if (s.fingerprint == fingerprint) {
            s.mpp = value;
            s.path = path;
            return;
        }
    }
    m_slides.push_back({fingerprint, path, value});
}

void SettingsStore::clearMppOverride(const std::string& fingerprint) {
    std::lock_guard lock(m_mutex);
    m_slides.erase(std::remove_if(m_slides.begin(), m_slides.end(),
                                  [&](const SlideEntry& s) { return s.fingerprint == fingerprint; }),
                   m_slides.end());
}

std::string fingerprintOf(const core::SlideInfo& info) {
    auto it = info.properties.find("openslide.quickhash-1");
    if (it != info.properties.end() && !it->second.empty()) return "quickhash1:" + it->second;
    std::error_code ec;
    const auto size = std::filesystem::file_size(info.path, ec);
    return "name-size:" + std::filesystem::path(info.path).filename().string() + ":" + std::to_string(ec ? 0 : size);
}

}  // namespace histomark::storage
