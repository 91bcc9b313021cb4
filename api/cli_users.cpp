// The commands of the HTTP server and its users: serve, user add|token|revoke|disable|list|demo.
// They read the server's configuration: the file, then POOLBOOK_* variables, then --db and --port.
#include <chrono>
#include <cstdlib>
#include <ostream>

#include "api/auth.h"
#include "api/cli.h"
#include "api/cli_handlers.h"
#include "api/serve.h"
#include "config/server_config.h"

namespace poolbook::api::cli {
namespace {

StatusOr<config::ServerConfig> ServerConfig(const CliContext& c) {
  auto config = config::LoadServerConfig(c.Opt("--config"), [](const char* n) { return std::getenv(n); });
  if (!config.ok()) return config.status();
  if (c.Has("--db")) config->database = c.Opt("--db");
  if (c.Has("--port")) {
    const std::string p = c.Opt("--port");
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(p) > 65535)
      return InvalidArgument("--port takes a port number (0 to 65535), not \"" + p.substr(0, 20) + "\"");
    config->port = std::stoi(p);
  }
  return config;
}

// What a user command works on: the server's configuration and the ledger it names.
struct UserLedger {
  config::ServerConfig config;
  std::unique_ptr<Journal> journal;
  std::string now;
  store::Database& db() { return journal->db(); }
};

StatusOr<UserLedger> OpenUserLedger(const CliContext& c) {
  auto config = ServerConfig(c);
  if (!config.ok()) return config.status();
  auto j = Journal::Open(config->database);
  if (!j.ok()) return j.status();
  return UserLedger{*config, std::move(*j), store::UtcTimestamp(std::chrono::system_clock::now())};
}

// A demo user for `role` with one fresh token; the user's earlier tokens are revoked, so that
// only the tokens printed work.
StatusOr<IssuedToken> DemoToken(CliContext& c, UserLedger& u, Role role) {
  const std::string name = std::string("demo-") + RoleName(role);
  auto t = CreateUser(u.db(), name, role, "demo", c.User(), u.now);
  if (t.ok() || t.status().code() != Code::kAlreadyExists) return t;
  auto users = ListUsers(u.db());
  if (!users.ok()) return users.status();
  for (const UserRow& row : *users) {
    if (row.name != name) continue;
    for (const TokenRow& old : row.tokens)
      if (!old.revoked_at) (void)RevokeToken(u.db(), old.id, c.User(), u.now);
  }
  return IssueToken(u.db(), name, "demo", c.User(), u.now);
}

}  // namespace

int Serve(CliContext& c) {
  auto config = ServerConfig(c);
  if (!config.ok()) return c.Refused(config.status());
  return RunServe(*config, c.out, c.err);
}

int UserAdd(CliContext& c) {
  auto u = OpenUserLedger(c);
  if (!u.ok()) return c.Refused(u.status());
  auto role = ParseRole(c.Operand(1));
  if (!role.ok()) return c.Refused(role.status());
  auto t = CreateUser(u->db(), c.Operand(0), *role, c.Opt("--label", "first token"), c.User(), u->now);
  if (!t.ok()) return c.Refused(t.status());
  c.out << "user " << c.Operand(0) << " (" << c.Operand(1) << ") created; token " << t->id
        << " (shown only now):\n"
        << t->token << "\n";
  return kExitOk;
}

int UserToken(CliContext& c) {
  auto u = OpenUserLedger(c);
  if (!u.ok()) return c.Refused(u.status());
  auto t = IssueToken(u->db(), c.Operand(0), c.Opt("--label", "issued by " + c.User()), c.User(), u->now);
  if (!t.ok()) return c.Refused(t.status());
  c.out << "token " << t->id << " for " << c.Operand(0) << " (shown only now):\n" << t->token << "\n";
  return kExitOk;
}

int UserRevoke(CliContext& c) {
  auto u = OpenUserLedger(c);
  if (!u.ok()) return c.Refused(u.status());
  if (Status st = RevokeToken(u->db(), c.Operand(0), c.User(), u->now); !st.ok()) return c.Refused(st);
  c.out << "token " << c.Operand(0) << " revoked\n";
  return kExitOk;
}

int UserDisable(CliContext& c) {
  auto u = OpenUserLedger(c);
  if (!u.ok()) return c.Refused(u.status());
  if (Status st = DisableUser(u->db(), c.Operand(0), c.User(), u->now); !st.ok()) return c.Refused(st);
  c.out << "user " << c.Operand(0) << " disabled and every token of theirs revoked\n";
  return kExitOk;
}

int UserList(CliContext& c) {
  auto u = OpenUserLedger(c);
  if (!u.ok()) return c.Refused(u.status());
  auto users = ListUsers(u->db());
  if (!users.ok()) return c.Refused(users.status());
  for (const UserRow& row : *users) {
    int live = 0;
    for (const TokenRow& t : row.tokens) live += t.revoked_at ? 0 : 1;
    c.out << row.name << "\t" << RoleName(row.role) << "\t" << live << " live token" << (live == 1 ? "" : "s")
          << (row.disabled_at ? "\t(disabled)" : "") << "\n";
  }
  return kExitOk;
}

int UserDemo(CliContext& c) {
  auto u = OpenUserLedger(c);
  if (!u.ok()) return c.Refused(u.status());
  std::string commissioner;
  c.out << "Demo tokens (one per role; earlier demo tokens are revoked):\n";
  for (Role r : kAllRoles) {
    auto t = DemoToken(c, *u, r);
    if (!t.ok()) return c.Refused(t.status());
    c.out << "  " << RoleName(r) << std::string(20 - std::string(RoleName(r)).size(), ' ') << t->token
          << "\n";
    if (r == Role::kCommissioner) commissioner = t->token;
  }
  const config::ServerConfig& config = u->config;
  const std::string base = std::string(config.tls_cert.empty() ? "http" : "https") + "://" + config.bind +
                           ":" + std::to_string(config.port);
  c.out << "\nTry, once the server is up:\n  curl -s -H 'Authorization: Bearer " << commissioner << "' "
        << base << "/api/v1/fund/positions\n"
        << "or open " << base << "/sign-in in a browser and paste a token.\n";
  return kExitOk;
}

}  // namespace poolbook::api::cli
