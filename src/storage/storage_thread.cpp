// SPDX-License-Identifier: MIT
#include "storage/storage_thread.h"

#include <pthread.h>

#include <exception>
#include <future>

#include "platform/log.h"
#include "storage/database.h"

namespace histomark::storage {

core::Result<std::unique_ptr<StorageThread>> StorageThread::start(Opener open) {
    std::unique_ptr<StorageThread> t(new StorageThread());
    std::promise<core::Status> opened;
    auto openedFuture = opened.get_future();
    t->m_thread = std::thread([self = t.get(), open = std::move(open), &opened] {
        pthread_setname_np(pthread_self(), "hm-storage");
        core::Result<std::unique_ptr<Database>> db = core::Error{"the project could not be opened"};
        try {
            db = open();
        } catch (const std::exception& e) {
            db = core::Error{std::string("Cannot open the project: ") + e.what()};
        }
        if (!db) {
            opened.set_value(core::Error{db.error()});
            return;
        }
        opened.set_value({});
        self->run(std::move(db.value()));
    });
    t->m_id = t->m_thread.get_id();
    const core::Status status = openedFuture.get();
    if (!status) {
        t->m_thread.join();
        return core::Error{status.error()};
    }
    return t;
}

StorageThread::~StorageThread() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void StorageThread::post(Task task) {
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_cv.notify_one();
}

void StorageThread::run(std::unique_ptr<Database> db) {
    for (;;) {
        Task task;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stop || !m_tasks.empty(); });
            // Queued edits are finished before closing: each one was promised to the caller.
            if (m_tasks.empty()) break;
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        try {
            task(*db);
        } catch (const std::exception& e) {
            platform::log::error("storage: task failed: " + std::string(e.what()));
        } catch (...) {
            platform::log::error("storage: task failed with an unknown exception");
        }
    }
    db.reset();  // closes the connection (and checkpoints the WAL) on this thread
}

}  // namespace histomark::storage
