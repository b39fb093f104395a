// SPDX-License-Identifier: MIT
// "Every mark is in the project database the moment it is made": a writer process (crash_writer)
// is killed with SIGKILL while it adds marks; every mark it acknowledged must be in the file.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/project.h"
#include "support/test_data.h"

using namespace histomark;
namespace fs = std::filesystem;

namespace {

struct Ack {
    core::AnnotationId id = 0;
    int64_t i = 0;  // the mark is at x = i, y = 2i
};

struct WriterRun {
    std::vector<Ack> acks;
    std::string errors;  // "error ..." lines, unparsable output, a timeout
    int waitStatus = 0;
};

// Starts crash_writer on `file`, reads its acknowledgements until it has `wanted` of them (or
// `timeout` passed), waits `delay`, kills it with SIGKILL and reads what it printed before dying.
WriterRun runAndKill(const fs::path& file, size_t wanted, std::chrono::milliseconds delay,
               std::chrono::seconds timeout = std::chrono::seconds(60)) {
    WriterRun run;
    int fds[2];
    if (pipe(fds) != 0) {
        run.errors = "pipe failed";
        return run;
    }
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);  // dup2 below gives the child a copy without it
    const std::string writer = HISTOMARK_CRASH_WRITER, path = file.string();
    char* const argv[] = {const_cast<char*>(writer.c_str()), const_cast<char*>(path.c_str()), nullptr};
    const pid_t pid = fork();
    if (pid == 0) {  // only async-signal-safe calls until execv
        dup2(fds[1], STDOUT_FILENO);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        run.errors = "fork failed";
        return run;
    }

    std::string pending;
    auto parse = [&] {  // complete lines only: a line cut by the kill was never acknowledged
        for (size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
            std::istringstream line(pending.substr(0, end));
            std::string word;
            Ack ack;
            if (line >> word && word == "ack" && line >> ack.id >> ack.i) run.acks.push_back(ack);
            else run.errors += pending.substr(0, end) + "\n";
        }
    };
    auto readSome = [&](int waitMs) {  // 1: read some, 0: nothing within waitMs, -1: the output ended
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, waitMs) <= 0) return 0;
        char buffer[4096];
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) return -1;
        pending.append(buffer, size_t(n));
        parse();
        return 1;
    };
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (run.acks.size() < wanted && run.errors.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            run.errors += "timed out after " + std::to_string(run.acks.size()) + " acknowledgements\n";
            break;
        }
        if (readSome(int(std::min<int64_t>(left.count(), 100))) < 0) break;  // the writer ended by itself
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    kill(pid, SIGKILL);
    waitpid(pid, &run.waitStatus, 0);
    // Acknowledged before the kill but not read yet: these count too.
    while (readSome(1000) > 0) {
    }
    close(fds[0]);
    return run;
}

}  // namespace

TEST(CrashSafety, EveryAcknowledgedMarkSurvivesAKilledWriter) {
    const fs::path file = test::tempDir("crash-safety") / "crash.hmproj";
    struct Round {
        size_t acks;
        std::chrono::milliseconds delay;  // between reaching `acks` and the kill: lands at other moments
    };
    const Round rounds[] = {{200, std::chrono::milliseconds(0)}, {300, std::chrono::milliseconds(3)},
                            {250, std::chrono::milliseconds(11)}};
    std::vector<Ack> acknowledged;
    for (size_t round = 0; round < std::size(rounds); ++round) {
        SCOPED_TRACE("round " + std::to_string(round + 1));
        const WriterRun run = runAndKill(file, rounds[round].acks, rounds[round].delay);
        ASSERT_TRUE(run.errors.empty()) << run.errors;
        ASSERT_TRUE(WIFSIGNALED(run.waitStatus) && WTERMSIG(run.waitStatus) == SIGKILL)
            << "the writer ended by itself (status " << run.waitStatus << ")";
        ASSERT_GE(run.acks.size(), rounds[round].acks);
        acknowledged.insert(acknowledged.end(), run.acks.begin(), run.acks.end());
        EXPECT_TRUE(fs::exists(file.string() + "-wal"));  // the kill left the last edits in the WAL

        auto project = storage::Project::open(file, false);
        ASSERT_TRUE(project.ok()) << project.error();
        auto marks = (*project)->call<std::vector<core::Annotation>>(
            [](storage::Repositories& r) -> core::Result<std::vector<core::Annotation>> {
                auto check = r.database().prepare("PRAGMA integrity_check");
                if (!check) return core::Error{check.error()};
                for (;;) {
                    auto row = check->step();
                    if (!row) return core::Error{row.error()};
                    if (!*row) break;
                    if (check->columnText(0) != "ok") return core::Error{"integrity_check: " + check->columnText(0)};
                }
                auto kase = r.cases.findByAccession("CRASH-1");
                if (!kase || !*kase) return core::Error{"case CRASH-1 is missing"};
                auto slides = r.slides.listForCase((*kase)->id);
                if (!slides || slides->size() != 1) return core::Error{"case CRASH-1 should have one slide"};
                return r.annotations.listForSlide(slides->front().id);  // decodes (and checks) every mark
            });
        ASSERT_TRUE(marks.ok()) << marks.error();

        // Edits commit in the order they were made, so what survives is marks 0..n-1 without a gap,
        // at least every acknowledged one (a mark may be committed but not yet acknowledged).
        ASSERT_GE(marks->size(), acknowledged.size());
        std::map<core::AnnotationId, const core::Annotation*> byId;
        for (size_t k = 0; k < marks->size(); ++k) {
            const core::Annotation& m = (*marks)[k];
            ASSERT_EQ(m.kind, core::ShapeKind::Point) << m.id;
            ASSERT_EQ(m.points[0].x, double(k)) << m.id;
            ASSERT_EQ(m.points[0].y, 2.0 * double(k)) << m.id;
            byId[m.id] = &m;
        }
        for (const Ack& ack : acknowledged) {
            auto found = byId.find(ack.id);
            ASSERT_NE(found, byId.end()) << "acknowledged mark " << ack.id << " (i = " << ack.i << ") is missing";
            EXPECT_EQ(found->second->points[0].x, double(ack.i));
            EXPECT_EQ(found->second->points[0].y, 2.0 * double(ack.i));
        }
        std::printf("[ crash    ] round %zu: killed after %zu acknowledgements; %zu marks in the file\n", round + 1,
                    run.acks.size(), marks->size());
    }
}
