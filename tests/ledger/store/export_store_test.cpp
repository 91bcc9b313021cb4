// The exports' reads (ledger/store/export_store.h): the last entry, the people shown, and the
// cursors' rows in order, each entry's fields read once, a reversal named only within `through`.
#include "ledger/store/export_store.h"

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace poolbook::store {
namespace {

using testing::MakeEntry;

class ExportStoreTest : public testing::LedgerTest {
 protected:
  void Post(const Entry& e) {
    auto r = journal_->Post(e, "tester");
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
};

TEST_F(ExportStoreTest, LastEntryIdAndPeopleThrough) {
  ASSERT_TRUE(LastEntryId(journal_->db()).ok());
  EXPECT_EQ(*LastEntryId(journal_->db()), 0);
  Post(MakeEntry("a"));
  Entry b = MakeEntry("b");
  b.postings[0].person = "P-0000B1";
  Post(b);
  EXPECT_EQ(*LastEntryId(journal_->db()), 2);
  EXPECT_EQ(*PeopleThrough(journal_->db(), 0), std::vector<std::string>{});
  EXPECT_EQ(*PeopleThrough(journal_->db(), 1), std::vector<std::string>{"P-3F9A0C"});
  EXPECT_EQ(*PeopleThrough(journal_->db(), 2), (std::vector<std::string>{"P-0000B1", "P-3F9A0C"}));
}

TEST_F(ExportStoreTest, AuditCursorGivesEveryPostingWithItsEntryOnce) {
  Post(MakeEntry("a", "12.50"));
  Post(MakeEntry("b", "1.00"));
  ReverseOptions o;
  o.reason = "keyed twice";
  ASSERT_TRUE(journal_->Reverse(1, o).ok());  // entry 3

  ReadTransaction tx(journal_->db());
  auto cursor = OpenAuditCursor(journal_->db(), 2);
  AuditRow row;
  std::vector<std::pair<std::int64_t, bool>> seen;
  ASSERT_TRUE(cursor->Next(row));
  EXPECT_TRUE(row.new_entry);
  EXPECT_EQ(row.entry_id, 1);
  EXPECT_EQ(row.key, "a");
  EXPECT_EQ(row.book, "actual");
  EXPECT_EQ(row.account, "spend:package");
  EXPECT_EQ(row.person, "P-3F9A0C");
  EXPECT_EQ(row.amount, 1250);
  EXPECT_EQ(row.approver, "");  // a bare journal has no virements
  EXPECT_FALSE(row.reverses);
  EXPECT_FALSE(row.reversed_by);  // entry 3 is past `through`
  seen.push_back({row.entry_id, row.new_entry});
  while (cursor->Next(row)) seen.push_back({row.entry_id, row.new_entry});
  EXPECT_EQ(seen, (std::vector<std::pair<std::int64_t, bool>>{{1, true}, {1, false}, {2, true}, {2, false}}));
  EXPECT_EQ(row.amount, -100);
}

TEST_F(ExportStoreTest, AuditCursorNamesAReversalWithinThrough) {
  Post(MakeEntry("a"));
  ReverseOptions o;
  o.reason = "keyed twice";
  ASSERT_TRUE(journal_->Reverse(1, o).ok());  // entry 2

  ReadTransaction tx(journal_->db());
  auto cursor = OpenAuditCursor(journal_->db(), 2);
  AuditRow row;
  ASSERT_TRUE(cursor->Next(row));
  EXPECT_EQ(row.reversed_by, 2);
  ASSERT_TRUE(cursor->Next(row));
  ASSERT_TRUE(cursor->Next(row));
  EXPECT_TRUE(row.new_entry);
  EXPECT_EQ(row.entry_id, 2);
  EXPECT_EQ(row.reverses, 1);
}

TEST_F(ExportStoreTest, JournalCursorGivesTheBookOfEveryPosting) {
  Post(MakeEntry("a", "3.00"));
  ReadTransaction tx(journal_->db());
  auto cursor = OpenJournalCursor(journal_->db(), 1);
  JournalRow row;
  ASSERT_TRUE(cursor->Next(row));
  EXPECT_TRUE(row.new_entry);
  EXPECT_EQ(row.key, "a");
  EXPECT_EQ(row.effective_date, "2025-06-30");
  EXPECT_EQ(row.memo, "Invoice a");
  EXPECT_EQ(row.entry_hash.size(), 64u);
  EXPECT_EQ(row.line, "LD-PKG");
  EXPECT_EQ(row.amount, 300);
  ASSERT_TRUE(cursor->Next(row));
  EXPECT_FALSE(row.new_entry);
  EXPECT_EQ(row.book, "actual");
  EXPECT_EQ(row.account, "pool:cash");
  EXPECT_EQ(row.person, "");
  EXPECT_EQ(row.amount, -300);
  EXPECT_FALSE(cursor->Next(row));
}

TEST_F(ExportStoreTest, ThroughZeroGivesNoRows) {
  Post(MakeEntry("a"));
  ReadTransaction tx(journal_->db());
  AuditRow a;
  JournalRow j;
  EXPECT_FALSE(OpenAuditCursor(journal_->db(), 0)->Next(a));
  EXPECT_FALSE(OpenJournalCursor(journal_->db(), 0)->Next(j));
}

}  // namespace
}  // namespace poolbook::store
