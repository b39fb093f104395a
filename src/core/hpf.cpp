// SPDX-License-Identifier: MIT
#include "core/hpf.h"

#include <cmath>
#include <cstdio>
#include <numbers>

namespace histomark::core {

namespace {

// UTF-8 for "²" and "µ", written as escapes as elsewhere in core.
constexpr const char* kSq = "\xC2\xB2";
constexpr const char* kMicro = "\xC2\xB5";

std::string format(const char* f, double a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, a);
    return buf;
}

std::string format(const char* f, double a, double b) {
    char buf[96];
    std::snprintf(buf, sizeof buf, f, a, b);
    return buf;
}

std::string mm2(double a) { return format("%.4g mm", a) + kSq; }

HpfPreset tenFieldPreset(std::string id, std::string label, double fieldMm2, FieldShape shape, std::string figure) {
    return {std::move(id), std::move(label), fieldMm2, shape, 10 * fieldMm2, false, std::move(figure)};
}

HpfPreset perAreaPreset(std::string id, double areaMm2) {
    const std::string per = "per " + format("%g mm", areaMm2) + kSq;
    // Ten 4:3 fields of a tenth of the area each, so the grid is drawn like any other.
    return {std::move(id), per, areaMm2 / 10, FieldShape::Rect4x3, areaMm2, false, per};
}

constexpr double kMinFieldNumberMm = 1, kMaxFieldNumberMm = 40;
constexpr double kMinObjective = 1, kMaxObjective = 150;
constexpr double kMinFieldMm2 = 0.001, kMaxFieldMm2 = 10;

std::optional<std::string> areaProblem(double areaMm2) {
    if (!std::isfinite(areaMm2) || areaMm2 <= 0) return "the field area must be a positive number";
    if (areaMm2 < kMinFieldMm2 || areaMm2 > kMaxFieldMm2)
        return "a field area of " + mm2(areaMm2) + " is implausible (expected " + format("%g", kMinFieldMm2) +
               " to " + format("%g mm", kMaxFieldMm2) + kSq + ")";
    return std::nullopt;
}

}  // namespace

const std::vector<HpfPreset>& hpfPresets() {
    static const std::vector<HpfPreset> presets = [] {
        const double fn22 = fieldAreaFromFieldNumberMm2(22, 40);
        const double fn20 = fieldAreaFromFieldNumberMm2(20, 40);
        std::vector<HpfPreset> p;
        p.push_back(tenFieldPreset(kFnclccPresetId, std::string("FNCLCC (") + mm2(kFnclccFieldMm2) + " per HPF)",
                                   kFnclccFieldMm2, FieldShape::Circle,
                                   std::string("per 10 HPF (FNCLCC, ") + mm2(kFnclccFieldMm2) + ")"));
        p.push_back(tenFieldPreset("fn22-40x", "FN 22 at 40x (" + mm2(fn22) + " per HPF)", fn22, FieldShape::Circle,
                                   "per 10 HPF (FN 22 at 40x, " + mm2(fn22) + ")"));
        // Meuten et al. 2016: 10 HPF = 2.37 mm², drawn as one 4:3 rectangle (1.78 × 1.33 mm).
        p.push_back({"midog-2.37", "MIDOG / veterinary (10 HPF = 2.37 mm" + std::string(kSq) + ", one 4:3 rectangle)",
                     0.237, FieldShape::Rect4x3, 2.37, true, "per 2.37 mm" + std::string(kSq) + " (10 HPF, MIDOG)"});
        p.push_back(tenFieldPreset("fn20-40x", "FN 20 at 40x (" + mm2(fn20) + " per HPF)", fn20, FieldShape::Circle,
                                   "per 10 HPF (FN 20 at 40x, " + mm2(fn20) + ")"));
        p.push_back(perAreaPreset("per-2mm2", 2));
        p.push_back(perAreaPreset("per-5mm2", 5));
        return p;
    }();
    return presets;
}

std::optional<HpfPreset> findHpfPreset(const std::string& id) {
    for (const HpfPreset& p : hpfPresets())
        if (p.id == id) return p;
    return std::nullopt;
}

double fieldAreaFromFieldNumberMm2(double fieldNumberMm, double objective) {
    const double radiusMm = fieldNumberMm / (2 * objective);
    return std::numbers::pi * radiusMm * radiusMm;
}

Result<HpfPreset> presetFromFieldNumber(double fieldNumberMm, double objective, FieldShape shape) {
    if (!std::isfinite(fieldNumberMm) || fieldNumberMm < kMinFieldNumberMm || fieldNumberMm > kMaxFieldNumberMm)
        return Result<HpfPreset>::failure("the eyepiece field number must be between " +
                                          format("%g and %g mm", kMinFieldNumberMm, kMaxFieldNumberMm));
    if (!std::isfinite(objective) || objective < kMinObjective || objective > kMaxObjective)
        return Result<HpfPreset>::failure("the objective magnification must be between " +
                                          format("%gx and %gx", kMinObjective, kMaxObjective));
    const double area = fieldAreaFromFieldNumberMm2(fieldNumberMm, objective);
    if (auto problem = areaProblem(area)) return Result<HpfPreset>::failure(*problem);
    const std::string what = format("FN %g at %gx", fieldNumberMm, objective);
    return tenFieldPreset("custom-fn", what + " (" + mm2(area) + " per HPF)", area, shape,
                          "per 10 HPF (" + what + ", " + mm2(area) + ")");
}

Result<HpfPreset> presetFromArea(double fieldAreaMm2, FieldShape shape) {
    if (auto problem = areaProblem(fieldAreaMm2)) return Result<HpfPreset>::failure(*problem);
    return tenFieldPreset("custom-area", "custom field (" + mm2(fieldAreaMm2) + " per HPF)", fieldAreaMm2, shape,
                          "per 10 HPF (custom, " + mm2(fieldAreaMm2) + ")");
}

Result<FieldSizePx> fieldSizePx(const HpfPreset& preset, double mppX, double mppY, bool wholeTenFields) {
    if (!std::isfinite(mppX) || !std::isfinite(mppY) || mppX <= 0 || mppY <= 0)
        return Result<FieldSizePx>::failure(std::string("the slide's scale (") + kMicro +
                                            "m per pixel) is unknown: set it in Slide > Set scale");
    const double areaMm2 = wholeTenFields ? preset.referenceAreaMm2 : preset.fieldAreaMm2;
    if (!std::isfinite(areaMm2) || areaMm2 <= 0) return Result<FieldSizePx>::failure("the field area is not set");
    double widthUm = 0, heightUm = 0;
    if (preset.shape == FieldShape::Circle) {
        widthUm = heightUm = 2 * std::sqrt(areaMm2 / std::numbers::pi) * 1000;
    } else {
        widthUm = std::sqrt(areaMm2 * 4 / 3) * 1000;
        heightUm = std::sqrt(areaMm2 * 3 / 4) * 1000;
    }
    return FieldSizePx{widthUm / mppX, heightUm / mppY};
}

double perReferenceArea(int count, double examinedMm2, const HpfPreset& preset) {
    if (!(examinedMm2 > 0)) return 0;
    return count / examinedMm2 * preset.referenceAreaMm2;
}

double perMm2(int count, double examinedMm2) {
    if (!(examinedMm2 > 0)) return 0;
    return count / examinedMm2;
}

double perTenFields(int count, int fields) {
    if (fields <= 0) return 0;
    return double(count) * 10 / fields;
}

}  // namespace histomark::core
