// The `poolbook` command line. One binary; each command is a function of the journal.
//
// Exit codes: 0 done; 1 the input or the ledger's state refused it (one clear line on stderr);
// 2 usage (unknown command or option, missing argument).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace poolbook::api {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;

// Runs one command. `args` excludes the program name. `stderr_is_terminal` enables the import
// progress bar.
int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err,
           bool stderr_is_terminal = false);

}  // namespace poolbook::api
