// SPDX-License-Identifier: MIT
#include "platform/worker_pool.h"

#include <algorithm>
#include <exception>

#include "platform/log.h"

namespace histomark::platform {

WorkerPool::WorkerPool(int threads, std::string name) : m_name(std::move(name)) {
    for (int i = 0; i < threads; ++i) m_threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_tasks.clear();
    }
    m_cv.notify_all();
    for (auto& t : m_threads) t.join();
}

void WorkerPool::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stop) return;
        m_tasks.push_back(std::move(task));
    }
    m_cv.notify_one();
}

size_t WorkerPool::queued() const {
    std::lock_guard lock(m_mutex);
    return m_tasks.size();
}

size_t WorkerPool::drain() {
    size_t n = 0;
    for (;;) {
        std::function<void()> task;
        {
            std::lock_guard lock(m_mutex);
            if (m_tasks.empty()) return n;
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        task();
        ++n;
    }
}

void WorkerPool::run() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stop || !m_tasks.empty(); });
            if (m_stop) return;
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        try {
            task();
        } catch (const std::exception& e) {
            log::error(m_name + ": task failed: " + e.what());
        } catch (...) {
            log::error(m_name + ": task failed with an unknown exception");
        }
    }
}

int WorkerPool::defaultThreadCount() {
    const int cores = int(std::thread::hardware_concurrency());
    return std::clamp(cores - 1, 2, 4);  // 2 even on a 2-core machine: reads block on I/O at times
}

}  // namespace histomark::platform
