#include "mse/latent_class.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <span>

#include "core/diagnostic.h"
#include "core/parallel.h"
#include "core/random.h"

namespace clearpoint::mse {

namespace {

// The observed part of the table, per coverage group: the lists that could catch the group's persons, each
// distinct history (as the lists it is on) and how many persons have it. Without coverage (or when the
// groups are not shared) there is one group whom every list could catch.
struct GroupHistories {
  std::vector<int> covered;
  std::vector<std::vector<int>> on_lists;
  std::vector<std::int64_t> counts;
  std::int64_t observed = 0;
};

// Persons whose records do not decide some lists' reach: each sweep places them among the coverage groups
// their records allow (`groups`: indices into DistinctHistories::groups).
struct UndeterminedHistories {
  std::vector<int> on;
  std::int64_t count = 0;
  std::vector<std::size_t> groups;
};

struct DistinctHistories {
  int lists = 0;
  std::vector<GroupHistories> groups;
  std::vector<UndeterminedHistories> undetermined;
  std::int64_t observed = 0;
};

void add_histories(GroupHistories& group, const std::vector<double>& counts, int lists) {
  for (History h = 1; h < counts.size(); ++h) {
    const double count = counts[h];
    if (count <= 0) continue;
    if (count != std::floor(count)) {
      throw core::UserError(
          fmt::format("the latent-class model counts persons, but history {:0{}b} has the count {}", h, lists,
                      count),
          "give whole numbers of persons, or use a log-linear --method");
    }
    std::vector<int> on;
    for (int j = 0; j < lists; ++j) {
      if ((h >> j) & 1U) on.push_back(j);
    }
    group.on_lists.push_back(std::move(on));
    group.counts.push_back(static_cast<std::int64_t>(count));
    group.observed += static_cast<std::int64_t>(count);
  }
}

DistinctHistories distinct_histories(const CaptureTable& table, bool by_coverage) {
  DistinctHistories d;
  d.lists = table.list_count();
  if (by_coverage && !table.coverage.empty()) {
    // The persons of undetermined reach are taken out of the group they were counted in and placed anew in
    // every sweep among the groups that (a) hold persons whose reach is decided, (b) include every list
    // certain to cover them and the lists they are on, and (c) include no list known not to cover them.
    // With no such group they stay where they were counted.
    std::vector<std::vector<double>> decided;
    for (const auto& group : table.coverage) decided.push_back(group.counts);
    const auto index_of = [&](History lists) {
      return static_cast<std::size_t>(std::find_if(table.coverage.begin(), table.coverage.end(),
                                                   [&](const CoverageGroup& g) { return g.lists == lists; }) -
                                      table.coverage.begin());
    };
    for (const auto& cell : table.undetermined) {
      const auto placed = index_of(cell.covered_by);
      if (placed < decided.size()) decided[placed][cell.history] -= cell.count;
    }
    for (const auto& group : table.coverage) {
      GroupHistories g;
      for (int j = 0; j < d.lists; ++j) {
        if ((group.lists >> j) & 1U) g.covered.push_back(j);
      }
      add_histories(g, decided[d.groups.size()], d.lists);
      d.observed += g.observed;
      d.groups.push_back(std::move(g));
    }
    for (const auto& cell : table.undetermined) {
      const auto placed = index_of(cell.covered_by);
      if (placed >= d.groups.size() || cell.count <= 0) continue;
      UndeterminedHistories u;
      for (int j = 0; j < d.lists; ++j) {
        if ((cell.history >> j) & 1U) u.on.push_back(j);
      }
      u.count = static_cast<std::int64_t>(cell.count);
      const History certain = (cell.covered_by & ~cell.undetermined) | cell.history;
      for (std::size_t g = 0; g < d.groups.size(); ++g) {
        const History lists = table.coverage[g].lists;
        if (d.groups[g].observed > 0 && (lists & certain) == certain && (lists & ~cell.covered_by) == 0)
          u.groups.push_back(g);
      }
      if (u.groups.empty()) u.groups.push_back(placed);
      d.observed += u.count;
      d.undetermined.push_back(std::move(u));
    }
    return d;
  }
  GroupHistories all;
  for (int j = 0; j < d.lists; ++j) all.covered.push_back(j);
  add_histories(all, table.counts, d.lists);
  d.observed = all.observed;
  d.groups.push_back(std::move(all));
  return d;
}

// List probabilities are kept this far from 0 and 1, so odds and their products stay finite.
constexpr double kProbabilityEdge = 1e-12;
constexpr double kStickCeiling = 1 - 1e-16;
// Rounds of the missed persons and the parameters per allocation of the persons found (Chain::sweep).
constexpr int kMissedRoundsPerSweep = 2;
// The spread of a ridge move's step on the logit scale (Chain::ridge_move): 0.1–0.2 mixed best on the
// demo's table (docs/estimation.md, "Speed"); larger steps more often sent a chain far into the lower tail.
constexpr double kRidgeStep = 0.15;
// Hamiltonian Monte Carlo (Chain::hmc_move): the step size and each parameter's scale are learnt over
// the first kAdaptIterations iterations of a chain (fewer when a fixed run's warm-up is shorter), always
// inside the warm-up, then frozen. Step size by dual averaging toward this acceptance (Hoffman & Gelman 2014,
// the values Stan uses); scales from two windows of draws, each followed by a fresh step-size search.
constexpr std::int64_t kAdaptIterations = 2000;
constexpr double kTargetAcceptance = 0.8;

// Counts of `persons` among cells with probabilities proportional to `weights` (one count per weight):
// one categorical draw a person when they are few, else a binomial per cell on what is left.
void draw_multinomial(core::Rng& rng, std::int64_t persons, std::span<const double> weights,
                      std::span<std::int64_t> counts) {
  std::fill(counts.begin(), counts.end(), 0);
  if (persons == 0 || weights.empty()) return;
  double total = 0;
  for (const double w : weights) total += w;
  const std::size_t cells = weights.size();
  if (persons <= static_cast<std::int64_t>(2 * cells)) {
    for (std::int64_t i = 0; i < persons; ++i) {
      double u = rng.uniform() * total;
      std::size_t k = 0;
      while (k + 1 < cells && u >= weights[k]) {
        u -= weights[k];
        ++k;
      }
      ++counts[k];
    }
    return;
  }
  std::int64_t left = persons;
  double mass_left = total;
  for (std::size_t k = 0; k + 1 < cells && left > 0; ++k) {
    const double share = mass_left > 0 ? std::clamp(weights[k] / mass_left, 0.0, 1.0) : 0.0;
    const auto m = rng.binomial(left, share);
    counts[k] = m;
    left -= m;
    mass_left -= weights[k];
  }
  counts.back() += left;
}

// Class weights π_k from stick-breaking: π_k = v_k Π_{l<k} (1 − v_l), each stick kept below 1.
void stick_breaking_weights(const std::vector<double>& sticks, std::vector<double>& weights) {
  weights.resize(sticks.size());
  double rest = 1;
  for (std::size_t k = 0; k < sticks.size(); ++k) {
    const double v = std::min(sticks[k], kStickCeiling);
    weights[k] = rest * v;
    rest *= 1 - v;
  }
}

// A probability moved by `step` on the logit scale.
double shift_logit(double probability, double step) {
  return 1 / (1 + std::exp(-(std::log(probability / (1 - probability)) + step)));
}

class Chain {
 public:
  Chain(const DistinctHistories& data, const LatentClassSettings& settings, std::uint64_t seed,
        bool hidden_start, std::int64_t adaptation)
      : adaptation_(adaptation),
        data_(data),
        settings_(settings),
        rng_(seed),
        classes_(static_cast<std::size_t>(settings.classes)),
        lists_(static_cast<std::size_t>(data.lists)),
        lambda_(classes_ * lists_),
        odds_(classes_ * lists_),
        stick_(classes_),
        weight_(classes_),
        miss_(classes_ * lists_),
        none_(classes_),
        class_total_(classes_),
        observed_in_group_(data.groups.size() * classes_),
        class_hits_(classes_ * lists_),
        class_exposed_(classes_ * lists_),
        group_found_(data.groups.size()),
        group_size_(data.groups.size()),
        group_none_(data.groups.size() * classes_),
        placed_(data.undetermined.size()),
        placed_in_(data.groups.size()),
        work_(classes_),
        allocation_(classes_) {
    // Dispersed starts: list probabilities and class weights drawn from the priors; odd chains begin in the
    // second mode (a dominant class nearly invisible to every list), so a sampler that cannot leave it shows
    // up as chains that disagree rather than as a confident answer.
    for (auto& l : lambda_) l = rng_.beta(settings.lambda_a, settings.lambda_b);
    for (std::size_t k = 0; k + 1 < classes_; ++k) stick_[k] = rng_.beta(1, alpha_);
    stick_.back() = 1;
    for (std::size_t g = 0; g < data.groups.size(); ++g) group_size_[g] = data.groups[g].observed;
    for (std::size_t u = 0; u < data.undetermined.size(); ++u) {
      placed_[u].assign(data.undetermined[u].groups.size(), 0);
      for (std::size_t c = 0; c < data.undetermined[u].groups.size(); ++c)
        placed_in_[data.undetermined[u].groups[c]].emplace_back(u, c);
    }
    if (hidden_start && classes_ > 1) {
      stick_[0] = 0.8;
      for (std::size_t j = 0; j < lists_; ++j) lambda_[j] = 0.02;
    }
  }

