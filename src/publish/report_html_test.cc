// The report page: self-contained (nothing fetched from anywhere), every text escaped, a withheld count
// shown as "c" and never drawn, and every section there when its content is.
#include "publish/report_html.h"

#include <gtest/gtest.h>

#include "publish/microcell_space.h"

namespace clearpoint::publish {
namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

ReportContent small_report() {
  ReportContent r;
  r.title = "Victims <script>alert(1)</script> & others";
  r.release_id = "t";
  r.unit = "persons";
  r.period = "2020–2021";
  const MicrocellSpace space({{"origin", {"MD", "RS"}}, {"destination", {"BA", "IT"}}});
  ReportTable t{"routes",
                "By origin and destination",
                {"origin", "destination"},
                space.table("routes", {"origin", "destination"}, {2, 30, 12, 25}),
                {}};
  t.status.assign(t.cells.size(), CellStatus::kPublished);
  t.status[0] = CellStatus::kPrimary;  // MD → BA = 2
  t.status[1] = CellStatus::kSecondary;
  t.status[3] = CellStatus::kSecondary;
  t.status[4] = CellStatus::kSecondary;
  r.tables.push_back(t);
  r.routes_table = "routes";
  r.routes = {{"RS", "BA", 12}, {"RS", "IT", 25}};
  r.routes_withheld = 2;
  r.roles = {{"MD", "Moldova", std::nullopt, 0, "2001: 3", ""}};
  r.reference_framework = "palermo-2000";
  r.frameworks = {{"palermo-2000", "Palermo", 60, std::nullopt, 9, {}, {}}};
  r.outside_years = 0;
  return r;
}

TEST(ReportHtml, NothingIsFetchedAndEveryTextIsEscaped) {
  const auto html = render_report_html(small_report());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; others"), std::string::npos);
  for (const auto* remote : {"http://", "https://", "src=", "<link", "@import", "url("})
    EXPECT_EQ(html.find(remote), std::string::npos) << remote;
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos)
      << "a page that could fetch nothing even if told";
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(ReportHtml, AWithheldCountIsShownAsCAndNeverDrawn) {
  const auto r = small_report();
  const auto html = render_report_html(r);
  // Four withheld cells in the table, the withheld role count, the frameworks' withheld "does not", and
  // the legend that explains the mark.
  EXPECT_EQ(occurrences(html, R"(<span class="c")"), 7u);
  // The MD → BA count (2) appears nowhere as a number of the table or a flow.
  EXPECT_EQ(html.find("<td>2</td>"), std::string::npos);
  EXPECT_EQ(html.find("MD → BA"), std::string::npos);
  EXPECT_NE(html.find("RS → IT: 25"), std::string::npos) << "published flows are drawn with their count";
  EXPECT_NE(html.find("2 cells of it withheld are not drawn"), std::string::npos);
  // The frameworks' bar is not drawn when a part of it is withheld.
  EXPECT_NE(html.find("a part withheld"), std::string::npos);
}

TEST(ReportHtml, NumbersAreGroupedAndSectionsFollowTheContent) {
  auto r = small_report();
  r.counted = 12396;
  auto html = render_report_html(r);
  EXPECT_NE(html.find("12,396"), std::string::npos);
  EXPECT_NE(html.find("<h2>Routes</h2>"), std::string::npos);
  EXPECT_EQ(html.find("not counted under the definition"), std::string::npos)
      << "no framework, nothing judged";
  r.framework = "palermo-2000";
  r.not_qualifying = 53;
  EXPECT_NE(render_report_html(r).find("53 do not qualify"), std::string::npos);
  EXPECT_EQ(html.find("<h2>The hidden total</h2>"), std::string::npos) << "no estimate was asked for";
  r.estimate_problem = "no persons are stored";
  html = render_report_html(r);
  EXPECT_NE(html.find("No estimate: no persons are stored"), std::string::npos);
}

}  // namespace
}  // namespace clearpoint::publish
