// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>

namespace histomark::core {

// Shared between a background job and the UI that shows it: the job publishes its progress and
// polls the cancel flag at safe points (between tiles or stages); the UI reads progress and may
// request cancellation. Lock-free, so neither side waits.
class JobControl {
public:
    void setProgress(double fraction) { m_progress.store(fraction, std::memory_order_relaxed); }
    double progress() const { return m_progress.load(std::memory_order_relaxed); }
    void cancel() { m_cancel.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancel.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_progress{0};
    std::atomic<bool> m_cancel{false};
};

}  // namespace histomark::core
