#include "core/allocator_tuning.h"

#include <unistd.h>

#include <cstdlib>

namespace clearpoint::core {

std::optional<std::string> allocator_tunables_to_set(const char* current) {
  if (current != nullptr) return std::nullopt;
  return std::string(kAllocatorTunables);
}

void restart_with_allocator_tunables(char** argv) {
  const auto tunables = allocator_tunables_to_set(std::getenv("GLIBC_TUNABLES"));
  if (!tunables) return;
  // Set before the attempt, so a program that could not start again does not try twice; execv returns
  // only on failure, and the run then goes on as it is (glibc read its tunables already).
  if (::setenv("GLIBC_TUNABLES", tunables->c_str(), 0) != 0) return;
  ::execv("/proc/self/exe", argv);
}

}  // namespace clearpoint::core
