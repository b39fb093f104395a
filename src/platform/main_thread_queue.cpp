// SPDX-License-Identifier: MIT
#include "platform/main_thread_queue.h"

namespace histomark::platform {

void MainThreadQueue::setWake(std::function<void()> wake) {
    std::lock_guard lock(m_mutex);
    m_wake = std::move(wake);
}

void MainThreadQueue::post(std::function<void()> fn) {
    std::function<void()> wake;
    {
        std::lock_guard lock(m_mutex);
        m_items.push_back(std::move(fn));
        wake = m_wake;
    }
    if (wake) wake();
}

size_t MainThreadQueue::run() {
    std::vector<std::function<void()>> items;
    {
        std::lock_guard lock(m_mutex);
        items.swap(m_items);
    }
    for (auto& fn : items) fn();
    return items.size();
}

bool MainThreadQueue::empty() const {
    std::lock_guard lock(m_mutex);
    return m_items.empty();
}

}  // namespace histomark::platform
