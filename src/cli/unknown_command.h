// Unknown commands: `clearpoint frobnicate --help` must say that 'frobnicate' is not a command (and which
// command was probably meant) instead of printing the main help and exiting 0, as CLI11 does when a help
// flag follows an unknown word.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace clearpoint::cli {

struct UnknownCommand {
  std::string name;
  std::string nearest;  // the closest command's name, or empty
};

// The first word on the command line that stands where a command should and names none; the values of
// the main options (--db FILE …) are skipped.
std::optional<UnknownCommand> unknown_command(CLI::App& app, int argc, const char* const* argv);

}  // namespace clearpoint::cli
