// The access log of personal data: every response that shows a person's data records who saw
// which person, through which route, when — written and durable before the response is sent.
// Auditors read it through GET /api/v1/access-log.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::api {

struct AccessRecord {
  long long id = 0;  // given when written
  std::string at;    // UTC timestamp
  std::string user, role;
  std::string person;  // pseudonym
  std::string method;
  std::string route;   // the route's pattern, e.g. /api/v1/people/{pseudonym}
  std::string target;  // the request's path and query as sent
};

// Appends `records` (inside the caller's write transaction).
void InsertAccessRecords(store::Database& db, const std::vector<AccessRecord>& records);

struct AccessQuery {
  std::string person, user;
  std::string from, to;  // UTC timestamps or dates; empty: unbounded
  long long after_id = 0;
  long long limit = 100;
};
StatusOr<std::vector<AccessRecord>> QueryAccessLog(store::Database& db, const AccessQuery& q);

}  // namespace poolbook::api
