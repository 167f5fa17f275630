#include "mse/latent_class.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/diagnostic.h"
#include "core/parallel.h"
#include "core/random.h"

namespace clearpoint::mse {

namespace {

// The observed part of the table: each distinct history (as the lists it is on) and how many persons have it.
struct DistinctHistories {
  int lists = 0;
  std::vector<std::vector<int>> on_lists;
  std::vector<std::int64_t> counts;
  std::int64_t observed = 0;
};

DistinctHistories distinct_histories(const CaptureTable& table) {
  DistinctHistories d;
  d.lists = table.list_count();
  for (History h = 1; h < table.counts.size(); ++h) {
    const double count = table.counts[h];
    if (count <= 0) continue;
    if (count != std::floor(count)) {
      throw core::UserError(
          fmt::format("the latent-class model counts persons, but history {:0{}b} has the count {}", h,
                      d.lists, count),
          "give whole numbers of persons, or use a log-linear --method");
    }
    std::vector<int> on;
    for (int j = 0; j < d.lists; ++j) {
      if ((h >> j) & 1U) on.push_back(j);
    }
    d.on_lists.push_back(std::move(on));
    d.counts.push_back(static_cast<std::int64_t>(count));
    d.observed += static_cast<std::int64_t>(count);
  }
  return d;
}

// List probabilities are kept this far from 0 and 1, so odds and their products stay finite.
constexpr double kProbabilityEdge = 1e-12;
constexpr double kStickCeiling = 1 - 1e-16;

class Chain {
 public:
  Chain(const DistinctHistories& data, const LatentClassSettings& settings, std::uint64_t seed,
        bool hidden_start)
      : data_(data),
        settings_(settings),
        rng_(seed),
        classes_(static_cast<std::size_t>(settings.classes)),
        lists_(static_cast<std::size_t>(data.lists)),
        lambda_(classes_ * lists_),
        odds_(classes_ * lists_),
        stick_(classes_),
        weight_(classes_),
        none_(classes_),
        class_total_(classes_),
        class_hits_(classes_ * lists_),
        work_(classes_),
        allocation_(classes_) {
    // Dispersed starts: list probabilities and class weights drawn from the priors; odd chains begin in the
    // second mode (a dominant class nearly invisible to every list), so a sampler that cannot leave it shows
    // up as chains that disagree rather than as a confident answer.
    for (auto& l : lambda_) l = rng_.beta(settings.lambda_a, settings.lambda_b);
    for (std::size_t k = 0; k + 1 < classes_; ++k) stick_[k] = rng_.beta(1, alpha_);
    stick_.back() = 1;
    if (hidden_start && classes_ > 1) {
      stick_[0] = 0.8;
      for (std::size_t j = 0; j < lists_; ++j) lambda_[j] = 0.02;
    }
  }

  void run_until(std::int64_t iterations) {
    draws_.reserve(static_cast<std::size_t>(iterations));
    while (static_cast<std::int64_t>(draws_.size()) < iterations) {
      sweep();
      draws_.push_back(static_cast<double>(data_.observed + missing_));
      occupied_.push_back(static_cast<float>(occupied_classes()));
    }
  }

  const std::vector<double>& draws() const { return draws_; }
  const std::vector<float>& occupied() const { return occupied_; }

 private:
  // Counts of `persons` among the classes with probabilities proportional to `weights` (work_).
  void allocate(std::int64_t persons) {
    std::fill(allocation_.begin(), allocation_.end(), 0);
    if (persons == 0) return;
    double total = 0;
    for (const double w : work_) total += w;
    if (persons <= static_cast<std::int64_t>(2 * classes_)) {
      for (std::int64_t i = 0; i < persons; ++i) {
        double u = rng_.uniform() * total;
        std::size_t k = 0;
        while (k + 1 < classes_ && u >= work_[k]) {
          u -= work_[k];
          ++k;
        }
        ++allocation_[k];
      }
      return;
    }
    std::int64_t left = persons;
    double mass_left = total;
    for (std::size_t k = 0; k + 1 < classes_ && left > 0; ++k) {
      const double share = mass_left > 0 ? std::clamp(work_[k] / mass_left, 0.0, 1.0) : 0.0;
      const auto m = rng_.binomial(left, share);
      allocation_[k] = m;
      left -= m;
      mass_left -= work_[k];
    }
    allocation_.back() += left;
  }

