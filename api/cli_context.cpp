#include "api/cli_context.h"

#include <cstdlib>
#include <ostream>

#include "api/cli.h"

namespace poolbook::api {

std::string CliContext::Opt(const std::string& option, const std::string& fallback) const {
  auto it = inv_.options.find(option);
  return it == inv_.options.end() ? fallback : it->second;
}

std::string CliContext::User() const {
  if (Has("--user")) return Opt("--user");
  if (const char* u = std::getenv("POOLBOOK_USER"); u && *u) return u;
  if (const char* u = std::getenv("USER"); u && *u) return u;
  return "cli";
}

StatusOr<Journal*> CliContext::Ledger() {
  if (!journal_) {
    auto j = Journal::Open(Db());
    if (!j.ok()) return j.status();
    journal_ = std::move(*j);
  }
  return journal_.get();
}

int CliContext::Refused(const Status& st) {
  err << "poolbook: " << st.message() << "\n";
  return kExitRefused;
}

int CliContext::Usage(const std::string& why) {
  err << "poolbook: " << why << "\n\n" << kUsage;
  return kExitUsage;
}

}  // namespace poolbook::api
