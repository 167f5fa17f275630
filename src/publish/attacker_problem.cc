#include "publish/attacker_problem.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "publish/glpk_environment.h"

namespace clearpoint::publish {

struct AttackerProblem::Glpk {
  Glpk() { use_glpk_on_this_thread(); }
  Glpk(const Glpk&) = delete;
  Glpk& operator=(const Glpk&) = delete;
  glp_prob* problem = glp_create_prob();
  ~Glpk() { glp_delete_prob(problem); }
};

AttackerProblem::AttackerProblem(std::size_t microcells, const std::vector<KnownSum>& known)
    : lp_(std::make_unique<Glpk>()), column_(microcells, 0) {
  glp_term_out(GLP_OFF);
  glp_prob* p = lp_->problem;
  // A published zero says every microcell under it is zero: those are not unknowns at all. Leaving them
  // out is exact and shrinks the problem to the microcells that may hold someone (most of a sparse
  // cross-classification lies under some published zero).
  std::vector<bool> zero(microcells, false);
  for (const auto& sum : known) {
    for (const auto cell : sum.microcells) {
      if (cell >= microcells) throw std::logic_error("AttackerProblem: a microcell out of range");
      if (sum.value == 0 && sum.slack == 0) zero[cell] = true;
    }
  }
  for (std::size_t m = 0; m < microcells; ++m)
    if (!zero[m]) column_[m] = ++columns_;
  if (columns_ > 0) glp_add_cols(p, columns_);
  for (int j = 1; j <= columns_; ++j) glp_set_col_bnds(p, j, GLP_LO, 0.0, 0.0);
  // GLPK's arrays are 1-based: element 0 is unused.
  std::vector<int> rows{0}, columns{0};
  std::vector<double> ones{0.0};
  int row = 0;
  row_.assign(known.size(), 0);
  for (std::size_t k = 0; k < known.size(); ++k) {
    const auto& sum = known[k];
    if (sum.value == 0 && sum.slack == 0) continue;
    glp_add_rows(p, 1);
    row_[k] = ++row;
    const auto value = static_cast<double>(sum.value);
    if (sum.slack == 0) {
      glp_set_row_bnds(p, row, GLP_FX, value, value);
    } else {
      const auto slack = static_cast<double>(sum.slack);
      glp_set_row_bnds(p, row, GLP_DB, std::max(0.0, value - slack), value + slack);
    }
    for (const auto cell : sum.microcells) {
      if (column_[cell] == 0) continue;
      rows.push_back(row);
      columns.push_back(column_[cell]);
      ones.push_back(1.0);
    }
  }
  glp_load_matrix(p, static_cast<int>(rows.size()) - 1, rows.data(), columns.data(), ones.data());
}

AttackerProblem::~AttackerProblem() = default;

Interval AttackerProblem::interval(const std::vector<std::size_t>& target) {
  glp_prob* p = lp_->problem;
  for (int j = 1; j <= columns_; ++j) glp_set_obj_coef(p, j, 0.0);
  bool free = false;
  for (const auto cell : target) {
    if (cell >= column_.size()) throw std::logic_error("AttackerProblem: a microcell out of range");
    if (column_[cell] == 0) continue;  // under a published zero
    glp_set_obj_coef(p, column_[cell], 1.0);
    free = true;
  }
  if (!free) return {0, 0};
  glp_smcp settings;
  glp_init_smcp(&settings);
  settings.msg_lev = GLP_MSG_OFF;
  settings.presolve = GLP_OFF;  // keeps the basis between solves: the next objective starts from it
  const auto solve = [&](int direction) -> std::optional<double> {
    glp_set_obj_dir(p, direction);
    if (glp_simplex(p, &settings) != 0) {
      glp_adv_basis(p, 0);  // a basis the solver could not use: start afresh once
      if (glp_simplex(p, &settings) != 0) throw std::runtime_error("the attacker LP could not be solved");
    }
    const int status = glp_get_status(p);
    if (status == GLP_UNBND) return std::nullopt;
    if (status == GLP_NOFEAS) throw std::runtime_error("the published numbers contradict each other");
    if (status != GLP_OPT) throw std::runtime_error("the attacker LP ended without an optimum");
    return glp_get_obj_val(p);
  };
  Interval result;
  const auto low = solve(GLP_MIN);
  result.low = low ? static_cast<std::int64_t>(std::ceil(*low - 1e-6)) : 0;
  if (const auto high = solve(GLP_MAX)) result.high = static_cast<std::int64_t>(std::floor(*high + 1e-6));
  return result;
}

std::optional<Interval> AttackerProblem::interval_without(const std::vector<std::size_t>& target,
                                                          std::size_t known_index) {
  const int row = row_.at(known_index);
  if (row == 0) return std::nullopt;
  glp_prob* p = lp_->problem;
  // Put the constraint back however the solves end.
  struct Restore {
    glp_prob* p;
    int row;
    int type;
    double low, high;
    ~Restore() { glp_set_row_bnds(p, row, type, low, high); }
  } restore{p, row, glp_get_row_type(p, row), glp_get_row_lb(p, row), glp_get_row_ub(p, row)};
  glp_set_row_bnds(p, row, GLP_FR, 0.0, 0.0);
  return interval(target);
}

}  // namespace clearpoint::publish
