// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace histomark::core {

// A high-power field as drawn on the slide: the microscope's round field, or the 4:3 rectangle
// digital viewers use (SlideRunner, MIDOG).
enum class FieldShape { Circle, Rect4x3 };

// A named HPF convention. Every normalised mitotic figure states the preset it was computed with,
// because the same count means different things on different field areas (DOMAIN §2, §9.2).
struct HpfPreset {
    std::string id;              // stable key saved with a count ("fnclcc", "fn22-40x", ...)
    std::string label;           // for the user: "FNCLCC (0.1734 mm² per HPF)"
    double fieldAreaMm2 = 0;     // one field
    FieldShape shape = FieldShape::Circle;
    double referenceAreaMm2 = 0; // the area the normalised figure refers to (10 fields)
    bool oneRectangle = false;   // the 10 fields are drawn as one 4:3 rectangle (MIDOG 2.37 mm²)
    std::string figureLabel;     // "per 10 HPF (FNCLCC, 0.1734 mm²)", "per 2 mm²"
};

inline constexpr const char* kFnclccPresetId = "fnclcc";
// The FNCLCC field: the original study's microscope (Guillou et al. 1997), and the area the
// FNCLCC mitotic score table is defined on.
inline constexpr double kFnclccFieldMm2 = 0.1734;
inline constexpr double kFnclccTenFieldsMm2 = 1.734;

// Built-in presets: "fnclcc", "fn22-40x", "midog-2.37", "fn20-40x", "per-2mm2", "per-5mm2".
const std::vector<HpfPreset>& hpfPresets();
std::optional<HpfPreset> findHpfPreset(const std::string& id);

// Area of the round field of an eyepiece of field number `fieldNumberMm` with an objective of
// magnification `objective`: π (FN / 2M)² mm². No validation.
double fieldAreaFromFieldNumberMm2(double fieldNumberMm, double objective);

// A custom preset from the eyepiece field number and objective (id "custom-fn"). Refuses
// non-finite or absurd values (FN outside 1..40 mm, objective outside 1..150x, a resulting area
// outside 0.001..10 mm²).
Result<HpfPreset> presetFromFieldNumber(double fieldNumberMm, double objective, FieldShape shape);
// A custom preset from the area of one field (id "custom-area"); area in 0.001..10 mm².
Result<HpfPreset> presetFromArea(double fieldAreaMm2, FieldShape shape);

// A field's size in level-0 px (a circle: its bounding box, the diameter both ways).
struct FieldSizePx {
    double width = 0, height = 0;
};

// Size of one field (or, with `wholeTenFields`, of the reference area drawn as one shape: the
// MIDOG 2.37 mm² rectangle) in level-0 px, from the slide's µm per pixel, which may differ in x
// and y. 4:3 rectangles are W = sqrt(A·4/3), H = sqrt(A·3/4) as in SlideRunner. Never derived
// from the objective-power tag: an error when the scale is unknown.
Result<FieldSizePx> fieldSizePx(const HpfPreset& preset, double mppX, double mppY, bool wholeTenFields = false);

// Mitoses per the preset's reference area: count / examined × referenceAreaMm2. 0 when nothing
// was examined.
double perReferenceArea(int count, double examinedMm2, const HpfPreset& preset);
// Mitoses per mm². 0 when nothing was examined.
double perMm2(int count, double examinedMm2);
// count × 10 / fields, for an examined area of exactly `fields` whole fields: exact where the
// area route would give 9.99999 (10 × 0.1734 is not 1.734 in binary). 0 when fields <= 0.
double perTenFields(int count, int fields);

}  // namespace histomark::core
