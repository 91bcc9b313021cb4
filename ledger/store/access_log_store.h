// The access log of personal data (table access_log): who saw which person, through which route,
// when. Append-only. Every function throws the database's exception when a statement fails (the
// caller turns it into a Status with FromDatabaseError).
#pragma once

#include <string>
#include <vector>

#include "ledger/store/database.h"

namespace poolbook::store {

struct AccessRecord {
  long long id = 0;  // given when written
  std::string at;    // UTC timestamp
  std::string user, role;
  std::string person;  // pseudonym
  std::string method;
  std::string route;   // the route's pattern, e.g. /api/v1/people/{pseudonym}
  std::string target;  // the request's path and query as sent
};

// Appends `records` (their ids are ignored), inside the caller's write transaction.
void AppendAccessRecords(Database& db, const std::vector<AccessRecord>& records);

struct AccessQuery {
  std::string person, user;
  std::string from, to;  // UTC timestamps or dates; empty: unbounded
  long long after_id = 0;
  long long limit = 100;
};
// Returns at most q.limit records after q.after_id that match every filter given, by id.
std::vector<AccessRecord> ReadAccessRecords(Database& db, const AccessQuery& q);

}  // namespace poolbook::store
