// SPDX-License-Identifier: MIT
// Opening project files: new, reopened, and every kind of file that must be refused untouched.
#include "storage/database.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "raw_sqlite.h"
#include "support/test_data.h"

using namespace histomark;
using storage::Database;
using storage::kSchemaVersion;
using test::RawSqlite;

namespace {

// A project with `cases` rows, closed again (so the file holds everything: no -wal left).
std::filesystem::path makeProject(const std::filesystem::path& dir, int cases = 3) {
    const auto file = dir / "project.hmproj";
    auto db = Database::open(file);
    EXPECT_TRUE(db.ok()) << db.error();
    for (int i = 0; i < cases; ++i) {
        auto st = (*db)->prepare("INSERT INTO cases (accession, summary, created_unix, modified_unix) VALUES (?1, ?2, 1, 1)");
        EXPECT_TRUE(st.ok());
        st->bind(1, "S26-" + std::to_string(i)).bind(2, std::string(300, 'x'));  // a few pages of data
        EXPECT_TRUE(st->run().ok());
    }
    return file;
}

void expectRefusedUntouched(const std::filesystem::path& file, const std::string& expected, bool create = true) {
    const std::string before = test::fileBytes(file);
    auto db = Database::open(file, create);
    ASSERT_FALSE(db.ok()) << file << " was accepted";
    EXPECT_NE(db.error().find(file.string()), std::string::npos) << "message does not name the file: " << db.error();
    EXPECT_NE(db.error().find(expected), std::string::npos) << db.error();
    db = core::Error{"closed"};
    EXPECT_EQ(test::fileBytes(file), before) << "the refused file was modified";
}

}  // namespace

TEST(Database, CreatesANewProjectInWalModeAtTheCurrentSchema) {
    const auto file = test::tempDir("db-new") / "new.hmproj";
    {
        auto db = Database::open(file);
        ASSERT_TRUE(db.ok()) << db.error();
        EXPECT_EQ((*db)->schemaVersion(), kSchemaVersion);
        EXPECT_TRUE((*db)->migrationBackup().empty());  // nothing to back up in a new file
    }
    RawSqlite raw(file);
    EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(raw.integer("PRAGMA user_version"), kSchemaVersion);
    EXPECT_EQ(raw.integer("PRAGMA application_id"), storage::kApplicationId);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name IN ('cases', 'slides', 'slide_views', 'app_state')"), 4);
}

TEST(Database, ReopensAProjectWithItsData) {
    const auto file = makeProject(test::tempDir("db-reopen"), 5);
    auto db = Database::open(file, false);
    ASSERT_TRUE(db.ok()) << db.error();
    auto st = (*db)->prepare("SELECT count(*) FROM cases");
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->columnInt(0), 5);
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".v2.bak"));
}

TEST(Database, MissingFileWithoutCreateIsAnErrorAndNothingIsCreated) {
    const auto file = test::tempDir("db-missing") / "nope.hmproj";
    auto db = Database::open(file, false);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error(), "No such project file: " + file.string());
    EXPECT_FALSE(std::filesystem::exists(file));
    auto noFolder = Database::open(test::tempDir("db-missing") / "no" / "such" / "folder.hmproj");
    ASSERT_FALSE(noFolder.ok());
    EXPECT_NE(noFolder.error().find("does not exist"), std::string::npos) << noFolder.error();
    auto folder = Database::open(test::tempDir("db-missing"));
    ASSERT_FALSE(folder.ok());
    EXPECT_NE(folder.error().find("is a folder"), std::string::npos) << folder.error();
    EXPECT_EQ(Database::open("").error(), "No project file given");
}

TEST(Database, AnEmptyFileBecomesAProjectOnlyWhenCreating) {
    const auto file = test::tempDir("db-empty") / "empty.hmproj";
    test::writeBytes(file, "");
    expectRefusedUntouched(file, "is not a Histomark project: the file is empty", false);
    auto db = Database::open(file, true);
    ASSERT_TRUE(db.ok()) << db.error();
    EXPECT_EQ((*db)->schemaVersion(), kSchemaVersion);
}

