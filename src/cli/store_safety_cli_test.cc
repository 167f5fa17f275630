// End-to-end tests of what protects the store (issue 16): encryption at rest, the audit chain, files that
// are not stores, schema upgrades only by `init`, the actor, withdrawal reasons and concurrent imports.
// Each defect a hostile tester found has a test here that failed on the code before the fix.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

#include "store/audit_chain.h"
#include "store/migrations.h"
#include "store/sqlite.h"
#include "testing/run_clearpoint.h"
#include "testing/temp_dir.h"

namespace clearpoint::cli {
namespace {

using testing::read_file;
using testing::run_clearpoint;

// Names, a birth date and a record id that must never appear in an encrypted store's files.
constexpr std::string_view kBatch =
    "record_id,given_names,surnames,father_name,sex,birth_date,citizenship,identification_year\n"
    "ZX-4411,Ђурђица,Ђорђевић,Милорад,female,1987-03-14,RS,2019\n"
    "ZX-4412,Jelisaveta,Dragojlović,Petar,female,1991-11-02,RS,2020\n";
const std::vector<std::string> kSecrets = {"ZX-4411",    "Ђурђица",    "Ђорђевић",   "Милорад",
                                           "1987-03-14", "Jelisaveta", "Dragojlović"};

class StoreSafety : public ::testing::Test {
 protected:
  std::string db() const { return "--db " + dir_.file("s.db") + " "; }
  std::string batch() const { return dir_.write("batch.csv", std::string(kBatch)); }
  // Every byte clearpoint keeps for the store: the file and its WAL.
  std::string store_bytes() const {
    std::string bytes = read_file(dir_.file("s.db"));
    if (std::filesystem::exists(dir_.file("s.db-wal"))) bytes += read_file(dir_.file("s.db-wal"));
    return bytes;
  }
  testing::TempDir dir_;
};

TEST_F(StoreSafety, AnEncryptedStoreKeepsNoNameBirthDateOrRecordIdInItsFiles) {
  const std::string key = dir_.file("store.key");
  auto init = run_clearpoint(db() + "init --encrypt --new-key-file " + key);
  ASSERT_EQ(init.exit_code, 0) << init.output;
  struct stat info {};
  ASSERT_EQ(::stat(key.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  const std::string with_key = db() + "--key-file " + key + " ";
  ASSERT_EQ(run_clearpoint(with_key + "import " + batch() + " --agency MUP-RS --list victims").exit_code, 0);
  ASSERT_EQ(run_clearpoint(with_key + "link").exit_code, 0);
  // A record is found by its sealed record_id through the store's index, as `link explain` finds it; one
  // not stored is refused.
  const auto explained =
      run_clearpoint(with_key + "link explain MUP-RS/victims/ZX-4411 MUP-RS/victims/ZX-4412");
  ASSERT_EQ(explained.exit_code, 0) << explained.output;
  EXPECT_NE(explained.output.find("Dragojlović"), std::string::npos) << explained.output;
  EXPECT_EQ(run_clearpoint(with_key + "link explain MUP-RS/victims/ZX-4411 MUP-RS/victims/ZX-4413").exit_code,
            1);
  const std::string bytes = store_bytes();
  for (const auto& secret : kSecrets) EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  // The rest of a record stays plain (statistics are made of it).
  EXPECT_NE(bytes.find("female"), std::string::npos);

  // With the key, every value comes back as imported.
  const auto exported = run_clearpoint(with_key + "export --format csv --out -");
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  for (const auto& secret : kSecrets) EXPECT_NE(exported.output.find(secret), std::string::npos) << secret;
  EXPECT_EQ(run_clearpoint(with_key + "audit verify").exit_code, 0);

  // Without it, or with another store's key, nothing opens; a key others may read is refused.
  const auto without = run_clearpoint(db() + "export --format csv --out -");
  EXPECT_EQ(without.exit_code, 1);
  EXPECT_NE(without.output.find("no key file was given"), std::string::npos) << without.output;
  ASSERT_EQ(run_clearpoint("--db " + dir_.file("other.db") + " init --encrypt --new-key-file " +
                           dir_.file("other.key"))
                .exit_code,
            0);
  const auto wrong = run_clearpoint(db() + "--key-file " + dir_.file("other.key") + " stats");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.output.find("does not open this store"), std::string::npos) << wrong.output;
  ::chmod(key.c_str(), 0644);
  const auto readable = run_clearpoint(with_key + "stats");
  EXPECT_EQ(readable.exit_code, 1);
  EXPECT_NE(readable.output.find("chmod 600"), std::string::npos) << readable.output;
  // A key file is never overwritten.
  const auto again =
      run_clearpoint("--db " + dir_.file("third.db") + " init --encrypt --new-key-file " + key);
  EXPECT_EQ(again.exit_code, 1);
}

TEST_F(StoreSafety, RekeyEncryptsAPlaintextStoreAndOnlyTheNewKeyOpensIt) {
  ASSERT_EQ(run_clearpoint(db() + "init").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "import " + batch() + " --agency MUP-RS --list victims").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "batches withdraw 1 --reason 'Jelisaveta asked'").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "import " + batch() + " --agency MUP-RS --list victims").exit_code, 0);
  EXPECT_NE(store_bytes().find("Ђурђица"), std::string::npos);  // the plaintext store, before

