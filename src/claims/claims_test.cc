// The claims registry: the 120,000 chain, drift, orphans and refused citation graphs.
#include "claims/claims.h"

#include <gtest/gtest.h>

#include "core/diagnostic.h"
#include "io/reference_data.h"
#include "testing/temp_dir.h"

namespace clearpoint::claims {
namespace {

bool has_flag(const std::vector<Flag>& flags, const std::string& kind) {
  return std::any_of(flags.begin(), flags.end(), [&](const Flag& f) { return f.kind == kind; });
}

TEST(Claims, The120000ChainIsFlaggedAsReattribution) {
  const auto registry = Registry::load_dir(io::find_data_dir() + "/claims");
  const auto lines = trace(registry, "media-iom-120000");
  ASSERT_EQ(lines.size(), 3U);  // EC → IOM's discussion → media and UN reports
  EXPECT_EQ(lines[0].claim->id, "ec-2001");
  EXPECT_EQ(lines[2].claim->id, "media-iom-120000");
  EXPECT_EQ(lines[2].depth, 2);
  EXPECT_TRUE(has_flag(lines[2].flags, "re-attribution"));
  // IOM attributed the figure to the Commission, correctly: no re-attribution there.
  EXPECT_FALSE(has_flag(lines[1].flags, "re-attribution"));
  // "mostly through the Balkans" was added along the way.
  EXPECT_TRUE(has_flag(lines[2].flags, "drift"));
  EXPECT_FALSE(has_flag(lines[1].flags, "drift"));
  // Nobody in the chain states a method.
  for (const auto& line : lines) EXPECT_TRUE(has_flag(line.flags, "orphan")) << line.claim->id;
}

TEST(Claims, DriftAndMethodsAlongAConstructedChain) {
  ::clearpoint::testing::TempDir dir;
  dir.write("c.toml", R"(
[[claim]]
id = "survey"
value = 1000
unit = "victims"
region = "Serbia"
period = "2010"
published_by = "A survey"
method = "capture-recapture of three lists"
[[claim]]
id = "quote"
value = 10000
unit = "victims"
region = "Serbia"
period = "per year"
published_by = "A newspaper"
attributed_to = "A survey"
cites = ["survey"]
method = "none stated"
)");
  const auto registry = Registry::load_dir(dir.path());
  const auto flags = flags_of(registry, *registry.find("quote"));
  EXPECT_TRUE(has_flag(flags, "drift"));
  EXPECT_FALSE(has_flag(flags, "re-attribution"));  // the survey is the origin
  EXPECT_FALSE(has_flag(flags, "orphan"));          // the survey states its method
}

TEST(Claims, CyclesAndUnknownCitationsAreRefusedWithLocations) {
  ::clearpoint::testing::TempDir dir;
  const auto claim = [](const std::string& id, const std::string& cites) {
    return "[[claim]]\nid = \"" + id +
           "\"\nvalue = 1\nunit = \"u\"\npublished_by = \"p\"\nmethod = \"none stated\"\ncites = [\"" +
           cites + "\"]\n";
  };
  dir.write("cycle.toml", claim("a", "b") + claim("b", "c") + claim("c", "a"));
  try {
    Registry::load_dir(dir.path());
    ADD_FAILURE() << "a cycle was accepted";
  } catch (const core::UserError& e) {
    const auto text = e.diagnostics().at(0).to_string();
    // Located at the claim that closes the circle (c, line 15).
    EXPECT_NE(text.find("cycle.toml:15:1: cites: the citations go round in a circle: a → b → c → a"),
              std::string::npos)
        << text;
  }
  ::clearpoint::testing::TempDir other;
  other.write("unknown.toml", claim("a", "bb") + claim("b", "a"));
  try {
    Registry::load_dir(other.path());
    ADD_FAILURE() << "an unknown citation was accepted";
  } catch (const core::UserError& e) {
    const auto text = e.diagnostics().at(0).to_string();
    EXPECT_NE(text.find("unknown.toml:1:1: cites: claim 'a' cites 'bb', which is not in the registry"),
              std::string::npos)
        << text;
  }
}

}  // namespace
}  // namespace clearpoint::claims
