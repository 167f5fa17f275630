#include "pipeline/side_by_side.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/diagnostic.h"
#include "core/number_text.h"
#include "mse/decomposable_graphs.h"

namespace clearpoint::pipeline {

namespace {

using core::estimate_text;

constexpr const char* kLoglinearAssumes =
    "the lists' dependencies are those of the chosen model; persons alike in visibility apart from them "
    "(a lower bound when some victims are hidden from every agency)";
constexpr const char* kLatentClassAssumes =
    "persons fall into groups that differ in visibility to every list; within a group the lists catch "
    "independently";
constexpr const char* kSharedLatentClassAssumes =
    "persons fall into groups that differ in visibility to every list; within a group the lists catch "
    "independently; each list's rate in each group is the same wherever it could catch";
constexpr const char* kDgaAssumes =
    "the lists' dependencies form a decomposable graph, any of them equally likely; persons alike "
    "within the graph's cells";

MethodAnswer answer_of(const StratumEstimate& e, const std::string& method, bool chosen) {
  MethodAnswer a;
  a.method = method;
  a.chosen = chosen;
  a.ok = e.ok;
  a.problem = e.problem;
  if (!e.ok) return a;
  a.estimate = e.estimate;
  if (e.posterior) {
    a.settled = !e.posterior->sampler || e.posterior->sampler->converged;
    // Chains that have not settled give a figure and an interval nobody should quote: the table says so.
    a.interval = fmt::format("{:.0f}% credible{}", 100 * e.posterior->posterior.level,
                             a.settled ? "" : ", NOT settled");
    a.lower = e.posterior->posterior.lower;
    a.upper = e.posterior->posterior.upper;
    const bool shared = !e.posterior->coverage_groups.empty() &&
                        e.posterior->coverage_groups.front().how.starts_with("shared");
    a.assumes = e.posterior->method == "dga" ? kDgaAssumes
                : shared                     ? kSharedLatentClassAssumes
                                             : kLatentClassAssumes;
  } else {
    // A long model (stepwise on 11 lists adds dozens of pairs) is named by its size; the full notation is
    // in the report of that method.
    const auto terms = std::count(e.model.begin(), e.model.end(), ',') + 1;
    a.method = e.model.size() <= 40 ? method + " " + e.model : fmt::format("{} ({} terms)", method, terms);
    a.interval = "profile likelihood, given the model";
    a.lower = e.profile.lower;
    a.upper = e.profile.upper;
    a.assumes = kLoglinearAssumes;
  }
  return a;
}

// Per chain, warm-up included, for the pooled comparison beside an estimate with coverage: about 15 s on
// the demo's table at most.
constexpr std::int64_t kComparisonIterations = 16'000;

}  // namespace

// The other kinds of estimate, each run quietly (no bootstrap, no checks), beside the chosen one.
void add_side_by_side(StratumEstimate& e, const mse::CaptureTable& table, const EstimateSettings& settings) {
  const int lists = table.list_count();
  const bool chosen_posterior = is_posterior_method(settings.method);
  const auto other = [&](const std::string& method) {
    EstimateSettings quiet = settings;
    quiet.method = method;
    quiet.bootstrap = 0;
    quiet.compare = false;
    try {
      if (is_posterior_method(method)) return answer_of(posterior_stratum(table, quiet), method, false);
      const auto fitted = model_conditional_estimate(table, method, settings.threads, settings.level);
      StratumEstimate s;
      s.ok = fitted.ok;
      s.problem = fitted.problem;
      s.model = fitted.model;
      s.estimate = fitted.estimate;
      s.profile = fitted.profile;
      return answer_of(s, method, false);
    } catch (const core::UserError& error) {
      MethodAnswer a;
      a.method = method;
      a.problem = error.what();
      return a;
    }
  };
  if (chosen_posterior) {
    e.side_by_side.push_back(other(comparison_loglinear_method(lists)));
  } else {
    e.side_by_side.push_back(answer_of(e, settings.method, true));
  }
  for (const char* method : {"latent-class", "dga"}) {
    if (settings.method == method) {
      e.side_by_side.push_back(answer_of(e, method, true));
      if (!table.coverage.empty() && std::string(method) == "latent-class") {
        // Beside the estimate with coverage, the same model with the lists pooled: how much coverage changes
        // the answer.
        auto pooled = table;
        pooled.coverage.clear();
        EstimateSettings quiet = settings;
        quiet.compare = false;
        // Pooled lists that see different people can hold the chains in several modes for as long as they
        // run (the demo's 11 lists); a comparison has a bounded run, unsettled said in the table.
        quiet.max_iterations = std::min(quiet.max_iterations, kComparisonIterations);
        auto answer = answer_of(posterior_stratum(pooled, quiet), "latent-class, lists pooled", false);
        e.side_by_side.push_back(std::move(answer));
      }
    } else if (std::string(method) != "dga" || (lists >= 3 && lists <= mse::kMostGraphLists)) {
      e.side_by_side.push_back(other(method));
    }
  }
  // Intervals that do not overlap: the methods' assumptions, not chance, separate the answers.
  for (std::size_t a = 0; a < e.side_by_side.size(); ++a) {
    for (std::size_t b = a + 1; b < e.side_by_side.size(); ++b) {
      const auto& x = e.side_by_side[a];
      const auto& y = e.side_by_side[b];
      if (!x.ok || !y.ok || (x.upper >= y.lower && y.upper >= x.lower)) continue;
      const auto& low = x.upper < y.lower ? x : y;
      const auto& high = x.upper < y.lower ? y : x;
      e.flags.push_back(fmt::format(
          "{} ({}–{}) and {} ({}–{}) disagree beyond their intervals: they assume different things about "
          "who is hard to find (see the table above); report the range, not one of them",
          low.method, estimate_text(low.lower), estimate_text(low.upper), high.method,
          estimate_text(high.lower), estimate_text(high.upper)));
    }
  }
}

std::string comparison_loglinear_method(int lists) {
  return lists <= 5 ? "bic" : "stepwise";
}

}  // namespace clearpoint::pipeline