  const std::string first = dir_.file("first.key");
  const auto rekeyed = run_clearpoint(db() + "rekey --new-key-file " + first);
  ASSERT_EQ(rekeyed.exit_code, 0) << rekeyed.output;
  const std::string bytes = store_bytes();
  for (const auto& secret : kSecrets) EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  EXPECT_EQ(bytes.find("asked"), std::string::npos);  // the withdrawal reason is sealed too

  const std::string second = dir_.file("second.key");
  ASSERT_EQ(run_clearpoint(db() + "--key-file " + first + " rekey --new-key-file " + second).exit_code, 0);
  EXPECT_EQ(run_clearpoint(db() + "--key-file " + first + " stats").exit_code, 1);
  const auto exported = run_clearpoint(db() + "--key-file " + second + " export --format csv --out -");
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("Ђорђевић"), std::string::npos);
  const auto verified = run_clearpoint(db() + "--key-file " + second + " audit verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  const auto shown = run_clearpoint(db() + "--key-file " + second + " batches show 1");
  EXPECT_NE(shown.output.find("Jelisaveta asked"), std::string::npos) << shown.output;
}

TEST_F(StoreSafety, APassphraseStoreOpensWithItsPassphraseOnly) {
  EXPECT_EQ(run_clearpoint(db() + "init --encrypt", "CLEARPOINT_PASSPHRASE=short").exit_code, 1);
  const std::string right = "CLEARPOINT_PASSPHRASE='vedro jutro nad Dunavom'";
  ASSERT_EQ(run_clearpoint(db() + "init --encrypt", right).exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "import " + batch() + " --agency A", right).exit_code, 0);
  for (const auto& secret : kSecrets) EXPECT_EQ(store_bytes().find(secret), std::string::npos) << secret;
  EXPECT_EQ(run_clearpoint(db() + "stats", right).exit_code, 0);
  const auto wrong = run_clearpoint(db() + "stats", "CLEARPOINT_PASSPHRASE='vedro jutro nad Savom'");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.output.find("passphrase does not open"), std::string::npos) << wrong.output;
  EXPECT_NE(run_clearpoint(db() + "stats").output.find("CLEARPOINT_PASSPHRASE"), std::string::npos);
}

// Tampering as someone with sqlite3 and write access to the file would.
void tamper(const std::string& path, const std::string& sql) {
  store::Database db(path, store::Database::Mode::kCreate);
  db.execute(sql);
}

TEST_F(StoreSafety, AuditVerifyFindsEditedDroppedAndInsertedRowsAndMissingTriggers) {
  ASSERT_EQ(run_clearpoint(db() + "init").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "import " + batch() + " --agency A --list one").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "import " + batch() + " --agency B --list two").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "batches withdraw 2 --reason duplicate").exit_code, 0);
  const auto clean = run_clearpoint(db() + "audit verify");
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_NE(clean.output.find("4 entries, chain intact"), std::string::npos) << clean.output;
  const std::string original = dir_.file("original.db");
  std::filesystem::copy_file(dir_.file("s.db"), original);

  const auto verify_copy = [&](const std::string& sql) {
    std::filesystem::remove(dir_.file("s.db"));
    std::filesystem::copy_file(original, dir_.file("s.db"));
    ::chmod(dir_.file("s.db").c_str(), 0600);
    tamper(dir_.file("s.db"), sql);
    return run_clearpoint(db() + "audit verify");
  };
  const auto edited =
      verify_copy("DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"records\":1}' WHERE id = 2;");
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.output.find("audit_no_update that keeps the audit log append-only is missing"),
            std::string::npos)
      << edited.output;
  EXPECT_NE(edited.output.find("audit row 2 (import"), std::string::npos) << edited.output;

  const auto dropped = verify_copy("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3;");
  EXPECT_EQ(dropped.exit_code, 1);
  EXPECT_NE(dropped.output.find("audit rows 3–3 are missing"), std::string::npos) << dropped.output;
  EXPECT_NE(dropped.output.find("batch 2 has no import entry"), std::string::npos) << dropped.output;

  // A row slipped in with a made-up chain value, and a withdrawal hidden by reactivating the batch.
  const auto inserted = verify_copy(
      "INSERT INTO audit (id, at, actor, action, batch_id, detail, chain) VALUES (5, '2026-01-01T00:00:00Z', "
      "'x', 'export', NULL, '{}', 'ab');");
  EXPECT_EQ(inserted.exit_code, 1);
  EXPECT_NE(inserted.output.find("audit row 5 (export"), std::string::npos) << inserted.output;
  const auto reactivated = verify_copy("UPDATE batches SET status = 'active' WHERE id = 2;");
  EXPECT_EQ(reactivated.exit_code, 1);
  EXPECT_NE(reactivated.output.find("batch 2 holds 0 records but was imported with 2"), std::string::npos)
      << reactivated.output;
  // Records removed behind the store's back.
  const auto removed = verify_copy("DELETE FROM records WHERE id = 1;");
  EXPECT_NE(removed.output.find("batch 1 holds 1 records but was imported with 2"), std::string::npos)
      << removed.output;
}

