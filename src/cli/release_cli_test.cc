// `clearpoint release publish` and `release audit` end to end: the tables written hold no count below the
// threshold, the audit from the files alone agrees, and files edited to reveal more are refused.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include "testing/run_clearpoint.h"
#include "testing/temp_dir.h"

namespace clearpoint::cli {
namespace {

using testing::read_file;
using testing::run_clearpoint;

class Release : public ::testing::Test {
 protected:
  void SetUp() override {
    // 2020: 2 women from MD, 30 women from RS, 9 men from RS; 2021: 12 women from MD, 25 from RS, 1 man from
    // MD, 8 men from RS. Year × sex has the small cells 2020 × male? no: 9 — the small ones are MD 2020
    // women (2) and MD 2021 men (1) in citizenship × year, and 2021 × male = 9.
    std::string rows = "record_id,sex,citizenship,identification_year\n";
    int id = 0;
    const auto add = [&](int n, const char* sex, const char* citizenship, int year) {
      for (int i = 0; i < n; ++i) rows += fmt::format("r{},{},{},{}\n", id++, sex, citizenship, year);
    };
    add(2, "female", "MD", 2020);
    add(30, "female", "RS", 2020);
    add(9, "male", "RS", 2020);
    add(12, "female", "MD", 2021);
    add(25, "female", "RS", 2021);
    add(1, "male", "MD", 2021);
    add(8, "male", "RS", 2021);
    ASSERT_EQ(run_clearpoint(db() + "init").exit_code, 0);
    ASSERT_EQ(run_clearpoint(db() + "import " + dir_.write("a.csv", rows) + " --agency A").exit_code, 0);
    release_ =
        dir_.write("r.toml",
                   "[release]\nid = \"test\"\nyears = [2020, 2021]\nunit = \"records\"\nthreshold = 5\n\n"
                   "[[table]]\nid = \"year-sex\"\nvariables = [\"year\", \"sex\"]\n\n"
                   "[[table]]\nid = \"citizenship-year\"\nvariables = [\"citizenship\", \"year\"]\n");
  }
  std::string db() const { return "--db " + dir_.file("s.db") + " "; }
  // A late batch of `rows` (sex,citizenship,identification_year lines) from `agency`.
  void import_late(const std::string& rows, const std::string& agency) {
    const auto file = dir_.write("late.csv", "record_id,sex,citizenship,identification_year\n" + rows);
    ASSERT_EQ(run_clearpoint(db() + "import " + file + " --agency=" + agency).exit_code, 0);
  }
  testing::TempDir dir_;
  std::string release_;
};

// Every count in the written tables, by "table: categories".
std::map<std::string, std::string> counts_in(const std::string& dir, const std::vector<std::string>& tables) {
  std::map<std::string, std::string> counts;
  for (const auto& table : tables) {
    std::istringstream in(read_file(dir + "/" + table + ".csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const auto last = line.rfind(',');
      const auto count = line.rfind(',', last - 1);
      counts[table + ": " + line.substr(0, count)] = line.substr(count + 1, last - count - 1);
    }
  }
  return counts;
}

TEST_F(Release, NoCountBelowTheThresholdIsPublishedAndTheAuditAgrees) {
  const auto out = dir_.file("out");
  const auto published = run_clearpoint(db() + "release publish " + release_ + " --out " + out);
  ASSERT_EQ(published.exit_code, 0) << published.output;
  EXPECT_NE(published.output.find("87 records"), std::string::npos) << published.output;
  const auto counts = counts_in(out, {"year-sex", "citizenship-year"});
  EXPECT_EQ(counts.at("year-sex: Total,Total"), "87");
  for (const auto& [cell, count] : counts) {
    if (count.empty()) continue;
    const int n = std::stoi(count);
    EXPECT_TRUE(n == 0 || n >= 5) << cell << " = " << n;
  }
  EXPECT_EQ(counts.at("citizenship-year: MD,2020"), "") << "the 2 women from MD in 2020";
  EXPECT_EQ(counts.at("citizenship-year: MD,2021"), "") << "12 + 1, but MD's total minus it would give the 2";
  struct stat info {};
  ASSERT_EQ(::stat((out + "/year-sex.csv").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  const auto audit = run_clearpoint("release audit " + out);
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  EXPECT_NE(audit.output.find("no withheld cell can be narrowed"), std::string::npos) << audit.output;
}

// `text` with its one occurrence of `from` replaced by `to` (std::regex trips GCC 12's
// maybe-uninitialized warning under ASan).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST_F(Release, FilesEditedToRevealMoreAreRefusedByTheAudit) {
  const auto out = dir_.file("out");
  ASSERT_EQ(run_clearpoint(db() + "release publish " + release_ + " --out " + out).exit_code, 0);
  const auto original = read_file(out + "/citizenship-year.csv");
  // A withheld small count written in.
  dir_.write("out/citizenship-year.csv", replaced(original, "MD,2020,,c", "MD,2020,2,"));
  const auto small = run_clearpoint("release audit " + out);
  EXPECT_EQ(small.exit_code, 1);
  EXPECT_NE(small.output.find("published below the threshold: citizenship-year: MD × 2020 = 2"),
            std::string::npos)
      << small.output;
  // The cell that hides it written in instead: MD 2020 = MD total − MD 2021 = 2 again.
  dir_.write("out/citizenship-year.csv", replaced(original, "MD,2021,,c", "MD,2021,13,"));
  const auto exposed = run_clearpoint("release audit " + out);
  EXPECT_EQ(exposed.exit_code, 1);
  EXPECT_NE(exposed.output.find("exposed: citizenship-year: MD × 2020 in [2, 2]"), std::string::npos)
      << exposed.output;
}

// Releases are kept: a second release of the same data is protected with the first known (the
// attacker has both), and one made after the data changed says that differencing across the change is
// not checked.
TEST_F(Release, LaterReleasesAreProtectedTogetherWithTheEarlierOnes) {
  ASSERT_EQ(run_clearpoint(db() + "release publish " + release_ + " --out " + dir_.file("first")).exit_code,
            0);
  const auto by_sex =
      dir_.write("s.toml",
                 "[release]\nid = \"by-sex\"\nyears = [2020, 2021]\nunit = \"records\"\n\n"
                 "[[table]]\nid = \"citizenship-sex\"\nvariables = [\"citizenship\", \"sex\"]\n");
  const auto second = run_clearpoint(db() + "release publish " + by_sex + " --out " + dir_.file("second"));
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("protected together with the earlier release test"), std::string::npos)
      << second.output;
  EXPECT_NE(second.output.find("attacker interval at least 5 wide: yes"), std::string::npos) << second.output;
  // The first release's 2 stays hidden with both releases' numbers known.
  const auto counts = counts_in(dir_.file("second"), {"citizenship-sex"});
  EXPECT_EQ(counts.at("citizenship-sex: MD,male"), "");
  import_late("late1,female,RS,2021\n", "B");
  const auto third = run_clearpoint(db() + "release publish " + by_sex + " --out " + dir_.file("third"));
  ASSERT_EQ(third.exit_code, 0) << third.output;
  EXPECT_NE(third.output.find("was counted from other data"), std::string::npos) << third.output;
  EXPECT_NE(run_clearpoint(db() + "audit list").output.find("release"), std::string::npos);
}

// The statutory layouts, the workbook and the report are written from the same protected cells: the
// Eurostat file flags MD 2020 as confidential, the GLOTIP file puts the records of unknown age under
// Unknown, the workbook has a sheet per file, and the report shows no count from 1 to 4 anywhere.
TEST_F(Release, StatutoryFilesTheWorkbookAndTheReportComeFromTheProtectedTables) {
  // No legal elements are recorded, so the frameworks section counts every record as undetermined.
  const auto every =
      dir_.write("full.toml",
                 "[release]\nid = \"full\"\nyears = [2020, 2021]\nunit = \"records\"\nthreshold = 5\n\n"
                 "[[table]]\nid = \"citizenship-year\"\nvariables = [\"citizenship\", \"year\"]\nlayout = "
                 "\"eurostat\"\n\n"
                 "[[table]]\nid = \"citizenship-glotip\"\nvariables = [\"citizenship\", \"glotip_group\"]\n"
                 "layout = \"glotip\"\n\n"
                 "[htcds]\nk = 5\n\n"
                 "[report]\nframeworks = true\nclaims = [\"media-iom-120000\"]\n");
  const auto out = dir_.file("full");
  const auto published = run_clearpoint(db() + "publish " + every + " --out " + out);
  ASSERT_EQ(published.exit_code, 0) << published.output;
  const auto eurostat = read_file(out + "/citizenship-year.eurostat.csv");
  EXPECT_EQ(eurostat.substr(0, eurostat.find('\n')), "freq,unit,citizen,TIME_PERIOD,OBS_VALUE,OBS_FLAG\r");
  EXPECT_NE(eurostat.find("A,NR,MD,2020,,c\r\n"), std::string::npos) << eurostat;
  EXPECT_NE(eurostat.find("A,NR,TOTAL,2021,46,\r\n"), std::string::npos) << eurostat;
  EXPECT_EQ(eurostat.find(",Total,"), std::string::npos) << "no row summed over the years";
  const auto glotip = read_file(out + "/citizenship-glotip.glotip.csv");
  EXPECT_NE(glotip.find("citizenship,Women,Men,Girls,Boys,Unknown,Total\r\n"), std::string::npos) << glotip;
  EXPECT_NE(glotip.find("Total,0,0,0,0,87,87\r\n"), std::string::npos) << "no age is recorded: all unknown\n"
                                                                       << glotip;
  // The HTCDS rows: every group of values shared by 5 rows or saying nothing, none inside the withheld
  // MD × 2020 cell, none dropped.
  std::istringstream htcds(read_file(out + "/htcds.csv"));
  std::string line;
  std::getline(htcds, line);
  EXPECT_EQ(line,
            "prs_Gender,prs_Citizenship,vic_TraffickingStatus,vic_TypeOfExploitation,"
            "vic_TraffickingStatusDecisionDate,x_AgeGroup\r");
  std::map<std::string, int> groups;
  int rows = 0;
  while (std::getline(htcds, line)) {
    ++groups[line];
    ++rows;
    EXPECT_EQ(line.find(",MD,,,2020,"), std::string::npos) << line;
  }
  EXPECT_EQ(rows, 87);
  for (const auto& [values, n] : groups) EXPECT_TRUE(n >= 5 || values == ",,,,,\r") << values << ": " << n;
  EXPECT_NE(published.output.find("HTCDS rows: 87 records"), std::string::npos) << published.output;
  struct stat info {};
  for (const auto* file : {"/full.xlsx", "/report.html", "/citizenship-year.eurostat.csv", "/htcds.csv"}) {
    ASSERT_EQ(::stat((out + file).c_str(), &info), 0) << file;
    EXPECT_EQ(info.st_mode & 0777, 0600) << file;
  }
  const auto workbook = read_file(out + "/full.xlsx");
  EXPECT_EQ(workbook.substr(0, 4), std::string("PK\x03\x04", 4));
  // About, two tables, two statutory layouts, the HTCDS rows; each sheet named in the zip's local header and
  // directory.
  std::size_t sheets = 0;
  for (auto at = workbook.find("xl/worksheets/sheet"); at != std::string::npos;
       at = workbook.find("xl/worksheets/sheet", at + 1))
    ++sheets;
  EXPECT_EQ(sheets, 2u * 6u);
  const auto report = read_file(out + "/report.html");
  for (int n = 1; n < 5; ++n)
    EXPECT_EQ(report.find(fmt::format("<td>{}</td>", n)), std::string::npos) << "a count of " << n;
  EXPECT_NE(report.find("<h2>The legal frameworks side by side</h2>"), std::string::npos);
  EXPECT_NE(report.find("re-attribution"), std::string::npos) << "the traced claim's flags";
  EXPECT_NE(report.find(R"(<span class="c")"), std::string::npos);
  for (const auto* name : {"r0", "r12", "r86"})
    EXPECT_EQ(report.find(std::string(">") + name + "<"), std::string::npos) << "no record id";
}

TEST_F(Release, TheReportPrintsToPdfWithChromium) {
  if (::access("/usr/bin/chromium", X_OK) != 0) GTEST_SKIP() << "Debian's chromium is not installed";
  const auto out = dir_.file("pdf");
  const auto published = run_clearpoint(db() + "publish " + release_ + " --out " + out + " --pdf");
  ASSERT_EQ(published.exit_code, 0) << published.output;
  const auto pdf = read_file(out + "/report.pdf");
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  EXPECT_GT(pdf.size(), 5000u);
}

// A revision after a late batch: three more Moldovan women of 2020 make MD × 2020 = 5 and MD = 18. Published
// as they stand, with MD × 2021 = 13, they give the first release's withheld 2 back within [2, 5] to anyone
// holding both releases and assuming records were only added (x2020 = 15 − x2021 = 15 − (13 − d2021) and
// d2020 + d2021 = 3). Protected as a revision, one of them is withheld.
TEST_F(Release, ARevisionAfterALateBatchDoesNotGiveBackAnEarlierWithheldCount) {
  ASSERT_EQ(run_clearpoint(db() + "publish " + release_ + " --out " + dir_.file("march")).exit_code, 0);
  EXPECT_EQ(counts_in(dir_.file("march"), {"citizenship-year"}).at("citizenship-year: MD,2020"), "");
  import_late("late1,female,MD,2020\nlate2,female,MD,2020\nlate3,female,MD,2020\n", "LATE");
  const auto june = run_clearpoint(db() + "publish " + release_ + " --out " + dir_.file("june"));
  ASSERT_EQ(june.exit_code, 0) << june.output;
  EXPECT_NE(june.output.find("a revision of the earlier release test"), std::string::npos) << june.output;
  EXPECT_EQ(june.output.find("was counted from other data"), std::string::npos) << june.output;
  EXPECT_NE(june.output.find("attacker interval at least 5 wide: yes"), std::string::npos) << june.output;
  const auto counts = counts_in(dir_.file("june"), {"citizenship-year"});
  // On its own the revision has no small count at all (it would publish everything); as a revision, one
  // of the Moldovan cells goes.
  EXPECT_TRUE(counts.at("citizenship-year: MD,2020").empty() ||
              counts.at("citizenship-year: MD,2021").empty() ||
              counts.at("citizenship-year: MD,Total").empty());
  // The same records in a store with no earlier release: every Moldovan cell is published.
  const auto fresh = "--db " + dir_.file("fresh.db") + " ";
  ASSERT_EQ(run_clearpoint(fresh + "init").exit_code, 0);
  ASSERT_EQ(run_clearpoint(fresh + "import " + dir_.file("a.csv") + " --agency A").exit_code, 0);
  ASSERT_EQ(run_clearpoint(fresh + "import " + dir_.file("late.csv") + " --agency LATE").exit_code, 0);
  ASSERT_EQ(run_clearpoint(fresh + "publish " + release_ + " --out " + dir_.file("fresh")).exit_code, 0);
  const auto alone = counts_in(dir_.file("fresh"), {"citizenship-year"});
  EXPECT_EQ(alone.at("citizenship-year: MD,2020"), "5");
  EXPECT_EQ(alone.at("citizenship-year: MD,2021"), "13");
  EXPECT_EQ(alone.at("citizenship-year: MD,Total"), "18");
}

// Regions are a hierarchy over citizenship (UN M49 sub-regions, data/regions): Moldova is in Eastern Europe,
// Serbia in Southern Europe; a region's count is the sum of its countries', and the audit from the files
// rebuilds the link from release.json.
TEST_F(Release, RegionsAreSumsOfTheirCountries) {
  const auto release =
      dir_.write("regions.toml",
                 "[release]\nid = \"regions\"\nyears = [2020, 2021]\nunit = \"records\"\n\n"
                 "[[table]]\nid = \"citizenship-year\"\nvariables = [\"citizenship\", \"year\"]\n\n"
                 "[[table]]\nid = \"region-sex\"\nvariables = [\"citizenship_region\", \"sex\"]\n");
  const auto out = dir_.file("regions");
  const auto published = run_clearpoint(db() + "publish " + release + " --out " + out);
  ASSERT_EQ(published.exit_code, 0) << published.output;
  const auto counts = counts_in(out, {"region-sex"});
  EXPECT_EQ(counts.at("region-sex: Eastern Europe,Total"), "15");
  EXPECT_EQ(counts.at("region-sex: Southern Europe,Total"), "72");
  EXPECT_EQ(counts.at("region-sex: Eastern Europe,male"), "") << "Moldova's one man";
  EXPECT_NE(read_file(out + "/release.json").find("\"citizenship_region\""), std::string::npos);
  const auto audit = run_clearpoint("release audit " + out);
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
}

// Controlled rounding instead of suppression: nothing withheld, every count a multiple of 5 next to the
// truth, the tables adding up; the audit from the files agrees, and finds an exact count written in.
TEST_F(Release, ControlledRoundingPublishesEveryCellAsAMultipleAndTheTablesAddUp) {
  const auto rounded = dir_.write(
      "rounded.toml",
      replaced(read_file(release_), "threshold = 5\n", "threshold = 5\nmethod = \"rounding\"\nbase = 5\n"));
  const auto out = dir_.file("rounded");
  const auto published = run_clearpoint(db() + "publish " + rounded + " --out " + out);
  ASSERT_EQ(published.exit_code, 0) << published.output;
  EXPECT_NE(published.output.find("every one rounded to a multiple of 5"), std::string::npos)
      << published.output;
  const auto counts = counts_in(out, {"year-sex", "citizenship-year"});
  const std::map<std::string, int> truth = {
      {"citizenship-year: MD,2020", 2},  {"citizenship-year: MD,2021", 13}, {"citizenship-year: RS,2020", 39},
      {"citizenship-year: RS,2021", 33}, {"year-sex: 2021,male", 9},        {"year-sex: Total,Total", 87}};
  for (const auto& [cell, count] : counts) {
    ASSERT_FALSE(count.empty()) << cell << ": nothing is withheld";
    EXPECT_EQ(std::stoi(count) % 5, 0) << cell;
    if (truth.count(cell) != 0) {
      EXPECT_LT(std::abs(std::stoi(count) - truth.at(cell)), 5) << cell;
    }
  }
  for (const std::string year : {"2020", "2021", "Total"})
    EXPECT_EQ(std::stoi(counts.at("year-sex: " + year + ",female")) +
                  std::stoi(counts.at("year-sex: " + year + ",male")) +
                  std::stoi(counts.at("year-sex: " + year + ",other")) +
                  std::stoi(counts.at("year-sex: " + year + ",unknown")),
              std::stoi(counts.at("year-sex: " + year + ",Total")))
        << year;
  const auto audit = run_clearpoint("release audit " + out);
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  EXPECT_NE(audit.output.find("every count a multiple of 5"), std::string::npos) << audit.output;
  const auto original = read_file(out + "/citizenship-year.csv");
  const auto md2020 = counts.at("citizenship-year: MD,2020");
  dir_.write("rounded/citizenship-year.csv", replaced(original, "MD,2020," + md2020 + ",", "MD,2020,2,"));
  const auto edited = run_clearpoint("release audit " + out);
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.output.find("not rounded: citizenship-year: MD × 2020 = 2"), std::string::npos)
      << edited.output;
  // Exact counts beside rounded ones are refused at the release file.
  const auto mixed = dir_.write("mixed.toml", read_file(rounded) + "\n[report]\nframeworks = true\n");
  const auto refused = run_clearpoint(db() + "publish " + mixed + " --out " + dir_.file("mixed"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("would undo the rounding"), std::string::npos) << refused.output;
}

// Assisted victims are those with assistance recorded; no record here lists any, so none is counted — and
// the command says they are unknown, not unassisted.
TEST_F(Release, AssistedCountsOnlyThoseWithAssistanceRecordedAndSaysWhoIsLeftOut) {
  const auto assisted =
      dir_.write("assisted.toml", replaced(read_file(release_), "unit = \"records\"\n",
                                           "unit = \"records\"\npopulation = \"assisted\"\n"));
  const auto published = run_clearpoint(db() + "publish " + assisted + " --out " + dir_.file("assisted"));
  ASSERT_EQ(published.exit_code, 0) << published.output;
  EXPECT_NE(published.output.find("0 records identified"), std::string::npos) << published.output;
  EXPECT_NE(published.output.find("not counted: 87 with no assistance recorded"), std::string::npos)
      << published.output;
}

// An agency code starting with a minus (allowed: letters, digits and . _ - / : #) would start a formula in
// a spreadsheet: it is published as text, and the audit reads it back.
TEST_F(Release, ACategoryThatWouldStartAFormulaIsWrittenAsText) {
  import_late(
      "f1,female,RS,2020\nf2,female,RS,2020\nf3,female,RS,2020\nf4,female,RS,2020\nf5,female,RS,2020\n",
      "-SHELTER");
  const auto by_agency = dir_.write("agency.toml",
                                    "[release]\nid = \"agency\"\nyears = [2020, 2021]\nunit = "
                                    "\"records\"\n\n[[table]]\nid = \"agency\"\nvariables = [\"agency\"]\n");
  const auto out = dir_.file("agency");
  const auto published = run_clearpoint(db() + "publish " + by_agency + " --out " + out);
  ASSERT_EQ(published.exit_code, 0) << published.output;
  const auto table = read_file(out + "/agency.csv");
  EXPECT_NE(table.find("'-SHELTER,5,"), std::string::npos) << table;
  EXPECT_EQ(table.find("\n-SHELTER"), std::string::npos) << table;
  const auto audit = run_clearpoint("release audit " + out);
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
}

TEST_F(Release, ReleaseFilesAreCheckedWithTheirLocation) {
  const auto bad = dir_.write("bad.toml",
                              "[release]\nid = \"Bad Id\"\nyears = [2021, 2020]\nunit = \"people\"\n\n"
                              "[[table]]\nid = \"t\"\nvariables = [\"year\", \"religion\"]\n");
  const auto result = run_clearpoint(db() + "release publish " + bad + " --out " + dir_.file("o"));
  EXPECT_EQ(result.exit_code, 1);
  for (const auto* expected :
       {"bad.toml:1:1: the release needs an id", "bad.toml:3:9: years is not [first, last]",
        "unit 'people' is neither persons nor records", "bad.toml:8:22: 'religion' is not a variable"})
    EXPECT_NE(result.output.find(expected), std::string::npos) << expected << "\n" << result.output;
}

}  // namespace
}  // namespace clearpoint::cli
