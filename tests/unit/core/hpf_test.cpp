// SPDX-License-Identifier: MIT
#include "core/hpf.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace histomark::core;

namespace {
HpfPreset preset(const std::string& id) {
    auto p = findHpfPreset(id);
    EXPECT_TRUE(p.has_value()) << id;
    return p.value_or(HpfPreset{});
}
}  // namespace

TEST(Hpf, BuiltInPresetAreas) {
    const HpfPreset fnclcc = preset("fnclcc");
    EXPECT_DOUBLE_EQ(fnclcc.fieldAreaMm2, 0.1734);
    EXPECT_DOUBLE_EQ(fnclcc.referenceAreaMm2, 1.734);
    EXPECT_EQ(fnclcc.shape, FieldShape::Circle);
    EXPECT_FALSE(fnclcc.oneRectangle);
    EXPECT_NE(fnclcc.figureLabel.find("FNCLCC"), std::string::npos) << fnclcc.figureLabel;
    EXPECT_NE(fnclcc.figureLabel.find("0.1734"), std::string::npos) << fnclcc.figureLabel;

    const HpfPreset fn22 = preset("fn22-40x");
    EXPECT_NEAR(fn22.fieldAreaMm2, 0.2376, 0.00005);
    EXPECT_NEAR(fn22.referenceAreaMm2, 2.376, 0.0005);
    EXPECT_EQ(fn22.shape, FieldShape::Circle);

    const HpfPreset midog = preset("midog-2.37");
    EXPECT_DOUBLE_EQ(midog.referenceAreaMm2, 2.37);
    EXPECT_DOUBLE_EQ(midog.fieldAreaMm2, 0.237);
    EXPECT_EQ(midog.shape, FieldShape::Rect4x3);
    EXPECT_TRUE(midog.oneRectangle);

    EXPECT_NEAR(preset("fn20-40x").fieldAreaMm2, 0.196, 0.0005);

    const HpfPreset per2 = preset("per-2mm2"), per5 = preset("per-5mm2");
    EXPECT_DOUBLE_EQ(per2.referenceAreaMm2, 2);
    EXPECT_DOUBLE_EQ(per2.fieldAreaMm2, 0.2);
    EXPECT_EQ(per2.shape, FieldShape::Rect4x3);
    EXPECT_EQ(per2.figureLabel, "per 2 mm\xC2\xB2");
    EXPECT_DOUBLE_EQ(per5.referenceAreaMm2, 5);
    EXPECT_DOUBLE_EQ(per5.fieldAreaMm2, 0.5);
    EXPECT_EQ(per5.figureLabel, "per 5 mm\xC2\xB2");

    EXPECT_FALSE(findHpfPreset("no-such-preset").has_value());
    EXPECT_EQ(hpfPresets().size(), 6u);
}

TEST(Hpf, FieldNumberTableFromDomain) {
    // DOMAIN §9.2: FN at 40x -> 1 HPF mm².
    const std::pair<double, double> table[] = {{18, 0.159}, {20, 0.196}, {22, 0.238}, {25, 0.307}, {26.5, 0.345}};
    for (auto [fn, area] : table) {
        auto p = presetFromFieldNumber(fn, 40, FieldShape::Circle);
        ASSERT_TRUE(p.ok()) << p.error();
        EXPECT_NEAR(p->fieldAreaMm2, area, 0.0005) << "FN " << fn;
        EXPECT_NEAR(p->referenceAreaMm2, 10 * p->fieldAreaMm2, 1e-12);
        EXPECT_EQ(p->id, "custom-fn");
    }
    auto p = presetFromFieldNumber(22, 40, FieldShape::Circle);
    EXPECT_NE(p->label.find("FN 22"), std::string::npos) << p->label;
    EXPECT_NE(p->label.find("40x"), std::string::npos) << p->label;
}

