// SPDX-License-Identifier: MIT
#include "interchange/midog_json.h"

#include <map>
#include <nlohmann/json.hpp>

#include "interchange/import_support.h"

namespace histomark::interchange {

using nlohmann::json;

bool looksLikeMidogJson(const std::string& text) {
    // Cheap and safe: the keys of the format; the parse decides. A dataset without a single box
    // still names its categories.
    return text.find("\"images\"") != std::string::npos && text.find("\"annotations\"") != std::string::npos &&
           (text.find("\"bbox\"") != std::string::npos || text.find("\"categories\"") != std::string::npos);
}

namespace {

core::Result<json> parseDataset(const std::string& text) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) return core::Error{"malformed JSON"};
    if (!doc.is_object() || !doc.contains("images") || !doc["images"].is_array() || !doc.contains("annotations") ||
        !doc["annotations"].is_array())
        return core::Error{"not a MIDOG dataset file (an object with \"images\" and \"annotations\" arrays)"};
    return doc;
}

std::vector<DatasetImage> imagesOf(const json& doc) {
    std::vector<DatasetImage> images;
    for (const json& im : doc["images"])
        if (im.is_object() && im.contains("id") && im["id"].is_number_integer())
            images.push_back({im["id"].get<long long>(), im.contains("file_name") && im["file_name"].is_string()
                                                             ? im["file_name"].get<std::string>()
                                                             : std::string()});
    return images;
}

}  // namespace

core::Result<std::vector<DatasetImage>> midogImages(const std::string& text) {
    auto doc = parseDataset(text);
    if (!doc) return core::Error{doc.error()};
    return imagesOf(*doc);
}

core::Result<ImportedAnnotations> readMidogJson(const std::string& text, const DatasetChoice& choice) {
    auto parsed = parseDataset(text);
    if (!parsed) return core::Error{parsed.error()};
    const json& doc = *parsed;
    const std::vector<DatasetImage> images = imagesOf(doc);
    const long chosen = detail::chooseImage(images, choice);
    if (chosen < 0) return core::Error{detail::chooseImageError(images, choice)};
    const long long image = images[size_t(chosen)].id;

    std::map<long long, std::string> categories;
    if (doc.contains("categories") && doc["categories"].is_array())
        for (const json& c : doc["categories"])
            if (c.is_object() && c.contains("id") && c["id"].is_number_integer() && c.contains("name") && c["name"].is_string())
                categories[c["id"].get<long long>()] = c["name"].get<std::string>();

    detail::ImportBuilder b("MIDOG JSON");
    size_t index = 0;
    for (const json& a : doc["annotations"]) {
        const std::string where = "annotation " + std::to_string(index++);
        if (!a.is_object() || !a.contains("image_id") || !a["image_id"].is_number_integer()) {
            b.warn("annotation{s} without an image skipped", where);
            continue;
        }
        if (a["image_id"].get<long long>() != image) continue;
        const json* box = a.contains("bbox") ? &a["bbox"] : nullptr;
        bool ok = box && box->is_array() && box->size() == 4;
        double v[4] = {0, 0, 0, 0};
        for (size_t i = 0; ok && i < 4; ++i) {
            ok = (*box)[i].is_number();
            if (ok) v[i] = (*box)[i].get<double>(), ok = v[i] >= -detail::kMaxCoordinate && v[i] <= detail::kMaxCoordinate;
        }
        if (!ok || v[2] < v[0] || v[3] < v[1]) {
            b.warn("annotation{s} without a valid bbox [x_min, y_min, x_max, y_max] skipped", where);
            continue;
        }
        const long long cat = a.contains("category_id") && a["category_id"].is_number_integer() ? a["category_id"].get<long long>() : -1;
        auto name = categories.find(cat);
        if (name == categories.end()) {
            b.warn("annotation{s} with an unknown category skipped", where);
            continue;
        }
        core::Annotation m = detail::makeMark(core::ShapeKind::Point, {{(v[0] + v[2]) / 2, (v[1] + v[3]) / 2}});
        m.className = b.useClass(name->second);
        b.add(std::move(m));
    }
    return std::move(b).finish();
}

}  // namespace histomark::interchange
