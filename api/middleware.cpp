#include "api/middleware.h"

#include <algorithm>

#include "api/routes/route.h"

namespace poolbook::api {

std::optional<Problem> AuthenticateBearer(const std::string& auth, ReadPool& reads,
                                          std::optional<ReadPool::Lease>& lease,
                                          std::optional<Principal>& who) {
  if (auth.empty())
    return MakeProblem(401, "send your token in the Authorization header: \"Authorization: Bearer <token>\"");
  if (auth.rfind("Bearer ", 0) != 0 || auth.size() > 7 + kTokenBytesMax)
    return MakeProblem(401, "the Authorization header must read \"Bearer <token>\"");
  auto l = reads.Acquire();
  if (!l.ok()) return MakeProblem(503, "the ledger cannot be opened: " + l.status().message());
  lease.emplace(std::move(*l));
  auto checked = Authenticate((*lease)->db(), std::string_view(auth).substr(7));
  if (!checked.ok()) return MakeProblem(503, checked.status().message());
  if (!*checked)
    return MakeProblem(401,
                       "the token is not known, or has been revoked; ask an administrator for a new one");
  who = std::move(*checked);
  return std::nullopt;
}

std::optional<Problem> RoleRefusal(Role role, const std::vector<Role>& allowed, const std::string& method,
                                   const std::string& path) {
  if (std::find(allowed.begin(), allowed.end(), role) != allowed.end()) return std::nullopt;
  std::string names;
  for (Role r : allowed) names += (names.empty() ? "" : ", ") + std::string(RoleName(r));
  return MakeProblem(403, "your role (" + std::string(RoleName(role)) + ") may not call " + method + " " +
                              path + "; it is for: " + (names.empty() ? "nobody" : names));
}

namespace {

// The request's path and query as sent, for the access log (at most 500 bytes).
std::string Target(const httplib::Request& req) {
  std::string target = req.path;
  std::string q;
  for (const auto& [k, v] : req.params) q += (q.empty() ? "?" : "&") + k + "=" + v;
  return (target + q).substr(0, 500);
}

}  // namespace

Reply LogViews(const httplib::Request& req, const Principal& who, const std::string& method,
               const std::string& route_path, const std::set<std::string>& viewed, Writer& writer,
               const Clock& clock, Reply reply) {
  if (reply.status >= 300 || viewed.empty()) return reply;
  std::vector<AccessRecord> records;
  records.reserve(viewed.size());
  const std::string now = store::UtcTimestamp(clock());
  const std::string target = Target(req);
  for (const std::string& person : viewed)
    records.push_back(
        AccessRecord{0, now, who.user, RoleName(who.role), person, req.method, route_path, target});
  Status st = writer.LogAccess(std::move(records));
  if (st.ok()) return reply;
  Problem p =
      MakeProblem(503, "the access log could not be written, so the data is not shown: " + st.message());
  if (method != "GET") {
    // The write itself is done: say so, so that nobody repeats it blindly.
    p.slug = "done-not-shown";
    p.detail =
        "your request was carried out and recorded, but the access log could not be written, so "
        "its result is not shown; read it again shortly (" +
        st.message() + ")";
  }
  return Reply::Fail(p);
}

}  // namespace poolbook::api
