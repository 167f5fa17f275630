// Running the `clearpoint` binary from a test, as a user runs it: its exit code and everything it printed.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace clearpoint::testing {

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// `arguments` go through the shell: quote what needs it; prefix environment assignments with `env`.
inline Run run_clearpoint(const std::string& arguments, const std::string& environment = "") {
  const std::string command =
      (environment.empty() ? "" : "env " + environment + " ") + CLEARPOINT_BINARY + " " + arguments + " 2>&1";
  Run result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t got = 0;
  while ((got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), got);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace clearpoint::testing
