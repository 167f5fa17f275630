// End-to-end tests of the `clearpoint` binary: exit codes, located messages, quiet output when piped.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "testing/run_clearpoint.h"
#include "testing/temp_dir.h"

namespace clearpoint::cli {
namespace {

using testing::Run;

Run run(const std::string& arguments) {
  return testing::run_clearpoint(arguments);
}

class Cli : public ::testing::Test {
 protected:
  std::string db() const { return "--db " + dir_.file("c.db") + " "; }
  // Two agencies' lists, linked: Ana (exploited in Serbia) is on both, Iva (in Bosnia) on A only.
  void link_two_lists_by_destination() {
    ASSERT_EQ(run(db() + "init").exit_code, 0);
    const auto a = dir_.write("a.csv",
                              "record_id,given_names,surnames,birth_date,destination_countries\n"
                              "a1,Ana,Kovač,1985-03-12,RS\na2,Iva,Horvat,1990-01-02,BA\n");
    const auto b = dir_.write("b.csv",
                              "record_id,given_names,surnames,birth_date,destination_countries\n"
                              "b1,Ana,Kovac,1985-03-12,RS\n");
    ASSERT_EQ(run(db() + "import " + a + " --agency A").exit_code, 0);
    ASSERT_EQ(run(db() + "import " + b + " --agency B").exit_code, 0);
    ASSERT_EQ(run(db() + "link").exit_code, 0);
  }
  testing::TempDir dir_;
};

TEST_F(Cli, VersionAndHelpExitZero) {
  EXPECT_EQ(run("--version").exit_code, 0);
  EXPECT_NE(run("--version").output.find("clearpoint 0.1.0"), std::string::npos);
  for (const auto* command : {"--help", "import --help", "export --help", "batches --help", "stats --help"}) {
    EXPECT_EQ(run(command).exit_code, 0) << command;
  }
}

TEST_F(Cli, UnknownCommandIsNamedEvenBeforeHelp) {
  for (const auto* command : {"linx --help", "--db x.db linx", "frobnicate"}) {
    const auto result = run(command);
    EXPECT_EQ(result.exit_code, 1) << command;
    EXPECT_NE(result.output.find("is not a command"), std::string::npos) << result.output;
  }
  EXPECT_NE(run("linx --help").output.find("did you mean 'link'?"), std::string::npos);
  EXPECT_EQ(run("--db x.db link --help").exit_code, 0);
  EXPECT_EQ(run("--help").output.find("later versions"), std::string::npos);
}

TEST_F(Cli, YearsMustBeWholeNumbers) {
  const auto result = run(db() + "flows --years 2001x-2005");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("--years '2001x-2005' is not a range of years"), std::string::npos)
      << result.output;
}

TEST_F(Cli, UnknownOptionIsAUserError) {
  const auto result = run("import --no-such-option x.csv");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("--help"), std::string::npos);
}

TEST_F(Cli, ImportWithoutAStoreSaysToRunInit) {
  const auto file = dir_.write("a.csv", "record_id\n1\n");
  const auto result = run(db() + "import " + file + " --agency A");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("clearpoint init"), std::string::npos);
}

TEST_F(Cli, BadBatchPrintsEveryErrorLocatedAndStoresNothing) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto file = dir_.write("bad.csv",
                               "record_id,surnames,sex,citizenship\n1,Đo\x9A"
                               "ević,female,RS\n2,X,f,RS\n3,Y,male,SRB\n");
  const auto result = run(db() + "import " + file + " --agency A");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(":2:5: the text is not valid UTF-8"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find(":3:5: sex: 'f' is not an allowed value"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find(":4:10: citizenship:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("nothing was stored"), std::string::npos);
  EXPECT_NE(run(db() + "batches list").output.find("no batches yet"), std::string::npos);
}

// A whole file in Windows-1250 (bytes from Microsoft's code page table) is refused once, named, and
// imports with --encoding as the same names in UTF-8.
TEST_F(Cli, ALegacyEncodedFileIsNamedOnceAndImportsWithItsEncoding) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  std::string rows = "record_id,given_names,surnames,sex\n";
  for (int i = 0; i < 200; ++i) rows += fmt::format("r{},\x8A\xE6\x65pan,\xD0or\xF0\x65vi\xE6,male\n", i);
  const auto file = dir_.write("cp1250.csv", rows);
  const auto refused = run(db() + "import " + file + " --agency A");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("reads best as windows-1250 — import it with --encoding windows-1250"),
            std::string::npos)
      << refused.output;
  EXPECT_LT(std::count(refused.output.begin(), refused.output.end(), '\n'), 3) << refused.output;
  const auto imported = run(db() + "import " + file + " --agency A --encoding windows-1250");
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_NE(run(db() + "export --format csv --out -").output.find("Šćepan,Đorđević"), std::string::npos);
}

// The same rule for an agency written in the file's own column.
TEST_F(Cli, AnAgencyColumnDifferingOnlyInCaseIsRefused) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  ASSERT_EQ(
      run(db() + "import " + dir_.write("a.csv", "agency,list,record_id\nMUP-RS,victims,1\n")).exit_code, 0);
  const auto result =
      run(db() + "import " + dir_.write("b.csv", "agency,list,record_id\nmup-rs,victims,2\n"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("mup-rs/victims differs only in letter case from the stored MUP-RS/victims"),
            std::string::npos)
      << result.output;
  const auto list = run(db() + "import " + dir_.write("c.csv", "agency,list,record_id\nMUP-RS,Victims,3\n"));
  EXPECT_EQ(list.exit_code, 1) << list.output;
  EXPECT_EQ(
      run(db() + "import " + dir_.write("d.csv", "agency,list,record_id\nMUP-RS,shelter,4\n")).exit_code, 0);
}

// A word mapped to an impossible value is the mapping's error, said once where it is written — not once
// for every row that uses the word.
TEST_F(Cli, ImpossibleMappedValuesAreReportedOnceAtTheMapping) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto mapping =
      dir_.write("m.toml",
                 "[columns]\n\"Pol\" = \"sex\"\n[values.sex]\n\"Ž\" = \"femal\"\n"
                 "[values.tristate]\n\"da\" = \"yess\"\n[constants]\nidentification_year = \"20x5\"\n");
  std::string rows = "record_id,Pol\n";
  for (int i = 0; i < 1000; ++i) rows += fmt::format("r{},Ž\n", i);
  const auto result = run(db() + "import " + dir_.write("m.csv", rows) + " --agency A --mapping " + mapping);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("m.toml:4:7: \"Ž\" maps to a value sex cannot hold: 'femal'"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("m.toml:6:8: \"da\" maps to a value tristate cannot hold"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("m.toml:8:23: the constant identification_year"), std::string::npos)
      << result.output;
  EXPECT_LT(std::count(result.output.begin(), result.output.end(), '\n'), 5) << result.output;
}