  void run_until(std::int64_t iterations) {
    draws_.reserve(static_cast<std::size_t>(iterations));
    while (static_cast<std::int64_t>(draws_.size()) < iterations) {
      sweep();
      if (data_.groups.size() > 1) record_groups(static_cast<std::int64_t>(draws_.size()));
      draws_.push_back(static_cast<double>(data_.observed + missing_));
      occupied_.push_back(static_cast<float>(occupied_classes()));
    }
  }

  const std::vector<double>& draws() const { return draws_; }

  // Each coverage group's draws from iteration `first` on: [group][draw] of its persons found (which
  // moves when persons of undetermined reach are placed anew) and of its size, found + missed.
  struct GroupDraws {
    std::vector<std::vector<double>> found;
    std::vector<std::vector<double>> size;
  };
  GroupDraws group_draws(std::int64_t first) const {
    const std::size_t groups = data_.groups.size();
    const std::size_t width = 2 * groups;
    GroupDraws out{std::vector<std::vector<double>>(groups), std::vector<std::vector<double>>(groups)};
    for (std::size_t r = 0; r < group_records_.size() / width; ++r) {
      if (static_cast<std::int64_t>(r) * record_stride_ < first) continue;
      for (std::size_t g = 0; g < groups; ++g) {
        out.found[g].push_back(static_cast<double>(group_records_[r * width + g]));
        out.size[g].push_back(static_cast<double>(group_records_[r * width + groups + g]));
      }
    }
    return out;
  }
  const std::vector<float>& occupied() const { return occupied_; }

 private:
  static constexpr std::size_t kGroupRecords = 4 * kKeptDraws;

  void record_groups(std::int64_t iteration) {
    if (iteration % record_stride_ != 0) return;
    const std::size_t width = 2 * data_.groups.size();  // per record: each group's found, then its size
    if (group_records_.size() / width >= 2 * kGroupRecords) {
      // Keep every second record: those at multiples of the doubled stride.
      std::size_t kept = 0;
      for (std::size_t r = 0; r < group_records_.size() / width; r += 2, ++kept) {
        std::copy_n(group_records_.begin() + static_cast<std::ptrdiff_t>(r * width), width,
                    group_records_.begin() + static_cast<std::ptrdiff_t>(kept * width));
      }
      group_records_.resize(kept * width);
      record_stride_ *= 2;
      if (iteration % record_stride_ != 0) return;
    }
    group_records_.insert(group_records_.end(), group_found_.begin(), group_found_.end());
    group_records_.insert(group_records_.end(), group_size_.begin(), group_size_.end());
  }

  // Counts of `persons` among the classes with probabilities proportional to work_, into allocation_.
  void allocate(std::int64_t persons) { draw_multinomial(rng_, persons, work_, allocation_); }

