#include "api/access_log.h"

namespace poolbook::api {

void InsertAccessRecords(store::Database& db, const std::vector<AccessRecord>& records) {
  store::AppendAccessRecords(db, records);
}

StatusOr<std::vector<AccessRecord>> QueryAccessLog(store::Database& db, const AccessQuery& q) {
  try {
    return store::ReadAccessRecords(db, q);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the access log");
  }
}

}  // namespace poolbook::api