TEST_F(Cli, SkipInvalidWritesTheRejectFileBesideTheInput) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto file = dir_.write("mixed.csv", "record_id,sex\n1,female\n2,f\n3,male\n");
  const auto result = run(db() + "import " + file + " --agency A --skip-invalid");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("2 records"), std::string::npos);
  const std::string rejects = testing::read_file(dir_.file("mixed.rejects.csv"));
  EXPECT_EQ(rejects,
            "record_id,sex,clearpoint_errors\r\n2,f,\"" + file +
                ":3:3: sex: 'f' is not an allowed value — use one of: female, male, other (or leave it empty "
                "when unknown); map your own words with a [values.sex] table in the column mapping\"\r\n");
}

TEST_F(Cli, ImportExportStatsAndWithdrawEndToEnd) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto file = dir_.write("a.csv",
                               "record_id;sex;identification_year;exploitation_types\n1;female;2004;sexual\n"
                               "2;male;2005;forced_labour|begging\n");
  EXPECT_EQ(run(db() + "import " + file + " --agency NGO-1").exit_code, 0);
  const auto again = run(db() + "import " + file + " --agency NGO-1");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.output.find("nothing changed"), std::string::npos);
  const auto csv = run(db() + "stats --format csv");
  EXPECT_NE(csv.output.find("total,,2"), std::string::npos) << csv.output;
  EXPECT_NE(csv.output.find("exploitation_types,begging,1"), std::string::npos);
  EXPECT_EQ(csv.output.find('\x1b'), std::string::npos);  // no terminal control codes when piped
  const auto json = run(db() + "stats --format json");
  EXPECT_NE(json.output.find("\"records\": 2"), std::string::npos);
  const auto exported = run(db() + "export --out -  --format jsonl");
  EXPECT_NE(exported.output.find("\"exploitation_types\":[\"forced_labour\",\"begging\"]"),
            std::string::npos);
  EXPECT_EQ(run(db() + "batches withdraw 1 --reason test").exit_code, 0);
  EXPECT_NE(run(db() + "batches show 1").output.find("withdrawn"), std::string::npos);
  EXPECT_EQ(run(db() + "batches show 7").exit_code, 1);
}

// No --out may destroy a file: the store and its inputs, a symlink, a device or a FIFO are refused before
// anything is written; an existing file is replaced only with --force; what is written is 0600.
TEST_F(Cli, OutputsNeverOverwriteTheStoreInputsLinksOrDevices) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto file = dir_.write("a.csv", "record_id,sex\n1,female\n");
  ASSERT_EQ(run(db() + "import " + file + " --agency A").exit_code, 0);
  const auto store_before = testing::read_file(dir_.file("c.db"));
  for (const auto* command : {"export --format csv --out ", "histories --out ", "estimate --out "}) {
    const auto onto_store = run(db() + command + dir_.file("c.db") + " --force");
    EXPECT_EQ(onto_store.exit_code, 1) << command << onto_store.output;
    EXPECT_NE(onto_store.output.find("nothing was written"), std::string::npos) << onto_store.output;
  }
  EXPECT_EQ(testing::read_file(dir_.file("c.db")), store_before);  // the store is untouched

  const auto out = dir_.file("out.csv");
  ASSERT_EQ(run(db() + "export --out " + out).exit_code, 0);
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  const auto again = run(db() + "export --out " + out);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("add --force"), std::string::npos) << again.output;
  EXPECT_EQ(run(db() + "export --out " + out + " --force").exit_code, 0);

  const auto victim = dir_.write("elsewhere.csv", "do not touch\n");
  const auto link = dir_.file("link.csv");
  ASSERT_EQ(::symlink(victim.c_str(), link.c_str()), 0);
  const auto through_link = run(db() + "export --out " + link + " --force");
  EXPECT_EQ(through_link.exit_code, 1);
  EXPECT_NE(through_link.output.find("symbolic link"), std::string::npos) << through_link.output;
  EXPECT_EQ(testing::read_file(victim), "do not touch\n");
  const auto fifo = dir_.file("pipe.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto into_fifo = run(db() + "export --out " + fifo + " --force");
  EXPECT_EQ(into_fifo.exit_code, 1);
  EXPECT_NE(into_fifo.output.find("not a regular file"), std::string::npos) << into_fifo.output;
  EXPECT_EQ(run(db() + "histories --out /dev/null --force").exit_code, 1);
  // Nothing half-written is left beside the targets.
  for (const auto& entry : std::filesystem::directory_iterator(dir_.file(""))) {
    EXPECT_EQ(entry.path().filename().string().find(".clearpoint-"), std::string::npos) << entry.path();
  }
}

// CSV exports escape cells a spreadsheet would run as a formula, and importing the export gives back the
// same records (the escape is undone on import).
TEST_F(Cli, ExportEscapesFormulasAndImportUndoesIt) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto file = dir_.write("f.jsonl",
                               "{\"record_id\":\"1\",\"given_names\":\"=HYPERLINK(\\\"http://x\\\")\","
                               "\"surnames\":\"@SUM(A1)\",\"aliases\":[\"'=kept\"]}\n");
  ASSERT_EQ(run(db() + "import " + file + " --agency A").exit_code, 0);
  const auto csv = dir_.file("all.csv");
  ASSERT_EQ(run(db() + "export --out " + csv).exit_code, 0);
  const auto text = testing::read_file(csv);
  EXPECT_NE(text.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << text;
  EXPECT_NE(text.find(",'@SUM(A1),"), std::string::npos) << text;
  EXPECT_EQ(text.find(",=HYPERLINK"), std::string::npos);
  const auto first = run(db() + "export --out - --format jsonl");
  const std::string db2 = "--db " + dir_.file("d.db") + " ";
  ASSERT_EQ(run(db2 + "init").exit_code, 0);
  ASSERT_EQ(run(db2 + "import " + csv).exit_code, 0);
  EXPECT_EQ(run(db2 + "export --out - --format jsonl").output, first.output);
}

// A reject file never replaces the input, and one that exists (perhaps corrected by hand) is kept unless
// --force says otherwise.
TEST_F(Cli, RejectFilesNeverReplaceTheInputOrAnEarlierRejectFile) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const std::string content = "record_id,sex\n1,female\n2,f\n";
  const auto file = dir_.write("mixed.csv", content);
  const auto onto_input = run(db() + "import " + file + " --agency A --skip-invalid --rejects " + file);
  EXPECT_EQ(onto_input.exit_code, 1) << onto_input.output;
  EXPECT_EQ(testing::read_file(file), content);
  const auto corrected = dir_.write("mixed.rejects.csv", "record_id,sex\n2,female\n");
  const auto kept = run(db() + "import " + file + " --agency A --skip-invalid");
  EXPECT_EQ(kept.exit_code, 1) << kept.output;
  EXPECT_NE(kept.output.find("add --force"), std::string::npos) << kept.output;
  EXPECT_EQ(testing::read_file(corrected), "record_id,sex\n2,female\n");
  EXPECT_EQ(run(db() + "import " + file + " --agency A --skip-invalid --force").exit_code, 0);
  EXPECT_NE(testing::read_file(corrected).find("clearpoint_errors"), std::string::npos);
  // Every row rejected: the message does not point to a reject file that was not written.
  const auto all_bad = dir_.write("bad.csv", "record_id,sex\n1,f\n");
  const auto none = run(db() + "import " + all_bad + " --agency A --skip-invalid");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.output.find("see the reject file"), std::string::npos) << none.output;
}

