// The database itself: schema version, WAL and durable commits, and append-only tables that refuse
// UPDATE and DELETE even from raw SQL.
#include "ledger/store/database.h"

#include <gtest/gtest.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <stdexcept>

#include "ledger/fund/demo.h"
#include "ledger/store/schema.h"
#include "ledger/verify.h"
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

// A read transaction opened inside another joins it: ending the inner one does not end the
// snapshot (a report's steps each open one; the whole report runs inside one).
TEST_F(LedgerTest, AReadTransactionInsideAnotherKeepsItsSnapshot) {
  auto reader = store::Database::Open(dir_.File("ledger.db"));
  ASSERT_TRUE(reader.ok());
  long long inner = -1, after_inner = -1, after = -1;
  {
    store::ReadTransaction outer(**reader);
    {
      store::ReadTransaction step(**reader);
      ASSERT_TRUE(journal_->Post(MakeEntry("written-meanwhile"), "t").ok());
      (*reader)->sql() << "SELECT COUNT(*) FROM entries", soci::into(inner);
    }
    ASSERT_TRUE(journal_->Post(MakeEntry("written-later"), "t").ok());
    (*reader)->sql() << "SELECT COUNT(*) FROM entries", soci::into(after_inner);
  }
  (*reader)->sql() << "SELECT COUNT(*) FROM entries", soci::into(after);
  EXPECT_EQ(inner, 0);
  EXPECT_EQ(after_inner, 0);
  EXPECT_EQ(after, 2);
}

// Another connection holding the write lock past the busy timeout: the write is refused as
// Unavailable (try again), with Reason::kBusy, and nothing is written.
TEST_F(LedgerTest, ADatabaseBusyPastTheTimeoutIsUnavailable) {
  auto other = store::Database::Open(dir_.File("ledger.db"));
  ASSERT_TRUE(other.ok()) << other.status().message();
  const std::string before = Snap();
  journal_->db().SetBusyTimeout(std::chrono::milliseconds(50));
  {
    store::WriteTransaction holding(**other);
    auto r = journal_->Post(MakeEntry("while-busy"), "t");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kUnavailable) << r.status().message();
    EXPECT_EQ(r.status().reason(), Reason::kBusy);
    Status st = journal_->AddPartner("LATE", "Late partner");
    EXPECT_EQ(st.code(), Code::kUnavailable) << st.message();
    EXPECT_EQ(st.reason(), Reason::kBusy);
  }
  EXPECT_EQ(Snap(), before);
  EXPECT_TRUE(journal_->Post(MakeEntry("after"), "t").ok());
}

// A constraint the database enforces is classified by SQLite's result code.
TEST_F(LedgerTest, AConstraintErrorIsClassifiedByItsCode) {
  ASSERT_TRUE(journal_->Post(MakeEntry("k"), "t").ok());
  Status st;
  try {
    journal_->db().sql() << "DELETE FROM entries";
  } catch (const std::exception& e) {
    EXPECT_TRUE(store::IsConstraintError(e)) << e.what();
    st = store::FromDatabaseError(e, "deleting");
  }
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_EQ(st.reason(), Reason::kConstraint);
  EXPECT_FALSE(store::IsConstraintError(std::runtime_error("constraint failed")));
  EXPECT_EQ(store::FromDatabaseError(std::runtime_error("database is locked"), "x").code(), Code::kInternal);
}

TEST(DatabaseOpen, RefusesOtherKindsOfDatabaseAndOddPaths) {
  EXPECT_EQ(store::Database::Open("mysql://db=x").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store::Database::Open("").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store::Database::Open("with space.db").status().code(), Code::kInvalidArgument);
  auto missing_dir = store::Database::Open("/nonexistent-dir/x.db");
  EXPECT_FALSE(missing_dir.ok());
}

