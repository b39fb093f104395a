// SPDX-License-Identifier: MIT
#include "app/slide_loading.h"

#include <algorithm>
#include <cstdio>

#include "core/overview_tissue.h"
#include "slide/overview_reader.h"
#include "slide/slide_opener.h"

namespace histomark::app {

void applyMppOverride(core::SlideInfo& info, const storage::MppOverride& o) {
    char note[160];
    if (info.mpp.known())
        std::snprintf(note, sizeof note, "%s by the user; the file says %.4f um/px",
                      o.source == core::MppSource::Calibrated ? "calibrated" : "set", info.mpp.mean());
    else
        std::snprintf(note, sizeof note, "%s by the user; the file has no scale",
                      o.source == core::MppSource::Calibrated ? "calibrated" : "set");
    info.mpp.x = o.x;
    info.mpp.y = o.y;
    info.mpp.source = o.source;
    info.mpp.note = note;
}

core::Result<ui::OpenedSlide> loadSlide(const std::string& path, const storage::SettingsStore* settings,
                                        slide::TileCache* cache, core::SlideId slide, int threads,
                                        const std::atomic<bool>* cancel, std::atomic<float>* progress) {
    using R = core::Result<ui::OpenedSlide>;
    auto source = slide::openSlide(path);
    if (!source) return R::failure(source.error());
    ui::OpenedSlide o;
    o.source = source.value();
    o.info = o.source->info();
    o.fingerprint = storage::fingerprintOf(o.info);
    if (settings)
        if (auto ov = settings->mppOverride(o.fingerprint)) applyMppOverride(o.info, *ov);

    auto overview = slide::readOverview(*o.source, {2048, cache, slide, threads, cancel, progress});
    if (!overview) return R::failure(overview.error());  // already names the file
    o.overview = std::move(overview.value());
    if (!o.overview.empty())
        o.tissue = core::tissueGridFromOverview(o.overview, double(o.info.width()) / o.overview.width);
    for (const auto& name : o.info.associatedImages) {
        auto img = o.source->readAssociatedImage(name);
        if (!img) {
            o.warnings.push_back(img.error());
            continue;
        }
        const int factor = std::max(1, (std::max(img->width, img->height) + 511) / 512);
        o.associated.emplace_back(name, slide::shrinkByArea(*img, factor));
    }
    return o;
}

}  // namespace histomark::app
