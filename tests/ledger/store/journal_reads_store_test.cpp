// The journal's reads of the maintained balances: exact past 64 bits, and in the promised order.
#include "ledger/store/journal_reads_store.h"

#include <gtest/gtest.h>

#include "ledger/limits.h"
#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::MakeEntry;

TEST_F(LedgerTest, SumBalancesByAccountIsExactPastSixtyFourBits) {
  Entry icb = MakeEntry("max-icb", "92233720368547758.07");
  Entry cncl = MakeEntry("max-cncl", "-92233720368547758.07");
  for (Posting& p : cncl.postings) p.partner = "CNCL";
  cncl.postings[0].account = "pool:cash";
  cncl.postings[1].account = "spend:package";
  ASSERT_TRUE(journal_->Post(icb, "t").ok());
  ASSERT_TRUE(journal_->Post(cncl, "t").ok());
  auto sums = store::SumBalancesByAccount(journal_->db(), BookNumber(Book::kActual));
  ASSERT_EQ(sums.size(), 2u);
  const Int128 max = limits::kPenceMax;
  for (const store::AccountSum& s : sums) EXPECT_TRUE(s.pence == 2 * max || s.pence == -2 * max);
  EXPECT_EQ(sums[0].pence + sums[1].pence, 0);
}

TEST_F(LedgerTest, ReadBalancesIsOrderedByBookAccountAndPartner) {
  ASSERT_TRUE(journal_->Post(MakeEntry("a", "1.00"), "t").ok());
  ASSERT_TRUE(journal_->Post(MakeEntry("b", "2.00", "2025-06-30", Book::kBudget), "t").ok());
  auto rows = store::ReadBalances(journal_->db(), std::nullopt);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].account, "pool:cash");
  EXPECT_EQ(rows[1].account, "spend:package");
  EXPECT_LT(rows[1].book, rows[2].book);
  EXPECT_EQ(store::ReadBalances(journal_->db(), BookNumber(Book::kBudget)).size(), 2u);
  EXPECT_EQ(
      store::SumBalancesUnder(journal_->db(), BookNumber(Book::kActual), "spend", std::nullopt).ToString(),
      "1.00");
}

}  // namespace
}  // namespace poolbook
