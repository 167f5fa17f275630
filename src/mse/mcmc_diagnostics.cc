#include "mse/mcmc_diagnostics.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <complex>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unsupported/Eigen/FFT>

#include "mse/posterior_summary.h"

namespace clearpoint::mse {

namespace {

using Chains = std::vector<std::vector<double>>;

// Each chain cut into its first and second half (the middle draw of an odd length is dropped), so a chain
// that drifts looks like two chains that disagree.
Chains split(const Chains& chains) {
  Chains halves;
  for (const auto& chain : chains) {
    const std::size_t half = chain.size() / 2;
    halves.emplace_back(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(half));
    halves.emplace_back(chain.end() - static_cast<std::ptrdiff_t>(half), chain.end());
  }
  return halves;
}

double mean_of(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double sample_variance(const std::vector<double>& x) {
  const double m = mean_of(x);
  double sum = 0;
  for (const double v : x) sum += (v - m) * (v - m);
  return sum / static_cast<double>(x.size() - 1);
}

// Pooled ranks (ties get their average rank) mapped to normal scores Φ⁻¹((r − 3/8) / (S + 1/4)) (Blom).
Chains rank_normalise(const Chains& chains) {
  std::vector<std::pair<double, std::size_t>> pooled;
  for (std::size_t c = 0; c < chains.size(); ++c) {
    for (std::size_t i = 0; i < chains[c].size(); ++i) pooled.emplace_back(chains[c][i], pooled.size());
  }
  std::sort(pooled.begin(), pooled.end());
  const double total = static_cast<double>(pooled.size());
  std::vector<double> score(pooled.size());
  const boost::math::normal standard;
  for (std::size_t first = 0; first < pooled.size();) {
    std::size_t last = first;
    while (last + 1 < pooled.size() && pooled[last + 1].first == pooled[first].first) ++last;
    const double rank = (static_cast<double>(first + last) / 2) + 1;
    const double z = boost::math::quantile(standard, (rank - 0.375) / (total + 0.25));
    for (std::size_t i = first; i <= last; ++i) score[pooled[i].second] = z;
    first = last + 1;
  }
  Chains normalised;
  std::size_t index = 0;
  for (const auto& chain : chains) {
    normalised.emplace_back(score.begin() + static_cast<std::ptrdiff_t>(index),
                            score.begin() + static_cast<std::ptrdiff_t>(index + chain.size()));
    index += chain.size();
  }
  return normalised;
}

double rhat_of(const Chains& chains) {
  const double n = static_cast<double>(chains.front().size());
  std::vector<double> means;
  std::vector<double> variances;
  for (const auto& chain : chains) {
    means.push_back(mean_of(chain));
    variances.push_back(sample_variance(chain));
  }
  const double within = mean_of(variances);
  const double between_over_n = sample_variance(means);
  if (within == 0) return between_over_n == 0 ? 1.0 : std::numeric_limits<double>::infinity();
  return std::sqrt(((n - 1) / n * within + between_over_n) / within);
}

// Autocovariances at every lag (divided by n, as the estimator that keeps the sequence positive
// definite), by zero-padded FFT.
std::vector<double> autocovariance(const std::vector<double>& x) {
  const std::size_t n = x.size();
  std::size_t padded = 1;
  while (padded < 2 * n) padded *= 2;
  const double m = mean_of(x);
  std::vector<double> centred(padded, 0.0);
  for (std::size_t i = 0; i < n; ++i) centred[i] = x[i] - m;
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> spectrum;
  fft.fwd(spectrum, centred);
  for (auto& value : spectrum) value = std::norm(value);
  std::vector<double> back;
  fft.inv(back, spectrum);
  back.resize(n);
  for (auto& value : back) value /= static_cast<double>(n);
  return back;
}

std::vector<double> indicator(const std::vector<double>& x, double threshold, bool below) {
  std::vector<double> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = (below ? x[i] <= threshold : x[i] >= threshold) ? 1 : 0;
  return out;
}

double pooled_quantile(const Chains& chains, double p) {
  std::vector<double> all;
  for (const auto& chain : chains) all.insert(all.end(), chain.begin(), chain.end());
  std::sort(all.begin(), all.end());
  return quantile_of_sorted(all, p);
}

double median_of(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  const std::size_t n = x.size();
  return n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

}  // namespace

double split_rhat(const Chains& chains) {
  return rhat_of(split(chains));
}

double effective_sample_size(const Chains& chains) {
  const std::size_t m = chains.size();
  const std::size_t n = chains.front().size();
  std::vector<std::vector<double>> acov;
  std::vector<double> means;
  std::vector<double> variances;
  for (const auto& chain : chains) {
    acov.push_back(autocovariance(chain));
    means.push_back(mean_of(chain));
    variances.push_back(acov.back()[0] * static_cast<double>(n) / static_cast<double>(n - 1));
  }
  const double mean_variance = mean_of(variances);
  double variance_plus = mean_variance * static_cast<double>(n - 1) / static_cast<double>(n);
  if (m > 1) variance_plus += sample_variance(means);
  if (!(variance_plus > 0)) return std::nan("");
  const auto rho = [&](std::size_t lag) {
    double sum = 0;
    for (const auto& a : acov) sum += a[lag];
    return 1 - (mean_variance - sum / static_cast<double>(m)) / variance_plus;
  };
  // Geyer's initial positive sequence: sums of adjacent pairs of autocorrelations while they stay
  // positive, then made monotone.
  std::vector<double> rho_hat(n, 0.0);
  rho_hat[0] = 1;
  double even = 1;
  double odd = rho(1);
  rho_hat[1] = odd;
  std::size_t t = 1;
  while (t + 5 < n && even + odd > 0) {
    even = rho(t + 1);
    odd = rho(t + 2);
    if (even + odd >= 0) {
      rho_hat[t + 1] = even;
      rho_hat[t + 2] = odd;
    }
    t += 2;
  }
  const std::size_t last = t;
  if (even > 0 && last + 1 < n) rho_hat[last + 1] = even;
  for (std::size_t k = 1; k + 2 <= last; k += 2) {
    const double previous = rho_hat[k - 1] + rho_hat[k];
    if (rho_hat[k + 1] + rho_hat[k + 2] > previous) {
      rho_hat[k + 1] = previous / 2;
      rho_hat[k + 2] = previous / 2;
    }
  }
  const double draws = static_cast<double>(m * n);
  double tau = -1;
  for (std::size_t k = 0; k < last; ++k) tau += 2 * rho_hat[k];
  if (last + 1 < n) tau += rho_hat[last + 1];
  tau = std::max(tau, 1 / std::log10(draws));
  return draws / tau;
}

ChainDiagnostics diagnose_chains(const Chains& chains) {
  if (chains.empty() || chains.front().size() < 4) {
    throw std::invalid_argument("diagnostics need at least one chain of 4 draws");
  }
  for (const auto& chain : chains) {
    if (chain.size() != chains.front().size()) throw std::invalid_argument("chains of different lengths");
  }
  const Chains halves = split(chains);
  ChainDiagnostics d;
  const Chains normal_scores = rank_normalise(halves);
  std::vector<double> all;
  for (const auto& chain : halves) all.insert(all.end(), chain.begin(), chain.end());
  const double median = median_of(all);
  Chains folded = halves;
  for (auto& chain : folded) {
    for (auto& x : chain) x = std::fabs(x - median);
  }
  d.rhat = std::max(rhat_of(normal_scores), rhat_of(rank_normalise(folded)));
  d.ess_bulk = effective_sample_size(normal_scores);
  const double q05 = pooled_quantile(halves, 0.05);
  const double q95 = pooled_quantile(halves, 0.95);
  Chains low;
  Chains high;
  for (const auto& chain : halves) {
    low.push_back(indicator(chain, q05, true));
    high.push_back(indicator(chain, q95, false));
  }
  d.ess_tail = std::min(effective_sample_size(low), effective_sample_size(high));
  return d;
}

}  // namespace clearpoint::mse
