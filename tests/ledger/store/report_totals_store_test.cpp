// The reports' reads of the maintained sums (ledger/store/report_totals_store.h), through the
// engine's reader: ordered rows, zero sums left out, ranges of people and of keys, and paging.
#include "ledger/store/report_totals_store.h"

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace poolbook::store {
namespace {

using testing::M;
using testing::MakeEntry;

class ReportTotalsStoreTest : public testing::LedgerTest {
 protected:
  void Post(const Entry& e) {
    auto r = journal_->Post(e, "tester");
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  // An entry spending `amount` for `person` (on ICB's share, line LD-PKG).
  Entry Spend(const std::string& key, const char* amount, const std::string& person) {
    Entry e = MakeEntry(key, amount);
    e.postings[0].person = person;
    return e;
  }
  static TotalsRange Year() { return {"2025-04", "2026-03", std::nullopt}; }
};

TEST_F(ReportTotalsStoreTest, FundSumsAreOrderedAndLeaveOutZero) {
  Post(MakeEntry("a", "100.00"));
  Post(MakeEntry("b", "25.50"));
  auto rows = TotalsReaderFor(journal_->db())->Fund(Year());
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  const TotalRow& cash = (*rows)[0];
  EXPECT_EQ(cash.person, "");
  EXPECT_EQ(cash.book, "actual");
  EXPECT_EQ(cash.account, "pool:cash");
  EXPECT_EQ(cash.partner, "ICB");
  EXPECT_EQ(cash.line, "");
  EXPECT_EQ(cash.period, "2025-06");
  EXPECT_EQ(cash.pence, Int128(-12550));
  EXPECT_EQ((*rows)[1].account, "spend:package");
  EXPECT_EQ((*rows)[1].line, "LD-PKG");
  EXPECT_EQ((*rows)[1].pence, Int128(12550));

  // Out of the range of periods: nothing.
  auto none = TotalsReaderFor(journal_->db())->Fund({"2026-04", "2027-03", std::nullopt});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(ReportTotalsStoreTest, AsAtBeforeEveryEntryIsEmptyAndAfterIsNow) {
  Post(MakeEntry("a", "100.00"));
  auto reader = TotalsReaderFor(journal_->db());
  auto before = reader->Fund({"2025-04", "2026-03", "2000-01-01T00:00:00.000000Z"});
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_TRUE(before->empty());
  auto after = reader->Fund({"2025-04", "2026-03", "9999-12-31T23:59:59.999999Z"});
  auto now = reader->Fund(Year());
  ASSERT_TRUE(after.ok() && now.ok());
  ASSERT_EQ(after->size(), now->size());
  for (std::size_t i = 0; i < now->size(); ++i) EXPECT_EQ((*after)[i].pence, (*now)[i].pence);
}

TEST_F(ReportTotalsStoreTest, PersonSumsKeepToTheRangeOfPeople) {
  Post(Spend("a", "10.00", "P-AAAAAA"));
  Post(Spend("b", "20.00", "P-BBBBBB"));
  Post(Spend("c", "30.00", "P-CCCCCC"));
  auto reader = TotalsReaderFor(journal_->db());
  auto all = reader->People(Year(), "", "");
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].person, "P-AAAAAA");
  EXPECT_EQ((*all)[2].pence, Int128(3000));

  auto some = reader->People(Year(), "P-BBBBBB", "P-CCCCCC");
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->size(), 2u);
  EXPECT_EQ((*some)[0].person, "P-BBBBBB");
  EXPECT_EQ((*some)[1].person, "P-CCCCCC");

  // As at a moment before any entry, every person's sum is taken away again.
  auto before = reader->People({"2025-04", "2026-03", "2000-01-01T00:00:00.000000Z"}, "", "");
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_TRUE(before->empty());
}

TEST_F(ReportTotalsStoreTest, OfKeysSumsOnlyTheEntriesWithThePrefix) {
  Post(MakeEntry("close:2025:1", "7.00"));
  Post(MakeEntry("close:2025:2", "3.00"));
  Post(MakeEntry("closer", "100.00"));
  auto rows = TotalsReaderFor(journal_->db())->OfKeys(Year(), "close:");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].pence, Int128(1000));

  auto empty = TotalsReaderFor(journal_->db())->OfKeys(Year(), "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Code::kInvalidArgument);
}

TEST_F(ReportTotalsStoreTest, PeopleWithTotalsPagesInOrder) {
  Post(Spend("a", "10.00", "P-CCCCCC"));
  Post(Spend("b", "20.00", "P-AAAAAA"));
  Post(Spend("c", "30.00", "P-BBBBBB"));
  auto first = PeopleWithTotals(journal_->db(), "2025-04", "2026-03", "", 2);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(*first, (std::vector<std::string>{"P-AAAAAA", "P-BBBBBB"}));
  auto next = PeopleWithTotals(journal_->db(), "2025-04", "2026-03", first->back(), 2);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, (std::vector<std::string>{"P-CCCCCC"}));
  auto other_year = PeopleWithTotals(journal_->db(), "2026-04", "2027-03", "", 10);
  ASSERT_TRUE(other_year.ok());
  EXPECT_TRUE(other_year->empty());
}

}  // namespace
}  // namespace poolbook::store
