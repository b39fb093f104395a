// SPDX-License-Identifier: MIT
#include "core/utf8_text.h"

#include <gtest/gtest.h>

using namespace histomark::core;

TEST(Utf8Text, WellFormedTextIsKeptAsItIs) {
    for (const char* s : {"", "reader A", "M\xC3\xBCller", "\xC2\xB5m", "\xE2\x80\x94", "\xF0\x9F\x94\xAC"}) {
        EXPECT_TRUE(isValidUtf8(s)) << s;
        EXPECT_EQ(validUtf8(s), s);
    }
}

TEST(Utf8Text, StrayBytesAreReadAsLatin1) {
    EXPECT_FALSE(isValidUtf8("M\xFCller"));
    EXPECT_EQ(validUtf8("M\xFCller"), "M\xC3\xBCller");
    EXPECT_EQ(validUtf8("\xB5m"), "\xC2\xB5m");
    // Malformed forms: overlong, surrogate, past U+10FFFF, cut short.
    for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x80"}) {
        EXPECT_FALSE(isValidUtf8(bad)) << bad;
        EXPECT_TRUE(isValidUtf8(validUtf8(bad))) << bad;
    }
    EXPECT_EQ(validUtf8("\xE2\x80"), "\xC3\xA2\xC2\x80");
}

TEST(Utf8Text, XmlTextLosesOnlyTheControlsXmlCannotHold) {
    EXPECT_EQ(xmlSafeText("a\x01" "b\tc\nd\x1F"), "ab\tc\nd");
    EXPECT_EQ(xmlSafeText("M\xFCller"), "M\xC3\xBCller");
}
