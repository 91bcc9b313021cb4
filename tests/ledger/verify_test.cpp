// Tamper detection: alter the journal with raw SQL (after dropping the append-only triggers, as an
// attacker with file access could) and check verify names the first entry that no longer matches.
#include "ledger/verify.h"

#include <gtest/gtest.h>

#include "ledger/chain.h"
#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::MakeEntry;

class VerifyTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    for (int i = 1; i <= 5; ++i) {
      ASSERT_TRUE(journal_->Post(MakeEntry("inv-" + std::to_string(i), "10.00"), "t").ok());
    }
  }
  void Raw(const std::string& sql) {
    for (const char* t :
         {"entries_no_update", "entries_no_delete", "postings_no_update", "postings_no_delete"}) {
      journal_->db().sql() << "DROP TRIGGER IF EXISTS " + std::string(t);
    }
    std::size_t start = 0;  // SOCI runs one statement at a time
    while (start < sql.size()) {
      std::size_t end = sql.find(';', start);
      if (end == std::string::npos) end = sql.size();
      journal_->db().sql() << sql.substr(start, end - start);
      start = end + 1;
    }
  }
  VerifyReport Run() { return Verify(journal_->db()); }
};

TEST_F(VerifyTest, ACleanJournalVerifies) {
  VerifyReport r = Run();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 5);
  EXPECT_EQ(r.postings, 10);
  EXPECT_EQ(r.balances, 2);
}

TEST_F(VerifyTest, AnEmptyJournalVerifies) {
  testing::TempDir dir;
  auto db = store::Database::Open(dir.File("empty.db"));
  ASSERT_TRUE(db.ok());
  EXPECT_TRUE(Verify(**db).ok);
}

struct Tamper {
  const char* name;
  const char* sql;
  long long bad_entry;  // 0: no entry named
  const char* message_part;
};

class TamperTest : public VerifyTest, public ::testing::WithParamInterface<Tamper> {};

TEST_P(TamperTest, VerifyNamesTheAlteredEntry) {
  Raw(GetParam().sql);
  VerifyReport r = Run();
  EXPECT_FALSE(r.ok);
  if (GetParam().bad_entry) {
    ASSERT_TRUE(r.bad_entry.has_value()) << r.problem;
    EXPECT_EQ(*r.bad_entry, GetParam().bad_entry) << r.problem;
  }
  EXPECT_NE(r.problem.find(GetParam().message_part), std::string::npos) << r.problem;
}

INSTANTIATE_TEST_SUITE_P(
    Alterations, TamperTest,
    ::testing::Values(
        // Amount changed on both sides, so the entry still balances: only the hash can tell.
        Tamper{
            "Amount",
            "UPDATE postings SET amount = CASE WHEN amount > 0 THEN 1001 ELSE -1001 END WHERE entry_id = 3",
            3, "entry 3 (key \"inv-3\") has been altered"},
        Tamper{"Memo", "UPDATE entries SET memo = 'Invoice 2 (edited)' WHERE id = 2", 2,
               "entry 2 (key \"inv-2\")"},
        Tamper{"Account",
               "UPDATE postings SET account = 'income:contributions' WHERE entry_id = 4 AND seq = 1", 4,
               "has been altered"},
        Tamper{"Date", "UPDATE entries SET effective_date = '2025-06-29' WHERE id = 1", 1,
               "has been altered"},
        Tamper{"RecordedTime", "UPDATE entries SET recorded_at = '2020-01-01T00:00:00.000000Z' WHERE id = 5",
               5, "its id, time, user or link"},
        Tamper{"User", "UPDATE entries SET posted_by = 'mallory' WHERE id = 2", 2,
               "its id, time, user or link"},
        Tamper{"DeletedMiddleEntry", "DELETE FROM entries WHERE id = 3", 3, "entry 3 is missing"},
        Tamper{"DeletedLastEntry", "DELETE FROM entries WHERE id = 5", 5, "postings exist for entry 5"},
        Tamper{"DeletedLastEntryAndPostings",
               "DELETE FROM postings WHERE entry_id = 5; DELETE FROM entries WHERE id = 5", 0,
               "chain head names entry 5"},
        Tamper{"RemovedPosting", "DELETE FROM postings WHERE entry_id = 2 AND seq = 2", 2,
               "has been altered"},
        Tamper{"BalanceEdited",
               "UPDATE balances SET balance = balance + 1 WHERE account_id = (SELECT id FROM accounts WHERE "
               "name = 'pool:cash')",
               0, "maintained balance of pool:cash / ICB"},
        Tamper{"BalanceRemoved",
               "DELETE FROM balances WHERE account_id = (SELECT id FROM accounts WHERE name = 'pool:cash')",
               0, "no maintained balance"},
        Tamper{
            "ReportTotalEdited",
            "UPDATE report_totals SET amount = amount + 1 WHERE account = 'pool:cash' AND period = '2025-06'",
            0, "report_totals row pool:cash / ICB"},
        Tamper{"ReportTotalRemoved", "DELETE FROM report_totals WHERE account = 'spend:package'", 0,
               "totals have postings but no row in report_totals"},
        Tamper{"PersonTotalEdited", "UPDATE person_totals SET postings = postings + 1", 0,
               "person_totals row spend:package"},
        Tamper{"PersonTotalAdded",
               "INSERT INTO person_totals VALUES ('P-000000', 'actual', 'pool:cash', 'ICB', '', '2025-06', "
               "5, 1)",
               0, "has no postings behind it"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(VerifyTest, ARewrittenHashBreaksTheNextLink) {
  Raw("UPDATE entries SET memo = 'edited' WHERE id = 2");
  // Recompute entry 2's hashes as a careful forger would; entry 3 still points at the old hash.
  auto e = journal_->GetEntry(2);
  ASSERT_TRUE(e.ok());
  EntryHashes h = HashEntry(e->entry, 2, e->prev_hash, e->recorded_at, e->posted_by);
  Raw("UPDATE entries SET body_sha256 = '" + h.body_sha256 + "', hash = '" + h.hash + "' WHERE id = 2");
  VerifyReport r = Run();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_entry, 3);
  EXPECT_NE(r.problem.find("does not link to the entry before it"), std::string::npos) << r.problem;
}

}  // namespace
}  // namespace poolbook
