// What the server does around every API route's handler: authenticate the bearer token, apply the
// route's roles (deny by default), and write the access log of personal data before a reply that
// shows any is sent.
#pragma once

#include <httplib.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/auth.h"
#include "api/problem.h"
#include "api/read_pool.h"
#include "api/writer.h"

namespace poolbook::api {

struct Reply;

// Authenticates a request by its Authorization header ("Bearer <token>"), looked up by id and
// compared in constant time on a read connection from `reads`. On success `who` is set and `lease`
// holds the connection the request goes on to use; otherwise the problem to answer: 401 (no token,
// a malformed header, an unknown or revoked token) or 503 (the ledger cannot be opened or read).
std::optional<Problem> AuthenticateBearer(const std::string& authorization, ReadPool& reads,
                                          std::optional<ReadPool::Lease>& lease,
                                          std::optional<Principal>& who);

// 403 when `role` is not among `allowed` for `method path`, naming the roles that may call it.
std::optional<Problem> RoleRefusal(Role role, const std::vector<Role>& allowed, const std::string& method,
                                   const std::string& path);

// Writes who saw which person (`viewed`) to the access log through `writer`, durably, before the
// reply is sent; when that fails, the data is not shown and the reply becomes a 503 (or, for a
// write already done, "done, not shown"). A refusal, or a reply showing nobody, is returned as is.
Reply LogViews(const httplib::Request& req, const Principal& who, const std::string& method,
               const std::string& route_path, const std::set<std::string>& viewed, Writer& writer,
               const Clock& clock, Reply reply);

}  // namespace poolbook::api