TEST(Hpf, CustomValuesAreChecked) {
    EXPECT_FALSE(presetFromFieldNumber(0, 40, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromFieldNumber(-22, 40, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromFieldNumber(220, 40, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromFieldNumber(NAN, 40, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromFieldNumber(22, 0, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromFieldNumber(22, 400, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromFieldNumber(22, INFINITY, FieldShape::Circle).ok());
    auto bad = presetFromFieldNumber(22, 400, FieldShape::Circle);
    EXPECT_NE(bad.error().find("objective"), std::string::npos) << bad.error();

    auto a = presetFromArea(0.3, FieldShape::Rect4x3);
    ASSERT_TRUE(a.ok()) << a.error();
    EXPECT_EQ(a->id, "custom-area");
    EXPECT_DOUBLE_EQ(a->fieldAreaMm2, 0.3);
    EXPECT_DOUBLE_EQ(a->referenceAreaMm2, 3);
    EXPECT_EQ(a->shape, FieldShape::Rect4x3);
    EXPECT_FALSE(presetFromArea(0, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromArea(-1, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromArea(0.0001, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromArea(50, FieldShape::Circle).ok());
    EXPECT_FALSE(presetFromArea(NAN, FieldShape::Circle).ok());
}

TEST(Hpf, MidogRectangleIs1778By1333Um) {
    const HpfPreset midog = preset("midog-2.37");
    auto um = fieldSizePx(midog, 1, 1, /*wholeTenFields=*/true);  // at 1 µm/px, px = µm
    ASSERT_TRUE(um.ok()) << um.error();
    EXPECT_NEAR(um->width, 1778, 1);
    EXPECT_NEAR(um->height, 1333, 1);
    EXPECT_NEAR(um->width / um->height, 4.0 / 3.0, 1e-12);
    EXPECT_NEAR(um->width * um->height, 2.37e6, 1e-6);

    auto px = fieldSizePx(midog, 0.25, 0.25, true);
    ASSERT_TRUE(px.ok());
    EXPECT_NEAR(px->width, 7110.6, 1);
    EXPECT_NEAR(px->height, 5332.9, 1);

    // One field: 0.237 mm² -> 562 × 422 µm (SlideRunner).
    auto one = fieldSizePx(midog, 1, 1);
    EXPECT_NEAR(one->width, 562, 1);
    EXPECT_NEAR(one->height, 422, 1);
}

TEST(Hpf, CircleFieldIsItsDiameter) {
    auto fn22 = fieldSizePx(preset("fn22-40x"), 0.25, 0.25);
    ASSERT_TRUE(fn22.ok());
    EXPECT_NEAR(fn22->width, 550 / 0.25, 1e-6);  // 22 / 40 mm = 550 µm
    EXPECT_NEAR(fn22->height, 550 / 0.25, 1e-6);
    auto fnclcc = fieldSizePx(preset("fnclcc"), 0.5, 0.5);
    const double diameterUm = 2 * std::sqrt(0.1734 / std::numbers::pi) * 1000;  // ~469.9 µm
    EXPECT_NEAR(fnclcc->width, diameterUm / 0.5, 1e-9);
    EXPECT_NEAR(diameterUm, 469.9, 0.1);
}

TEST(Hpf, AnisotropicScaleSizesEachAxis) {
    auto s = fieldSizePx(preset("fn22-40x"), 0.25, 0.5);
    ASSERT_TRUE(s.ok());
    EXPECT_NEAR(s->width, 2200, 1e-6);
    EXPECT_NEAR(s->height, 1100, 1e-6);
    auto r = fieldSizePx(preset("per-2mm2"), 0.2, 0.4);
    const double wUm = std::sqrt(0.2 * 4 / 3) * 1000, hUm = std::sqrt(0.2 * 3 / 4) * 1000;
    EXPECT_NEAR(r->width, wUm / 0.2, 1e-6);
    EXPECT_NEAR(r->height, hUm / 0.4, 1e-6);
}

TEST(Hpf, UnknownScaleIsRefused) {
    for (auto [x, y] : {std::pair{0.0, 0.25}, {0.25, 0.0}, {-0.25, -0.25}, {NAN, 0.25}, {0.25, INFINITY}}) {
        auto s = fieldSizePx(preset("fnclcc"), x, y);
        ASSERT_FALSE(s.ok());
        EXPECT_NE(s.error().find("scale"), std::string::npos) << s.error();
        EXPECT_NE(s.error().find("unknown"), std::string::npos) << s.error();
    }
}

TEST(Hpf, Normalisation) {
    const HpfPreset fnclcc = preset("fnclcc");
    EXPECT_DOUBLE_EQ(perReferenceArea(7, 1.734, fnclcc), 7);
    EXPECT_DOUBLE_EQ(perReferenceArea(7, 3.468, fnclcc), 3.5);
    EXPECT_NEAR(perReferenceArea(12, 2.37583, fnclcc), 8.758, 0.001);
    EXPECT_DOUBLE_EQ(perReferenceArea(3, 0, fnclcc), 0);
    EXPECT_DOUBLE_EQ(perMm2(5, 2), 2.5);
    EXPECT_DOUBLE_EQ(perMm2(5, 0), 0);
    EXPECT_DOUBLE_EQ(perReferenceArea(9, 3, preset("per-2mm2")), 6);

    // 10 whole fields: exactly the count, where the area route can miss by a rounding step.
    for (int count = 0; count <= 40; ++count) EXPECT_EQ(perTenFields(count, 10), double(count));
    EXPECT_DOUBLE_EQ(perTenFields(7, 20), 3.5);
    EXPECT_DOUBLE_EQ(perTenFields(3, 5), 6);
    EXPECT_DOUBLE_EQ(perTenFields(3, 0), 0);
}