TEST(Database, RefusesAFileFromANewerHistomarkWithoutTouchingIt) {
    const auto file = makeProject(test::tempDir("db-newer"));
    {
        RawSqlite raw(file);
        ASSERT_EQ(raw.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)), SQLITE_OK);
    }
    expectRefusedUntouched(file, "was written by a newer Histomark (schema " + std::to_string(kSchemaVersion + 1) +
                                     ", this build reads up to " + std::to_string(kSchemaVersion) + ")");
}

TEST(Database, ARefusedFileKeepsTheEditsACrashLeftInItsWal) {
    const auto dir = test::tempDir("db-crash-wal");
    const auto file = makeProject(dir);
    const auto crashed = dir / "crashed.hmproj";
    {
        // A newer build wrote these and was killed before merging its WAL: copy the files mid-flight.
        RawSqlite writer(file);
        ASSERT_EQ(writer.exec("PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;"
                              "INSERT INTO cases (accession, created_unix, modified_unix) VALUES ('in-wal', 1, 1)"),
                  SQLITE_OK);
        std::filesystem::copy_file(file, crashed);
        std::filesystem::copy_file(file.string() + "-wal", crashed.string() + "-wal");
    }
    const std::string wal = test::fileBytes(crashed.string() + "-wal");
    ASSERT_FALSE(wal.empty());
    expectRefusedUntouched(crashed, "was written by a newer Histomark (schema 99");
    EXPECT_EQ(test::fileBytes(crashed.string() + "-wal"), wal);
}

TEST(Database, RefusesFilesThatAreNotDatabases) {
    const auto dir = test::tempDir("db-notadb");
    test::writeBytes(dir / "notes.hmproj", "Case S26-01234: rectum, GIST?\nslides: HE.svs\n");
    expectRefusedUntouched(dir / "notes.hmproj", "is not a Histomark project: file is not a database");
    // A PNG's signature and header chunk, as when a picture is picked by mistake.
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    test::writeBytes(dir / "picture.png", std::string(png, sizeof png - 1) + std::string(200, '\x42'));
    expectRefusedUntouched(dir / "picture.png", "is not a Histomark project: file is not a database");
    // SQLite's magic but nothing after it.
    test::writeBytes(dir / "stub.hmproj", std::string("SQLite format 3\0", 16) + std::string(40, '\0'));
    auto stub = Database::open(dir / "stub.hmproj");
    ASSERT_FALSE(stub.ok());
    EXPECT_NE(stub.error().find((dir / "stub.hmproj").string()), std::string::npos) << stub.error();
}

TEST(Database, RefusesATruncatedProjectWithoutTouchingIt) {
    const auto dir = test::tempDir("db-truncated");
    const auto file = makeProject(dir, 200);
    const std::string whole = test::fileBytes(file);
    ASSERT_GT(whole.size(), 8 * 4096u);
    // Cut in the middle of the data pages: the header and schema survive, the rows do not.
    test::writeBytes(file, whole.substr(0, whole.size() / 2));
    expectRefusedUntouched(file, "is damaged");
    // Cut inside the first page.
    test::writeBytes(file, whole.substr(0, 1000));
    const std::string before = test::fileBytes(file);
    auto db = Database::open(file);
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().find(file.string()), std::string::npos) << db.error();
    const bool clear = db.error().find("is damaged") != std::string::npos ||
                       db.error().find("file is not a database") != std::string::npos;
    EXPECT_TRUE(clear) << db.error();
    db = core::Error{"closed"};
    EXPECT_EQ(test::fileBytes(file), before);
}