  void sweep() {
    // Class weights π_k from the sticks, each list's odds λ/(1 − λ), and each class's chance of being on no
    // list, π_k Π_j (1 − λ_jk): a history's class weights are then products, with no logarithms.
    double rest = 1;
    for (std::size_t k = 0; k < classes_; ++k) {
      const double v = std::min(stick_[k], kStickCeiling);
      weight_[k] = rest * v;
      rest *= 1 - v;
      double none = weight_[k];
      for (std::size_t j = 0; j < lists_; ++j) {
        const double l = std::clamp(lambda_[k * lists_ + j], kProbabilityEdge, 1 - kProbabilityEdge);
        odds_[k * lists_ + j] = l / (1 - l);
        none *= 1 - l;
      }
      none_[k] = none;
    }
    std::fill(class_total_.begin(), class_total_.end(), 0);
    std::fill(class_hits_.begin(), class_hits_.end(), 0);
    // 1. The classes of the observed persons, one multinomial draw per distinct history.
    for (std::size_t h = 0; h < data_.counts.size(); ++h) {
      const auto& on = data_.on_lists[h];
      double total = 0;
      for (std::size_t k = 0; k < classes_; ++k) {
        double w = none_[k];
        for (const int j : on) w *= odds_[k * lists_ + static_cast<std::size_t>(j)];
        work_[k] = w;
        total += w;
      }
      if (!(total > 0) || !std::isfinite(total)) log_space_weights(on);
      allocate(data_.counts[h]);
      for (std::size_t k = 0; k < classes_; ++k) {
        const auto m = allocation_[k];
        if (m == 0) continue;
        class_total_[k] += m;
        for (const int j : on) class_hits_[k * lists_ + static_cast<std::size_t>(j)] += m;
      }
    }
    // 2. The persons on no list: with the prior 1/N their number is negative binomial (n, 1 − p0), p0 the
    // chance of being on no list; drawn as a gamma–Poisson mixture, with no cap.
    double p0 = 0;
    for (std::size_t k = 0; k < classes_; ++k) {
      work_[k] = none_[k];
      p0 += none_[k];
    }
    p0 = std::min(p0, 1 - 1e-15);
    missing_ = rng_.poisson(rng_.gamma(static_cast<double>(data_.observed)) * p0 / (1 - p0));
    allocate(missing_);
    for (std::size_t k = 0; k < classes_; ++k) class_total_[k] += allocation_[k];
    // 3. Each list's probability in each class.
    for (std::size_t k = 0; k < classes_; ++k) {
      for (std::size_t j = 0; j < lists_; ++j) {
        const auto hits = static_cast<double>(class_hits_[k * lists_ + j]);
        const auto misses = static_cast<double>(class_total_[k]) - hits;
        // An empty class draws from the prior, which for Beta(1, 1) is a uniform: no gamma variates needed
        // for the classes the stick-breaking leaves unused (most of the K).
        lambda_[k * lists_ + j] = class_total_[k] == 0 && settings_.lambda_a == 1 && settings_.lambda_b == 1
                                      ? rng_.uniform()
                                      : rng_.beta(settings_.lambda_a + hits, settings_.lambda_b + misses);
      }
    }
    // 4. The sticks, then 5. their concentration.
    auto after = static_cast<double>(data_.observed + missing_);
    double log_rest = 0;
    for (std::size_t k = 0; k + 1 < classes_; ++k) {
      const auto in_class = static_cast<double>(class_total_[k]);
      after -= in_class;
      const double v = std::min(rng_.beta(1 + in_class, alpha_ + std::max(after, 0.0)), kStickCeiling);
      stick_[k] = v;
      log_rest += std::log1p(-v);
    }
    alpha_ = std::max(rng_.gamma(settings_.alpha_shape + static_cast<double>(classes_) - 1) /
                          (settings_.alpha_rate - log_rest),
                      1e-300);
  }

  // The same class weights through logarithms, for the rare history whose products under- or overflow.
  void log_space_weights(const std::vector<int>& on) {
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < classes_; ++k) {
      double w = std::log(none_[k] > 0 ? none_[k] : std::numeric_limits<double>::min());
      for (const int j : on) w += std::log(odds_[k * lists_ + static_cast<std::size_t>(j)]);
      work_[k] = w;
      best = std::max(best, w);
    }
    for (auto& w : work_) w = std::exp(w - best);
  }

  int occupied_classes() const {
    return static_cast<int>(
        std::count_if(class_total_.begin(), class_total_.end(), [](auto m) { return m > 0; }));
  }

