// Progress: a one-line progress bar on a terminal for work that takes longer than a second.
//
// It draws on standard error only when that is a terminal and only after the first second, so piped
// and scripted runs stay quiet and short commands never flicker.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace clearpoint::cli {

class Progress {
 public:
  explicit Progress(std::string label);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `total` 0 means unknown: the count is shown without a bar.
  void update(std::uint64_t done, std::uint64_t total);

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace clearpoint::cli