// In an encrypted store the chain is keyed: an editor who recomputes it without the key is still found.
TEST_F(StoreSafety, AnEncryptedStoresChainCannotBeRecomputedWithoutTheKey) {
  const std::string key = dir_.file("k.key");
  ASSERT_EQ(run_clearpoint(db() + "init --encrypt --new-key-file " + key).exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "--key-file " + key + " import " + batch() + " --agency A").exit_code, 0);
  {
    store::Database database(dir_.file("s.db"), store::Database::Mode::kOpenExisting);
    tamper(dir_.file("s.db"), "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone else';");
    store::rewrite_chain(database, store::FieldCipher{});  // the unkeyed chain, recomputed row by row
  }
  const auto verified = run_clearpoint(db() + "--key-file " + key + " audit verify");
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_NE(verified.output.find("audit row 1 (init"), std::string::npos) << verified.output;
}

TEST_F(StoreSafety, FilesThatAreNotStoresAreNeverTurnedIntoStores) {
  const auto empty = dir_.write("empty.db", "");
  const auto text = dir_.write("notes.db", "Ђурђица, 1987\n");
  const auto other = dir_.file("other.db");
  tamper(other, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');");  // creates it
  for (const auto& [file, expected] :
       std::vector<std::pair<std::string, std::string>>{{empty, "is an empty file, not a clearpoint store"},
                                                        {text, "is not an SQLite database"},
                                                        {other, "an SQLite database of another program"}}) {
    const std::string before = read_file(file);
    for (const auto* command : {"stats", "init", "batches list"}) {
      const auto result = run_clearpoint("--db " + file + " " + command);
      EXPECT_EQ(result.exit_code, 1) << command << ": " << result.output;
      EXPECT_NE(result.output.find(expected), std::string::npos) << result.output;
    }
    EXPECT_TRUE(read_file(file) == before) << file << " was changed";
  }
  const auto folder = run_clearpoint("--db " + dir_.path() + " stats");
  EXPECT_EQ(folder.exit_code, 1);
  EXPECT_NE(folder.output.find("not a regular file"), std::string::npos) << folder.output;
  const auto missing = run_clearpoint("--db " + dir_.file("no/such/folder.db") + " init");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("check that the folder exists"), std::string::npos) << missing.output;
}

// A store of schema version 6 (before the audit chain), built from the released migration steps.
void make_version_six_store(const std::string& path) {
  store::Database db(path, store::Database::Mode::kCreate);
  for (const auto& step : store::migrations()) {
    if (step.version > 6) break;
    db.execute(step.sql);
  }
  db.execute("PRAGMA user_version = 6");
  db.execute("PRAGMA journal_mode = WAL");
  db.execute(
      "INSERT INTO audit (at, actor, action, batch_id, detail) VALUES ('2025-01-01T00:00:00Z', 'ana', "
      "'init', NULL, '{\"schema\":6}')");
}

