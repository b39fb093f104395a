// SPDX-License-Identifier: MIT
#include "app/cli_progress.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace histomark::app {
namespace {

// The job Ctrl-C stops. JobControl::cancel is a lock-free atomic store: safe in a signal handler.
std::atomic<core::JobControl*> g_interruptible{nullptr};
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<core::JobControl*>::is_always_lock_free);

extern "C" void onInterrupt(int) {
    g_interrupted.store(true);
    if (core::JobControl* job = g_interruptible.load()) job->cancel();
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process
}

}  // namespace

bool cliInterrupted() { return g_interrupted.load(); }

CliProgress::CliProgress(std::string label) : m_label(std::move(label)), m_terminal(isatty(STDERR_FILENO) == 1) {
    if (g_interrupted.load()) {
        m_job.cancel();
        return;
    }
    g_interruptible.store(&m_job);
    std::signal(SIGINT, onInterrupt);
}

CliProgress::~CliProgress() {
    if (g_interruptible.exchange(nullptr) == &m_job && !g_interrupted.load()) std::signal(SIGINT, SIG_DFL);
    clear();
}

void CliProgress::draw() {
    if (!m_terminal) return;
    const int percent = int(std::clamp(m_job.progress(), 0.0, 1.0) * 100);
    std::fprintf(stderr, "\r  %s %3d %%%s", m_label.c_str(), percent, m_job.cancelled() ? " (stopping)" : "");
    std::fflush(stderr);
    m_drawn = true;
}

void CliProgress::clear() {
    if (!m_drawn) return;
    std::fprintf(stderr, "\r%*s\r", int(m_label.size()) + 20, "");
    std::fflush(stderr);
    m_drawn = false;
}

}  // namespace histomark::app
