#include "publish/cell_protection.h"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

namespace clearpoint::publish {

namespace {

constexpr std::string_view kTotal = "Total";
// How many ranked candidates are tried by LP for each exposed cell and round.
constexpr std::size_t kCandidatesTried = 12;

// `known_index`, when given, receives for each cell of `cells` its position in the list (or SIZE_MAX).
std::vector<KnownSum> known_sums(const std::vector<ReleaseCell>& cells, const std::vector<CellStatus>& status,
                                 const std::vector<PublishedRelease>& earlier,
                                 std::vector<std::size_t>* known_index = nullptr) {
  std::vector<KnownSum> known;
  for (const auto& release : earlier)
    for (std::size_t i = 0; i < release.cells.size(); ++i)
      if (release.status[i] == CellStatus::kPublished)
        known.push_back({release.cells[i].microcells, release.cells[i].value, release.slack});
  if (known_index != nullptr) known_index->assign(cells.size(), static_cast<std::size_t>(-1));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (status[i] != CellStatus::kPublished) continue;
    if (known_index != nullptr) (*known_index)[i] = known.size();
    known.push_back({cells[i].microcells, cells[i].value});
  }
  return known;
}

// What must stay hidden: the release's primary (or, auditing, withheld) cells and the earlier releases'
// primary cells, as (release, cell) with release −1 for the current one.
struct Target {
  int release;
  std::size_t cell;
  const ReleaseCell* at;
};

bool enough(const Interval& interval, std::int64_t width) {
  return !interval.width() || *interval.width() >= width;
}

// Cells on a line with `s`: the same table, every category the same but one, which differs and is not a
// margin in either (so that both are parts of one sum).
bool on_a_line(const ReleaseCell& s, const ReleaseCell& c) {
  if (s.table != c.table || s.categories.size() != c.categories.size()) return false;
  int differing = 0;
  for (std::size_t d = 0; d < s.categories.size(); ++d) {
    if (s.categories[d] == c.categories[d]) continue;
    if (s.categories[d] == kTotal || c.categories[d] == kTotal) return false;
    ++differing;
  }
  return differing == 1;
}

bool overlaps(const ReleaseCell& a, const ReleaseCell& b) {
  auto i = a.microcells.begin();
  auto j = b.microcells.begin();
  while (i != a.microcells.end() && j != b.microcells.end()) {
    if (*i == *j) return true;
    *i < *j ? ++i : ++j;
  }
  return false;
}

// The published cells that could hide the exposed cell `exposed` (at index `s` of `cells`, or not one of
// them when s == cells.size()), best first: those on one of its lines; then those on a line through a
// cell of its table already withheld (they complete a rectangle or cube around it); then those of other
// tables that overlap it; then the rest. Within each, margins last, then cells that can absorb the
// required width (the smallest first: the least information lost), then smaller ones (a withheld zero
// hides nothing).
std::vector<std::size_t> ranked_candidates(const ReleaseCell& exposed, std::size_t s,
                                           const std::vector<ReleaseCell>& cells,
                                           const std::vector<CellStatus>& status, std::int64_t width) {
  const auto level = [&](const ReleaseCell& cell) {
    if (on_a_line(exposed, cell)) return 0;
    for (std::size_t w = 0; w < cells.size(); ++w)
      if (status[w] != CellStatus::kPublished && cells[w].table == exposed.table && !cells[w].is_margin() &&
          on_a_line(cells[w], cell))
        return 1;
    if (cell.table != exposed.table && overlaps(exposed, cell)) return 2;
    return 3;
  };
  std::vector<std::pair<std::tuple<int, bool, bool, std::int64_t>, std::size_t>> ranked;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (c == s || status[c] != CellStatus::kPublished) continue;
    const auto v = cells[c].value;
    ranked.push_back({{level(cells[c]), cells[c].is_margin(), v < width, v >= width ? v : -v}, c});
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::size_t> order;
  for (const auto& [rank, c] : ranked) order.push_back(c);
  return order;
}

}  // namespace

bool ReleaseCell::is_margin() const {
  return std::find(categories.begin(), categories.end(), kTotal) != categories.end();
}

