// The counts the demo reads before it writes: none before set-up, one year of agreement after it,
// no year settled until the risk share is.
#include "ledger/store/fund_setup_store.h"

#include <gtest/gtest.h>

#include "testing/fund_fixture.h"

namespace poolbook::store {
namespace {

TEST(FundSetupStore, AnEmptyLedgerHoldsNoFund) {
  testing::TempDir dir;
  auto journal = Journal::Open(dir.File("empty.db"), testing::FixedClock());
  ASSERT_TRUE(journal.ok()) << journal.status().message();
  auto years = CountAgreementYears((*journal)->db());
  ASSERT_TRUE(years.ok()) << years.status().message();
  EXPECT_EQ(*years, 0);
  auto settled = CountSettledYears((*journal)->db());
  ASSERT_TRUE(settled.ok()) << settled.status().message();
  EXPECT_EQ(*settled, 0);
}

class FundSetupStoreAfterSetUp : public testing::FundTest {};

TEST_F(FundSetupStoreAfterSetUp, OneYearOfAgreementAndNoneSettled) {
  auto years = CountAgreementYears(journal_->db());
  ASSERT_TRUE(years.ok()) << years.status().message();
  EXPECT_EQ(*years, 1);
  auto settled = CountSettledYears(journal_->db());
  ASSERT_TRUE(settled.ok()) << settled.status().message();
  EXPECT_EQ(*settled, 0);
}

}  // namespace
}  // namespace poolbook::store
