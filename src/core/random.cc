#include "core/random.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "core/log_gamma.h"

namespace clearpoint::core {

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
// Far above the rounding error of the probabilities the fast paths below compare a uniform with.
constexpr double kRoundingMargin = 1e-9;
}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (auto& word : state_) word = splitmix64(seed);
}

std::uint64_t Rng::next() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Rng::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

int Rng::uniform_int(int low, int high) {
  const auto span = static_cast<std::uint64_t>(high - low) + 1;
  return low + static_cast<int>(next() % span);  // bias below 2^-40 for the small spans used here
}

// Marsaglia's polar form of the Box–Muller transform.
double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u = 0;
  double v = 0;
  double s = 0;
  do {
    u = 2 * uniform() - 1;
    v = 2 * uniform() - 1;
    s = u * u + v * v;
  } while (s >= 1 || s == 0);
  const double factor = std::sqrt(-2 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

// Inversion by sequential search for small means; Hörmann's transformed rejection with squeeze
// (PTRS, 1993) for large ones, where inversion would take O(mean) steps.
std::int64_t Rng::poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean < 30) {
    double product = uniform();
    // e^-mean ≥ 1 − mean, so a first uniform this far below 1 − mean ends the search at 0 without the
    // exponential — the same count from the same uniform (the margin outweighs rounding), and the common
    // case for the tiny means of the latent-class sampler's unused classes.
    if (product < 1 - mean - kRoundingMargin) return 0;
    const double limit = std::exp(-mean);
    std::int64_t k = 0;
    while (product > limit) {
      ++k;
      product *= uniform();
    }
    return k;
  }
  const double root = std::sqrt(mean);
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * root;
  const double a = -0.059 + 0.02483 * b;
  const double inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const double u = uniform() - 0.5;
    const double v = uniform();
    const double us = 0.5 - std::fabs(u);
    const auto k = static_cast<std::int64_t>(std::floor((2 * a / us + b) * u + mean + 0.43));
    if (us >= 0.07 && v <= v_r) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inverse_alpha) - std::log(a / (us * us) + b) <=
        -mean + static_cast<double>(k) * log_mean - core::log_gamma(static_cast<double>(k) + 1)) {
      return k;
    }
  }
}

// Marsaglia and Tsang (2000); a shape below 1 is boosted by one and scaled by U^(1/shape).
double Rng::gamma(double shape) {
  if (shape < 1) {
    const double boosted = gamma(shape + 1);
    double u = uniform();
    while (u == 0) u = uniform();
    return boosted * std::pow(u, 1 / shape);
  }
  const double d = shape - 1.0 / 3;
  const double c = 1 / std::sqrt(9 * d);
  while (true) {
    double x = 0;
    double v = 0;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

double Rng::beta(double a, double b) {
  const double x = gamma(a);
  const double y = gamma(b);
  if (x + y == 0) return a / (a + b);  // both underflowed (tiny shapes): the mean is the honest answer
  return x / (x + y);
}

// Exact for every size, by inversion: from zero when few successes are expected, otherwise outward from the
// mode (probabilities by recurrence, so the expected work grows with the standard deviation, not with n).
std::int64_t Rng::binomial(std::int64_t trials, double p) {
  if (trials <= 0 || p <= 0) return 0;
  if (p >= 1) return trials;
  if (p > 0.5) return trials - binomial(trials, 1 - p);
  const double q = 1 - p;
  const double ratio = p / q;
  const auto n = static_cast<double>(trials);
  if (n * p < 16) {
    double u = uniform();
    // (1 − p)^n ≥ 1 − np: a uniform this far below it is a 0 without the logarithm and exponential (as
    // for poisson above).
    if (u < 1 - n * p - kRoundingMargin) return 0;
    double probability = std::exp(n * std::log1p(-p));
    std::int64_t x = 0;
    while (u > probability && x < trials) {
      u -= probability;
      ++x;
      probability *= (n + 1) * ratio / static_cast<double>(x) - ratio;
    }
    return x;
  }
  const auto mode = static_cast<std::int64_t>(std::floor((n + 1) * p));
  const auto m = static_cast<double>(mode);
  const double at_mode = std::exp(core::log_gamma(n + 1) - core::log_gamma(m + 1) -
                                  core::log_gamma(n - m + 1) + m * std::log(p) + (n - m) * std::log1p(-p));
  double u = uniform();
  if (u <= at_mode) return mode;
  u -= at_mode;
  std::int64_t up = mode;
  std::int64_t down = mode;
  double p_up = at_mode;
  double p_down = at_mode;
  while (up < trials || down > 0) {
    if (up < trials) {
      p_up *= static_cast<double>(trials - up) / static_cast<double>(up + 1) * ratio;
      ++up;
      if (u <= p_up) return up;
      u -= p_up;
    }
    if (down > 0) {
      p_down *= static_cast<double>(down) / static_cast<double>(trials - down + 1) / ratio;
      --down;
      if (u <= p_down) return down;
      u -= p_down;
    }
  }
  return mode;  // only rounding can leave mass unassigned
}

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t item) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (item + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

DiscreteDistribution::DiscreteDistribution(std::span<const double> weights) {
  const std::size_t n = weights.size();
  if (n == 0) throw std::invalid_argument("a discrete distribution needs at least one weight");
  double total = 0;
  for (const double w : weights) total += w;
  if (!(total > 0)) throw std::invalid_argument("a discrete distribution needs a positive total weight");
  probability_.assign(n, 0);
  alias_.assign(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small;
  std::vector<std::uint32_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const auto s = small.back();
    small.pop_back();
    const auto l = large.back();
    probability_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (const auto i : large) probability_[i] = 1;
  for (const auto i : small) probability_[i] = 1;
}

std::size_t DiscreteDistribution::operator()(Rng& rng) const {
  const std::size_t column = static_cast<std::size_t>(rng.next() % probability_.size());
  return rng.uniform() < probability_[column] ? column : alias_[column];
}

}  // namespace clearpoint::core