std::vector<CellCheck> audit_cells(std::size_t microcells, const std::vector<ReleaseCell>& cells,
                                   const std::vector<CellStatus>& status, const ProtectionRules& rules,
                                   const std::vector<PublishedRelease>& earlier) {
  AttackerProblem attacker(microcells, known_sums(cells, status, earlier));
  std::vector<CellCheck> checks;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (status[i] != CellStatus::kPrimary) continue;
    const auto interval = attacker.interval(cells[i].microcells);
    checks.push_back({i, -1, interval, enough(interval, rules.required_width())});
  }
  for (std::size_t r = 0; r < earlier.size(); ++r) {
    for (std::size_t i = 0; i < earlier[r].cells.size(); ++i) {
      if (earlier[r].status[i] != CellStatus::kPrimary) continue;
      const auto interval = attacker.interval(earlier[r].cells[i].microcells);
      checks.push_back({i, static_cast<int>(r), interval, enough(interval, rules.required_width())});
    }
  }
  return checks;
}

Protection protect_cells(std::size_t microcells, const std::vector<ReleaseCell>& cells,
                         const ProtectionRules& rules, const std::vector<PublishedRelease>& earlier) {
  Protection result;
  result.status.assign(cells.size(), CellStatus::kPublished);
  std::vector<Target> exposed;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (!rules.sensitive(cells[i].value)) continue;
    result.status[i] = CellStatus::kPrimary;
    exposed.push_back({-1, i, &cells[i]});
    ++result.primary;
  }
  for (std::size_t r = 0; r < earlier.size(); ++r)
    for (std::size_t i = 0; i < earlier[r].cells.size(); ++i)
      if (earlier[r].status[i] == CellStatus::kPrimary)
        exposed.push_back({static_cast<int>(r), i, &earlier[r].cells[i]});
  const auto width = rules.required_width();
  // Withholding more only widens every interval, so a cell found protected stays protected: each round
  // re-checks only the cells still exposed.
  while (!exposed.empty()) {
    std::vector<std::size_t> known_index;
    AttackerProblem attacker(microcells, known_sums(cells, result.status, earlier, &known_index));
    std::vector<Target> still;
    for (const auto& target : exposed) {
      const auto interval = attacker.interval(target.at->microcells);
      result.lp_solves += 2;
      if (!enough(interval, width)) still.push_back(target);
    }
    std::set<std::size_t> chosen;
    for (const auto& target : still) {
      // A cell of an earlier release is guarded from the current release's cells: the nearest are those
      // that overlap it. Of the first few candidates, the first that widens the cell's interval is taken
      // (tried by solving the attacker's LPs with it withheld); when none does, the best ranked.
      const auto candidates = ranked_candidates(*target.at, target.release < 0 ? target.cell : cells.size(),
                                                cells, result.status, width);
      if (candidates.empty()) continue;  // nothing left to withhold: the final audit reports the cell
      // The round's problem, as it stands (cells chosen earlier in this round are not in it yet: the
      // next round's check sees them).
      const auto before = attacker.interval(target.at->microcells);
      result.lp_solves += 2;
      std::size_t pick = candidates.front();
      for (std::size_t k = 0; k < std::min<std::size_t>(candidates.size(), kCandidatesTried); ++k) {
        auto after_lifted = attacker.interval_without(target.at->microcells, known_index[candidates[k]]);
        if (!after_lifted) {  // a published zero: the problem without it has more unknowns
          auto trial = result.status;
          trial[candidates[k]] = CellStatus::kSecondary;
          after_lifted =
              AttackerProblem(microcells, known_sums(cells, trial, earlier)).interval(target.at->microcells);
        }
        const auto& after = *after_lifted;
        result.lp_solves += 2;
        if (!after.width() || *after.width() > *before.width()) {
          pick = candidates[k];
          break;
        }
      }
      if (chosen.insert(pick).second) {
        result.status[pick] = CellStatus::kSecondary;
        ++result.secondary;
      }
    }
    if (chosen.empty()) break;
    exposed = std::move(still);
  }
  // The final word is the audit over the final publication, not the rounds' bookkeeping.
  result.checks = audit_cells(microcells, cells, result.status, rules, earlier);
  result.lp_solves += 2 * static_cast<std::int64_t>(result.checks.size());
  return result;
}

}  // namespace clearpoint::publish
