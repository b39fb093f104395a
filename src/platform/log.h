// SPDX-License-Identifier: MIT
#pragma once
#include <string>

// Minimal thread-safe logging to stderr. HISTOMARK_LOG=debug|info|warn|error sets the level
// (default warn, so the CLI's output stays clean).
namespace histomark::platform::log {

enum class Level { Debug, Info, Warn, Error };
void setLevel(Level level);
bool enabled(Level level);
void write(Level level, const std::string& message);
inline void debug(const std::string& m) { write(Level::Debug, m); }
inline void info(const std::string& m) { write(Level::Info, m); }
inline void warn(const std::string& m) { write(Level::Warn, m); }
inline void error(const std::string& m) { write(Level::Error, m); }

}  // namespace histomark::platform::log