  // 0. The persons of undetermined reach, placed among the groups their records allow: a group's weight is
  // its size in the last sweep (plus one, a Dirichlet(1) prior on the groups' shares) times the chance of
  // their history there, Σ_k π_k Π_{j covers} λ_jk^on (1 − λ_jk)^off.
  void place_undetermined() {
    for (std::size_t g = 0; g < data_.groups.size(); ++g) {
      none_of_group(g);
      std::copy(none_.begin(), none_.end(), group_none_.begin() + static_cast<std::ptrdiff_t>(g * classes_));
    }
    for (std::size_t u = 0; u < data_.undetermined.size(); ++u) {
      const auto& cell = data_.undetermined[u];
      auto& placed = placed_[u];
      auto& weights = placement_weights_;
      weights.resize(cell.groups.size());
      for (std::size_t c = 0; c < cell.groups.size(); ++c) {
        const std::size_t g = cell.groups[c];
        double chance = 0;
        for (std::size_t k = 0; k < classes_; ++k) {
          double w = group_none_[g * classes_ + k];
          for (const int j : cell.on) w *= odds_[k * lists_ + static_cast<std::size_t>(j)];
          chance += w;
        }
        weights[c] = (static_cast<double>(group_size_[g]) + 1) * chance;
      }
      draw_multinomial(rng_, cell.count, weights, placed);
    }
  }

  // Class weights π_k from the sticks and each list's odds λ/(1 − λ); a history's class weights are then
  // products of a group's chance of being on none of its lists, π_k Π_{j covers} (1 − λ_jk), and odds.
  void refresh_class_weights() {
    stick_breaking_weights(stick_, weight_);
    for (std::size_t k = 0; k < classes_; ++k) {
      for (std::size_t j = 0; j < lists_; ++j) {
        const double l = std::clamp(lambda_[k * lists_ + j], kProbabilityEdge, 1 - kProbabilityEdge);
        odds_[k * lists_ + j] = l / (1 - l);
        miss_[k * lists_ + j] = 1 - l;
      }
    }
  }

  void none_of_group(std::size_t g) {
    for (std::size_t k = 0; k < classes_; ++k) {
      double none = weight_[k];
      for (const int j : data_.groups[g].covered) none *= miss_[k * lists_ + static_cast<std::size_t>(j)];
      none_[k] = none;
    }
  }

  void sweep() {
    refresh_class_weights();
    std::fill(class_hits_.begin(), class_hits_.end(), 0);
    if (!data_.undetermined.empty()) place_undetermined();
    gather_cells();
    class_chances();
    // The ridge moves start from the likelihood of the persons found; the Hamiltonian move computes its own.
    if (settings_.ridge_moves > 0) log_likelihood_ = log_likelihood(weight_);
    for (int move = 0; move < settings_.ridge_moves; ++move) ridge_move();
    if (settings_.leapfrog_steps > 0 && hmc_move()) {
      refresh_class_weights();
      class_chances();
    }
    // 1. The classes of the observed persons, one multinomial draw per distinct history and group.
    std::fill(observed_in_group_.begin(), observed_in_group_.end(), 0);
    for (std::size_t c = 0; c < cells_.size(); ++c) allocate_cell(c);
    // 2.–5. The persons missed and the model's parameters, several rounds on the classes of the persons
    // found: most of N is missed persons, and a missed count and the list probabilities that imply it move
    // each other only a little per round (the sampler's slow direction), while a round costs a small part
    // of allocating the found persons.
    for (int round = 0; round < kMissedRoundsPerSweep; ++round) {
      if (round > 0) refresh_class_weights();
      draw_missed_and_parameters();
    }
  }

  // This sweep's persons found, as cells of (group, history, persons): each group's decided histories and
  // the persons of undetermined reach placed in it.
  void gather_cells() {
    cells_.clear();
    for (std::size_t g = 0; g < data_.groups.size(); ++g) {
      const auto& group = data_.groups[g];
      std::int64_t found = group.observed;
      for (std::size_t h = 0; h < group.counts.size(); ++h)
        cells_.push_back({g, &group.on_lists[h], group.counts[h]});
      for (const auto& [u, c] : placed_in_[g]) {
        const auto persons = placed_[u][c];
        if (persons == 0) continue;
        cells_.push_back({g, &data_.undetermined[u].on, persons});
        found += persons;
      }
      group_found_[g] = found;
    }
  }

  // Each group's chance of being on none of its lists in each class, Π_{j covers} (1 − λ_jk), and each
  // cell's chance of its history in each class, that times Π_{j on} λ_jk / (1 − λ_jk).
  void class_chances() {
    group_miss_.resize(data_.groups.size() * classes_);
    cell_chance_.resize(cells_.size() * classes_);
    for (std::size_t k = 0; k < classes_; ++k) {
      const std::span<const double> miss(miss_.data() + k * lists_, lists_);
      const std::span<const double> odds(odds_.data() + k * lists_, lists_);
      class_column(miss, odds, group_miss_.data() + k, cell_chance_.data() + k, classes_);
    }
  }

  // One class's chances from its lists' miss (1 − λ) and odds (λ / (1 − λ)): each group's chance of being
  // on none of its lists into group_miss, each cell's chance of its history into cell_chance, every
  // `stride`-th element (the class's column of a [row][class] table, or a column of its own).
  void class_column(std::span<const double> miss, std::span<const double> odds, double* group_miss,
                    double* cell_chance, std::size_t stride) const {
    for (std::size_t g = 0; g < data_.groups.size(); ++g) {
      double none = 1;
      for (const int j : data_.groups[g].covered) none *= miss[static_cast<std::size_t>(j)];
      group_miss[g * stride] = none;
    }
    for (std::size_t c = 0; c < cells_.size(); ++c) {
      double chance = group_miss[cells_[c].group * stride];
      for (const int j : *cells_[c].on) chance *= odds[static_cast<std::size_t>(j)];
      cell_chance[c * stride] = chance;
    }
  }

