// SPDX-License-Identifier: MIT
#include "platform/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace histomark::platform::log {
namespace {

Level initialLevel() {
    const char* env = std::getenv("HISTOMARK_LOG");
    if (!env) return Level::Warn;
    if (!std::strcmp(env, "debug")) return Level::Debug;
    if (!std::strcmp(env, "info")) return Level::Info;
    if (!std::strcmp(env, "error")) return Level::Error;
    return Level::Warn;
}

std::atomic<Level>& current() {
    static std::atomic<Level> level{initialLevel()};
    return level;
}

std::mutex& outputMutex() {
    static std::mutex m;
    return m;
}

}  // namespace

void setLevel(Level level) { current() = level; }
bool enabled(Level level) { return level >= current().load(); }

void write(Level level, const std::string& message) {
    if (!enabled(level)) return;
    static const char* names[] = {"debug", "info", "warning", "error"};
    std::lock_guard lock(outputMutex());
    std::fprintf(stderr, "histomark: %s: %s\n", names[int(level)], message.c_str());
}

}  // namespace histomark::platform::log
