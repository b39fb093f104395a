// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <mutex>
#include <vector>

namespace histomark::platform {

// Results of background work come back to the UI thread through this queue: workers post(),
// the UI thread calls run() once per frame. `wake` (e.g. glfwPostEmptyEvent, callable from any
// thread) is called after each post so an idle event loop notices.
class MainThreadQueue {
public:
    void setWake(std::function<void()> wake);
    void post(std::function<void()> fn);  // thread-safe
    size_t run();                         // UI thread only; returns how many ran
    bool empty() const;

private:
    mutable std::mutex m_mutex;
    std::vector<std::function<void()>> m_items;
    std::function<void()> m_wake;
};

}  // namespace histomark::platform
