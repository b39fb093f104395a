// SPDX-License-Identifier: MIT
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/result.h"

namespace histomark::storage {

class Database;

// The one thread that owns a project's SQLite connection: the database is opened, used and closed
// on it, so no sqlite3 call ever runs on the UI thread or two threads at once. Tasks run in the
// order they were posted.
class StorageThread {
public:
    using Task = std::function<void(Database&)>;
    using Opener = std::function<core::Result<std::unique_ptr<Database>>()>;

    // Starts the thread and runs `open` on it; blocks until it returned. On failure the thread has
    // ended and its error is returned.
    static core::Result<std::unique_ptr<StorageThread>> start(Opener open);
    // Runs every task already posted, closes the database on the thread, joins it. Must not run on
    // the storage thread itself (e.g. from a task's callback).
    ~StorageThread();
    StorageThread(const StorageThread&) = delete;
    StorageThread& operator=(const StorageThread&) = delete;

    // Thread-safe. An exception escaping a task is caught and logged; the thread carries on.
    void post(Task task);
    bool isCurrent() const { return std::this_thread::get_id() == m_id; }

private:
    StorageThread() = default;
    void run(std::unique_ptr<Database> db);

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Task> m_tasks;
    bool m_stop = false;
    std::thread m_thread;
    std::thread::id m_id;
};

}  // namespace histomark::storage
