// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "core/stain.h"

using namespace histomark::core;

TEST(Stain, SpellingsMeetAtTheCanonicalName) {
    EXPECT_EQ(canonicalStain("he"), "H&E");
    EXPECT_EQ(canonicalStain(" H&E "), "H&E");
    EXPECT_EQ(canonicalStain("HE"), "H&E");
    EXPECT_EQ(canonicalStain("ki67"), "Ki-67");
    EXPECT_EQ(canonicalStain("KI-67"), "Ki-67");
    EXPECT_EQ(canonicalStain("MIB-1"), "Ki-67");
    EXPECT_EQ(canonicalStain("cd117"), "CD117");
    EXPECT_EQ(canonicalStain("c-kit"), "CD117");
    EXPECT_EQ(canonicalStain("Desmin"), "desmin");
    EXPECT_EQ(canonicalStain("AE1/AE3"), "pancytokeratin");
    EXPECT_EQ(canonicalStain("h-caldesmon"), "h-caldesmon");
    EXPECT_EQ(canonicalStain("s100"), "S100");
}

TEST(Stain, UnknownMarkersAreKeptAsTyped) {
    EXPECT_EQ(canonicalStain("  MUC4 "), "MUC4");
    EXPECT_EQ(findStain("MUC4"), nullptr);
    EXPECT_EQ(canonicalStain(""), "");
    EXPECT_EQ(canonicalStain("   "), "");
}

TEST(Stain, CatalogueStartsWithHAndEAndHoldsTheSarcomaPanel) {
    const auto& c = stainCatalogue();
    ASSERT_FALSE(c.empty());
    EXPECT_TRUE(isHematoxylinEosin(c.front().name));
    for (const char* name : {"desmin", "SMA", "h-caldesmon", "CD117", "DOG1", "CD34", "S100", "SOX10", "pancytokeratin",
                             "Ki-67", "STAT6"})
        EXPECT_NE(findStain(name), nullptr) << name;
    EXPECT_TRUE(findStain("Ki-67")->nuclear);
    EXPECT_FALSE(findStain("desmin")->nuclear);
}