TEST(Database, RefusesAnotherProgramsDatabase) {
    const auto dir = test::tempDir("db-foreign");
    {
        RawSqlite raw(dir / "photos.db");
        ASSERT_EQ(raw.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('a')"),
                  SQLITE_OK);
    }
    expectRefusedUntouched(dir / "photos.db", "is not a Histomark project: it is an SQLite database of another program");
    {
        RawSqlite raw(dir / "tagged.db");
        ASSERT_EQ(raw.exec("PRAGMA application_id = 1234; CREATE TABLE t (x)"), SQLITE_OK);
    }
    expectRefusedUntouched(dir / "tagged.db", "(application id 0x000004d2)");
}

TEST(Database, ALockedProjectIsRefusedQuicklyWithAClearMessage) {
    const auto file = makeProject(test::tempDir("db-locked"));
    RawSqlite other(file);
    ASSERT_EQ(other.exec("BEGIN EXCLUSIVE; INSERT INTO cases (accession, created_unix, modified_unix) VALUES ('X', 1, 1)"),
              SQLITE_OK)
        << other.error();
    const auto start = std::chrono::steady_clock::now();
    auto db = Database::open(file, false);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().find("is in use by another program (the file is locked)"), std::string::npos) << db.error();
    EXPECT_LT(seconds, 6.0);
    EXPECT_GE(seconds, 1.0);  // it waited for the busy timeout rather than failing at once
    ASSERT_EQ(other.exec("ROLLBACK"), SQLITE_OK);
    auto again = Database::open(file, false);
    EXPECT_TRUE(again.ok()) << again.error();  // released: opens normally
}

TEST(Database, StatementsBindAndReadEveryType) {
    auto db = Database::openInMemory();
    ASSERT_TRUE(db.ok()) << db.error();
    ASSERT_TRUE((*db)->execScript("CREATE TABLE t (i INTEGER, d REAL, s TEXT, o REAL)").ok());
    auto ins = (*db)->prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
    ASSERT_TRUE(ins.ok()) << ins.error();
    ins->bind(1, int64_t(1) << 40).bind(2, 0.2527).bind(3, std::string("µm \0 zero", 10)).bind(4, std::optional<double>());
    ASSERT_TRUE(ins->run().ok());
    auto sel = (*db)->prepare("SELECT i, d, s, o FROM t");
    ASSERT_TRUE(sel.ok());
    ASSERT_TRUE(*sel->step());
    EXPECT_EQ(sel->columnInt(0), int64_t(1) << 40);
    EXPECT_DOUBLE_EQ(sel->columnDouble(1), 0.2527);
    EXPECT_EQ(sel->columnText(2), std::string("µm \0 zero", 10));
    EXPECT_FALSE(sel->columnOptionalDouble(3).has_value());
    EXPECT_FALSE(*sel->step());
    auto bad = (*db)->prepare("SELECT nonsense FROM nowhere");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("no such table: nowhere"), std::string::npos) << bad.error();
    auto range = (*db)->prepare("SELECT ?1");
    range->bind(7, int64_t(1));
    EXPECT_FALSE(range->step().ok());  // a bind error surfaces at step
}

TEST(Database, TransactionsRollBackUnlessCommittedAndNestAsSavepoints) {
    auto db = Database::openInMemory();
    ASSERT_TRUE(db.ok());
    Database& d = **db;
    ASSERT_TRUE(d.execScript("CREATE TABLE t (x)").ok());
    auto count = [&] {
        auto st = d.prepare("SELECT count(*) FROM t");
        (void)st->step();
        return st->columnInt(0);
    };
    {
        storage::Transaction tx(d);
        ASSERT_TRUE(tx.status().ok());
        ASSERT_TRUE(d.execScript("INSERT INTO t VALUES (1)").ok());
    }
    EXPECT_EQ(count(), 0);
    {
        storage::Transaction outer(d);
        ASSERT_TRUE(d.execScript("INSERT INTO t VALUES (1)").ok());
        {
            storage::Transaction inner(d);
            ASSERT_TRUE(inner.status().ok()) << inner.status().error();
            ASSERT_TRUE(d.execScript("INSERT INTO t VALUES (2)").ok());
        }  // inner rolled back alone
        EXPECT_TRUE(d.inTransaction());
        ASSERT_TRUE(outer.commit().ok());
    }
    EXPECT_EQ(count(), 1);
    EXPECT_FALSE(d.inTransaction());
}

