// SPDX-License-Identifier: MIT
// A project its user may not write (an archive, a shared folder, a read-only disk): the commands
// that only read work on it, the ones that edit say why they cannot, and the file stays as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "support/histomark_cli.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

const std::filesystem::path kDemo = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case";

// How to run histomark as someone who cannot write the copy: as root (whom permissions do not
// stop) through `runuser -u nobody`; otherwise directly, on a copy made read-only.
std::optional<std::string> readerPrefix() {
    if (::geteuid() != 0) return std::string();
    if (runCommand("runuser -u nobody -- test -x " + quote(histomarkBinary())).exitCode != 0) return std::nullopt;
    return std::string("runuser -u nobody -- ");
}

}  // namespace

TEST(ReadOnlyProjectCli, CommandsThatReadWorkAndEditsAreRefusedWithTheFileUnchanged) {
    const auto prefix = readerPrefix();
    if (!prefix) GTEST_SKIP() << "running as root without runuser for user nobody, or the build is not readable by nobody";
    const auto dir = tempDir("read-only-project") / "archive";
    std::filesystem::create_directories(dir);
    const auto file = dir / "c.hmproj";
    std::filesystem::copy_file(kDemo / "demo-case.hmproj", file);
    ASSERT_EQ(hm("record-marker " + quote(file.string()) + " --case DEMO-LMS-001 --slide desmin --result positive --intensity 3+")
                  .exitCode,
              0);
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                           std::filesystem::perms::others_read);
    std::filesystem::permissions(dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                                          std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
                                          std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
    const std::string before = fileBytes(file);
    const std::string run = *prefix + quote(histomarkBinary()) + " ", p = quote(file.string());

    auto markers = runCommand(run + "markers " + p + " --case DEMO-LMS-001 --json");
    ASSERT_EQ(markers.exitCode, 0) << markers.err;
    EXPECT_NE(markers.out.find("desmin positive 3+"), std::string::npos) << markers.out;
    auto list = runCommand(run + "case list " + p);
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.out.find("DEMO-LMS-001"), std::string::npos);
    auto marks = runCommand(run + "marks list " + p + " --case DEMO-LMS-001 --slide 'H&E' --json");
    EXPECT_EQ(marks.exitCode, 0) << marks.err;

    auto edit = runCommand(run + "record-marker " + p + " --case DEMO-LMS-001 --slide CD117 --result negative");
    EXPECT_EQ(edit.exitCode, 1);
    EXPECT_NE(edit.err.find("is read-only"), std::string::npos) << edit.err;
    EXPECT_EQ(edit.err.find("attempt to write"), std::string::npos) << edit.err;
    EXPECT_EQ(fileBytes(file), before);
    EXPECT_FALSE(std::filesystem::exists(file.string() + "-shm"));
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::add);
}
