// SPDX-License-Identifier: MIT
#include "interchange/import_support.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>

#include "interchange/class_names.h"

namespace histomark::interchange::detail {

core::Annotation makeMark(core::ShapeKind kind, std::vector<core::Level0Point> points) {
    core::Annotation a;
    a.kind = kind;
    a.points = std::move(points);
    return a;
}

std::vector<core::Level0Point> boundingCorners(const std::vector<core::Level0Point>& points) {
    const core::Level0Rect b = makeMark(core::ShapeKind::Polygon, points).bounds();
    return {{b.x, b.y}, {b.right(), b.bottom()}};
}

std::vector<core::Level0Point> ellipseVertices(const core::Annotation& a, int n) {
    const core::Level0Rect b = a.bounds();
    const double cx = b.x + b.width / 2, cy = b.y + b.height / 2;
    std::vector<core::Level0Point> v;
    for (int k = 0; k < n; ++k) {
        const double t = 2 * std::numbers::pi * k / n;
        v.push_back({cx + b.width / 2 * std::cos(t), cy + b.height / 2 * std::sin(t)});
    }
    return v;
}

namespace {
uint64_t mix(uint64_t z) {  // splitmix64's finaliser: spreads FNV's weak high bits
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

std::string contentUuid(const std::string& content) {
    uint64_t a = 14695981039346656037ull, b = 0x84222325cbf29ce4ull;
    for (unsigned char c : content) a = (a ^ c) * 1099511628211ull, b = (b ^ c) * 0x100000001b3ull + 1;
    a = mix(a), b = mix(b ^ a);
    unsigned char bytes[16];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(a >> (8 * i)), bytes[8 + i] = static_cast<unsigned char>(b >> (8 * i));
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x80);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
    std::string id;
    char hex[3];
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
        std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
        id += hex;
    }
    return id;
}

std::string ImportBuilder::useClass(const std::string& raw, std::optional<uint32_t> rgb) {
    std::string name = canonicalClassName(raw);
    auto [it, inserted] = m_colours.try_emplace(name, rgb);
    if (inserted) m_classOrder.push_back(name);
    else if (!it->second && rgb) it->second = rgb;
    return name;
}

void ImportBuilder::add(core::Annotation a) {
    a.id = 0;
    a.slide = 0;
    m_result.annotations.push_back(std::move(a));
}

void ImportBuilder::warn(const std::string& what, const std::string& where) {
    auto [it, inserted] = m_warnings.try_emplace(what);
    if (inserted) it->second.first = where, it->second.order = m_warnings.size();
    ++it->second.count;
}

ImportedAnnotations ImportBuilder::finish() && {
    m_result.format = m_format;
    for (const std::string& name : m_classOrder)
        m_result.classes.push_back({name, m_colours[name].value_or(defaultClassColour(name))});
    std::vector<std::pair<size_t, std::string>> lines;
    for (const auto& [what, tally] : m_warnings) {
        std::string text = what;
        const size_t plural = text.find("{s}");
        if (plural != std::string::npos && tally.count == 1) text.erase(plural, 3);
        else if (plural != std::string::npos) text.replace(plural, 3, 1, 's');
        lines.emplace_back(tally.order, std::to_string(tally.count) + " " + text + " (first: " + tally.first + ")");
    }
    std::sort(lines.begin(), lines.end());
    for (auto& [order, text] : lines) m_result.warnings.push_back(std::move(text));
    return std::move(m_result);
}

std::optional<double> parseNumber(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty() || text.size() > 64) return std::nullopt;
    std::string buffer(text);
    if (buffer.find('.') == std::string::npos && std::count(buffer.begin(), buffer.end(), ',') == 1)
        std::replace(buffer.begin(), buffer.end(), ',', '.');
    double v = 0;
    const auto [end, ec] = std::from_chars(buffer.data(), buffer.data() + buffer.size(), v);
    if (ec != std::errc() || end != buffer.data() + buffer.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<uint32_t> parseHexColour(std::string_view text) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    if (text.size() != 6) return std::nullopt;
    uint32_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

std::string hexColour(uint32_t rgb) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%06x", rgb & 0xffffffu);
    return buffer;
}

std::string formatNumber(double v) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return ec == std::errc() ? std::string(buffer, end) : "0";
}

}  // namespace histomark::interchange::detail
