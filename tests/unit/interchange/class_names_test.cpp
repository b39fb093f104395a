// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "core/annotation.h"
#include "interchange/class_names.h"

using namespace histomark;
using interchange::canonicalClassName;

TEST(ClassNames, MitosisSynonymsMapToMitoticFigure) {
    for (const char* raw : {"mitosis", "Mitosis", "  MITOSIS ", "mitotic figure", "Mitotic figure", "mitotic_figure",
                            "Mitotic  Figure", "mitoses"})
        EXPECT_EQ(canonicalClassName(raw), core::kMitoticFigure) << raw;
}

TEST(ClassNames, ImpostersMapToLookAlike) {
    for (const char* raw : {"nonmitosis", "non-mitosis", "Non-Mitosis", "not mitotic figure", "not_mitotic_figure",
                            "hard negative", "Hard_Negative", "imposter", "look-alike", "lookalike", "Look alike"})
        EXPECT_EQ(canonicalClassName(raw), core::kLookAlike) << raw;
}

TEST(ClassNames, RegionsAndNecrosis) {
    for (const char* raw : {"tumor", "Tumour", "tumour region", "Tumor Region", "tumor_region"})
        EXPECT_EQ(canonicalClassName(raw), core::kTumourRegion) << raw;
    EXPECT_EQ(canonicalClassName(" Necrosis"), core::kNecrosis);
}

TEST(ClassNames, OthersKeptAsGivenButTrimmed) {
    EXPECT_EQ(canonicalClassName("  Stroma \t"), "Stroma");
    EXPECT_EQ(canonicalClassName("Tumor: Positive"), "Tumor: Positive");  // a QuPath derived class is its own class
    EXPECT_EQ(canonicalClassName("mitosis-like"), "mitosis-like");
    EXPECT_EQ(canonicalClassName(core::kUncertain), core::kUncertain);
    EXPECT_EQ(canonicalClassName(""), interchange::kUnclassified);
    EXPECT_EQ(canonicalClassName("   "), interchange::kUnclassified);
    // The project's own names are fixed points, so our files read back unchanged.
    for (const core::AnnotationClass& c : core::defaultAnnotationClasses()) EXPECT_EQ(canonicalClassName(c.name), c.name);
}

TEST(ClassNames, DefaultColours) {
    EXPECT_EQ(interchange::defaultClassColour(core::kMitoticFigure), 0xfc7ca7u);
    EXPECT_EQ(interchange::defaultClassColour("Stroma"), interchange::defaultClassColour("Stroma"));
    EXPECT_LE(interchange::defaultClassColour("Stroma"), 0xffffffu);
}

TEST(ClassNames, SameClassWhateverTheSpellingOrCase) {
    EXPECT_TRUE(interchange::sameClassName("Tumor", "tumour region"));
    EXPECT_TRUE(interchange::sameClassName("Mitosis", "mitotic figure"));
    EXPECT_TRUE(interchange::sameClassName("Stroma", "stroma"));
    EXPECT_FALSE(interchange::sameClassName("Stroma", "Tumor"));
    EXPECT_FALSE(interchange::sameClassName("look-alike", "mitotic figure"));
}
