// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

namespace histomark::core {

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view text);

// `text` as well-formed UTF-8: valid sequences kept, each other byte read as Latin-1, which is
// what a terminal or file in that encoding holds ("M\xFCller" becomes "Müller"). Names typed on
// the command line go through it, so the project, the window and every exported file hold UTF-8.
std::string validUtf8(std::string_view text);

// validUtf8, without the control characters XML 1.0 cannot hold (all below U+0020 but tab, line
// feed and carriage return): for attribute and element text of the XML exports.
std::string xmlSafeText(std::string_view text);

}  // namespace histomark::core
