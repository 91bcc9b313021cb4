// The grammar of the `poolbook` command line as data: every command's words, operands and
// options. The parser (cli_parse.cpp) is built from this table, so a command accepts exactly the
// options listed here and refuses any other (exit 2); the CLI tests walk the same table.
#pragma once

#include <vector>

namespace poolbook::api {

class CliContext;

// Runs one parsed command; returns the exit code (cli.h).
using CommandHandler = int (*)(CliContext&);

struct CommandSpec {
  const char* path;                   // the words that name the command: "partner add"
  std::vector<const char*> operands;  // in order: "CODE", "NAME"; "FILE?" is optional
  std::vector<const char*> options;   // options that take a value: "--book"
  std::vector<const char*> flags;     // options that take none: "--create-accounts"
  std::vector<const char*> required;  // of `options`, those that must be given
  CommandHandler run;
};

// Options every command takes, before or after its words: "--db", "--user" (and --help).
const std::vector<const char*>& GlobalOptions();

// Every command, in the order of the usage text.
const std::vector<CommandSpec>& Commands();

// The usage text: on stderr with a usage error, on stdout for --help.
extern const char* const kUsage;

}  // namespace poolbook::api
