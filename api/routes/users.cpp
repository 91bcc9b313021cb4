// Users and tokens (administrators), and the access log of personal data (auditors).
#include "api/access_log.h"
#include "api/routes/route.h"
#include "ledger/store/database.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

std::string Now(Context& c) { return store::UtcTimestamp(c.read().Now()); }

Reply List(Context& c) {
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto users = ListUsers(c.read().db());
  if (!users.ok()) return Reply::Refused(users.status());
  json out = json::array();
  for (const UserRow& u : *users) {
    json tokens = json::array();
    for (const TokenRow& t : u.tokens) {
      tokens.push_back({{"id", t.id},
                        {"label", t.label},
                        {"created_at", t.created_at},
                        {"created_by", t.created_by},
                        {"revoked_at", t.revoked_at ? json(*t.revoked_at) : json(nullptr)}});
    }
    out.push_back({{"name", u.name},
                   {"role", RoleName(u.role)},
                   {"created_at", u.created_at},
                   {"created_by", u.created_by},
                   {"disabled_at", u.disabled_at ? json(*u.disabled_at) : json(nullptr)},
                   {"tokens", tokens}});
  }
  return Reply::Json({{"users", out}});
}

// Creates the user and issues their first token, shown once.
Reply Create(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string name = in.Str("name");
  const std::string role_text = in.Str("role");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto role = ParseRole(role_text);
  if (!role.ok()) return Reply::Bad(role.status());
  IssuedToken t;
  const std::string now = Now(c);
  Status st = c.writer.Run([&](Journal& j) {
    auto x = CreateUser(j.db(), name, *role, "first token", c.who.user, now);
    if (!x.ok()) return x.status();
    t = *x;
    return Status::Ok();
  });
  if (!st.ok()) return st.code() == Code::kInvalidArgument ? Reply::Bad(st) : Reply::Refused(st);
  return Reply::Created({{"name", name}, {"role", role_text}, {"token_id", t.id}, {"token", t.token}},
                        "/api/v1/users");
}

Reply Issue(Context& c) {
  json body = json::object();
  if (!c.req.body.empty()) {
    if (auto bad = ReadBody(c, body)) return *bad;
  }
  In in(body);
  const std::string label = in.OptStr("label", "issued by " + c.who.user);
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  const std::string name = c.Param(1);
  IssuedToken t;
  const std::string now = Now(c);
  Status st = c.writer.Run([&](Journal& j) {
    auto x = IssueToken(j.db(), name, label, c.who.user, now);
    if (!x.ok()) return x.status();
    t = *x;
    return Status::Ok();
  });
  if (!st.ok()) {
    if (st.code() == Code::kNotFound) return Reply::Missing(st.message());
    if (st.code() == Code::kInvalidArgument) return Reply::Bad(st);
    return Reply::Refused(st);
  }
  return Reply::Created({{"name", name}, {"token_id", t.id}, {"token", t.token}}, "/api/v1/users");
}

Reply Disable(Context& c) {
  const std::string name = c.Param(1);
  if (name == c.who.user)
    return Reply::Fail(
        MakeProblem(422, "you cannot disable your own user; ask another administrator", "name"));
  const std::string now = Now(c);
  Status st = c.writer.Run([&](Journal& j) { return DisableUser(j.db(), name, c.who.user, now); });
  if (!st.ok()) {
    if (st.code() == Code::kNotFound) return Reply::Missing(st.message());
    return Reply::Refused(st);
  }
  return Reply::Json({{"name", name}, {"disabled", true}});
}

Reply Revoke(Context& c) {
  const std::string id = c.Param(1);
  const std::string now = Now(c);
  Status st = c.writer.Run([&](Journal& j) { return RevokeToken(j.db(), id, c.who.user, now); });
  if (!st.ok()) {
    if (st.code() == Code::kNotFound) return Reply::Missing(st.message());
    return Reply::Refused(st);
  }
  return Reply::Json({{"token_id", id}, {"revoked", true}});
}

Reply AccessLog(Context& c) {
  In q = In::Query(c.req);
  AccessQuery a;
  a.person = q.OptStr("person");
  a.user = q.OptStr("user");
  const auto from = q.OptDate("from");
  const auto to = q.OptDate("to");
  a.after_id = q.OptInt("cursor", 0, 0, std::numeric_limits<long long>::max() / 2);
  a.limit = PageLimit(q, c.config) + 1;
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  if (from) a.from = from->ToString();
  if (to) a.to = to->ToString();
  auto rows = QueryAccessLog(c.read().db(), a);
  if (!rows.ok()) return Reply::Refused(rows.status());
  const bool more = static_cast<long long>(rows->size()) >= a.limit;
  if (more) rows->pop_back();
  json out = json::array();
  for (const AccessRecord& r : *rows) {
    c.Viewed(r.person);  // the log names people: reading it is a view too
    out.push_back({{"id", r.id},
                   {"at", r.at},
                   {"user", r.user},
                   {"role", r.role},
                   {"person", r.person},
                   {"method", r.method},
                   {"route", r.route},
                   {"target", r.target}});
  }
  return Reply::Json(
      {{"records", out}, {"next_cursor", more ? json(std::to_string(rows->back().id)) : json(nullptr)}});
}

}  // namespace

void AddUserRoutes(std::vector<Route>& r) {
  r.push_back(
      {"GET", "/api/v1/users", kAdminOnly, "Users, their roles and tokens (never the tokens' text)", List});
  r.push_back({"POST", "/api/v1/users", kAdminOnly, "Create a user and issue their first token (shown once)",
               Create});
  r.push_back({"POST", "/api/v1/users/{name}/tokens", kAdminOnly, "Issue another token (shown once)", Issue});
  r.push_back({"POST", "/api/v1/users/{name}/disable", kAdminOnly, "Disable a user and revoke their tokens",
               Disable});
  r.push_back({"POST", "/api/v1/tokens/{id}/revoke", kAdminOnly, "Revoke a token", Revoke});
  r.push_back(
      {"GET", "/api/v1/access-log", {Role::kAuditor}, "Who saw which person's data, when", AccessLog});
}

}  // namespace poolbook::api
