// SPDX-License-Identifier: MIT
#include "ui/slide_document.h"

#include <filesystem>

namespace histomark::ui {

SlideDocument::SlideDocument(core::SlideId id, std::string path)
    : m_id(id), m_path(std::move(path)), m_title(std::filesystem::path(m_path).filename().string()) {}

void SlideDocument::applyOpened(OpenedSlide&& o) {
    m_source = std::move(o.source);
    m_fileMpp = m_source->info().mpp;
    m_info = std::move(o.info);
    m_grid = core::TileGrid(m_info);
    m_magnification = core::Magnification::forSlide(m_info);
    m_fingerprint = std::move(o.fingerprint);
    m_warnings = std::move(o.warnings);
    if (!o.overview.empty()) m_overview.upload(o.overview);
    m_tissue = std::move(o.tissue);
    for (auto& [name, img] : o.associated) m_associated.push_back({name, render::GlTexture(img)});
    m_state = State::Ready;
}

void SlideDocument::applyFailure(std::string message) {
    m_error = std::move(message);
    m_state = State::Failed;
}

void SlideDocument::setMpp(const core::Mpp& mpp) {
    m_info.mpp = mpp;
    m_magnification = core::Magnification::forSlide(m_info);
}

void SlideDocument::refreshFailure() {
    if (m_state != State::Ready || !m_error.empty() || !m_source) return;
    m_error = m_source->failure();
}

}  // namespace histomark::ui
