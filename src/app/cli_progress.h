// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>

#include "core/job_control.h"

namespace histomark::app {

// A long CLI job (a whole-slide search, a pack's slides copied) run as the window runs it, on a
// worker with a JobControl: its progress is shown on stderr while stderr is a terminal
// ("  copying the slides  45 %", redrawn in place; nothing when it is a file or pipe, so scripted
// output stays clean), and Ctrl-C asks the job to stop, as the window's Cancel does, so it cleans
// up after itself (a second Ctrl-C kills the process). One at a time per process.
class CliProgress {
public:
    explicit CliProgress(std::string label);
    ~CliProgress();
    CliProgress(const CliProgress&) = delete;
    CliProgress& operator=(const CliProgress&) = delete;

    core::JobControl* job() { return &m_job; }
    bool interrupted() const { return m_job.cancelled(); }

    // Runs work(job()) on a thread, drawing its progress until it returns; returns its result.
    template <class Work>
    auto run(Work&& work) -> std::invoke_result_t<Work, core::JobControl*> {
        std::optional<std::invoke_result_t<Work, core::JobControl*>> result;
        std::mutex mutex;
        std::condition_variable finished;
        bool done = false;
        std::thread worker([&] {
            auto r = work(&m_job);
            std::lock_guard lock(mutex);
            result.emplace(std::move(r));
            done = true;
            finished.notify_one();
        });
        {
            std::unique_lock lock(mutex);
            while (!finished.wait_for(lock, std::chrono::milliseconds(200), [&] { return done; })) draw();
        }
        worker.join();
        clear();
        return std::move(*result);
    }

private:
    void draw();
    void clear();

    std::string m_label;
    core::JobControl m_job;
    bool m_terminal = false, m_drawn = false;
};

// Whether Ctrl-C stopped a CliProgress job in this process (sticky: later jobs start cancelled).
bool cliInterrupted();

}  // namespace histomark::app
