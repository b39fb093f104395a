// SPDX-License-Identifier: MIT
#pragma once
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "core/result.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/storage_thread.h"

namespace histomark::storage {

// An open project file (see docs/project-format.md) and the storage thread that owns its
// connection. Every read and edit runs on that thread, in its own transaction; an edit is
// acknowledged (its `done` called, or `call` returning) only after COMMIT returned, so it is on
// disk. Thread-safe: any thread may call transact/call.
class Project {
public:
    // Opens (or, with `create`, creates) the project. Blocks: call from a worker or the CLI, never
    // the UI thread. Errors are the Database::open messages (not a project, newer, damaged, in use).
    static core::Result<std::unique_ptr<Project>> open(const std::filesystem::path& file, bool create = true);
    // For commands that only read (and the window, which says so): as open(file, false) when the
    // file and its folder can be written; otherwise a read-only connection (Database::openReadOnly)
    // instead of the refusal, so an archived or shared project can still be looked at.
    static core::Result<std::unique_ptr<Project>> openForReading(const std::filesystem::path& file);
    bool readOnly() const { return m_readOnly; }
    // Finishes queued work, closes the database and joins the thread. Never destroy a Project from
    // its own `done` callbacks (they run on the storage thread).
    ~Project();

    const std::filesystem::path& path() const { return m_path; }

    // Runs `work` on the storage thread inside ONE transaction: committed when it returns ok,
    // rolled back otherwise (an exception in `work` becomes an error result). `done` (may be
    // empty) gets the outcome on the storage thread: post it on to your own thread from there.
    template <class T>
    void transact(std::function<core::Result<T>(Repositories&)> work, std::function<void(core::Result<T>)> done) {
        m_thread->post([work = std::move(work), done = std::move(done)](Database& db) {
            core::Result<T> result = runTransaction<T>(db, work);
            if (done) done(std::move(result));
        });
    }
    void transact(std::function<core::Status(Repositories&)> work, std::function<void(core::Status)> done);

    // Blocking forms for the CLI, tests and worker threads: the same, waiting for the outcome.
    // Called on the storage thread itself (from a `done`), the work runs at once (nested inside an
    // open transaction as a savepoint).
    template <class T>
    core::Result<T> call(std::function<core::Result<T>(Repositories&)> work) {
        if (m_thread->isCurrent()) return runTransaction<T>(*m_current, work);
        std::promise<core::Result<T>> promise;
        auto future = promise.get_future();
        transact<T>(std::move(work), [&promise](core::Result<T> r) { promise.set_value(std::move(r)); });
        return future.get();
    }
    core::Status call(std::function<core::Status(Repositories&)> work);

private:
    Project(std::filesystem::path path, std::unique_ptr<StorageThread> thread)
        : m_path(std::move(path)), m_thread(std::move(thread)) {}
    static core::Result<std::unique_ptr<Project>> start(const std::filesystem::path& file, bool create, bool readOnly);

    template <class T>
    static core::Result<T> runTransaction(Database& db, const std::function<core::Result<T>(Repositories&)>& work) {
        Transaction tx(db);
        if (!tx.status()) return core::Error{tx.status().error()};
        Repositories repos(db);
        core::Result<T> result = core::Error{"no result"};
        try {
            if (!work) return core::Error{"no work given"};
            result = work(repos);
        } catch (const std::exception& e) {
            return core::Error{std::string("Unexpected failure while saving: ") + e.what()};
        } catch (...) {
            return core::Error{"Unexpected failure while saving"};
        }
        if (!result) return result;  // ~Transaction rolls back
        if (auto s = tx.commit(); !s) return core::Error{s.error()};
        return result;
    }

    std::filesystem::path m_path;
    std::unique_ptr<StorageThread> m_thread;
    Database* m_current = nullptr;  // the storage thread's connection (used only on that thread)
    bool m_readOnly = false;
};

}  // namespace histomark::storage
