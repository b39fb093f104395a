// SPDX-License-Identifier: MIT
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace histomark::platform {

// A FIFO task pool. With 0 threads nothing runs until the owner calls drain() on its own thread,
// which makes code built on it deterministic in tests.
// Tasks must not throw; exceptions that escape are caught and logged so a worker never dies.
class WorkerPool {
public:
    explicit WorkerPool(int threads, std::string name = "worker");
    ~WorkerPool();  // drops queued tasks, waits for running ones
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void post(std::function<void()> task);  // thread-safe
    size_t drain();                         // runs queued tasks on the caller; returns how many
    size_t queued() const;
    int threads() const { return int(m_threads.size()); }

    // Worker count for background reads: cores - 1, within [2, 4].
    static int defaultThreadCount();

private:
    void run();
    std::string m_name;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_tasks;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

}  // namespace histomark::platform