// A ledger made by schema version 1 (text-keyed balances) is migrated on open: partners and
// accounts get ids in the order they were made, balances keep every figure under number keys, and
// the ledger goes on working.
TEST(DatabaseMigration, Version1BalancesMoveToNumberKeys) {
  testing::TempDir dir;
  const std::string path = dir.File("v1.db");
  {
    soci::session sql(soci::sqlite3, "db=" + path);
    sql << "CREATE TABLE schema_version (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)";
    const auto migrations = store::Migrations(store::Dialect{});
    for (const std::string& stmt : migrations.at(0)) sql << stmt;
    sql << "INSERT INTO schema_version (version, applied_at) VALUES (1, '2025-04-01T00:00:00.000Z')";
    sql << "INSERT INTO partners (code, name, created_at) VALUES"
           " ('CNCL1', 'Council', '2025-04-01T09:00:01.000Z'), ('ICB', 'ICB', '2025-04-01T09:00:00.000Z')";
    sql << "INSERT INTO accounts (name, type, opened_at) VALUES"
           " ('spend:package', 'expense', '2025-04-01T10:00:00.000Z'),"
           " ('pool:cash', 'asset', '2025-04-01T10:00:00.000Z')";
    sql << "INSERT INTO balances (book, account, partner, balance, postings) VALUES"
           " ('actual', 'spend:package', 'ICB', 12345, 2), ('actual', 'pool:cash', 'ICB', -12345, 2),"
           " ('commitment', 'spend:package', 'CNCL1', 700, 1), ('commitment', 'pool:cash', 'CNCL1', -700, 1)";
  }
  auto db = store::Database::Open(path);
  ASSERT_TRUE(db.ok()) << db.status().message();
  EXPECT_EQ((*db)->schema_version(), store::kSchemaVersion);
  std::string rows;
  soci::rowset<std::string> balances =
      ((*db)->sql().prepare
       << "SELECT b.book || '|' || a.id || '|' || a.name || '|' || p.id || '|' || p.code"
          " || '|' || b.balance || '|' || b.postings FROM balances b"
          " JOIN accounts a ON a.id = b.account_id JOIN partners p ON p.id = b.partner_id"
          " ORDER BY b.book, b.account_id, b.partner_id");
  for (const std::string& r : balances) rows += r + "\n";
  // Ids follow creation order (ties by name): pool:cash and spend:package opened together.
  EXPECT_EQ(rows,
            "1|1|pool:cash|1|ICB|-12345|2\n"
            "1|2|spend:package|1|ICB|12345|2\n"
            "3|1|pool:cash|2|CNCL1|-700|1\n"
            "3|2|spend:package|2|CNCL1|700|1\n");
  db->reset();

  auto journal = Journal::Open(path, testing::FixedClock());
  ASSERT_TRUE(journal.ok()) << journal.status().message();
  ASSERT_TRUE((*journal)->Post(MakeEntry("after-migration", "0.55"), "t").ok());
  auto spend = (*journal)->Balance(Book::kActual, "spend:package", "ICB");
  ASSERT_TRUE(spend.ok());
  EXPECT_EQ(spend->ToString(), "124.00");
  auto committed = (*journal)->Balance(Book::kCommitment, "pool:cash", "CNCL1");
  ASSERT_TRUE(committed.ok());
  EXPECT_EQ(committed->ToString(), "-7.00");
}

// Takes a ledger at version 8 back to version 7 (migration 8 copies the tables it changes
// whatever their shape, so the rows stay).
void BackToVersion7(store::Database& db) { db.sql() << "DELETE FROM schema_version WHERE version = 8"; }

// Takes a ledger at version 8 back to version 6: without open-ended packages, the kept paid sums,
// the undone sign-offs and the virement register's undo columns. (Migration 7 copies the event and settlement
// tables whatever their shape.)
void BackToVersion6(store::Database& db) {
  BackToVersion7(db);
  // No open-ended package before version 8: the demo's end with their year.
  db.sql() << "CREATE TABLE p7 AS SELECT id, person, provider, line, rate, unit, units_per_week, start_date,"
              " COALESCE(end_date, '2026-03-31') AS end_date, split, created_at, created_by, needs_approval,"
              " approved_by, approved_at FROM fund_packages";
  db.sql() << "DROP TABLE fund_packages";
  db.sql() << "ALTER TABLE p7 RENAME TO fund_packages";
  db.sql() << "DROP TABLE fund_package_paid";
  db.sql() << "DROP TABLE fund_phb_paid";
  db.sql() << "DROP TABLE fund_settlement_undos";
  for (const char* column : {"undo_entry_id", "undone_by", "undone_at", "undo_reason"})
    db.sql() << std::string("ALTER TABLE fund_virements DROP COLUMN ") + column;
  db.sql() << "DELETE FROM schema_version WHERE version = 7";
}

