// The fund's years: the counts the demo reports, the newest agreement, and settlements.
#include "ledger/store/fund_agreement_store.h"

#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "testing/fund_fixture.h"

namespace poolbook::store {
namespace {

using FundAgreementStoreTest = testing::FundTest;

TEST_F(FundAgreementStoreTest, CountsTheYearsSetUpAndSettled) {
  Database& db = journal_->db();
  EXPECT_EQ(CountAgreements(db), 1);
  EXPECT_EQ(NewestAgreementYear(db), fund_->agreement().year);
  ASSERT_TRUE(NewestAgreement(db).has_value());
  EXPECT_EQ(CountSettlements(db), 0);
  EXPECT_FALSE(YearSettled(db, fund_->agreement().year));
  EXPECT_EQ(SettlementEntry(db, fund_->agreement().year), std::nullopt);
  {
    WriteTransaction tx(db);
    InsertSettlement(db, fund_->agreement().year, "{}", std::nullopt, "2026-03-31T00:00:00Z", "lead");
    tx.Commit();
  }
  EXPECT_EQ(CountSettlements(db), 1);
  EXPECT_TRUE(YearSettled(db, fund_->agreement().year));
  EXPECT_EQ(SettlementEntry(db, fund_->agreement().year), std::nullopt);  // it moved no money
}

}  // namespace
}  // namespace poolbook::store
