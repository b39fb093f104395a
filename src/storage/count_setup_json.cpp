// SPDX-License-Identifier: MIT
#include "storage/count_setup_json.h"

#include <nlohmann/json.hpp>

namespace histomark::storage {
namespace {

using nlohmann::json;

const char* stateName(core::FieldState s) {
    switch (s) {
        case core::FieldState::Counted: return "counted";
        case core::FieldState::Off: return "off";
        case core::FieldState::Excluded: return "excluded";
    }
    return "counted";
}

core::FieldState parseState(const std::string& s) {
    if (s == "off") return core::FieldState::Off;
    if (s == "excluded") return core::FieldState::Excluded;
    return core::FieldState::Counted;
}

json pointsJson(const std::vector<core::Level0Point>& pts) {
    json a = json::array();
    for (const auto& p : pts) a.push_back({p.x, p.y});
    return a;
}

}  // namespace

std::string countSetupToJson(const core::CountSetup& s) {
    json j = {{"version", 1},
              {"preset", s.presetId},
              {"custom_field_number", s.customFieldNumber},
              {"custom_objective", s.customObjective},
              {"custom_area_mm2", s.customAreaMm2},
              {"custom_shape", s.customShape == core::FieldShape::Circle ? "circle" : "rect4x3"},
              {"placed", s.placed},
              {"differentiation", s.differentiation ? json(*s.differentiation) : json(nullptr)},
              {"necrosis", s.necrosis ? json(*s.necrosis) : json(nullptr)}};
    const core::CountArea& a = s.area;
    if (a.kind == core::CountArea::Kind::Fields) {
        json states = json::array(), reasons = json::array();
        for (auto st : a.grid.states) states.push_back(stateName(st));
        for (const auto& r : a.grid.exclusionReasons) reasons.push_back(r);
        j["area"] = {{"kind", "fields"},
                     {"origin", {a.grid.origin.x, a.grid.origin.y}},
                     {"columns", a.grid.columns},
                     {"rows", a.grid.rows},
                     {"states", states},
                     {"exclusion_reasons", reasons}};
    } else {
        j["area"] = {{"kind", "region"}, {"shape", core::shapeKindName(a.region.kind)}, {"points", pointsJson(a.region.points)}};
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

core::Result<core::CountSetup> countSetupFromJson(const std::string& text) {
    try {
        const json j = json::parse(text);
        if (!j.is_object()) return core::Error{"count settings are not a JSON object"};
        core::CountSetup s;
        s.presetId = j.value("preset", s.presetId);
        s.customFieldNumber = j.value("custom_field_number", s.customFieldNumber);
        s.customObjective = j.value("custom_objective", s.customObjective);
        s.customAreaMm2 = j.value("custom_area_mm2", s.customAreaMm2);
        s.customShape = j.value("custom_shape", std::string("circle")) == "circle" ? core::FieldShape::Circle : core::FieldShape::Rect4x3;
        s.placed = j.value("placed", false);
        if (j.contains("differentiation") && j["differentiation"].is_number_integer()) s.differentiation = j["differentiation"].get<int>();
        if (j.contains("necrosis") && j["necrosis"].is_number_integer()) s.necrosis = j["necrosis"].get<int>();
        if (j.contains("area")) {
            const json& a = j.at("area");
            if (a.value("kind", std::string("fields")) == "region") {
                s.area.kind = core::CountArea::Kind::Region;
                auto kind = core::parseShapeKind(a.at("shape").get<std::string>());
                if (!kind) return core::Error{"count settings: unknown region shape"};
                s.area.region.kind = *kind;
                for (const auto& p : a.at("points")) s.area.region.points.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
                if (auto problem = core::geometryProblem(s.area.region)) return core::Error{"count settings: region: " + *problem};
            } else {
                core::FieldGrid& g = s.area.grid;
                g.origin = {a.at("origin").at(0).get<double>(), a.at("origin").at(1).get<double>()};
                g.columns = a.at("columns").get<int>();
                g.rows = a.at("rows").get<int>();
                if (g.columns < 1 || g.rows < 1 || g.columns * g.rows > 100)
                    return core::Error{"count settings: a field grid has 1 to 100 fields"};
                g.states.clear();
                for (const auto& st : a.at("states")) g.states.push_back(parseState(st.get<std::string>()));
                g.states.resize(size_t(g.columns * g.rows), core::FieldState::Counted);
                if (a.contains("exclusion_reasons"))
                    for (const auto& r : a.at("exclusion_reasons")) g.exclusionReasons.push_back(r.get<std::string>());
            }
        }
        return s;
    } catch (const std::exception& e) {
        return core::Error{std::string("count settings cannot be read: ") + e.what()};
    }
}

}  // namespace histomark::storage
