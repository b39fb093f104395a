// SPDX-License-Identifier: MIT
// The project's storage thread: transactions, acknowledgement after commit, concurrency, failures.
#include "storage/project.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "raw_sqlite.h"
#include "support/test_data.h"

using namespace histomark;
using storage::Project;
using storage::Repositories;

namespace {

core::CaseRecord caseNamed(const std::string& accession) {
    core::CaseRecord r;
    r.accession = accession;
    return r;
}

std::unique_ptr<Project> openProject(const std::filesystem::path& file) {
    auto p = Project::open(file);
    EXPECT_TRUE(p.ok()) << p.error();
    return p.ok() ? std::move(p.value()) : nullptr;
}

}  // namespace

TEST(Project, EditsPersistAcrossReopening) {
    const auto file = test::tempDir("project-persist") / "p.hmproj";
    core::CaseId id = 0;
    {
        auto project = openProject(file);
        ASSERT_TRUE(project);
        EXPECT_EQ(project->path(), file);
        auto created = project->call<core::CaseId>([](Repositories& r) { return r.cases.create(caseNamed("S26-1")); });
        ASSERT_TRUE(created.ok()) << created.error();
        id = *created;
        auto added = project->call([&](Repositories& r) -> core::Status {
            core::CaseSlideRecord s;
            s.caseId = id;
            s.path = "/slides/HE.svs";
            s.stain = "H&E";
            auto sid = r.slides.add(s);
            if (!sid) return core::Error{sid.error()};
            return r.slides.setViewState(*sid, {100, 200, 8});
        });
        ASSERT_TRUE(added.ok()) << added.error();
    }
    auto project = Project::open(file, false);
    ASSERT_TRUE(project.ok()) << project.error();
    auto detail = (*project)->call<core::CaseDetail>([&](Repositories& r) { return r.loadCase(id); });
    ASSERT_TRUE(detail.ok()) << detail.error();
    EXPECT_EQ(detail->record.accession, "S26-1");
    ASSERT_EQ(detail->slides.size(), 1u);
    EXPECT_EQ(detail->slides[0].view, (core::ViewState{100, 200, 8}));
}

TEST(Project, AFailedOrThrowingEditRollsBackEverythingItDid) {
    const auto file = test::tempDir("project-rollback") / "p.hmproj";
    auto project = openProject(file);
    ASSERT_TRUE(project);
    auto failed = project->call<core::CaseId>([](Repositories& r) -> core::Result<core::CaseId> {
        auto id = r.cases.create(caseNamed("S26-rolled-back"));
        if (!id) return id;
        return r.cases.create(caseNamed("s26-ROLLED-back"));  // duplicate: the whole edit fails
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error(), "A case with accession s26-ROLLED-back already exists");

    auto threw = project->call([](Repositories& r) -> core::Status {
        (void)r.cases.create(caseNamed("S26-threw"));
        throw std::runtime_error("disk gremlin");
    });
    ASSERT_FALSE(threw.ok());
    EXPECT_NE(threw.error().find("disk gremlin"), std::string::npos) << threw.error();

    auto list = project->call<std::vector<storage::CaseSummary>>([](Repositories& r) { return r.cases.list({}); });
    ASSERT_TRUE(list.ok()) << list.error();
    EXPECT_TRUE(list->empty());
    // The thread carries on after both.
    EXPECT_TRUE(project->call<core::CaseId>([](Repositories& r) { return r.cases.create(caseNamed("S26-ok")); }).ok());
}

TEST(Project, AnEditIsAcknowledgedOnlyOnceAnotherConnectionCanSeeIt) {
    const auto file = test::tempDir("project-ack") / "p.hmproj";
    auto project = openProject(file);
    ASSERT_TRUE(project);
    std::promise<long long> seen;
    project->transact<core::CaseId>([](Repositories& r) { return r.cases.create(caseNamed("S26-acked")); },
                                    [&](core::Result<core::CaseId> id) {
                                        test::RawSqlite other(file);  // a different connection: sees committed data only
                                        seen.set_value(id ? other.integer("SELECT count(*) FROM cases WHERE accession = 'S26-acked'") : -1);
                                    });
    EXPECT_EQ(seen.get_future().get(), 1);
}

TEST(Project, ConcurrentEditsFromTwoThreadsAllLand) {
    const auto file = test::tempDir("project-concurrent") / "p.hmproj";
    constexpr int kPerThread = 150;
    std::atomic<int> acknowledged{0}, failures{0};
    {
        auto project = openProject(file);
        ASSERT_TRUE(project);
        auto writer = [&](int t) {
            for (int i = 0; i < kPerThread; ++i) {
                const std::string accession = "T" + std::to_string(t) + "-" + std::to_string(i);
                if (i % 3 == 0) {  // a blocking call now and then, interleaved with queued work
                    auto id = project->call<core::CaseId>([=](Repositories& r) { return r.cases.create(caseNamed(accession)); });
                    ++(id ? acknowledged : failures);
                    continue;
                }
                project->transact<core::CaseId>([=](Repositories& r) { return r.cases.create(caseNamed(accession)); },
                                                [&](core::Result<core::CaseId> id) { ++(id ? acknowledged : failures); });
            }
        };
        std::thread a(writer, 0), b(writer, 1);
        a.join();
        b.join();
    }  // the destructor finishes the queue
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(acknowledged.load(), 2 * kPerThread);
    test::RawSqlite raw(file);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM cases"), 2 * kPerThread);
}

TEST(Project, CallbacksMayUseTheProjectAndMayBeEmpty) {
    const auto file = test::tempDir("project-nested") / "p.hmproj";
    auto project = openProject(file);
    ASSERT_TRUE(project);
    project->transact<core::CaseId>([](Repositories& r) { return r.cases.create(caseNamed("S26-quiet")); }, {});
    std::promise<std::string> out;
    // A `done` runs on the storage thread: a blocking call from there runs at once instead of deadlocking.
    project->transact(
        [](Repositories& r) { return r.state.set("open_case", "S26-quiet"); },
        [&](core::Status s) {
            auto v = project->call<std::optional<std::string>>([](Repositories& r) { return r.state.get("open_case"); });
            out.set_value(s && v && *v ? **v : "failed");
        });
    EXPECT_EQ(out.get_future().get(), "S26-quiet");
    // A callback that throws is contained; later work still runs.
    project->transact([](Repositories&) { return core::Status(); }, [](core::Status) { throw std::runtime_error("ui gone"); });
    EXPECT_TRUE(project->call([](Repositories& r) { return r.cases.list({}).ok() ? core::Status() : core::Status::failure("x"); }).ok());
}

TEST(Project, OpenReportsWhyAFileCannotBeUsed) {
    const auto dir = test::tempDir("project-open");
    test::writeBytes(dir / "notes.txt", "not a project\n");
    auto p = Project::open(dir / "notes.txt");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error(), (dir / "notes.txt").string() + " is not a Histomark project: file is not a database");
    auto missing = Project::open(dir / "none.hmproj", false);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error(), "No such project file: " + (dir / "none.hmproj").string());
}