TEST_F(StoreSafety, OnlyInitUpgradesASchemaAndItSealsTheOldAuditRows) {
  make_version_six_store(dir_.file("s.db"));
  const std::string before = read_file(dir_.file("s.db"));
  for (const auto* command : {"stats", "export --format csv --out -", "audit verify"}) {
    const auto result = run_clearpoint(db() + command);
    EXPECT_EQ(result.exit_code, 1) << command;
    EXPECT_NE(result.output.find("upgrade it with `clearpoint init`"), std::string::npos) << result.output;
  }
  EXPECT_TRUE(read_file(dir_.file("s.db")) == before) << "the store was changed";
  const auto upgraded = run_clearpoint(db() + "init");
  ASSERT_EQ(upgraded.exit_code, 0) << upgraded.output;
  EXPECT_NE(upgraded.output.find("schema version 11"), std::string::npos);
  const auto verified = run_clearpoint(db() + "audit verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("1 entries, chain intact"), std::string::npos) << verified.output;
}

TEST_F(StoreSafety, TheAuditLogRecordsTheLoginAndAClaimedNameOnlyBesideIt) {
  ASSERT_EQ(run_clearpoint(db() + "--actor 'Ana Analyst' init").exit_code, 0);
  const auto log = run_clearpoint(db() + "audit list");
  ASSERT_EQ(log.exit_code, 0) << log.output;
  EXPECT_NE(log.output.find(" as Ana Analyst"), std::string::npos) << log.output;
  EXPECT_EQ(log.output.find("  Ana Analyst"), std::string::npos) << log.output;
}

TEST_F(StoreSafety, AWithdrawalReasonNeverEntersTheAppendOnlyLog) {
  ASSERT_EQ(run_clearpoint(db() + "init").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "import " + batch() + " --agency A").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "batches withdraw 1 --reason 'Jelisaveta withdrew consent'").exit_code, 0);
  const auto log = run_clearpoint(db() + "audit list");
  EXPECT_EQ(log.output.find("Jelisaveta"), std::string::npos) << log.output;
  EXPECT_NE(log.output.find("\"reason_given\":true"), std::string::npos) << log.output;
  EXPECT_NE(run_clearpoint(db() + "batches show 1").output.find("Jelisaveta withdrew consent"),
            std::string::npos);
  // Withdrawn records are gone from the file, not only from the tables.
  EXPECT_EQ(store_bytes().find("Ђурђица"), std::string::npos);
}

TEST_F(StoreSafety, TheSameFileImportedTwiceAtOnceIsStoredOnce) {
  ASSERT_EQ(run_clearpoint(db() + "init").exit_code, 0);
  std::string rows = "record_id,given_names,surnames,sex\n";
  for (int i = 0; i < 40000; ++i) rows += fmt::format("r{},Ana{},Petrović{},female\n", i, i % 97, i % 1000);
  const auto file = dir_.write("big.csv", rows);
  testing::Run first;
  std::thread other([&] { first = run_clearpoint(db() + "import " + file + " --agency A"); });
  const auto second = run_clearpoint(db() + "import " + file + " --agency A");
  other.join();
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_EQ(second.exit_code, 0) << second.output;
  const auto batches = run_clearpoint(db() + "batches list");
  EXPECT_EQ(batches.output.find("\n2 "), std::string::npos) << batches.output;
  EXPECT_EQ(run_clearpoint(db() + "audit verify").exit_code, 0);
}

TEST_F(StoreSafety, AReadOnlyStoreIsAUserErrorNotAnInternalOne) {
  ASSERT_EQ(run_clearpoint(db() + "init").exit_code, 0);
  ASSERT_EQ(run_clearpoint(db() + "import " + batch() + " --agency A").exit_code, 0);
  std::string prefix;
  if (::geteuid() == 0) {
    if (std::system("command -v setpriv >/dev/null") != 0) GTEST_SKIP() << "root without setpriv";
    // root reads and writes everything: run as nobody, who may read the folder and the file.
    ::chmod(dir_.path().c_str(), 0755);
    ::chmod(dir_.file("s.db").c_str(), 0644);
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    // The build folder must be reachable by nobody for this test; where it is not, there is nothing to see.
    if (std::system((prefix + CLEARPOINT_BINARY + " --version >/dev/null 2>&1").c_str()) != 0)
      GTEST_SKIP() << "nobody cannot run the binary in this checkout";
  } else {
    ::chmod(dir_.file("s.db").c_str(), 0400);
    ::chmod(dir_.path().c_str(), 0500);
  }
  const std::string command = prefix + CLEARPOINT_BINARY + " " + db() + "batches withdraw 1 --reason x 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output(4096, '\0');
  output.resize(fread(output.data(), 1, output.size(), pipe));
  const int status = pclose(pipe);
  ::chmod(dir_.path().c_str(), 0700);
  EXPECT_EQ(WEXITSTATUS(status), 1) << output;
  EXPECT_NE(output.find("read-only for you"), std::string::npos) << output;
}

}  // namespace
}  // namespace clearpoint::cli
