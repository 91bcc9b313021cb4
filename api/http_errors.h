// Errors on the wire: problem+json responses, the errors the HTTP library answers itself, and
// what a client is shown of an internal error (only that it happened, and the request id; the
// detail goes to the server's log).
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/problem.h"

namespace poolbook::api {

// JSON text with any invalid UTF-8 (from a path or query that carried raw bytes) replaced, never
// thrown on.
std::string DumpJson(const nlohmann::json& j);

// Answers `p` as problem+json, with WWW-Authenticate on a 401 and Retry-After on a 503.
void WriteProblem(const httplib::Request& req, httplib::Response& res, const Problem& p);

// The detail for an error the HTTP library answers itself (no route, body too large, malformed
// request). A path that exists with other methods turns the 404 into a 405 with Allow.
std::string LibraryErrorDetail(const httplib::Request& req, httplib::Response& res);

// True for a fault of ours (500 and the like; not 503, which says to try again): its detail is for
// the log, never for the client.
bool IsInternal(const Problem& p);
// What the client is shown of an internal error answered as request `request_id`.
Problem InternalForClient(int status, const std::string& request_id);

}  // namespace poolbook::api