TEST_F(Cli, WrongSeparatorAndUnknownColumnsAreExplained) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto file = dir_.write("sep.csv", "record_id;surnames\n1;X\n");
  const auto result = run(db() + "import " + file + " --agency A --separator ,");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(":1:1: column 1 (A) of the header is not a clearpoint field"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("separator"), std::string::npos);
}

TEST_F(Cli, OneProblemIsCountedInTheSingular) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto result = run(db() + "import " + dir_.write("one.csv", "record_id,sex\n1,f\n") + " --agency A");
  EXPECT_NE(result.output.find("1 problem found; nothing was stored — fix it and import again"),
            std::string::npos)
      << result.output;
}

TEST_F(Cli, ClassifyStoresVerdictsAndCompareCountsThem) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  // R1: a child recruited for sexual exploitation, no means recorded (Palermo Art. 3(c)); R2: begging by
  // coercion (EU 2011/36 names it; Palermo's open list counts it as forced services; the TVPA's closed list
  // does not); R3: nothing recorded.
  const auto file =
      dir_.write("c.csv",
                 "record_id,minor_at_recruitment,act_recruitment,means_coercion,purpose_sexual_exploitation,"
                 "purpose_begging,purpose_forced_labour,purpose_slavery,purpose_servitude,"
                 "purpose_debt_bondage,purpose_organ_removal\n"
                 "R1,yes,yes,,yes,,,,,,\nR2,no,yes,yes,no,yes,no,no,no,no,no\nR3,,,,,,,,,,\n");
  ASSERT_EQ(run(db() + "import " + file + " --agency A").exit_code, 0);
  const auto classified = run(db() + "classify");
  EXPECT_EQ(classified.exit_code, 0) << classified.output;
  EXPECT_NE(classified.output.find("3 records judged under 11 frameworks"), std::string::npos)
      << classified.output;
  const auto csv = run(db() + "definitions compare --format csv");
  EXPECT_NE(csv.output.find("verdicts,palermo-2000,,qualifies,2"), std::string::npos) << csv.output;
  EXPECT_NE(csv.output.find("verdicts,eu-2011-36,,qualifies,2"), std::string::npos);
  EXPECT_EQ(csv.output.find("disagreement,eu-2011-36,palermo-2000,"), std::string::npos);
  EXPECT_NE(csv.output.find("disagreement,eu-2011-36,tvpa-severe,,2"), std::string::npos);
  const auto explained = run(db() + "classify --explain A/main/R1");
  EXPECT_NE(explained.output.find("QUALIFIES under UN Palermo Protocol"), std::string::npos)
      << explained.output;
  EXPECT_EQ(run(db() + "classify --explain A/main/R9").exit_code, 1);
}

// `verdicts` writes one row per record and framework with the elements that decided; references whose list
// or record id hold a slash are read every way, and an ambiguous one is refused with the form that is not.
TEST_F(Cli, VerdictsAreMachineReadableAndReferencesWithSlashesAreUnambiguous) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto begging =
      dir_.write("b.csv",
                 "record_id,minor_at_recruitment,act_recruitment,means_coercion,purpose_begging\n"
                 "1,no,yes,yes,yes\n");
  ASSERT_EQ(run(db() + "import " + begging + " --agency A --list x/y").exit_code, 0);
  const auto other = dir_.write("o.csv", "record_id,sex\ny/1,female\n");
  ASSERT_EQ(run(db() + "import " + other + " --agency A --list x").exit_code, 0);
  const auto csv = run(db() + "verdicts");
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.substr(0, csv.output.find('\r')),
            "agency,list,record_id,framework,framework_version,verdict,deciding");
  const auto row = csv.output.find("A,x/y,1,palermo-2000,2000-11-15+");
  ASSERT_NE(row, std::string::npos) << csv.output;
  const auto line = csv.output.substr(row, csv.output.find('\n', row) - row);
  EXPECT_NE(line.find(",qualifies,"), std::string::npos) << line;
  EXPECT_NE(line.find("purpose_begging=yes"), std::string::npos) << line;
  EXPECT_NE(csv.output.find("A,x,y/1,palermo-2000,"), std::string::npos);
  const auto jsonl = run(db() + "verdicts --format jsonl --list x/y");
  EXPECT_NE(jsonl.output.find("\"deciding\":[\"act_recruitment=yes\""), std::string::npos) << jsonl.output;
  EXPECT_EQ(jsonl.output.find("\"list\":\"x\","), std::string::npos);

  const auto ambiguous = run(db() + "classify --explain A/x/y/1");
  EXPECT_EQ(ambiguous.exit_code, 1);
  EXPECT_NE(ambiguous.output.find("names 2 stored records"), std::string::npos) << ambiguous.output;
  EXPECT_NE(ambiguous.output.find("AGENCY|LIST|RECORD_ID"), std::string::npos);
  const auto exact = run(db() + "classify --explain 'A|x/y|1'");
  EXPECT_EQ(exact.exit_code, 0) << exact.output;
  EXPECT_NE(exact.output.find("QUALIFIES under UN Palermo Protocol"), std::string::npos) << exact.output;
  EXPECT_EQ(run(db() + "classify --explain 'A|x|y/1'").exit_code, 0);
}

