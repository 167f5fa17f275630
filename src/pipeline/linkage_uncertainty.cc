#include "pipeline/linkage_uncertainty.h"

#include <algorithm>
#include <limits>

#include "core/diagnostic.h"
#include "core/random.h"
#include "pipeline/capture_tables.h"
#include "pipeline/linkage_draws.h"

namespace clearpoint::pipeline {

namespace {

// `sample` reduced (or stretched) to `count` evenly spaced order statistics, so every draw weighs the same.
std::vector<double> evenly(std::vector<double> sample, std::size_t count) {
  std::sort(sample.begin(), sample.end());
  std::vector<double> out(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = sample[(2 * i + 1) * sample.size() / (2 * count)];
  return out;
}

}  // namespace

void add_linkage_uncertainty(EstimateReport& report, const Workspace& workspace,
                             const std::vector<link::Stratum>& strata, const EstimateSettings& settings) {
  if (!is_posterior_method(settings.method)) {
    throw core::UserError("--linkage-draws pools posteriors, which the log-linear methods do not give",
                          "use --method latent-class or --method dga");
  }
  const auto draws =
      draw_linkages(workspace, strata, settings.coverage_path, settings.linkage_draws, settings.seed);
  constexpr std::size_t kPerDraw = 4000;
  for (auto& result : report.results) {
    if (!result.ok) continue;
    LinkageUncertainty u;
    u.draws = static_cast<int>(draws.size());
    std::vector<double> pooled;
    std::vector<double> means;
    std::vector<double> variances;
    u.persons_lowest = std::numeric_limits<double>::infinity();
    for (std::size_t d = 0; d < draws.size(); ++d) {
      const auto tables = capture_tables(draws[d], strata);
      const auto stratum = std::find_if(tables.strata.begin(), tables.strata.end(),
                                        [&](const auto& s) { return s.values == result.stratum; });
      if (stratum == tables.strata.end()) continue;
      const double found = stratum->table.observed();
      u.persons_lowest = std::min(u.persons_lowest, found);
      u.persons_highest = std::max(u.persons_highest, found);
      auto posterior = posterior_settings(settings);
      posterior.seed = core::stream_seed(settings.seed, 1000 + d);
      const auto e = posterior_estimate(stratum->table, settings.method, posterior);
      const auto sample = evenly(e.sample, kPerDraw);
      double mean = 0;
      for (const double x : sample) mean += x;
      mean /= static_cast<double>(sample.size());
      double variance = 0;
      for (const double x : sample) variance += (x - mean) * (x - mean);
      means.push_back(mean);
      variances.push_back(variance / static_cast<double>(sample.size()));
      pooled.insert(pooled.end(), sample.begin(), sample.end());
    }
    if (pooled.empty()) continue;
    u.pooled = mse::summarise_draws(pooled, settings.level);
    double grand = 0;
    for (const double m : means) grand += m;
    grand /= static_cast<double>(means.size());
    double between = 0;
    for (const double m : means) between += (m - grand) * (m - grand);
    between /= static_cast<double>(means.size());
    double within = 0;
    for (const double v : variances) within += v;
    within /= static_cast<double>(variances.size());
    u.share_of_variance = between + within > 0 ? between / (between + within) : 0;
    result.linkage = u;
  }
}

}  // namespace clearpoint::pipeline
