// The access log store: records read back as appended, filtered and paged by id.
#include "ledger/store/access_log_store.h"

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;

TEST_F(LedgerTest, AccessRecordsReadBackFilteredAndPaged) {
  store::Database& db = journal_->db();
  {
    store::WriteTransaction tx(db);
    store::AppendAccessRecords(
        db,
        {{0, "2025-06-01T10:00:00Z", "ann", "auditor", "P-1", "GET", "/api/v1/people/{pseudonym}", "/p/1"},
         {0, "2025-06-02T10:00:00Z", "bob", "commissioner", "P-2", "GET", "/r", "/r?x=1"},
         {0, "2025-06-03T10:00:00Z", "ann", "auditor", "P-2", "GET", "/r", "/r"}});
    tx.Commit();
  }
  auto all = store::ReadAccessRecords(db, {});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, 1);
  EXPECT_EQ(all[0].route, "/api/v1/people/{pseudonym}");
  EXPECT_EQ(all[1].target, "/r?x=1");
  store::AccessQuery q;
  q.person = "P-2";
  EXPECT_EQ(store::ReadAccessRecords(db, q).size(), 2u);
  q.user = "ann";
  ASSERT_EQ(store::ReadAccessRecords(db, q).size(), 1u);
  EXPECT_EQ(store::ReadAccessRecords(db, q)[0].id, 3);
  q = {};
  q.from = "2025-06-02";
  q.to = "2025-06-02";  // a date: the whole day
  ASSERT_EQ(store::ReadAccessRecords(db, q).size(), 1u);
  q = {};
  q.after_id = 1;
  q.limit = 1;
  auto page = store::ReadAccessRecords(db, q);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, 2);
}

}  // namespace
}  // namespace poolbook
