// SPDX-License-Identifier: MIT
// A long command on a terminal: its progress on stderr, and Ctrl-C stopping the job cleanly (exit
// code 130, a message, no output) rather than killing it mid-write. The terminal is a pty from
// util-linux's `script`; the signal is sent once the progress line shows the job is running.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/histomark_cli.h"
#include "support/test_data.h"

using namespace histomark::test;

TEST(CliProgress, ALongSearchShowsItsProgressOnATerminalAndCtrlCStopsIt) {
    if (runCommand("sh -c 'command -v script'").exitCode != 0) GTEST_SKIP() << "util-linux's script (a pty) is not installed";
    const auto dir = tempDir("cli-progress");
    const auto slide = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case/HE.svs";
    // One thread and the slide three times: seconds of work, so the signal lands inside a search.
    const std::string command = "echo $$ > pid; exec " + quote(histomarkBinary()) + " detect-mitoses " + quote(slide.string()) + " " +
                                quote(slide.string()) + " " + quote(slide.string()) + " --threads 1 --json > out.json";
    std::ofstream(dir / "run.sh") << "cd " << quote(dir.string()) << " || exit 9\n"
                                  << "(script -qefc " << quote("sh -c " + quote(command)) << " log > /dev/null; echo $? > rc) &\n"
                                  << "for i in $(seq 600); do grep -q '%' log 2> /dev/null && break; sleep 0.05; done\n"
                                  << "kill -INT \"$(cat pid)\"\nwait\ncat rc\n";
    auto r = runCommand("sh " + quote((dir / "run.sh").string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::ifstream logFile(dir / "log");
    std::stringstream log;
    log << logFile.rdbuf();
    EXPECT_NE(log.str().find("finding candidates in HE.svs"), std::string::npos) << log.str();
    EXPECT_NE(log.str().find("stopped (Ctrl-C)"), std::string::npos) << log.str();
    EXPECT_EQ(std::stoi(r.out), 130) << log.str();
    // Stopped in the first search: nothing printed for any input.
    EXPECT_EQ(std::filesystem::file_size(dir / "out.json"), 0u);
}