  // log p(histories found | π, λ) with each group's size integrated out under its prior 1/N_g:
  // Σ_cells n log P_g(h) − Σ_g n_g log(1 − P_g(none)). With `moved` set, class `moved_class` takes the
  // columns of proposed_miss_ and proposed_chance_.
  double log_likelihood(const std::vector<double>& weights, bool moved = false,
                        std::size_t moved_class = 0) const {
    double total = 0;
    for (std::size_t c = 0; c < cells_.size(); ++c) {
      double chance = 0;
      for (std::size_t k = 0; k < classes_; ++k) {
        const double f = moved && k == moved_class ? proposed_chance_[c] : cell_chance_[c * classes_ + k];
        chance += weights[k] * f;
      }
      total += static_cast<double>(cells_[c].persons) * std::log(chance);
    }
    for (std::size_t g = 0; g < data_.groups.size(); ++g) {
      if (group_found_[g] == 0) continue;
      double none = 0;
      for (std::size_t k = 0; k < classes_; ++k) {
        const double m = moved && k == moved_class ? proposed_miss_[g] : group_miss_[g * classes_ + k];
        none += weights[k] * m;
      }
      total -= static_cast<double>(group_found_[g]) * std::log1p(-std::min(none, 1 - 1e-15));
    }
    return total;
  }

  // A Metropolis move of one class along the sampler's slow direction, with the classes of the persons
  // found and the missed persons integrated out (they are drawn afresh from the new parameters next): its
  // list probabilities down by a common step on the logit scale and its stick up by the same step, so the
  // class is as likely to hold the persons found while it holds more or fewer of those missed. The class is
  // chosen in proportion to its weight among the first K − 1 (the last has no stick), the choice's chance
  // both ways in the ratio; a class at the edges of (0, 1) is left alone.
  void ridge_move() {
    if (classes_ < 2) return;
    const auto sticks = classes_ - 1;
    const auto stick_mass = [&](const std::vector<double>& w) {
      double mass = 0;
      for (std::size_t k = 0; k < sticks; ++k) mass += w[k];
      return mass;
    };
    const double mass = stick_mass(weight_);
    if (!(mass > 0)) return;
    double u = rng_.uniform() * mass;
    std::size_t k = 0;
    while (k + 1 < sticks && u >= weight_[k]) {
      u -= weight_[k];
      ++k;
    }
    const double delta = kRidgeStep * rng_.normal();
    const double v = stick_[k];
    const auto inside = [](double x) { return x > kProbabilityEdge && x < 1 - kProbabilityEdge; };
    if (!inside(v)) return;
    const double v_new = shift_logit(v, delta);
    if (!inside(v_new)) return;
    double log_ratio = std::log(v_new / v) + alpha_ * (std::log1p(-v_new) - std::log1p(-v));
    proposed_lambda_.resize(lists_);
    proposed_odds_.resize(lists_);
    proposed_miss_list_.resize(lists_);
    for (std::size_t j = 0; j < lists_; ++j) {
      const double l = lambda_[k * lists_ + j];
      if (!inside(l)) return;
      const double l_new = shift_logit(l, -delta);
      if (!inside(l_new)) return;
      proposed_lambda_[j] = l_new;
      proposed_odds_[j] = l_new / (1 - l_new);
      proposed_miss_list_[j] = 1 - l_new;
      log_ratio += settings_.lambda_a * std::log(l_new / l) +
                   settings_.lambda_b * (std::log1p(-l_new) - std::log1p(-l));
    }
    // The weights with the new stick: classes before k unchanged, class k and those after it rescaled.
    proposed_sticks_ = stick_;
    proposed_sticks_[k] = v_new;
    stick_breaking_weights(proposed_sticks_, proposed_weight_);
    proposed_miss_.resize(data_.groups.size());
    proposed_chance_.resize(cells_.size());
    class_column(proposed_miss_list_, proposed_odds_, proposed_miss_.data(), proposed_chance_.data(), 1);
    const double proposed = log_likelihood(proposed_weight_, true, k);
    const double new_mass = stick_mass(proposed_weight_);
    log_ratio +=
        proposed - log_likelihood_ + std::log(proposed_weight_[k] / new_mass) - std::log(weight_[k] / mass);
    if (!(std::log(rng_.uniform()) < log_ratio)) return;
    stick_.swap(proposed_sticks_);
    weight_.swap(proposed_weight_);
    for (std::size_t j = 0; j < lists_; ++j) {
      lambda_[k * lists_ + j] = proposed_lambda_[j];
      odds_[k * lists_ + j] = proposed_odds_[j];
      miss_[k * lists_ + j] = proposed_miss_list_[j];
    }
    for (std::size_t g = 0; g < data_.groups.size(); ++g) group_miss_[g * classes_ + k] = proposed_miss_[g];
    for (std::size_t c = 0; c < cells_.size(); ++c) cell_chance_[c * classes_ + k] = proposed_chance_[c];
    log_likelihood_ = proposed;
  }

  // The parameters as HMC moves them: logit λ_jk by list, then class ([list][class], so the loops over
  // classes below run over adjacent numbers), then logit v_k for the first K − 1 sticks.
  std::size_t dimensions() const { return lists_ * classes_ + classes_ - 1; }

  void current_position(std::vector<double>& position) const {
    position.resize(dimensions());
    for (std::size_t k = 0; k < classes_; ++k) {
      for (std::size_t j = 0; j < lists_; ++j) {
        const double l = std::clamp(lambda_[k * lists_ + j], kProbabilityEdge, 1 - kProbabilityEdge);
        position[j * classes_ + k] = std::log(l / (1 - l));
      }
    }
    for (std::size_t k = 0; k + 1 < classes_; ++k) {
      const double v = std::clamp(stick_[k], kProbabilityEdge, kStickCeiling);
      position[lists_ * classes_ + k] = std::log(v / (1 - v));
    }
  }

  // Each cell's lists, flat (cell c's are h_on_[h_on_start_[c] … h_on_start_[c + 1])), for the trajectory.
  void flatten_cells() {
    h_on_start_.assign(1, 0);
    h_on_.clear();
    for (const auto& cell : cells_) {
      for (const int j : *cell.on) h_on_.push_back(static_cast<std::size_t>(j));
      h_on_start_.push_back(h_on_.size());
    }
  }

