#include "api/cli.h"

#include <iostream>

#include "api/cli_context.h"
#include "api/cli_parse.h"

namespace poolbook::api {

int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err,
           bool stderr_is_terminal) {
  ParsedLine line = ParseCommandLine(args);
  if (line.kind == ParsedLine::Kind::kHelp) {
    out << kUsage;
    return kExitOk;
  }
  if (line.kind == ParsedLine::Kind::kUsageError) {
    if (!line.error.empty()) err << "poolbook: " << line.error << "\n\n";
    err << kUsage;
    return kExitUsage;
  }
  const CommandHandler run = line.invocation.command->run;
  try {
    CliContext context(std::move(line.invocation), in, out, err, stderr_is_terminal);
    return run(context);
  } catch (const std::exception& e) {
    err << "poolbook: unexpected failure: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace poolbook::api
