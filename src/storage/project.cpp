// SPDX-License-Identifier: MIT
#include "storage/project.h"

#include <unistd.h>

namespace histomark::storage {
namespace {

struct Nothing {};

}  // namespace

core::Result<std::unique_ptr<Project>> Project::start(const std::filesystem::path& file, bool create, bool readOnly) {
    Database* connection = nullptr;  // written on the storage thread before start() returns
    auto thread = StorageThread::start([&]() -> core::Result<std::unique_ptr<Database>> {
        auto db = readOnly ? Database::openReadOnly(file) : Database::open(file, create);
        if (db) connection = db->get();
        return db;
    });
    if (!thread) return core::Error{thread.error()};
    std::unique_ptr<Project> p(new Project(file, std::move(thread.value())));
    p->m_current = connection;
    p->m_readOnly = readOnly;
    return p;
}

core::Result<std::unique_ptr<Project>> Project::open(const std::filesystem::path& file, bool create) {
    return start(file, create, false);
}

core::Result<std::unique_ptr<Project>> Project::openForReading(const std::filesystem::path& file) {
    // access() also says no on a read-only file system; as root it says yes, as SQLite would.
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    const bool writable = ::access(file.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK) == 0;
    const bool present = ::access(file.c_str(), F_OK) == 0;
    return start(file, false, present && !writable);
}

Project::~Project() = default;

void Project::transact(std::function<core::Status(Repositories&)> work, std::function<void(core::Status)> done) {
    transact<Nothing>(
        [work = std::move(work)](Repositories& repos) -> core::Result<Nothing> {
            const core::Status s = work(repos);
            if (!s) return core::Error{s.error()};
            return Nothing{};
        },
        [done = std::move(done)](core::Result<Nothing> r) {
            if (done) done(r ? core::Status() : core::Status::failure(r.error()));
        });
}

core::Status Project::call(std::function<core::Status(Repositories&)> work) {
    auto r = call<Nothing>([work = std::move(work)](Repositories& repos) -> core::Result<Nothing> {
        const core::Status s = work(repos);
        if (!s) return core::Error{s.error()};
        return Nothing{};
    });
    return r ? core::Status() : core::Status::failure(r.error());
}

}  // namespace histomark::storage