// Migration 5 fills the reports' totals from the postings already written: a ledger written at
// version 4 verifies once migrated, and its totals match what the append path would have kept.
TEST(DatabaseMigration, Version5FillsTheReportTotalsFromThePostings) {
  testing::TempDir dir;
  const std::string path = dir.File("v4.db");
  std::string kept;
  {
    auto j = Journal::Open(path, testing::FixedClock());
    ASSERT_TRUE(j.ok()) << j.status().message();
    ASSERT_TRUE((*j)->AddPartner("ICB", "NHS Example ICB").ok());
    ASSERT_TRUE((*j)->OpenAccount("pool:cash", AccountType::kAsset).ok());
    ASSERT_TRUE((*j)->OpenAccount("spend:package", AccountType::kExpense).ok());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE((*j)->Post(MakeEntry("e" + std::to_string(i), "1.25"), "t").ok());
    soci::rowset<std::string> rows =
        ((*j)->db().sql().prepare
         << "SELECT account || partner || line || period || amount || '/' || postings"
            " FROM report_totals ORDER BY 1");
    for (const std::string& r : rows) kept += r + "\n";
    EXPECT_NE(kept, "");
    // Back to version 4 (through 6 and 5).
    BackToVersion6((*j)->db());
    (*j)->db().sql() << "DROP TABLE report_blocks";
    (*j)->db().sql() << "DROP TABLE fund_package_committed";
    (*j)->db().sql() << "DROP TABLE fund_phb_committed";
    (*j)->db().sql() << "DELETE FROM schema_version WHERE version = 6";
    (*j)->db().sql() << "DROP TABLE report_totals";
    (*j)->db().sql() << "DROP TABLE person_totals";
    (*j)->db().sql() << "DROP INDEX entries_recorded_at";
    (*j)->db().sql() << "DELETE FROM schema_version WHERE version = 5";
  }
  auto j = Journal::Open(path, testing::FixedClock());
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ((*j)->db().schema_version(), store::kSchemaVersion);
  std::string filled;
  soci::rowset<std::string> rows =
      ((*j)->db().sql().prepare << "SELECT account || partner || line || period || amount || '/' || postings"
                                   " FROM report_totals ORDER BY 1");
  for (const std::string& r : rows) filled += r + "\n";
  EXPECT_EQ(filled, kept);
  VerifyReport v = Verify((*j)->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

// Migration 6 fills what each package and PHB still has committed, and the totals of each whole
// block of entries, from the postings: on a demo year (payments, ends, recoveries; several
// blocks), exactly what the append path and the fund kept entry by entry.
TEST(DatabaseMigration, Version6FillsCommitmentsAndBlocksFromThePostings) {
  testing::TempDir dir;
  const std::string path = dir.File("v5.db");
  const char* tables[] = {"fund_package_committed", "fund_phb_committed", "report_blocks"};
  auto dump = [&](Journal& j) {
    std::string out;
    for (const char* q :
         {"SELECT package_id || '|' || partner || '|' || amount FROM fund_package_committed ORDER BY 1",
          "SELECT phb_id || '|' || partner || '|' || amount FROM fund_phb_committed ORDER BY 1",
          "SELECT block || '|' || book || '|' || account || '|' || partner || '|' || line || '|' || period ||"
          " '|' || high || '|' || low FROM report_blocks ORDER BY 1"}) {
      soci::rowset<std::string> rows = (j.db().sql().prepare << q);
      for (const std::string& r : rows) out += r + "\n";
      out += "--\n";
    }
    return out;
  };
  std::string kept;
  {
    auto j = Journal::Open(path, testing::FixedClock());
    ASSERT_TRUE(j.ok()) << j.status().message();
    fund::DemoOptions o;
    o.people = 100;
    o.through = Period{2026, 3};  // one year: no year brought in, as no older version could hold
    auto built = fund::BuildDemoFund(**j, o);
    ASSERT_TRUE(built.ok()) << built.status().message();
    long long blocks = 0, packages = 0, phbs = 0;
    (*j)->db().sql() << "SELECT COUNT(DISTINCT block) FROM report_blocks", soci::into(blocks);
    (*j)->db().sql() << "SELECT COUNT(DISTINCT package_id) FROM fund_package_committed", soci::into(packages);
    (*j)->db().sql() << "SELECT COUNT(DISTINCT phb_id) FROM fund_phb_committed", soci::into(phbs);
    EXPECT_GE(blocks, 1);
    EXPECT_GT(packages, 10);
    EXPECT_GT(phbs, 10);
    kept = dump(**j);
    BackToVersion6((*j)->db());
    for (const char* t : tables) (*j)->db().sql() << "DROP TABLE " + std::string(t);
    (*j)->db().sql() << "DELETE FROM schema_version WHERE version = 6";
  }
  auto j = Journal::Open(path, testing::FixedClock());
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ((*j)->db().schema_version(), store::kSchemaVersion);
  EXPECT_EQ(dump(**j), kept);
  VerifyReport v = Verify((*j)->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

// Migration 8 copies the packages and the events of packages and PHBs into tables that allow
// open-ended packages and "brought_in" events, keeping every row as it was.
TEST(DatabaseMigration, Version8KeepsEveryPackageAndEvent) {
  testing::TempDir dir;
  const std::string path = dir.File("v7.db");
  auto dump = [&](Journal& j) {
    std::string out;
    for (const char* q :
         {"SELECT id || '|' || person || '|' || rate || '|' || start_date || '|' ||"
          " COALESCE(end_date, '2026-03-31') || '|' || COALESCE(approved_by, '-') FROM fund_packages ORDER "
          "BY 1",
          "SELECT package_id || '|' || seq || '|' || kind || '|' || amount || '|' || note FROM"
          " fund_package_events ORDER BY 1",
          "SELECT phb_id || '|' || seq || '|' || kind || '|' || amount FROM fund_phb_events ORDER BY 1"}) {
      soci::rowset<std::string> rows = (j.db().sql().prepare << q);
      for (const std::string& r : rows) out += r + "\n";
      out += "--\n";
    }
    return out;
  };
  std::string kept;
  {
    auto j = Journal::Open(path, testing::FixedClock());
    ASSERT_TRUE(j.ok()) << j.status().message();
    fund::DemoOptions o;
    o.people = 100;
    o.through = Period{2026, 3};  // one year: no year brought in, as no older version could hold
    ASSERT_TRUE(fund::BuildDemoFund(**j, o).ok());
    kept = dump(**j);
    EXPECT_GT(kept.size(), 1000U);
    // Version 7's shapes: no review date, no open-ended package (the demo's end with its year
    // instead), and no CHECK that knows "brought_in".
    store::Database& db = (*j)->db();
    db.sql()
        << "CREATE TABLE p7 AS SELECT id, person, provider, line, rate, unit, units_per_week, start_date,"
           " COALESCE(end_date, '2026-03-31') AS end_date, split, created_at, created_by, needs_approval,"
           " approved_by, approved_at"
           " FROM fund_packages";
    db.sql() << "DROP TABLE fund_packages";
    db.sql() << "ALTER TABLE p7 RENAME TO fund_packages";
    BackToVersion7(db);
  }
  auto j = Journal::Open(path, testing::FixedClock());
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ((*j)->db().schema_version(), store::kSchemaVersion);
  EXPECT_EQ(dump(**j), kept);
  long long open_ended = -1;
  (*j)->db().sql() << "SELECT COUNT(review_date) FROM fund_packages", soci::into(open_ended);
  EXPECT_EQ(open_ended, 0);
  VerifyReport v = Verify((*j)->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

// Migration 7 fills what each package and PHB has paid from its payments' spend postings, and the
// event tables keep every row through their copy.
TEST(DatabaseMigration, Version7FillsWhatRecordsPaidFromThePostings) {
  testing::TempDir dir;
  const std::string path = dir.File("v6.db");
  auto dump = [&](Journal& j) {
    std::string out;
    for (const char* q :
         {"SELECT package_id || '|' || partner || '|' || amount FROM fund_package_paid ORDER BY 1",
          "SELECT phb_id || '|' || partner || '|' || amount FROM fund_phb_paid ORDER BY 1",
          "SELECT COUNT(*) || '|' || SUM(amount) FROM fund_package_events",
          "SELECT COUNT(*) || '|' || SUM(amount) FROM fund_phb_events"}) {
      soci::rowset<std::string> rows = (j.db().sql().prepare << q);
      for (const std::string& r : rows) out += r + "\n";
      out += "--\n";
    }
    return out;
  };
  std::string kept;
  {
    auto j = Journal::Open(path, testing::FixedClock());
    ASSERT_TRUE(j.ok()) << j.status().message();
    fund::DemoOptions o;
    o.people = 100;
    o.through = Period{2026, 3};  // one year: no year brought in, as no older version could hold
    ASSERT_TRUE(fund::BuildDemoFund(**j, o).ok());
    long long paid = 0;
    (*j)->db().sql() << "SELECT COUNT(DISTINCT package_id) FROM fund_package_paid", soci::into(paid);
    EXPECT_GT(paid, 10);
    kept = dump(**j);
    BackToVersion6((*j)->db());
  }
  auto j = Journal::Open(path, testing::FixedClock());
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ((*j)->db().schema_version(), store::kSchemaVersion);
  EXPECT_EQ(dump(**j), kept);
  VerifyReport v = Verify((*j)->db());
  EXPECT_TRUE(v.ok) << v.problem;
  // The copied event tables are still append-only.
  EXPECT_THROW((*j)->db().sql() << "DELETE FROM fund_package_events", std::exception);
}

TEST(DatabaseMigration, SchemaVersionMatchesTheMigrations) {
  EXPECT_EQ(static_cast<long long>(store::Migrations(store::Dialect{}).size()), store::kSchemaVersion);
}

}  // namespace
}  // namespace poolbook
