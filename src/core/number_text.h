// Estimates written for a reader: whole persons from 1,000 up, one decimal below (small tables and
// per-stratum figures), and "—" for a value that is not a number (an interval with no upper limit). The
// one rule for text reports, flags and the terminal alike.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace clearpoint::core {

inline std::string estimate_text(double x) {
  if (!std::isfinite(x)) return "—";
  return std::fabs(x) >= 1000 ? fmt::format("{:.0f}", x) : fmt::format("{:.1f}", x);
}

}  // namespace clearpoint::core
