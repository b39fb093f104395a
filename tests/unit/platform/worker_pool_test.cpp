// SPDX-License-Identifier: MIT
#include "platform/main_thread_queue.h"
#include "platform/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace histomark::platform;

TEST(WorkerPool, ZeroThreadsRunsOnlyWhenDrained) {
    WorkerPool pool(0);
    int n = 0;
    pool.post([&] { ++n; });
    pool.post([&] { ++n; });
    EXPECT_EQ(n, 0);
    EXPECT_EQ(pool.drain(), 2u);
    EXPECT_EQ(n, 2);
}

TEST(WorkerPool, ThreadsRunEverythingAndSurviveExceptions) {
    std::atomic<int> n{0};
    {
        WorkerPool pool(2);
        pool.post([] { throw std::runtime_error("boom"); });
        for (int i = 0; i < 100; ++i) pool.post([&] { ++n; });
        for (int i = 0; i < 200 && n < 100; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(n.load(), 100);
}

TEST(WorkerPool, DestructionDoesNotWaitForQueuedWork) {
    std::atomic<int> started{0};
    auto t0 = std::chrono::steady_clock::now();
    {
        WorkerPool pool(1);
        for (int i = 0; i < 50; ++i)
            pool.post([&] {
                ++started;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_LT(started.load(), 50);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(900));
}

TEST(MainThreadQueue, RunsPostedWorkAndWakes) {
    MainThreadQueue q;
    std::atomic<int> wakes{0};
    q.setWake([&] { ++wakes; });
    int n = 0;
    std::thread t([&] { q.post([&] { n += 5; }); });
    t.join();
    EXPECT_EQ(wakes.load(), 1);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(q.run(), 1u);
    EXPECT_EQ(n, 5);
    EXPECT_TRUE(q.empty());
}
