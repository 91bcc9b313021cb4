// The append path's maintained report totals at the edge of what the ledger stores: a month's
// total that would pass 64 bits refuses the entry (nothing written), even when the account's
// balance would fit; up to the edge, totals and balances are kept and verify passes.
#include <gtest/gtest.h>

#include "ledger/limits.h"
#include "ledger/verify.h"
#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;

Entry Spend(const std::string& key, const char* date, const Money& amount) {
  Entry e;
  e.key = key;
  e.date = *Date::Parse(date);
  e.memo = key;
  e.postings = {{"spend:package", "ICB", "", "LD-PKG", amount}, {"pool:cash", "ICB", "", "", -amount}};
  return e;
}

TEST_F(LedgerTest, AMonthsTotalPastSixtyFourBitsRefusesTheEntry) {
  const Money max = Money::FromPence(limits::kPenceMax);
  ASSERT_TRUE(journal_->Post(Spend("june", "2025-06-10", max), "t").ok());
  ASSERT_TRUE(journal_->Post(Spend("july", "2025-07-10", -max), "t").ok());
  // The account's balance is 0; one more penny in June would make June's total pass 64 bits.
  const std::string before = Snap();
  auto r = journal_->Post(Spend("june-2", "2025-06-11", Money::FromPence(std::int64_t{1})), "t");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("would pass the largest amount"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(Snap(), before);
  // In another month it fits, and everything still verifies.
  ASSERT_TRUE(journal_->Post(Spend("august", "2025-08-11", Money::FromPence(std::int64_t{1})), "t").ok());
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

}  // namespace
}  // namespace poolbook