TEST_F(Cli, DefinitionsCheckLocatesMistakesInANewFramework) {
  const auto file = dir_.write("national.toml",
                               "[framework]\nid = \"rs\"\nname = \"RS\"\nversion = \"2009\"\n"
                               "kind = \"law\"\nverdict = \"v\"\n[rule.v]\nall = [\"act_recruitmen\"]\n");
  const auto result = run("definitions check " + file);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("national.toml:8:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("did you mean 'act_recruitment'?"), std::string::npos) << result.output;
}

// The mechanics of the (experimental) linkage commands end to end; accuracy is measured elsewhere.
TEST_F(Cli, LinkStoresPersonsAndHistoriesCountThem) {
  const std::string scenario = dir_.write("s.toml", R"(
[scenario]
name = "two lists"
first_year = 2004
last_year = 2005
[[stream]]
name = "S"
nationality = "moldovan"
origin = "MD"
victims = { 2004 = 300, 2005 = 300 }
female = 1
age = { "18-30" = 1 }
exploitation = { sexual = 1 }
recruitment = { job_offer = 1 }
routes = [ { via = [], to = "RS" } ]
[[agency]]
id = "P"
country = "RS"
detection = 0.5
[[agency]]
id = "N"
country = "RS"
detection = 0.5
)");
  ASSERT_EQ(run("simulate --scenario " + scenario + " --seed 3 --out " + dir_.file("sim")).exit_code, 0);
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  for (const auto* list : {"P-main", "N-main"}) {
    const auto result = run(db() + "import " + dir_.file("sim") + "/" + list + ".csv --mapping " +
                            dir_.file("sim") + "/" + list + ".mapping.toml");
    ASSERT_EQ(result.exit_code, 0) << result.output;
  }
  EXPECT_EQ(run(db() + "histories").exit_code, 1);  // nothing linked yet
  const auto linked = run(db() + "link");
  ASSERT_EQ(linked.exit_code, 0) << linked.output;
  const auto persons_at = linked.output.find(" persons (");
  ASSERT_NE(persons_at, std::string::npos) << linked.output;
  const auto start = linked.output.rfind(' ', persons_at - 1) + 1;
  const long persons = std::stol(linked.output.substr(start, persons_at - start));
  const auto histories = run(db() + "histories");
  ASSERT_EQ(histories.exit_code, 0) << histories.output;
  EXPECT_EQ(histories.output.substr(0, histories.output.find('\r')), "N/main,P/main,count");
  long total = 0;
  std::size_t line_start = histories.output.find('\n') + 1;
  while (line_start < histories.output.size()) {
    const std::size_t end = histories.output.find('\n', line_start);
    const std::string line = histories.output.substr(line_start, end - line_start);
    total += std::stol(line.substr(line.rfind(',') + 1));
    EXPECT_TRUE(line.rfind("0,0,", 0) != 0) << "a person on no list: " << line;
    line_start = end + 1;
  }
  EXPECT_EQ(total, persons);
  // The persons never depend on the number of threads.
  ASSERT_EQ(run(db() + "link --threads 1").exit_code, 0);
  EXPECT_EQ(run(db() + "histories").output, histories.output);
  const auto evaluated = run(db() + "link eval --truth " + dir_.file("sim") + "/truth.csv");
  EXPECT_EQ(evaluated.exit_code, 0) << evaluated.output;
  EXPECT_NE(evaluated.output.find("pairwise F1"), std::string::npos);

  const auto strata = run(db() + "histories --strata sex,age");
  ASSERT_EQ(strata.exit_code, 0) << strata.output;
  EXPECT_EQ(strata.output.substr(0, strata.output.find('\r')), "stratum_sex,stratum_age,N/main,P/main,count");
  EXPECT_EQ(run(db() + "histories --strata height").exit_code, 1);

  const auto review = run(db() + "link review --limit 3");
  EXPECT_EQ(review.exit_code, 0) << review.output;
  EXPECT_NE(review.output.find("left for clerical review"), std::string::npos) << review.output;
  const auto explained = run(db() + "link explain P/main/P-000001 N/main/N-000001");
  EXPECT_EQ(explained.exit_code, 0) << explained.output;
  EXPECT_NE(explained.output.find("match weight"), std::string::npos) << explained.output;
  EXPECT_NE(explained.output.find("birth_date"), std::string::npos) << explained.output;
  const auto unknown = run(db() + "link explain P/main/nope N/main/N-000001");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("no stored record of P/main has that record_id"), std::string::npos)
      << unknown.output;
  EXPECT_EQ(unknown.output.find("nope"), std::string::npos) << "a record id is never repeated";
}

// Two lists of forty women; the pair A/main/a1 – B/main/b1 shares a rare surname. After a third list full
// of that surname is imported, `link explain` must still show the weights the last link decided with (the
// stored name-frequency tables), and only a new `link` may change them.
TEST_F(Cli, LinkExplainReplaysTheStoredModelNotTheCurrentStore) {
  const std::vector<std::string> given = {"Ana", "Maja", "Ivana", "Jelena", "Milica", "Marija"};
  const std::vector<std::string> surnames = {"Jovanović", "Petrović", "Nikolić",
                                             "Marković",  "Đorđević", "Ilić"};
  // fmt rather than string concatenation: GCC 12 at -O3 warns falsely (-Wrestrict) on the latter.
  const auto list = [&](const std::string& prefix) {
    std::string csv = fmt::format(
        "record_id,given_names,surnames,sex,birth_date\n{}1,Ana,Kovač,female,1990-03-04\n", prefix);
    for (std::size_t i = 2; i <= 40; ++i) {
      csv += fmt::format("{}{},{},{},female,19{}-0{}-1{}\n", prefix, i, given[i % given.size()],
                         surnames[(i * 7) % surnames.size()], 70 + i % 25, 1 + i % 9, i % 9);
    }
    return csv;
  };
  std::string kovac = "record_id,given_names,surnames,sex,birth_date\n";
  for (std::size_t i = 1; i <= 40; ++i) {
    kovac += fmt::format("c{},{},Kovač,female,19{}-1{}-0{}\n", i, given[i % given.size()], 60 + i % 30, i % 3,
                         1 + i % 9);
  }
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  ASSERT_EQ(run(db() + "import " + dir_.write("a.csv", list("a")) + " --agency A").exit_code, 0);
  ASSERT_EQ(run(db() + "import " + dir_.write("b.csv", list("b")) + " --agency B").exit_code, 0);
  ASSERT_EQ(run(db() + "link").exit_code, 0);
  const auto weight_line = [&] {
    const auto out = run(db() + "link explain A/main/a1 B/main/b1").output;
    const auto at = out.find("match weight");
    return at == std::string::npos ? out : out.substr(at, out.find('\n', at) - at);
  };
  const auto decided = weight_line();
  ASSERT_EQ(decided.rfind("match weight +", 0), 0U) << decided;
  ASSERT_EQ(run(db() + "import " + dir_.write("c.csv", kovac) + " --agency C").exit_code, 0);
  EXPECT_EQ(weight_line(), decided);  // nothing was linked since: the same weights
  ASSERT_EQ(run(db() + "link --threads 1").exit_code, 0);
  EXPECT_NE(weight_line(), decided);  // linked again: Kovač is common now and weighs less
}

TEST_F(Cli, EstimateReproducesKosovoAndStampsItsResult) {
  const std::string kosovo = std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/Kosovo.csv";
  const auto result =
      run("estimate --histories " + kosovo + " --method bic --max-order 3 --samples 2000 --format json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("\"model\": \"[123,14,34]\""), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("\"estimate\": 10356.5"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("\"input_checksum\": \"blake2b:"), std::string::npos);
  EXPECT_NE(result.output.find("\"clearpoint_version\""), std::string::npos);
  const auto text = run("estimate --histories " + kosovo + " --method fixed:[123,14,34] --no-compare");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("profile likelihood 95%"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("8994"), std::string::npos) << text.output;
}