  // The parameters at `position` into the trajectory's scratch (h_lambda_ … h_group_miss_, all
  // [row][class]); false when a coordinate left the range where probabilities stay distinct from 0 and 1
  // (a trajectory that leaves it is refused; a sweep that starts outside it keeps its Gibbs steps alone).
  bool unpack(const std::vector<double>& position) {
    constexpr double kLogitLimit = 27;  // λ within about 2e-12 of 0 or 1 (kProbabilityEdge)
    const std::size_t n = lists_ * classes_;
    h_lambda_.resize(n);
    h_odds_.resize(n);
    h_miss_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!(std::abs(position[i]) < kLogitLimit)) return false;
      const double e = std::exp(-position[i]);
      h_lambda_[i] = 1 / (1 + e);
      h_odds_[i] = 1 / e;
      h_miss_[i] = e / (1 + e);
    }
    h_sticks_.resize(classes_);
    for (std::size_t k = 0; k + 1 < classes_; ++k) {
      const double t = position[n + k];
      if (!(std::abs(t) < kLogitLimit)) return false;
      h_sticks_[k] = 1 / (1 + std::exp(-t));
    }
    h_sticks_.back() = 1;
    stick_breaking_weights(h_sticks_, h_weight_);
    const std::size_t K = classes_;
    h_group_miss_.assign(data_.groups.size() * K, 1.0);
    for (std::size_t g = 0; g < data_.groups.size(); ++g) {
      double* none = h_group_miss_.data() + g * K;
      for (const int j : data_.groups[g].covered) {
        const double* miss = h_miss_.data() + static_cast<std::size_t>(j) * K;
        for (std::size_t k = 0; k < K; ++k) none[k] *= miss[k];
      }
    }
    h_chance_.resize(cells_.size() * K);
    for (std::size_t c = 0; c < cells_.size(); ++c) {
      double* chance = h_chance_.data() + c * K;
      const double* none = h_group_miss_.data() + cells_[c].group * K;
      for (std::size_t k = 0; k < K; ++k) chance[k] = none[k];
      for (std::size_t i = h_on_start_[c]; i < h_on_start_[c + 1]; ++i) {
        const double* odds = h_odds_.data() + h_on_[i] * K;
        for (std::size_t k = 0; k < K; ++k) chance[k] *= odds[k];
      }
    }
    return true;
  }

  // log posterior at the unpacked position, on the logit scale: the likelihood of log_likelihood(), the
  // Beta(a, b) priors of the λ with their logit Jacobians λ^a (1 − λ)^b, the Beta(1, α) sticks with theirs,
  // v (1 − v)^α.
  double log_target() const {
    const std::size_t K = classes_;
    double total = 0;
    for (std::size_t c = 0; c < cells_.size(); ++c) {
      const double* f = h_chance_.data() + c * K;
      double chance = 0;
      for (std::size_t k = 0; k < K; ++k) chance += h_weight_[k] * f[k];
      total += static_cast<double>(cells_[c].persons) * std::log(chance);
    }
    for (std::size_t g = 0; g < data_.groups.size(); ++g) {
      if (group_found_[g] == 0) continue;
      const double* m = h_group_miss_.data() + g * K;
      double none = 0;
      for (std::size_t k = 0; k < K; ++k) none += h_weight_[k] * m[k];
      total -= static_cast<double>(group_found_[g]) * std::log1p(-std::min(none, 1 - 1e-15));
    }
    for (std::size_t i = 0; i < lists_ * K; ++i)
      total += settings_.lambda_a * std::log(h_lambda_[i]) + settings_.lambda_b * std::log(h_miss_[i]);
    for (std::size_t k = 0; k + 1 < K; ++k)
      total += std::log(h_sticks_[k]) + alpha_ * std::log1p(-h_sticks_[k]);
    return total;
  }

