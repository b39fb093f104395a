// SPDX-License-Identifier: MIT
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "core/magnification.h"
#include "core/tile_grid.h"
#include "slide/slide_opener.h"
#include "slide/tiff_jpeg_source.h"

namespace histomark::app {
namespace {

// Why this reader: the fast path's or, for a slide OpenSlide reads, why the fast path did not.
std::string readerNote(const core::SlideInfo& info) {
    if (info.backend == slide::TiffJpegSource::kBackendName)
        return "fast path: tiles read with libtiff + TurboJPEG; levels, scale and properties from OpenSlide";
    if (info.backend != "openslide") return "";
    if (slide::defaultBackend() == slide::Backend::OpenSlide) return "chosen with backend \"openslide\"";
    return "fast path not used: " + slide::fastPathRefusal(info.path);
}

nlohmann::json toJson(core::SlideSource& src) {
    const core::SlideInfo& info = src.info();
    const core::TileGrid grid(info);
    const auto mag = core::Magnification::forSlide(info);
    nlohmann::json j;
    j["path"] = info.path;
    j["vendor"] = info.vendor;
    j["backend"] = info.backend;
    j["backend_choice"] = slide::backendName(slide::defaultBackend());
    j["backend_note"] = readerNote(info);
    j["width"] = info.width();
    j["height"] = info.height();
    j["level_count"] = info.levelCount();
    j["levels"] = nlohmann::json::array();
    for (int i = 0; i < info.levelCount(); ++i) {
        const auto& l = info.levels[size_t(i)];
        j["levels"].push_back({{"width", l.width}, {"height", l.height}, {"downsample", l.downsample},
                               {"tile_width", l.tileWidth}, {"tile_height", l.tileHeight},
                               {"pipeline_tile", grid.tileSize(i)}});
    }
    j["mpp_x"] = info.mpp.x ? nlohmann::json(*info.mpp.x) : nlohmann::json(nullptr);
    j["mpp_y"] = info.mpp.y ? nlohmann::json(*info.mpp.y) : nlohmann::json(nullptr);
    j["mpp_source"] = core::mppSourceName(info.mpp.source);
    j["mpp_note"] = info.mpp.note;
    j["objective_power"] = info.objectivePower ? nlohmann::json(*info.objectivePower) : nlohmann::json(nullptr);
    j["magnification_at_level0"] = mag.magnificationAt(1.0);
    j["magnification_basis"] = mag.basis() == core::Magnification::Basis::Mpp            ? "mpp"
                               : mag.basis() == core::Magnification::Basis::ObjectiveTag ? "objective-tag"
                                                                                         : "relative";
    j["associated_images"] = nlohmann::json::array();
    for (const auto& name : info.associatedImages) {
        auto img = src.readAssociatedImage(name);
        nlohmann::json a = {{"name", name}};
        if (img) a["width"] = img->width, a["height"] = img->height;
        else a["error"] = img.error();
        j["associated_images"].push_back(a);
    }
    j["properties"] = info.properties;
    j["notes"] = info.notes;
    return j;
}

void printText(const nlohmann::json& j) {
    std::printf("File:          %s\n", j["path"].get<std::string>().c_str());
    std::printf("Vendor:        %s (reader: %s)\n", j["vendor"].get<std::string>().c_str(), j["backend"].get<std::string>().c_str());
    if (!j["backend_note"].get<std::string>().empty())
        std::printf("Reader:        %s (%s)\n", j["backend"].get<std::string>().c_str(),
                    j["backend_note"].get<std::string>().c_str());
    std::printf("Dimensions:    %lld x %lld px", j["width"].get<long long>(), j["height"].get<long long>());
    if (!j["mpp_x"].is_null())
        std::printf(" (%.2f x %.2f mm)", j["width"].get<double>() * j["mpp_x"].get<double>() / 1000,
                    j["height"].get<double>() * j["mpp_y"].get<double>() / 1000);
    std::printf("\nLevels:        %d\n", j["level_count"].get<int>());
    int i = 0;
    for (const auto& l : j["levels"])
        std::printf("  %d: %lld x %lld  downsample %.4g  tile %dx%d\n", i++, l["width"].get<long long>(),
                    l["height"].get<long long>(), l["downsample"].get<double>(), l["tile_width"].get<int>(),
                    l["tile_height"].get<int>());
    if (!j["mpp_x"].is_null())
        std::printf("Microns/pixel: %.4f x %.4f (%s)\n", j["mpp_x"].get<double>(), j["mpp_y"].get<double>(),
                    j["mpp_source"].get<std::string>().c_str());
    else
        std::printf("Microns/pixel: unknown\n");
    std::printf("Scale note:    %s\n", j["mpp_note"].get<std::string>().c_str());
    if (!j["objective_power"].is_null()) std::printf("Objective tag: %gx\n", j["objective_power"].get<double>());
    else std::printf("Objective tag: none\n");
    std::printf("Full resolution shows as %.1fx (basis: %s)\n", j["magnification_at_level0"].get<double>(),
                j["magnification_basis"].get<std::string>().c_str());
    std::printf("Associated:    ");
    if (j["associated_images"].empty()) std::printf("none");
    for (const auto& a : j["associated_images"]) {
        if (a.contains("width"))
            std::printf("%s %dx%d  ", a["name"].get<std::string>().c_str(), a["width"].get<int>(), a["height"].get<int>());
        else
            std::printf("%s (unreadable)  ", a["name"].get<std::string>().c_str());
    }
    std::printf("\nProperties:    %zu (use --json to list them)\n", j["properties"].size());
    for (const auto& n : j["notes"]) std::printf("Note:          %s\n", n.get<std::string>().c_str());
}

}  // namespace

int runInfo(const std::string& slide, bool json) {
    auto src = slide::openSlide(slide);
    if (!src) {
        std::fprintf(stderr, "histomark: %s\n", src.error().c_str());
        return 1;
    }
    const nlohmann::json j = toJson(*src.value());
    if (json)
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    else
        printText(j);
    return 0;
}

}  // namespace histomark::app
