// Verify's reads: the cursors walk every entry and posting in order, and the kept tables are read
// as stored.
#include "ledger/store/verify_store.h"

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::MakeEntry;

TEST_F(LedgerTest, TheCursorsWalkEveryEntryAndPostingInOrder) {
  ASSERT_TRUE(journal_->Post(MakeEntry("a", "1.00"), "t").ok());
  ASSERT_TRUE(journal_->Post(MakeEntry("b", "2.00"), "t").ok());
  store::ReadTransaction snapshot(journal_->db());
  store::EntryCursor ec(journal_->db());
  store::PostingCursor pc(journal_->db());
  long long entries = 0, postings = 0;
  while (ec.Next()) {
    EXPECT_EQ(ec.Id(), ++entries);
    EXPECT_FALSE(ec.Reverses());
    while (!pc.AtEnd() && pc.EntryId() == ec.Id()) {
      pc.Take();
      ++postings;
    }
  }
  EXPECT_EQ(entries, 2);
  EXPECT_EQ(postings, 4);
  EXPECT_TRUE(pc.AtEnd());
}

TEST_F(LedgerTest, TheKeptTablesAreReadAsStored) {
  ASSERT_TRUE(journal_->Post(MakeEntry("a", "1.00"), "t").ok());
  int balances = 0, totals = 0, person_totals = 0;
  store::ForEachBalance(journal_->db(), [&](const store::StoredBalance& b) {
    EXPECT_TRUE(b.account && b.partner);
    ++balances;
    return true;
  });
  store::ForEachTotal(journal_->db(), store::TotalsTable::kReport, [&](const store::StoredTotal&) {
    ++totals;
    return true;
  });
  store::ForEachTotal(journal_->db(), store::TotalsTable::kPerson, [&](const store::StoredTotal& t) {
    EXPECT_EQ(t.person, "P-3F9A0C");
    ++person_totals;
    return false;  // stops at the first
  });
  EXPECT_EQ(balances, 2);
  EXPECT_EQ(totals, 2);
  EXPECT_EQ(person_totals, 1);
  EXPECT_EQ(store::ReadAccountNames(journal_->db()).count("pool:cash"), 1u);
  EXPECT_EQ(store::ReadPartnerCodes(journal_->db()).size(), 2u);
  EXPECT_TRUE(
      store::CommittedDifferences(journal_->db(), store::Commitments::kPackages, "commitment:care").empty());
}

}  // namespace
}  // namespace poolbook
