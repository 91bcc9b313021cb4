// The database itself: schema version, WAL and durable commits, and append-only tables that refuse
// UPDATE and DELETE even from raw SQL.
#include "ledger/store/database.h"

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::MakeEntry;

TEST_F(LedgerTest, SchemaIsVersionedAndReopeningMigratesNothing) {
  EXPECT_EQ(journal_->db().schema_version(), store::kSchemaVersion);
  long long rows = 0;
  journal_->db().sql() << "SELECT COUNT(*) FROM schema_version", soci::into(rows);
  EXPECT_EQ(rows, store::kSchemaVersion);
  auto again = store::Database::Open(dir_.File("ledger.db"));
  ASSERT_TRUE(again.ok());
  (*again)->sql() << "SELECT COUNT(*) FROM schema_version", soci::into(rows);
  EXPECT_EQ(rows, store::kSchemaVersion);
}

TEST_F(LedgerTest, ANewerSchemaIsRefused) {
  journal_->db().sql() << "INSERT INTO schema_version (version, applied_at) VALUES (99, 'future')";
  auto db = store::Database::Open(dir_.File("ledger.db"));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("newer than this program knows"), std::string::npos);
}

TEST_F(LedgerTest, WalAndFullSynchronousAreOn) {
  std::string mode;
  int sync = -1;
  journal_->db().sql() << "PRAGMA journal_mode", soci::into(mode);
  journal_->db().sql() << "PRAGMA synchronous", soci::into(sync);
  EXPECT_EQ(mode, "wal");
  EXPECT_EQ(sync, 2);  // FULL
}

TEST_F(LedgerTest, RawUpdateAndDeleteAreRefusedByTheDatabase) {
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-1"), "t").ok());
  ASSERT_TRUE(journal_->ClosePeriod(*Period::Parse("2025-04"), "t").ok());
  const std::string before = Snap();
  for (const char* sql :
       {"UPDATE entries SET memo = 'changed' WHERE id = 1", "DELETE FROM entries WHERE id = 1",
        "UPDATE postings SET amount = 1 WHERE entry_id = 1", "DELETE FROM postings",
        "DELETE FROM period_closes", "UPDATE period_closes SET through_period = '2020-01'"}) {
    SCOPED_TRACE(sql);
    try {
      journal_->db().sql() << sql;
      ADD_FAILURE() << "the database accepted it";
    } catch (const soci::soci_error& e) {
      EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(Snap(), before);
}

TEST_F(LedgerTest, AReadTransactionSeesOneSnapshotWhileOthersWrite) {
  auto reader = store::Database::Open(dir_.File("ledger.db"));
  ASSERT_TRUE(reader.ok());
  long long before = -1, during = -1, after = -1;
  {
    store::ReadTransaction snapshot(**reader);
    (*reader)->sql() << "SELECT COUNT(*) FROM entries", soci::into(before);
    ASSERT_TRUE(journal_->Post(MakeEntry("written-meanwhile"), "t").ok());
    (*reader)->sql() << "SELECT COUNT(*) FROM entries", soci::into(during);
  }
  (*reader)->sql() << "SELECT COUNT(*) FROM entries", soci::into(after);
  EXPECT_EQ(before, 0);
  EXPECT_EQ(during, 0);
  EXPECT_EQ(after, 1);
}

TEST(DatabaseOpen, RefusesOtherKindsOfDatabaseAndOddPaths) {
  EXPECT_EQ(store::Database::Open("mysql://db=x").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store::Database::Open("").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store::Database::Open("with space.db").status().code(), Code::kInvalidArgument);
  auto missing_dir = store::Database::Open("/nonexistent-dir/x.db");
  EXPECT_FALSE(missing_dir.ok());
}

}  // namespace
}  // namespace poolbook
