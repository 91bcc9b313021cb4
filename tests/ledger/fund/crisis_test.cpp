// Crisis support: committed at once, flagged until the lead budget holder approves, overdue after
// the agreement's crisis_approval_days (3 in the test fund).
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

TEST_F(FundTest, ACrisisIsCommittedAtOnceAndFlaggedUntilApproved) {
  PackageSpec s = Spec("CR-1", "30.00", 20);
  s.line = "CRISIS";
  auto p = fund_->Commission(s, Date{2025, 6, 1}, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(p->crisis);
  EXPECT_TRUE(p->needs_approval);
  EXPECT_EQ(Bal("commitment:care:CRISIS", "", Book::kCommitment).ToString(), "2400.00");
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());  // not a crisis

  // Day 3: waiting, not yet overdue. Day 4: overdue.
  auto day3 = fund_->UnapprovedCrises(Date{2025, 6, 4}, false);
  ASSERT_TRUE(day3.ok());
  ASSERT_EQ(day3->size(), 1u);
  EXPECT_EQ(day3->at(0).package_id, "CR-1");
  EXPECT_EQ(day3->at(0).days_waiting, 3);
  EXPECT_FALSE(day3->at(0).overdue);
  EXPECT_TRUE(fund_->UnapprovedCrises(Date{2025, 6, 4}, true)->empty());
  auto day4 = fund_->UnapprovedCrises(Date{2025, 6, 5}, true);
  ASSERT_EQ(day4->size(), 1u);
  EXPECT_TRUE(day4->at(0).overdue);
  EXPECT_TRUE(fund_->UnapprovedCrises(Date{2025, 5, 31}, false)->empty());  // before it was made

  auto by_council = fund_->ApproveCrisis("CR-1", "council-officer", "CNCL1");
  ASSERT_FALSE(by_council.ok());
  EXPECT_NE(by_council.status().message().find("only the lead budget holder (ICB)"), std::string::npos);
  auto approved = fund_->ApproveCrisis("CR-1", "lead", "ICB");
  ASSERT_TRUE(approved.ok()) << approved.status().message();
  EXPECT_EQ(approved->approved_by, "lead");
  EXPECT_TRUE(approved->crisis);
  EXPECT_FALSE(approved->needs_approval);  // approved: no longer waiting
  EXPECT_FALSE(fund_->GetPackage("CR-1")->needs_approval);
  EXPECT_TRUE(fund_->UnapprovedCrises(Date{2025, 6, 30}, false)->empty());
  auto twice = fund_->ApproveCrisis("CR-1", "lead", "ICB");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("already approved by lead"), std::string::npos);
  EXPECT_FALSE(fund_->GetPackage("PK-1")->crisis);
  auto not_crisis = fund_->ApproveCrisis("PK-1", "lead", "ICB");
  ASSERT_FALSE(not_crisis.ok());
  EXPECT_NE(not_crisis.status().message().find("not a crisis package"), std::string::npos);
}

}  // namespace
}  // namespace poolbook::fund
