// SPDX-License-Identifier: MIT
#include "core/utf8_text.h"

namespace histomark::core {
namespace {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when there is none.
size_t sequenceLength(std::string_view text, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b = byte(i);
    if (b < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) n = 2;
    else if (b == 0xE0) n = 3, lo = 0xA0;                 // no overlong 3-byte forms
    else if (b >= 0xE1 && b <= 0xEC) n = 3;
    else if (b == 0xED) n = 3, hi = 0x9F;                 // no UTF-16 surrogates
    else if (b >= 0xEE && b <= 0xEF) n = 3;
    else if (b == 0xF0) n = 4, lo = 0x90;                 // no overlong 4-byte forms
    else if (b >= 0xF1 && b <= 0xF3) n = 4;
    else if (b == 0xF4) n = 4, hi = 0x8F;                 // nothing past U+10FFFF
    else return 0;
    if (i + n > text.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

void appendLatin1(std::string& out, unsigned char b) {
    out += char(0xC0 | (b >> 6));
    out += char(0x80 | (b & 0x3F));
}

}  // namespace

bool isValidUtf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const size_t n = sequenceLength(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string validUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (const size_t n = sequenceLength(text, i)) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            appendLatin1(out, static_cast<unsigned char>(text[i++]));
        }
    }
    return out;
}

std::string xmlSafeText(std::string_view text) {
    std::string out;
    for (char c : validUtf8(text))
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    return out;
}

}  // namespace histomark::core