// The Bayesian methods through the binary: graph averaging reproduces R's dga on Korea (159, 123–440), the
// latent-class report carries its chains' diagnostics, and both stand beside the log-linear answer.
TEST_F(Cli, EstimateByGraphAveragingAndLatentClasses) {
  const std::string korea = std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/Korea.csv";
  const auto dga = run("estimate --histories " + korea + " --method dga --format json");
  ASSERT_EQ(dga.exit_code, 0) << dga.output;
  EXPECT_NE(dga.output.find("\"median\": 159.0"), std::string::npos) << dga.output;
  EXPECT_NE(dga.output.find("\"upper\": 440.0"), std::string::npos) << dga.output;
  EXPECT_NE(dga.output.find("\"graph\": \"[12,23]\""), std::string::npos) << dga.output;
  const auto text = run("estimate --histories " + korea + " --method latent-class --samples 4000 --seed 3");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  for (const char* expected :
       {"posterior median", "R̂", "effective draws of N", "chain  median",
        "the kinds of estimate side by side", "bic [12,23]", "latent-class (chosen)", "dga"}) {
    EXPECT_NE(text.output.find(expected), std::string::npos) << expected << "\n" << text.output;
  }
  const auto csv = run("estimate --histories " + korea + " --method dga --format csv");
  EXPECT_NE(csv.output.find("credible_lower"), std::string::npos) << csv.output;
  EXPECT_EQ(run("estimate --histories " + korea + " --method latent-class --K 0").exit_code, 1);
  const auto apart = dir_.write("apart.csv", "A,B,C,count\n1,0,0,30\n0,1,0,20\n0,0,1,10\n");
  const auto none = run("estimate --histories " + apart + " --no-compare");
  EXPECT_EQ(none.exit_code, 0) << none.output;
  EXPECT_NE(none.output.find("no estimate: nobody is on two lists"), std::string::npos) << none.output;
}

// Coverage: `histories --coverage` says which lists could have caught each history's persons, a bad coverage
// file is refused with its location, and --coverage belongs to estimates from the store.
TEST_F(Cli, CoverageColumnAndLocatedCoverageErrors) {
  link_two_lists_by_destination();
  if (HasFatalFailure()) return;
  const auto coverage = dir_.write(
      "coverage.toml", "[[list]]\nlist = \"B/main\"\ncountry = \"RS\"\nroles = [\"destination\"]\n");
  const auto histories = run(db() + "histories --coverage " + coverage);
  ASSERT_EQ(histories.exit_code, 0) << histories.output;
  EXPECT_NE(histories.output.find("coverage,A/main,B/main,count"), std::string::npos) << histories.output;
  // Ana (exploited in Serbia) could have been on B whether or not linkage joins her two records; Iva
  // (exploited in Bosnia) could not.
  EXPECT_NE(histories.output.find("11,1,0,1"), std::string::npos) << histories.output;
  EXPECT_NE(histories.output.find("10,1,0,1"), std::string::npos) << histories.output;
  EXPECT_NE(histories.output.find("A/main declares no coverage"), std::string::npos) << histories.output;
  const auto bad = dir_.write("bad.toml", "[[list]]\nlist = \"B/main\"\nroles = [\"exit\"]\n");
  const auto refused = run(db() + "histories --coverage " + bad);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("bad.toml:3:"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("roles has 'exit'"), std::string::npos) << refused.output;
  const std::string korea = std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/Korea.csv";
  const auto both = run("estimate --histories " + korea + " --coverage " + coverage);
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_NE(both.output.find("--coverage applies to estimates from the store"), std::string::npos)
      << both.output;
}

// The coverage kept in the store: checked before it is kept, used by every estimate and histories table
// without --coverage (and named as the store's), set aside with --coverage none, removed with clear.
TEST_F(Cli, CoverageSavedInTheStoreIsUsedUnlessToldOtherwise) {
  link_two_lists_by_destination();
  if (HasFatalFailure()) return;
  const auto bad = dir_.write("bad.toml", "[[list]]\nlist = \"B/main\"\nroles = [\"exit\"]\n");
  const auto refused = run(db() + "coverage save " + bad);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("coverage file:3:"), std::string::npos) << refused.output;
  EXPECT_EQ(refused.output.find(".clearpoint-draft"), std::string::npos) << "no working folder named";
  EXPECT_NE(run(db() + "coverage show").output.find("no coverage is saved"), std::string::npos);

  const auto coverage = dir_.write(
      "coverage.toml", "[[list]]\nlist = \"B/main\"\ncountry = \"RS\"\nroles = [\"destination\"]\n");
  const auto from_file = run(db() + "histories --coverage " + coverage);
  ASSERT_EQ(run(db() + "coverage save " + coverage).exit_code, 0);
  const auto from_store = run(db() + "histories");
  ASSERT_EQ(from_store.exit_code, 0) << from_store.output;
  EXPECT_NE(from_store.output.find("coverage,A/main,B/main,count"), std::string::npos) << from_store.output;
  EXPECT_NE(from_store.output.find("11,1,0,1"), std::string::npos) << from_store.output;
  EXPECT_NE(from_store.output.find("A/main declares no coverage in the coverage saved in the store"),
            std::string::npos)
      << from_store.output;
  // The same table as from the file it came from.
  const auto table = [](const std::string& output) { return output.substr(output.find("coverage,")); };
  EXPECT_EQ(table(from_store.output).substr(0, 40), table(from_file.output).substr(0, 40));
  const auto pooled = run(db() + "histories --coverage none");
  ASSERT_EQ(pooled.exit_code, 0) << pooled.output;
  EXPECT_EQ(pooled.output.find("coverage,"), std::string::npos) << pooled.output;
  EXPECT_NE(run(db() + "coverage show").output.find("country = \"RS\""), std::string::npos);
  EXPECT_NE(run(db() + "audit list").output.find("coverage-saved"), std::string::npos);
  ASSERT_EQ(run(db() + "coverage clear").exit_code, 0);
  EXPECT_EQ(run(db() + "histories").output.find("coverage,"), std::string::npos);
}