namespace {

long long caseCount(Database& db) {
    auto st = db.prepare("SELECT count(*) FROM cases");
    EXPECT_TRUE(st.ok());
    if (!st.ok()) return -1;
    auto row = st->step();
    return row.ok() && *row ? st->columnInt(0) : -1;
}

}  // namespace

// An archived or shared project (a read-only file, folder or disk) is looked at, never changed.
TEST(Database, AReadOnlyOpenReadsEverythingWritesNothingAndLeavesNothingBeside) {
    // Characters a file: URI must escape, in the folder's name.
    const auto dir = test::tempDir("db-read-only") / "odd ?#% name";
    std::filesystem::create_directories(dir);
    const auto file = makeProject(dir);
    const std::string before = test::fileBytes(file);
    {
        auto db = Database::openReadOnly(file);
        ASSERT_TRUE(db.ok()) << db.error();
        EXPECT_TRUE((*db)->readOnly());
        EXPECT_EQ((*db)->schemaVersion(), kSchemaVersion);
        storage::Transaction t(**db);
        ASSERT_TRUE(t.status().ok()) << t.status().error();
        EXPECT_EQ(caseCount(**db), 3);
        auto st = (*db)->prepare("INSERT INTO cases (accession, created_unix, modified_unix) VALUES ('new', 1, 1)");
        ASSERT_TRUE(st.ok());
        auto wrote = st->run();
        ASSERT_FALSE(wrote.ok());
        EXPECT_NE(wrote.error().find(file.string() + " is read-only (the file or its folder cannot be written); nothing was saved"),
                  std::string::npos)
            << wrote.error();
        EXPECT_EQ(wrote.error().find("attempt to write"), std::string::npos) << "SQLite's own words: " << wrote.error();
    }
    EXPECT_EQ(test::fileBytes(file), before);
    EXPECT_FALSE(std::filesystem::exists(file.string() + "-wal"));
    EXPECT_FALSE(std::filesystem::exists(file.string() + "-shm")) << "a reader's -shm could lock the owner out";
}

TEST(Database, AReadOnlyOpenSeesEditsStillWaitingInTheWal) {
    const auto file = makeProject(test::tempDir("db-read-only-wal"));
    RawSqlite writer(file);  // another program with the project open, its edit not yet merged
    ASSERT_EQ(writer.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                          "INSERT INTO cases (accession, created_unix, modified_unix) VALUES ('in-wal', 1, 1)"),
              SQLITE_OK);
    ASSERT_TRUE(std::filesystem::exists(file.string() + "-wal"));
    auto db = Database::openReadOnly(file);
    ASSERT_TRUE(db.ok()) << db.error();
    storage::Transaction t(**db);
    EXPECT_EQ(caseCount(**db), 4);
}

TEST(Database, AReadOnlyOpenRefusesAnOlderSchemaItCannotBringUpToDate) {
    const auto file = test::tempDir("db-read-only-old") / "old.hmproj";
    ASSERT_TRUE(Database::createAtVersion(file, 1).ok());
    const std::string before = test::fileBytes(file);
    auto db = Database::openReadOnly(file);
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().find("was saved by an older Histomark (schema 1)"), std::string::npos) << db.error();
    EXPECT_NE(db.error().find("open it once with write access"), std::string::npos) << db.error();
    EXPECT_EQ(test::fileBytes(file), before);
    // Not a project at all: the same refusals as a writable open.
    test::writeBytes(file.parent_path() / "notes.txt", "hello\n");
    auto notes = Database::openReadOnly(file.parent_path() / "notes.txt");
    ASSERT_FALSE(notes.ok());
    EXPECT_NE(notes.error().find("is not a Histomark project"), std::string::npos) << notes.error();
}