  // The gradient of log_target() at the unpacked position. With r_ck = n_c π_k f_ck / P_c (the persons of
  // cell c expected in class k) and the missed persons expected in each class, d/d logit λ_jk is the
  // expected hits of list j in class k minus λ_jk times the persons it could have caught (found or missed),
  // plus the prior's a (1 − λ) − b λ; each stick's follows from ∂/∂π_k through the stick-breaking.
  void log_target_gradient(std::vector<double>& gradient) {
    const std::size_t K = classes_;
    const std::size_t n = lists_ * K;
    gradient.assign(dimensions(), 0.0);
    h_class_pull_.assign(K, 0.0);  // ∂ log-likelihood / ∂π_k
    h_exposed_.assign(n, 0.0);
    h_group_class_.assign(data_.groups.size() * K, 0.0);
    h_expected_.resize(K);
    double* expected = h_expected_.data();
    for (std::size_t c = 0; c < cells_.size(); ++c) {
      const double* f = h_chance_.data() + c * K;
      double chance = 0;
      for (std::size_t k = 0; k < K; ++k) chance += h_weight_[k] * f[k];
      const double per_chance = static_cast<double>(cells_[c].persons) / chance;
      double* group_class = h_group_class_.data() + cells_[c].group * K;
      for (std::size_t k = 0; k < K; ++k) {
        const double pull = per_chance * f[k];
        h_class_pull_[k] += pull;
        expected[k] = pull * h_weight_[k];
        group_class[k] += expected[k];
      }
      for (std::size_t i = h_on_start_[c]; i < h_on_start_[c + 1]; ++i) {
        double* hits = gradient.data() + h_on_[i] * K;
        for (std::size_t k = 0; k < K; ++k) hits[k] += expected[k];
      }
    }
    for (std::size_t g = 0; g < data_.groups.size(); ++g) {
      double* persons = h_group_class_.data() + g * K;
      if (group_found_[g] > 0) {
        const double* m = h_group_miss_.data() + g * K;
        double found_chance = 1;
        for (std::size_t k = 0; k < K; ++k) found_chance -= h_weight_[k] * m[k];
        const double per_found = static_cast<double>(group_found_[g]) / std::max(found_chance, 1e-15);
        for (std::size_t k = 0; k < K; ++k) {
          const double pull = per_found * m[k];
          h_class_pull_[k] += pull;
          persons[k] += pull * h_weight_[k];
        }
      }
      for (const int j : data_.groups[g].covered) {
        double* exposed = h_exposed_.data() + static_cast<std::size_t>(j) * K;
        for (std::size_t k = 0; k < K; ++k) exposed[k] += persons[k];
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      gradient[i] +=
          -h_lambda_[i] * h_exposed_[i] + settings_.lambda_a * h_miss_[i] - settings_.lambda_b * h_lambda_[i];
    }
    // π_k = v_k Π_{l<k} (1 − v_l): d π_k / d logit v_k = π_k (1 − v_k), d π_l / d logit v_k = −π_l v_k (l >
    // k).
    double later = 0;  // Σ_{l > k} pull_l π_l
    for (std::size_t k = K; k-- > 0;) {
      if (k + 1 < K) {
        const double v = h_sticks_[k];
        gradient[n + k] = h_class_pull_[k] * h_weight_[k] * (1 - v) - v * later + (1 - v) - alpha_ * v;
      }
      later += h_class_pull_[k] * h_weight_[k];
    }
  }

  // One trajectory of leapfrog steps with a diagonal mass, accepted by the Metropolis rule on the exact
  // log posterior (so the gradient affects only how often moves are accepted, never what is sampled).
  bool hmc_move() {
    const std::size_t d = dimensions();
    if (inverse_mass_.size() != d) inverse_mass_.assign(d, 1.0);
    current_position(h_start_);
    flatten_cells();
    if (!unpack(h_start_)) return false;
    const double start_target = log_target();
    log_target_gradient(h_gradient_);
    h_momentum_.resize(d);
    double start_kinetic = 0;
    for (std::size_t i = 0; i < d; ++i) {
      h_momentum_[i] = rng_.normal() / std::sqrt(inverse_mass_[i]);
      start_kinetic += 0.5 * h_momentum_[i] * h_momentum_[i] * inverse_mass_[i];
    }
    h_position_ = h_start_;
    // A step size jittered by ±20% breaks the resonances of a fixed trajectory length.
    const double step = step_size_ * (0.8 + 0.4 * rng_.uniform());
    bool inside = true;
    for (int s = 0; s < settings_.leapfrog_steps && inside; ++s) {
      for (std::size_t i = 0; i < d; ++i) h_momentum_[i] += 0.5 * step * h_gradient_[i];
      for (std::size_t i = 0; i < d; ++i) h_position_[i] += step * inverse_mass_[i] * h_momentum_[i];
      inside = unpack(h_position_);
      if (!inside) break;
      log_target_gradient(h_gradient_);
      for (std::size_t i = 0; i < d; ++i) h_momentum_[i] += 0.5 * step * h_gradient_[i];
    }
    double acceptance = 0;
    bool accepted = false;
    if (inside) {
      double end_kinetic = 0;
      for (std::size_t i = 0; i < d; ++i)
        end_kinetic += 0.5 * h_momentum_[i] * h_momentum_[i] * inverse_mass_[i];
      const double log_ratio = log_target() - end_kinetic - start_target + start_kinetic;
      acceptance = std::isfinite(log_ratio) ? std::min(1.0, std::exp(log_ratio)) : 0.0;
      if (rng_.uniform() < acceptance) {
        for (std::size_t k = 0; k < classes_; ++k) {
          for (std::size_t j = 0; j < lists_; ++j) lambda_[k * lists_ + j] = h_lambda_[j * classes_ + k];
        }
        std::copy(h_sticks_.begin(), h_sticks_.end() - 1, stick_.begin());
        accepted = true;
      }
    }
    adapt(acceptance);
    return accepted;
  }

  // Warm-up adaptation (iterations 1 … adaptation_): dual averaging of the log step size toward
  // kTargetAcceptance throughout; each parameter's variance over [A/4, A/2) and again over [A/2, 3A/4)
  // becomes its inverse mass (shrunk toward 10⁻³ as Stan does), each time restarting the step-size search;
  // at A the step size settles on the search's running average. Nothing changes after A.
  void adapt(double acceptance) {
    ++adapted_;
    if (adapted_ > adaptation_) return;
    const double t = static_cast<double>(++search_iteration_);
    constexpr double kShrink = 0.05, kDecay = 0.75, kStabilise = 10;
    search_error_ =
        (1 - 1 / (t + kStabilise)) * search_error_ + (kTargetAcceptance - acceptance) / (t + kStabilise);
    const double log_step = search_centre_ - std::sqrt(t) / kShrink * search_error_;
    const double weight = std::pow(t, -kDecay);
    search_average_ = weight * log_step + (1 - weight) * search_average_;
    step_size_ = std::exp(log_step);
    const std::int64_t window_start = adaptation_ / 4;
    const std::int64_t window_ends[] = {adaptation_ / 2, 3 * adaptation_ / 4};
    if (adapted_ >= window_start && adapted_ <= window_ends[1]) {
      current_position(h_position_);
      if (window_mean_.size() != h_position_.size()) {
        window_mean_.assign(h_position_.size(), 0.0);
        window_squares_.assign(h_position_.size(), 0.0);
      }
      ++window_draws_;
      for (std::size_t i = 0; i < h_position_.size(); ++i) {
        const double delta = h_position_[i] - window_mean_[i];
        window_mean_[i] += delta / static_cast<double>(window_draws_);
        window_squares_[i] += delta * (h_position_[i] - window_mean_[i]);
      }
    }
    for (const auto end : window_ends) {
      if (adapted_ != end || window_draws_ < 2) continue;
      const auto n = static_cast<double>(window_draws_);
      for (std::size_t i = 0; i < inverse_mass_.size(); ++i)
        inverse_mass_[i] = n / (n + 5) * window_squares_[i] / (n - 1) + 1e-3 * 5 / (n + 5);
      window_draws_ = 0;
      std::fill(window_mean_.begin(), window_mean_.end(), 0.0);
      std::fill(window_squares_.begin(), window_squares_.end(), 0.0);
      search_centre_ = std::log(10 * step_size_);
      search_error_ = 0;
      search_average_ = 0;
      search_iteration_ = 0;
    }
    if (adapted_ == adaptation_) step_size_ = std::exp(search_average_);
  }

  // The classes of a cell's persons, added to its group's row of observed_in_group_ and to the lists' hits.
  void allocate_cell(std::size_t c) {
    const auto& cell = cells_[c];
    double total = 0;
    for (std::size_t k = 0; k < classes_; ++k) {
      work_[k] = weight_[k] * cell_chance_[c * classes_ + k];
      total += work_[k];
    }
    if (!(total > 0) || !std::isfinite(total)) {
      none_of_group(cell.group);
      log_space_weights(*cell.on);
    }
    allocate(cell.persons);
    for (std::size_t k = 0; k < classes_; ++k) {
      const auto m = allocation_[k];
      if (m == 0) continue;
      observed_in_group_[cell.group * classes_ + k] += m;
      for (const int j : *cell.on) class_hits_[k * lists_ + static_cast<std::size_t>(j)] += m;
    }
  }

  void draw_missed_and_parameters() {
    std::fill(class_total_.begin(), class_total_.end(), 0);
    std::fill(class_exposed_.begin(), class_exposed_.end(), 0);
    missing_ = 0;
    for (std::size_t g = 0; g < data_.groups.size(); ++g) {
      const auto& group = data_.groups[g];
      none_of_group(g);
      // 2. The group's persons on none of its lists: with the prior 1/N_g their number is negative binomial
      // (n_g, 1 − p0_g), p0_g = Σ_k none_k the chance of being on none of them, drawn as a gamma–Poisson
      // mixture (no cap). Split among the classes in proportion to none_k, a Poisson count splits into
      // independent Poisson counts: class k's missed persons are Poisson(G·none_k / (1 − p0_g)), G the
      // gamma draw — no multinomial needed.
      double p0 = 0;
      for (std::size_t k = 0; k < classes_; ++k) p0 += none_[k];
      p0 = std::min(p0, 1 - 1e-15);
      const auto found = group_found_[g];
      std::int64_t missed = 0;
      const double scale = found == 0 ? 0.0 : rng_.gamma(static_cast<double>(found)) / (1 - p0);
      for (std::size_t k = 0; k < classes_; ++k) {
        allocation_[k] = rng_.poisson(scale * none_[k]);
        missed += allocation_[k];
      }
      group_size_[g] = found + missed;
      missing_ += missed;
      for (std::size_t k = 0; k < classes_; ++k) {
        const auto in_class = observed_in_group_[g * classes_ + k] + allocation_[k];
        class_total_[k] += in_class;
        // Only the lists that could catch the group learn from its persons being missed.
        for (const int j : group.covered)
          class_exposed_[k * lists_ + static_cast<std::size_t>(j)] += in_class;
      }
    }
    // 3. Each list's probability in each class, from the persons it could have caught.
    for (std::size_t k = 0; k < classes_; ++k) {
      for (std::size_t j = 0; j < lists_; ++j) {
        const auto hits = static_cast<double>(class_hits_[k * lists_ + j]);
        const auto exposed = class_exposed_[k * lists_ + j];
        const auto misses = static_cast<double>(exposed) - hits;
        // A class nobody the list could catch is in draws from the prior, which for Beta(1, 1) is a uniform:
        // no gamma variates needed for the classes the stick-breaking leaves unused (most of the K).
        lambda_[k * lists_ + j] = exposed == 0 && settings_.lambda_a == 1 && settings_.lambda_b == 1
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

  // Hamiltonian sampler: adaptation length and progress, step size search, inverse mass, window moments,
  // and a trajectory's scratch (h_*: the parameters at the trajectory's position).
  std::int64_t adaptation_ = 0;
  std::int64_t adapted_ = 0;
  std::int64_t search_iteration_ = 0;
  double step_size_ = 0.05;
  double search_centre_ = std::log(10 * 0.05);
  double search_error_ = 0;
  double search_average_ = 0;
  std::vector<double> inverse_mass_;
  std::vector<double> window_mean_, window_squares_;
  std::int64_t window_draws_ = 0;
  std::vector<double> h_start_, h_position_, h_momentum_, h_gradient_, h_lambda_, h_odds_, h_miss_, h_sticks_,
      h_weight_, h_chance_, h_group_miss_, h_class_pull_, h_exposed_, h_group_class_, h_expected_;
  std::vector<std::size_t> h_on_start_, h_on_;
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
  std::vector<double> miss_;    // [class][list]: 1 − λ
  std::vector<double> none_;    // π_k Π_{j covers the group} (1 − λ_jk), for the group at hand
  std::vector<std::int64_t> class_total_;
  std::vector<std::int64_t> observed_in_group_;  // [group][class]: persons found, in this sweep's classes
  std::vector<std::int64_t> class_hits_;         // [class][list]
  std::vector<std::int64_t> class_exposed_;      // [class][list]: persons the list could have caught
  std::vector<std::int64_t> group_found_;        // per group in this sweep: persons found, and found + missed
  std::vector<std::int64_t> group_size_;
  std::vector<double> group_none_;  // [group][class]: none_ of every group, for placing the undetermined
  std::vector<std::vector<std::int64_t>> placed_;  // [undetermined cell][its candidate group]: persons
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> placed_in_;  // [group]: (cell, candidate)
  // With several coverage groups, each group's missed count at every `record_stride_`-th iteration
  // ([record][group]); the stride doubles when the records fill, so a run of any length keeps a few
  // thousand evenly spaced ones.
  std::vector<std::int64_t> group_records_;
  std::int64_t record_stride_ = 1;
  std::vector<double> placement_weights_;  // [candidate group] for the undetermined cell at hand
  std::vector<double> work_;
  std::vector<std::int64_t> allocation_;
  // This sweep's persons found (gather_cells) and their chances by class (class_chances).
  struct Cell {
    std::size_t group;
    const std::vector<int>* on;
    std::int64_t persons;
  };
  std::vector<Cell> cells_;
  std::vector<double> group_miss_;   // [group][class]: Π_{j covers} (1 − λ_jk)
  std::vector<double> cell_chance_;  // [cell][class]: the chance of the cell's history in the class, over π_k
  double log_likelihood_ = 0;
  // A ridge move's proposal for its class (ridge_move).
  std::vector<double> proposed_lambda_, proposed_odds_, proposed_miss_list_, proposed_sticks_,
      proposed_weight_, proposed_miss_, proposed_chance_;
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

// Run until converged, warm-up ends where the chains first agree: half of the first round whose second half
// has R̂ < kAgreedRhat (Brooks & Gelman's reading of the diagnostic: discard the first half of the run at
// which the chains look converged), and never less than a quarter of the run. The kept draws' split-R̂ below
// the target (1.01) still has to show that they are one distribution. Half of every run, as with --samples,
// threw away draws taken long after the chains had met (the demo's table: they agree after 10,000–20,000
// iterations and need 60,000–100,000 for the effective draws).
constexpr double kAgreedRhat = 1.05;
constexpr std::int64_t kLeastWarmupShare = 4;  // at least 1/4 of every chain is warm-up

std::int64_t warmup_until_converged(std::int64_t iterations, std::int64_t agreed_at) {
  return agreed_at == 0 ? iterations / 2 : std::max(agreed_at / 2, iterations / kLeastWarmupShare);
}

// The next round's length per chain, warm-up included. While the chains disagree (R̂ at or above its target)
// they run half as long again. Once they agree, the effective sizes grow about in proportion to the kept
// draws, so the round aims at the kept draws the target needs, read from the effective draws so far with a
// tenth to spare — at least a fifth longer than this round (an estimate can fall short), at most twice.
std::int64_t next_round_length(std::int64_t iterations, std::int64_t agreed_at, const ChainDiagnostics& d,
                               const LatentClassSettings& settings) {
  const auto longer_by = [&](double factor) {
    return (static_cast<std::int64_t>(std::ceil(static_cast<double>(iterations) * factor)) + 1) / 2 * 2;
  };
  const double effective = std::min(d.ess_bulk, d.ess_tail);
  if (agreed_at == 0 || d.rhat >= settings.target_rhat || !(effective > 0)) return longer_by(1.5);
  const auto kept = static_cast<double>(iterations - warmup_until_converged(iterations, agreed_at));
  const double kept_needed = 1.1 * kept * settings.target_ess / effective;
  // The length whose draws after its warm-up, max(agreed_at / 2, length / 4), are kept_needed.
  const double needed = std::max(static_cast<double>(agreed_at / 2) + kept_needed,
                                 kept_needed * kLeastWarmupShare / (kLeastWarmupShare - 1));
  return longer_by(std::clamp(needed / static_cast<double>(iterations), 1.2, 2.0));
}

}  // namespace

LatentClassResult fit_latent_class(const CaptureTable& table, const LatentClassSettings& settings) {
  if (settings.classes < 1 || settings.chains < 1) {
    throw core::UserError("the latent-class model needs at least one class and one chain",
                          "give --K of 2 or more and --chains of 1 or more");
  }
  const auto start = std::chrono::steady_clock::now();
  const auto data = distinct_histories(table, settings.share_coverage_groups);
  // The Hamiltonian sampler adapts only inside the warm-up: a fixed run's first half, or the first round's
  // (a run until converged keeps at least half of the round its chains first agree in, ≥ 4,000 iterations).
  const std::int64_t adaptation =
      settings.samples > 0 ? std::min(kAdaptIterations, settings.samples) : kAdaptIterations;
  std::vector<Chain> chains;
  chains.reserve(static_cast<std::size_t>(settings.chains));
  for (int c = 0; c < settings.chains; ++c) {
    chains.emplace_back(data, settings, core::stream_seed(settings.seed, static_cast<std::uint64_t>(c)),
                        c % 2 == 1, adaptation);
  }
  LatentClassResult result;
  result.observed = static_cast<double>(data.observed);
  const bool fixed_length = settings.samples > 0;
  std::int64_t iterations = fixed_length ? 2 * settings.samples : 4000;
  std::int64_t agreed_at = 0;  // the first round's length whose second half had R̂ < kAgreedRhat
  while (true) {
    core::parallel_for(chains.size(), settings.threads, 1, [&](std::size_t first, std::size_t end) {
      for (std::size_t c = first; c < end; ++c) chains[c].run_until(iterations);
    });
    const std::int64_t warmup = fixed_length ? iterations / 2 : warmup_until_converged(iterations, agreed_at);
    result.diagnostics = diagnose_chains(kept_draws(chains, warmup, kDiagnosticDraws));
    // Until the chains agree the warm-up is this round's first half, so these are its second half's
    // diagnostics; from the round they agree in, half of it stays warm-up (more than a quarter of it).
    if (!fixed_length && agreed_at == 0 && result.diagnostics.rhat < kAgreedRhat) agreed_at = iterations;
    result.iterations = iterations;
    result.warmup = warmup;
    result.converged = result.diagnostics.rhat < settings.target_rhat &&
                       result.diagnostics.ess_bulk >= settings.target_ess &&
                       result.diagnostics.ess_tail >= settings.target_ess;
    if (fixed_length || result.converged || iterations >= settings.max_iterations) break;
    iterations = std::min(next_round_length(iterations, agreed_at, result.diagnostics, settings),
                          settings.max_iterations);
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
  if (data.groups.size() > 1) {
    std::vector<Chain::GroupDraws> by_chain;
    for (const auto& chain : chains) by_chain.push_back(chain.group_draws(result.warmup));
    for (std::size_t g = 0; g < data.groups.size(); ++g) {
      std::vector<std::vector<double>> per_chain;
      std::vector<double> all;
      double found = 0;
      for (const auto& chain : by_chain) {
        per_chain.push_back(chain.size[g]);
        all.insert(all.end(), chain.size[g].begin(), chain.size[g].end());
        for (const double f : chain.found[g]) found += f;
      }
      GroupPosterior group;
      group.observed = all.empty() ? 0 : found / static_cast<double>(all.size());
      group.decided = static_cast<double>(data.groups[g].observed);
      group.posterior = summarise_draws(std::move(all), settings.level);
      group.diagnostics = diagnose_chains(per_chain);
      result.groups.push_back(std::move(group));
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace clearpoint::mse
