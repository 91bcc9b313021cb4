// The access log of personal data: every response that shows a person's data records who saw
// which person, through which route, when — written and durable before the response is sent.
// Auditors read it through GET /api/v1/access-log. The rows live in ledger/store/access_log_store.h.
#pragma once

#include <vector>

#include "ledger/status.h"
#include "ledger/store/access_log_store.h"

namespace poolbook::api {

using AccessRecord = store::AccessRecord;
using AccessQuery = store::AccessQuery;

// Appends `records` (inside the caller's write transaction); throws the database's exception.
void InsertAccessRecords(store::Database& db, const std::vector<AccessRecord>& records);

// The records that match `q`; FromDatabaseError's Status when the database cannot be read.
StatusOr<std::vector<AccessRecord>> QueryAccessLog(store::Database& db, const AccessQuery& q);

}  // namespace poolbook::api
