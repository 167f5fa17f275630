#include "publish/controlled_rounding.h"

#include <glpk.h>

#include <algorithm>
#include <map>
#include <memory>

#include "publish/glpk_environment.h"

namespace clearpoint::publish {

namespace {

std::int64_t floor_to(std::int64_t value, std::int64_t base) {
  return value / base * base;
}

}  // namespace

std::optional<std::vector<std::int64_t>> controlled_rounding(const std::vector<ReleaseCell>& cells,
                                                             std::int64_t base) {
  // One decision per distinct cell (by its microcells: a margin two tables share is one cell).
  std::map<std::vector<std::size_t>, int> column_of;
  std::vector<int> column(cells.size(), 0);  // 0: already a multiple, nothing to decide
  std::vector<std::int64_t> remainder;       // per column
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].value % base == 0) continue;
    auto [it, added] = column_of.try_emplace(cells[i].microcells, static_cast<int>(column_of.size()) + 1);
    if (added) remainder.push_back(cells[i].value % base);
    column[i] = it->second;
  }
  std::vector<std::int64_t> rounded(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) rounded[i] = floor_to(cells[i].value, base);
  if (column_of.empty()) return rounded;

  use_glpk_on_this_thread();
  std::unique_ptr<glp_prob, decltype(&glp_delete_prob)> owner(glp_create_prob(), glp_delete_prob);
  glp_prob* p = owner.get();
  glp_set_obj_dir(p, GLP_MIN);
  const int columns = static_cast<int>(column_of.size());
  glp_add_cols(p, columns);
  for (int j = 1; j <= columns; ++j) {
    glp_set_col_kind(p, j, GLP_BV);
    // Rounding up moves the value by base − r, down by r: choosing up costs (base − r) − r more.
    glp_set_obj_coef(p, j, static_cast<double>(base - 2 * remainder[static_cast<std::size_t>(j - 1)]));
  }
  // Every margin of a table equals the sum of the table's inner cells under it:
  //   floor(M) + base·z_M = Σ (floor(I) + base·z_I)  ⇔  z_M − Σ z_I = (Σ floor(I) − floor(M)) / base.
  std::vector<int> rows{0}, cols{0};
  std::vector<double> values{0.0};
  int row = 0;
  for (std::size_t m = 0; m < cells.size(); ++m) {
    if (!cells[m].is_margin()) continue;
    std::map<int, double> coefficients;
    std::int64_t right = -floor_to(cells[m].value, base);
    if (column[m] != 0) coefficients[column[m]] += 1.0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].table != cells[m].table || cells[i].is_margin()) continue;
      if (!std::includes(cells[m].microcells.begin(), cells[m].microcells.end(), cells[i].microcells.begin(),
                         cells[i].microcells.end()))
        continue;
      right += floor_to(cells[i].value, base);
      if (column[i] != 0) coefficients[column[i]] -= 1.0;
    }
    glp_add_rows(p, 1);
    ++row;
    const double rhs = static_cast<double>(right / base);
    glp_set_row_bnds(p, row, GLP_FX, rhs, rhs);
    for (const auto& [j, a] : coefficients) {
      if (a == 0.0) continue;
      rows.push_back(row);
      cols.push_back(j);
      values.push_back(a);
    }
  }
  glp_load_matrix(p, static_cast<int>(rows.size()) - 1, rows.data(), cols.data(), values.data());
  glp_iocp settings;
  glp_init_iocp(&settings);
  settings.msg_lev = GLP_MSG_OFF;
  settings.presolve = GLP_ON;
  if (glp_intopt(p, &settings) != 0) return std::nullopt;
  const int status = glp_mip_status(p);
  if (status != GLP_OPT && status != GLP_FEAS) return std::nullopt;
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (column[i] != 0 && glp_mip_col_val(p, column[i]) > 0.5) rounded[i] += base;
  return rounded;
}

std::vector<CellCheck> audit_rounded(std::size_t microcells, const std::vector<ReleaseCell>& cells,
                                     const std::vector<std::int64_t>& rounded, std::int64_t base,
                                     const ProtectionRules& rules,
                                     const std::vector<PublishedRelease>& earlier) {
  std::vector<KnownSum> known;
  for (const auto& release : earlier)
    for (std::size_t i = 0; i < release.cells.size(); ++i)
      if (release.status[i] == CellStatus::kPublished)
        known.push_back({release.cells[i].microcells, release.cells[i].value, release.slack});
  for (std::size_t i = 0; i < cells.size(); ++i) known.push_back({cells[i].microcells, rounded[i], base - 1});
  AttackerProblem attacker(microcells, known);
  std::vector<CellCheck> checks;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (!rules.sensitive(cells[i].value) || cells[i].value == 0) continue;
    const auto interval = attacker.interval(cells[i].microcells);
    checks.push_back({i, -1, interval, !interval.width() || *interval.width() >= base - 1});
  }
  return checks;
}

}  // namespace clearpoint::publish