// A histories table with coverage: lists A, B, C in one country catching independently, D alone elsewhere.
// Per group, D's persons are carried as found (a lower bound); shared, D's catch rate is read where D
// overlaps with C and the persons D alone could catch are estimated, with the assumption said.
TEST_F(Cli, EstimateSharesListRatesAcrossCoverageGroupsWhenAsked) {
  std::string csv = "coverage,A,B,C,D,count\n";
  // 2,000 persons, each list catching a third of them: the expected counts of the eight histories.
  const char* histories[] = {"1,0,0", "0,1,0", "0,0,1", "1,1,0", "1,0,1", "0,1,1", "1,1,1"};
  const int expected[] = {296, 296, 296, 148, 148, 148, 74};
  for (int i = 0; i < 7; ++i) csv += fmt::format("1110,{},0,{}\n", histories[i], expected[i]);
  // C and D share 900 persons, each caught with probability a third; D alone sees 600 more.
  csv += "0011,0,0,1,0,200\n0011,0,0,0,1,200\n0011,0,0,1,1,100\n0001,0,0,0,1,200\n";
  const auto table = dir_.write("coverage-histories.csv", csv);
  const auto per_group =
      run("estimate --histories " + table + " --no-compare --samples 4000 --coverage-model per-group");
  ASSERT_EQ(per_group.exit_code, 0) << per_group.output;
  EXPECT_NE(per_group.output.find("not estimable: one list"), std::string::npos) << per_group.output;
  // ABC and CD each ran the sampler; D alone ran none.
  EXPECT_NE(per_group.output.find("2 runs of 4 chains, one per coverage group, the longest 8000 iterations"),
            std::string::npos)
      << per_group.output;
  const auto shared = run("estimate --histories " + table +
                          " --no-compare --samples 20000 --coverage-model shared --format json");
  ASSERT_EQ(shared.exit_code, 0) << shared.output;
  const auto json = nlohmann::json::parse(shared.output);
  const auto& groups = json["results"][0]["posterior"]["coverage_groups"];
  ASSERT_EQ(groups.size(), 3u) << shared.output;
  const auto& d_alone = groups[1];  // in order of the list masks (bit j: list j): ABC, D, CD
  EXPECT_EQ(d_alone["estimated_by"], "shared classes, one list") << shared.output;
  EXPECT_NEAR(d_alone["median"].get<double>(), 600, 90) << shared.output;
  EXPECT_NE(shared.output.find("one list alone could catch"), std::string::npos) << shared.output;
  EXPECT_EQ(run("estimate --histories " + table + " --coverage-model both").exit_code, 1);
  // `?`: lists the persons' records do not decide (as `histories --coverage` writes them); a `?` on a list
  // the persons are on contradicts itself and is refused with its place.
  const auto unsure = dir_.write("unsure.csv", csv + "1??0,1,0,0,0,40\n");
  const auto placed = run("estimate --histories " + unsure + " --no-compare --samples 4000");
  ASSERT_EQ(placed.exit_code, 0) << placed.output;
  EXPECT_NE(placed.output.find("40 persons whose records do not decide"), std::string::npos) << placed.output;
  // On A and not D, they can only be in the group A, B and C could catch: 1,406 found there and these 40.
  EXPECT_NE(placed.output.find("(40 placed)"), std::string::npos) << placed.output;
  const auto placed_json =
      run("estimate --histories " + unsure + " --no-compare --samples 4000 --format json");
  ASSERT_EQ(placed_json.exit_code, 0) << placed_json.output;
  const auto placed_parsed = nlohmann::json::parse(placed_json.output);
  const auto& placed_groups = placed_parsed["results"][0]["posterior"]["coverage_groups"];
  EXPECT_NEAR(placed_groups[0]["placed"].get<double>(), 40, 0.5) << placed_json.output;
  EXPECT_NEAR(placed_groups[0]["observed"].get<double>(), 1446, 0.5) << placed_json.output;
  EXPECT_EQ(placed_groups[1]["placed"].get<double>(), 0) << placed_json.output;
  const auto contradiction = dir_.write("contradiction.csv", csv + "1??0,0,1,0,0,40\n");
  const auto refused = run("estimate --histories " + contradiction + " --no-compare");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("contradiction.csv:13:"), std::string::npos) << refused.output;
}

TEST_F(Cli, EstimateRefusesBadTablesWithLocatedErrors) {
  const struct {
    const char* content;
    const char* message;
  } cases[] = {
      {"A,B,count\n1,0,-3\n0,1,4\n1,1,2\n", "c.csv:2:5: count: '-3' is not a whole number"},
      {"A,B,count\n1,0,3\n0,2,4\n1,1,2\n", "c.csv:3:3: B: '2' is not 0 or 1"},
      {"A,count\n1,3\n", "1 list is given"},
      {"A,B,count\n1,0,3\n1,0,4\n", "this history is already given on line 2"},
      {"A,B,C,count\n1,0,0,3\n0,1,0,4\n1,1,0,2\n", "nobody is on list 3 (C)"},
      {"A,B,count\n0,0,3\n1,0,1\n", "the all-zero history cannot be observed"},
  };
  for (const auto& c : cases) {
    const auto path = dir_.write("c.csv", c.content);
    const auto result = run("estimate --histories " + path);
    EXPECT_EQ(result.exit_code, 1) << c.content << result.output;
    EXPECT_NE(result.output.find(c.message), std::string::npos) << c.content << result.output;
  }
}

TEST_F(Cli, TiersPrintsTheSeedGridAndRefusesABadFile) {
  const auto grid = run("tiers --format csv");
  ASSERT_EQ(grid.exit_code, 0) << grid.output;
  EXPECT_NE(grid.output.find("BA,3,3,3 → 2 (9/2003),2,2,2"), std::string::npos) << grid.output;
  EXPECT_NE(grid.output.find("CS,3 (as FRY),2 (as FRY),2,2WL,2,2"), std::string::npos) << grid.output;
  const auto bad = dir_.write(
      "t.csv", "country,report_year,tier,changed_on,tier_after,ranked_as,source\nAL,2005,Tier 9,,,,s\n");
  const auto refused = run("tiers --add " + bad);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("t.csv:2:9: tier: 'Tier 9' is not a tier"), std::string::npos)
      << refused.output;
}

TEST_F(Cli, ClaimsTraceFlagsTheReattributedFigure) {
  const auto traced = run("claims trace media-iom-120000");
  ASSERT_EQ(traced.exit_code, 0) << traced.output;
  EXPECT_NE(traced.output.find("FLAG re-attribution: cited as IOM's figure"), std::string::npos)
      << traced.output;
  const auto unknown = run("claims trace media-iom-12000");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("did you mean 'media-iom-120000'?"), std::string::npos) << unknown.output;
}

TEST_F(Cli, FieldsPrintsTheDataDictionary) {
  const auto result = run("fields");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find("| `means_abuse_of_vulnerability` |"), std::string::npos);
}

