// Rng: the simulator's source of randomness, identical on every machine for a given seed.
//
// The standard library's distributions may differ between implementations, which would break the
// promise that a seed reproduces a scenario byte for byte. So the generator (xoshiro256**, seeded
// through splitmix64, both by Blackman and Vigna) and every distribution used are written here.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace clearpoint::core {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();
  double uniform();  // [0, 1)
  bool bernoulli(double p) { return uniform() < p; }
  int uniform_int(int low, int high);  // inclusive
  double normal();                     // standard normal
  std::int64_t poisson(double mean);
  double gamma(double shape);       // Gamma(shape, scale 1), shape > 0
  double beta(double a, double b);  // Beta(a, b), a, b > 0
  std::int64_t binomial(std::int64_t trials, double p);

 private:
  std::uint64_t state_[4];
  double spare_normal_ = 0;
  bool has_spare_ = false;
};

// An independent, reproducible stream for work item `item` of a run seeded with `seed` (SplitMix64 of
// both): each bootstrap replicate or sampler chain draws from its own stream, so results do not depend on
// how many threads ran them.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t item);

// Draws an index with probability proportional to its weight, in O(1) (Walker's alias method).
class DiscreteDistribution {
 public:
  DiscreteDistribution() = default;
  explicit DiscreteDistribution(std::span<const double> weights);
  std::size_t operator()(Rng& rng) const;
  std::size_t size() const { return probability_.size(); }

 private:
  std::vector<double> probability_;
  std::vector<std::uint32_t> alias_;
};

}  // namespace clearpoint::core
