// SPDX-License-Identifier: MIT
#include "support/run_command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace histomark::test {

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string histomarkBinary() { return std::string(HISTOMARK_BINARY_DIR) + "/histomark"; }

bool haveDisplay() {
    const char* d = std::getenv("DISPLAY");
    return d && *d;
}

CommandResult runCommand(const std::string& args, int timeoutSeconds) {
    static int counter = 0;
    const auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid()) + "-" + std::to_string(++counter);
    const std::string outFile = (dir / ("hm-out-" + tag)).string(), errFile = (dir / ("hm-err-" + tag)).string();
    const std::string cmd = "timeout -s KILL " + std::to_string(timeoutSeconds) + " " + args + " >" + quote(outFile) +
                            " 2>" + quote(errFile);
    const int status = std::system(cmd.c_str());
    CommandResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    auto slurp = [](const std::string& f) {
        std::ifstream in(f);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    r.out = slurp(outFile);
    r.err = slurp(errFile);
    std::filesystem::remove(outFile);
    std::filesystem::remove(errFile);
    return r;
}

}  // namespace histomark::test