// The independent test lists (data/link/testlists) linked as a user links them, then every result a
// user takes away: persons as a table and as a 0600 file, the export with persons, the evaluation broken
// down by how each list spells names, a truth that lacks a record refused, the review queue with the
// pairs a rule held apart and explain naming that rule.
TEST_F(Cli, LinkResultsCanBeTakenAwayAndExplained) {
  const std::string lists = std::string(CLEARPOINT_SOURCE_DATA_DIR) + "/link/testlists/";
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  EXPECT_EQ(run(db() + "export --with-person --out " + dir_.file("early.csv")).exit_code, 1);  // not linked
  for (const std::string list : {"police-rs", "ngo-rs", "iom", "police-de", "police-it", "consulate-fr"}) {
    std::string agency = list;
    for (auto& c : agency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto imported = run(db() + "import " + lists + list + ".csv --agency " + agency);
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
  }
  ASSERT_EQ(run(db() + "link").exit_code, 0);

  const auto table = run(db() + "persons --agency IOM");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("lists the person is on"), std::string::npos);
  EXPECT_EQ(table.output.find("POLICE-RS/main/RS"), std::string::npos) << "the filter chooses the rows";

  const auto written = run(db() + "persons --out " + dir_.file("persons.csv"));
  ASSERT_EQ(written.exit_code, 0) << written.output;
  struct stat info {};
  ASSERT_EQ(::stat(dir_.file("persons.csv").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  std::ifstream persons(dir_.file("persons.csv"));
  std::string header;
  std::getline(persons, header);
  EXPECT_EQ(header.substr(0, header.find('\r')),
            "agency,list,record_id,person,link_probability,person_lists,lists");
  int rows = 0;
  for (std::string line; std::getline(persons, line);) ++rows;
  EXPECT_EQ(rows, 1073);

  ASSERT_EQ(run(db() + "export --with-person --out " + dir_.file("with.csv")).exit_code, 0);
  std::ifstream with(dir_.file("with.csv"));
  std::getline(with, header);
  EXPECT_NE(header.find(",person,link_probability"), std::string::npos) << header;

  const auto by = run(db() + "link eval --truth " + lists + "truth.csv --by spelling");
  ASSERT_EQ(by.exit_code, 0) << by.output;
  for (const auto* family : {"german", "italian", "french", "icao", "cyrillic", "albanian-in-serbian"})
    EXPECT_NE(by.output.find(family), std::string::npos) << family;
  EXPECT_EQ(run(db() + "link eval --truth " + lists + "truth.csv --by height").exit_code, 1);

  std::ifstream full(lists + "truth.csv");
  std::ofstream partial(dir_.file("partial.csv"));
  int n = 0;
  for (std::string line; std::getline(full, line); ++n) {
    if (n != 3) partial << line << '\n';
  }
  partial.close();
  const auto refused = run(db() + "link eval --truth " + dir_.file("partial.csv"));
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("partial.csv: 1 stored record of "), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("/main has no row in the truth file"), std::string::npos) << refused.output;

  const auto review = run(db() + "link review --limit 500");
  ASSERT_EQ(review.exit_code, 0) << review.output;
  const auto held = review.output.find("held apart: ");
  ASSERT_NE(held, std::string::npos) << review.output;
  // The first held-apart pair's two references open its line.
  const auto line_start = review.output.rfind('\n', held) + 1;
  const std::string line = review.output.substr(line_start, held - line_start);
  const auto a = line.substr(0, line.find(' '));
  const auto rest = line.substr(line.find_first_not_of(' ', a.size()));
  const auto b = rest.substr(0, rest.find(' '));
  const auto explained = run(db() + "link explain " + a + " " + b);
  ASSERT_EQ(explained.exit_code, 0) << explained.output;
  EXPECT_NE(explained.output.find("rule: held apart in the last run"), std::string::npos) << explained.output;
  EXPECT_NE(explained.output.find("for the pair alone"), std::string::npos) << explained.output;
}

// A file laid out as FEBRL's: ", "-separated cells, YYYYMMDD dates, one impossible date. The mapping
// declares all three; without impossible_dates = "unknown" the row is refused, located, without its
// value; a list column that contradicts --list is refused.
TEST_F(Cli, MappingsDeclareTrimmingDateFormatsAndImpossibleDates) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto file = dir_.write("f.csv",
                               "rec_id, given_name, surname, date_of_birth\n"
                               "rec-1-org, ana, kovac, 19850312\n"
                               "rec-2-org, iva, horvat, 19850231\n"
                               "rec-3-org, maja, babic, \n");
  const std::string columns =
      "[columns]\nrec_id = \"record_id\"\ngiven_name = \"given_names\"\nsurname = \"surnames\"\n"
      "date_of_birth = \"birth_date\"\n";
  const std::string febrl_format = "[format]\nseparator = \",\"\ntrim = true\ndate_format = \"YYYYMMDD\"\n";
  const auto strict = dir_.write("strict.toml", febrl_format + columns);
  const auto refused = run(db() + "import " + file + " --agency A --mapping " + strict);
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("f.csv:3:"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("not a real calendar date"), std::string::npos) << refused.output;
  EXPECT_EQ(refused.output.find("19850231"), std::string::npos) << "a birth date is not echoed";

  const auto lenient =
      dir_.write("lenient.toml", febrl_format + "impossible_dates = \"unknown\"\n" + columns);
  const auto imported = run(db() + "import " + file + " --agency A --mapping " + lenient);
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_NE(imported.output.find("1 impossible date"), std::string::npos) << imported.output;
  const auto exported = run(db() + "export --format csv --out -");
  EXPECT_NE(exported.output.find("1985-03-12"), std::string::npos) << exported.output;
  EXPECT_EQ(exported.output.find(",1985,"), std::string::npos) << "unknown: no year kept";

  // impossible_dates = "year": the slipped day is kept as its year alone, counted.
  const auto yearly = dir_.write("yearly.toml", febrl_format + "impossible_dates = \"year\"\n" + columns);
  const auto kept_year = run(db() + "import " + file + " --agency Y --mapping " + yearly);
  ASSERT_EQ(kept_year.exit_code, 0) << kept_year.output;
  EXPECT_NE(kept_year.output.find("1 impossible date (no such calendar day) stored as the year alone"),
            std::string::npos)
      << kept_year.output;
  const auto exported_year = run(db() + "export --agency Y --format csv --out -");
  EXPECT_NE(exported_year.output.find(",1985,"), std::string::npos) << exported_year.output;
  // A date with no year either is unknown even under "year"; each count names its own first cell.
  const auto no_year = dir_.write("no_year.csv",
                                  "rec_id, given_name, surname, date_of_birth\n"
                                  "rec-4-org, ana, kovac, 00001302\n"
                                  "rec-5-org, iva, horvat, 19850231\n");
  const auto both = run(db() + "import " + no_year + " --agency Z --mapping " + yearly);
  ASSERT_EQ(both.exit_code, 0) << both.output;
  EXPECT_NE(
      both.output.find("stored as the year alone, as the mapping's impossible_dates = \"year\" asks; the "
                       "first at " +
                       no_year + ":3:"),
      std::string::npos)
      << both.output;
  EXPECT_NE(both.output.find("(no such calendar day, nor a year) stored as unknown, as the mapping's "
                             "impossible_dates = \"year\" asks; the first at " +
                             no_year + ":2:"),
            std::string::npos)
      << both.output;

  const auto badly = dir_.write("bad.toml", "[format]\ndate_format = \"DD/YY\"\n" + columns);
  const auto bad_format = run(db() + "import " + file + " --agency A --list other --mapping " + badly);
  EXPECT_EQ(bad_format.exit_code, 1);
  EXPECT_NE(bad_format.output.find("bad.toml:2"), std::string::npos) << bad_format.output;

  const auto listed = dir_.write("listed.csv", "record_id,list,given_names\nr1,shelter,Ana\n");
  const auto contradicted = run(db() + "import " + listed + " --agency A --list victims");
  EXPECT_EQ(contradicted.exit_code, 1) << contradicted.output;
  EXPECT_NE(contradicted.output.find("imported as list 'victims'"), std::string::npos) << contradicted.output;
  EXPECT_EQ(run(db() + "import " + listed + " --agency A").exit_code, 0);  // the file's own list
}