  const DistinctHistories& data_;
  const LatentClassSettings& settings_;
  core::Rng rng_;
  std::size_t classes_;
  std::size_t lists_;
  double alpha_ = 1;
  std::int64_t missing_ = 0;
  std::vector<double> lambda_;  // [class][list]
  std::vector<double> odds_;    // [class][list]: λ/(1 − λ)
  std::vector<double> stick_;
  std::vector<double> weight_;  // π_k
  std::vector<double> none_;    // π_k Π_j (1 − λ_jk)
  std::vector<std::int64_t> class_total_;
  std::vector<std::int64_t> class_hits_;  // [class][list]
  std::vector<double> work_;
  std::vector<std::int64_t> allocation_;
  std::vector<double> draws_;
  std::vector<float> occupied_;
};

// Diagnostics read at most this many draws per chain (evenly thinned), so checking a long run stays cheap;
// effective sizes of a thinned chain can only understate those of the whole.
constexpr std::size_t kDiagnosticDraws = 100'000;

std::vector<std::vector<double>> kept_draws(const std::vector<Chain>& chains, std::int64_t warmup,
                                            std::size_t thin_to) {
  std::vector<std::vector<double>> kept;
  for (const auto& chain : chains) {
    const auto& all = chain.draws();
    const auto first = static_cast<std::size_t>(warmup);
    const std::size_t available = all.size() - first;
    const std::size_t stride =
        thin_to == 0 ? 1 : std::max<std::size_t>(1, (available + thin_to - 1) / thin_to);
    std::vector<double> k;
    for (std::size_t i = first; i < all.size(); i += stride) k.push_back(all[i]);
    kept.push_back(std::move(k));
  }
  const auto shortest = std::min_element(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
                          return a.size() < b.size();
                        })->size();
  for (auto& k : kept) k.resize(shortest);
  return kept;
}

}  // namespace

LatentClassResult fit_latent_class(const CaptureTable& table, const LatentClassSettings& settings) {
  if (settings.classes < 1 || settings.chains < 1) {
    throw core::UserError("the latent-class model needs at least one class and one chain",
                          "give --K of 2 or more and --chains of 1 or more");
  }
  const auto start = std::chrono::steady_clock::now();
  const auto data = distinct_histories(table);
  std::vector<Chain> chains;
  chains.reserve(static_cast<std::size_t>(settings.chains));
  for (int c = 0; c < settings.chains; ++c) {
    chains.emplace_back(data, settings, core::stream_seed(settings.seed, static_cast<std::uint64_t>(c)),
                        c % 2 == 1);
  }
  LatentClassResult result;
  result.observed = static_cast<double>(data.observed);
  std::int64_t iterations = settings.samples > 0 ? 2 * settings.samples : 4000;
  while (true) {
    core::parallel_for(chains.size(), settings.threads, 1, [&](std::size_t first, std::size_t end) {
      for (std::size_t c = first; c < end; ++c) chains[c].run_until(iterations);
    });
    const std::int64_t warmup = iterations / 2;
    result.diagnostics = diagnose_chains(kept_draws(chains, warmup, kDiagnosticDraws));
    result.iterations = iterations;
    result.warmup = warmup;
    result.converged = result.diagnostics.rhat < settings.target_rhat &&
                       result.diagnostics.ess_bulk >= settings.target_ess &&
                       result.diagnostics.ess_tail >= settings.target_ess;
    if (settings.samples > 0 || result.converged || iterations >= settings.max_iterations) break;
    iterations = std::min(2 * iterations, settings.max_iterations);
  }
  std::vector<double> pooled;
  for (const auto& chain : chains) {
    const auto& all = chain.draws();
    const std::vector<double> kept(all.begin() + result.warmup, all.end());
    pooled.insert(pooled.end(), kept.begin(), kept.end());
    ChainResult c;
    c.posterior = summarise_draws(kept, settings.level);
    double occupied = 0;
    for (auto i = static_cast<std::size_t>(result.warmup); i < chain.occupied().size(); ++i)
      occupied += chain.occupied()[i];
    c.mean_occupied_classes =
        occupied / static_cast<double>(chain.occupied().size() - static_cast<std::size_t>(result.warmup));
    result.chains.push_back(c);
  }
  result.posterior = summarise_draws(std::move(pooled), settings.level);
  result.draws = kept_draws(chains, result.warmup, kKeptDraws);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace clearpoint::mse
