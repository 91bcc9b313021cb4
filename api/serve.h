// `poolbook serve`: runs the HTTP server until SIGTERM or SIGINT, then stops gracefully.
#pragma once

#include <iosfwd>
#include <string>

#include "config/server_config.h"

namespace poolbook::api {

// Serves `config` until a stop signal. Prints the address (and problems) to `out`/`err`.
// Returns the CLI exit code.
int RunServe(const config::ServerConfig& config, std::ostream& out, std::ostream& err);

}  // namespace poolbook::api
