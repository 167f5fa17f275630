#include "publish/attacker_problem.h"

#include <glpk.h>

#include <cmath>
#include <stdexcept>

namespace clearpoint::publish {

struct AttackerProblem::Glpk {
  glp_prob* problem = glp_create_prob();
  ~Glpk() { glp_delete_prob(problem); }
};

AttackerProblem::AttackerProblem(std::size_t microcells, const std::vector<KnownSum>& known)
    : lp_(std::make_unique<Glpk>()), microcells_(microcells) {
  glp_term_out(GLP_OFF);
  glp_prob* p = lp_->problem;
  if (microcells > 0) glp_add_cols(p, static_cast<int>(microcells));
  for (std::size_t j = 1; j <= microcells; ++j) glp_set_col_bnds(p, static_cast<int>(j), GLP_LO, 0.0, 0.0);
  if (!known.empty()) glp_add_rows(p, static_cast<int>(known.size()));
  // GLPK's arrays are 1-based: element 0 is unused.
  std::vector<int> rows{0}, columns{0};
  std::vector<double> ones{0.0};
  for (std::size_t i = 0; i < known.size(); ++i) {
    const auto value = static_cast<double>(known[i].value);
    glp_set_row_bnds(p, static_cast<int>(i) + 1, GLP_FX, value, value);
    for (const auto cell : known[i].microcells) {
      if (cell >= microcells) throw std::logic_error("AttackerProblem: a microcell out of range");
      rows.push_back(static_cast<int>(i) + 1);
      columns.push_back(static_cast<int>(cell) + 1);
      ones.push_back(1.0);
    }
  }
  glp_load_matrix(p, static_cast<int>(rows.size()) - 1, rows.data(), columns.data(), ones.data());
}

AttackerProblem::~AttackerProblem() = default;

Interval AttackerProblem::interval(const std::vector<std::size_t>& target) {
  glp_prob* p = lp_->problem;
  for (std::size_t j = 1; j <= microcells_; ++j) glp_set_obj_coef(p, static_cast<int>(j), 0.0);
  for (const auto cell : target) glp_set_obj_coef(p, static_cast<int>(cell) + 1, 1.0);
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

}  // namespace clearpoint::publish
