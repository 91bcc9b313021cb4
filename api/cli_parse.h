// Parses a `poolbook` command line with CLI11 against the command table (cli_commands.h).
#pragma once

#include <string>
#include <vector>

#include "api/cli_context.h"

namespace poolbook::api {

struct ParsedLine {
  enum class Kind { kRun, kHelp, kUsageError };
  Kind kind = Kind::kUsageError;
  Invocation invocation;  // kRun: the command to run
  std::string error;      // kUsageError: why, or empty when no command was given at all
};

// Options go anywhere on the line, as --name VALUE or --name=VALUE; a repeated option keeps its
// last value. A usage error is: no command, an unknown command, a missing or extra operand, a
// missing required option, an option without its value, or an option the command does not take.
// --help anywhere asks for the usage text.
ParsedLine ParseCommandLine(const std::vector<std::string>& args);

}  // namespace poolbook::api
