// log Γ(x) for any thread: std::lgamma writes the global `signgam` (C99), a data race when chains,
// bootstraps or model searches run in parallel (found by ThreadSanitizer); lgamma_r returns the sign
// through its argument instead and gives the same value.
#pragma once

#include <cmath>

namespace clearpoint::core {

inline double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

}  // namespace clearpoint::core
