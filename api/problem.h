// Errors as RFC 9457 problem details (application/problem+json): one place maps every refusal to
// an HTTP status and a problem type. docs/api.md lists the catalogue.
//
//   400 /problems/malformed-json   the body is not JSON
//   400 /problems/invalid-input    a field is missing, of the wrong type (an amount sent as a JSON
//                                  number), or badly formed (a date that is not YYYY-MM-DD)
//   401 /problems/unauthenticated  no token, or a token that is unknown or revoked
//   403 /problems/forbidden        the token's role may not call this route
//   404 /problems/not-found        no such route, or the thing the path names does not exist
//   409 /problems/conflict         an idempotency key reused for different content, a thing that
//                                  already exists, or a state that changed meanwhile
//   409 /problems/period-closed    the date falls in a closed period
//   413 /problems/body-too-large   the body is over limits.body_bytes_max
//   422 /problems/business-rule    well-formed, but the ledger's rules refuse it (unbalanced, an
//                                  unknown account, the lead budget holder's approval is needed)
//   414 /problems/uri-too-long     the path and query are over 8,192 bytes
//   503 /problems/unavailable      busy or stopping: nothing was done; try again
//   503 /problems/done-not-shown   a write was done, but its result is not shown: the access log
//                                  could not be written
//   500 /problems/internal         a fault of ours: the body gives only a request id (also in the
//                                  Request-Id header); the server's log has the detail under it
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "ledger/status.h"

namespace poolbook::api {

struct Problem {
  int status = 500;
  std::string slug;  // the problem type is "/problems/" + slug
  std::string title;
  std::string detail;
  std::string field;                                // the input field it is about, when there is one
  nlohmann::json extra = nlohmann::json::object();  // more members (e.g. a batch's per-entry errors)

  nlohmann::json ToJson(const std::string& instance) const;
};

// The one mapping from a refusal to its HTTP status and problem type ("/problems/" + slug): by the
// Status's code, except where its reason says more (a closed period is 409 period-closed; a busy
// database is 503 whatever the code). Never by the message's words.
struct HttpMapping {
  int status;
  const char* slug;
};
HttpMapping HttpStatusFor(Code code, Reason reason);

Problem MakeProblem(int status, std::string detail, std::string field = {});
// A refusal of the request's shape (decoding the body or the query): always 400; malformed-json
// when its reason is Reason::kMalformedJson.
Problem BadInput(const Status& st);
// A refusal by the ledger or the fund of a well-formed request.
Problem FromStatus(const Status& st);

}  // namespace poolbook::api