// Persons older than the records: a batch imported or withdrawn after `link` makes histories and
// estimate refuse (they would leave the new list out, or keep persons joined through a withdrawn
// record) until linked again; --stale-ok goes ahead and says so.
TEST_F(Cli, StalePersonsAreRefusedUntilLinkedAgain) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto a = dir_.write("a.csv",
                            "record_id,given_names,surnames,birth_date\na1,Ana,Kovač,1985-03-12\n"
                            "a2,Iva,Horvat,1990-01-02\n");
  const auto b = dir_.write("b.csv", "record_id,given_names,surnames,birth_date\nb1,Ana,Kovac,1985-03-12\n");
  const auto c = dir_.write("c.csv", "record_id,given_names,surnames,birth_date\nc1,Maja,Babić,1988-07-07\n");
  ASSERT_EQ(run(db() + "import " + a + " --agency A").exit_code, 0);
  ASSERT_EQ(run(db() + "import " + b + " --agency B").exit_code, 0);
  ASSERT_EQ(run(db() + "link").exit_code, 0);
  ASSERT_EQ(run(db() + "histories").exit_code, 0);
  ASSERT_EQ(run(db() + "import " + c + " --agency C").exit_code, 0);
  const auto stale = run(db() + "histories");
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.output.find("since the last `clearpoint link` 1 record was imported"), std::string::npos)
      << stale.output;
  const auto anyway = run(db() + "histories --stale-ok");
  EXPECT_EQ(anyway.exit_code, 0) << anyway.output;
  EXPECT_NE(anyway.output.find("warning: the persons are out of date"), std::string::npos) << anyway.output;
  EXPECT_EQ(anyway.output.find("C/main"), std::string::npos) << "the new list is not in the old persons";
  ASSERT_EQ(run(db() + "link").exit_code, 0);
  EXPECT_NE(run(db() + "histories").output.find("C/main"), std::string::npos);
  ASSERT_EQ(run(db() + "batches withdraw 2 --reason test").exit_code, 0);
  const auto withdrawn = run(db() + "estimate --bootstrap 0");
  EXPECT_EQ(withdrawn.exit_code, 1);
  EXPECT_NE(withdrawn.output.find("1 record was withdrawn"), std::string::npos) << withdrawn.output;
  const auto flagged = run(db() + "estimate --bootstrap 0 --stale-ok");
  EXPECT_NE(flagged.output.find("FLAG: the persons are out of date"), std::string::npos) << flagged.output;
  // Routes and roles count persons too.
  for (const auto* command : {"flows", "roles --country RS"}) {
    const auto refused = run(db() + command);
    EXPECT_EQ(refused.exit_code, 1) << command;
    EXPECT_NE(refused.output.find("1 record was withdrawn"), std::string::npos) << refused.output;
    const auto said = run(db() + command + " --stale-ok");
    EXPECT_EQ(said.exit_code, 0) << said.output;
    EXPECT_NE(said.output.find("the persons are out of date"), std::string::npos) << said.output;
  }
}

// --agency and --list become every record's agency and list: a space or a Cyrillic letter is refused
// at import (it used to break every later command), and so is a name differing from a stored one only
// in letter case (one agency would become two).
TEST_F(Cli, AgencyAndListNamesAreIdentifiersWithOneSpelling) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto file = dir_.write("a.csv", "record_id,given_names\na1,Ana\n");
  for (const auto* agency : {"'IOM Serbia'", "МУП-РС"}) {
    const auto refused = run(db() + "import " + file + " --agency " + agency);
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    EXPECT_NE(refused.output.find("--agency may contain only"), std::string::npos) << refused.output;
  }
  ASSERT_EQ(run(db() + "import " + file + " --agency MUP-RS --list victims").exit_code, 0);
  const auto twin = run(db() + "import " + dir_.write("b.csv", "record_id,given_names\nb1,Iva\n") +
                        " --agency mup-rs --list Victims");
  EXPECT_EQ(twin.exit_code, 1) << twin.output;
  EXPECT_NE(twin.output.find("--agency 'mup-rs' differs only in letter case from the stored 'MUP-RS'"),
            std::string::npos)
      << twin.output;
  EXPECT_NE(twin.output.find("--list 'Victims' differs only in letter case"), std::string::npos)
      << twin.output;
  EXPECT_EQ(run(db() + "stats").exit_code, 0);  // the store stays usable
}

// Escape sequences in a value reach the terminal only escaped; a right-to-left override or a line
// separator inside a name is refused at import (the name would read as something it is not).
TEST_F(Cli, TerminalEscapesAreShownNotObeyedAndDirectionOverridesAreRefused) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  const auto escape = dir_.write("e.csv", "record_id,sex\ne1,\x1b[2J\x1b]0;owned\x07\n");
  const auto shown = run(db() + "import " + escape + " --agency A");
  EXPECT_EQ(shown.exit_code, 1);
  EXPECT_EQ(shown.output.find('\x1b'), std::string::npos) << "a raw escape reached the terminal";
  EXPECT_NE(shown.output.find("\\x1b[2J"), std::string::npos) << shown.output;
  const auto override = dir_.write("o.csv",
                                   "record_id,given_names,surnames\no1,Ana,\xE2\x80\xAE"
                                   "civokoK\no2,Iva\xE2\x80\xA8"
                                   "Maja,Ilić\n");
  const auto refused = run(db() + "import " + override + " --agency A");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("o.csv:2:"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("(U+202E)"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("(U+2028)"), std::string::npos) << refused.output;
  EXPECT_EQ(refused.output.find("civokoK"), std::string::npos) << "the name is not repeated";
}

// The store holds victims' names: it and the files SQLite keeps beside it are readable by their owner
// only, whatever the umask.
TEST_F(Cli, TheStoreIsReadableByItsOwnerOnly) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  ASSERT_EQ(run(db() + "import " + dir_.write("a.csv", "record_id,given_names\na1,Ana\n") + " --agency A")
                .exit_code,
            0);
  for (const auto* suffix : {"", "-wal", "-shm"}) {
    struct stat info {};
    if (::stat((dir_.file("c.db") + suffix).c_str(), &info) != 0) continue;  // -wal may be checkpointed away
    EXPECT_EQ(info.st_mode & 0777, 0600U) << "c.db" << suffix;
  }
}

// A batch without an agency is refused once for the file, not once per row.
TEST_F(Cli, AMissingAgencyIsOneErrorNotOnePerRow) {
  ASSERT_EQ(run(db() + "init").exit_code, 0);
  std::string rows = "record_id,given_names\n";
  for (int i = 0; i < 1000; ++i) rows += fmt::format("r{},Ana\n", i);
  const auto result = run(db() + "import " + dir_.write("many.csv", rows));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("many.csv:1:1: agency: no agency is given"), std::string::npos)
      << result.output;
  EXPECT_LT(std::count(result.output.begin(), result.output.end(), '\n'), 5) << result.output;
}

}  // namespace
}  // namespace clearpoint::cli
