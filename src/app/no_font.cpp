// SPDX-License-Identifier: MIT
// Built when fonts-dejavu-core is missing: the UI falls back to ImGui's built-in ASCII font.
#include <string_view>
namespace histomark::app::resources {
std::string_view embedded(std::string_view) { return {}; }
}  // namespace histomark::app::resources
