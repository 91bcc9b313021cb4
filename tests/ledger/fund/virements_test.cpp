// Virements: within the threshold applied at once; above it, only the lead budget holder may
// approve, never the officer who asked; the register keeps every request.
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

TEST_F(FundTest, AVirementWithinTheThresholdIsAppliedAtOnce) {
  auto v = fund_->RequestVirement("PKG", "OTHER", M("50.00"), Date{2025, 7, 1}, "VIR-3", "advocacy contract",
                                  "officer");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->state, VirementState::kApproved);
  ASSERT_TRUE(v->entry_id.has_value());
  auto b = fund_->RevisedBudgets();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->at("PKG").ToString(), "450.00");
  EXPECT_EQ(b->at("OTHER").ToString(), "50.00");
  // Split as the PKG budget is held: 60/30/10.
  EXPECT_EQ(Bal("budget:lines:OTHER", "ICB", Book::kBudget).ToString(), "30.00");
  EXPECT_EQ(Bal("budget:lines:OTHER", "CNCL2", Book::kBudget).ToString(), "5.00");
}

TEST_F(FundTest, AVirementAboveTheThresholdWaitsForTheLeadBudgetHolder) {
  auto v = fund_->RequestVirement("PKG", "CRISIS", M("50.01"), Date{2025, 7, 1}, "VIR-4", "winter crises",
                                  "officer");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->state, VirementState::kPending);
  EXPECT_FALSE(v->entry_id.has_value());
  EXPECT_EQ(fund_->RevisedBudgets()->at("CRISIS").ToString(), "100.00");

  const std::string before = Snap();
  auto by_council = fund_->DecideVirement(v->id, true, "council-officer", "CNCL1", "ok");
  ASSERT_FALSE(by_council.ok());
  EXPECT_NE(by_council.status().message().find("only the lead budget holder (ICB)"), std::string::npos);
  auto by_requester = fund_->DecideVirement(v->id, true, "officer", "ICB", "ok");
  ASSERT_FALSE(by_requester.ok());
  EXPECT_NE(by_requester.status().message().find("cannot decide it"), std::string::npos);
  EXPECT_EQ(Snap(), before);

  auto approved = fund_->DecideVirement(v->id, true, "lead", "ICB", "agreed at board");
  ASSERT_TRUE(approved.ok()) << approved.status().message();
  EXPECT_EQ(approved->state, VirementState::kApproved);
  EXPECT_EQ(fund_->RevisedBudgets()->at("CRISIS").ToString(), "150.01");
  EXPECT_EQ(fund_->RevisedBudgets()->at("PKG").ToString(), "449.99");

  auto again = fund_->DecideVirement(v->id, false, "lead", "ICB", "changed mind");
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("was already approved by lead"), std::string::npos);

  auto reg = fund_->VirementRegister();
  ASSERT_TRUE(reg.ok());
  ASSERT_EQ(reg->size(), 1u);
  EXPECT_EQ(reg->at(0).requested_by, "officer");
  EXPECT_EQ(reg->at(0).decided_by, "lead");
  EXPECT_EQ(reg->at(0).decision_note, "agreed at board");
  EXPECT_EQ(reg->at(0).reason, "winter crises");
}

TEST_F(FundTest, ARejectedVirementMovesNothingButStaysInTheRegister) {
  auto v =
      fund_->RequestVirement("PKG", "CRISIS", M("80.00"), Date{2025, 7, 1}, "VIR-5", "winter", "officer");
  ASSERT_TRUE(v.ok());
  auto r = fund_->DecideVirement(v->id, false, "lead", "ICB", "use reserves");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->state, VirementState::kRejected);
  EXPECT_EQ(fund_->RevisedBudgets()->at("PKG").ToString(), "500.00");
  auto reg = fund_->VirementRegister();
  ASSERT_EQ(reg->size(), 1u);
  EXPECT_EQ(reg->at(0).state, VirementState::kRejected);
}

TEST_F(FundTest, VirementRefusalsChangeNothing) {
  const std::string before = Snap();
  struct Case {
    const char* name;
    std::function<Status()> op;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"same line",
       [&] {
         return fund_->RequestVirement("PKG", "PKG", M("1.00"), Date{2025, 7, 1}, "VIR-6", "x", "o").status();
       },
       "two different lines"},
      {"unknown line",
       [&] {
         return fund_->RequestVirement("PKG", "NOPE", M("1.00"), Date{2025, 7, 1}, "VIR-7", "x", "o")
             .status();
       },
       "no budget line \"NOPE\""},
      {"no reason",
       [&] {
         return fund_->RequestVirement("PKG", "PHB", M("1.00"), Date{2025, 7, 1}, "VIR-8", "", "o").status();
       },
       "say why"},
      {"zero",
       [&] {
         return fund_->RequestVirement("PKG", "PHB", M("0"), Date{2025, 7, 1}, "VIR-9", "x", "o").status();
       },
       "more than zero"},
      {"from an empty line",
       [&] {
         return fund_->RequestVirement("OTHER", "PKG", M("0.01"), Date{2025, 7, 1}, "VIR-10", "x", "o")
             .status();
       },
       "line OTHER has 0.00 of budget; it cannot give 0.01"},
      {"unknown virement", [&] { return fund_->DecideVirement(99, true, "lead", "ICB", "").status(); },
       "there is no virement 99"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status st = c.op();
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find(c.message), std::string::npos) << st.message();
    EXPECT_EQ(Snap(), before);
  }
}

TEST_F(FundTest, ApprovalIsRefusedWhenTheLineHasSinceSpentItsBudget) {
  auto big = fund_->RequestVirement("CRISIS", "PKG", M("100.00"), Date{2025, 7, 1}, "VIR-11", "all of it",
                                    "officer");
  ASSERT_TRUE(big.ok());
  ASSERT_EQ(big->state, VirementState::kPending);
  ASSERT_TRUE(
      fund_->RequestVirement("CRISIS", "PHB", M("50.00"), Date{2025, 7, 1}, "VIR-12", "some", "officer")
          .ok());
  const std::string before = Snap();
  auto r = fund_->DecideVirement(big->id, true, "lead", "ICB", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line CRISIS has 50.00 of budget; it cannot give 100.00"),
            std::string::npos)
      << r.status().message();
  EXPECT_EQ(Snap(), before);
}

TEST_F(FundTest, ARetriedVirementRequestMovesBudgetOnce) {
  auto first =
      fund_->RequestVirement("PKG", "OTHER", M("20.00"), Date{2025, 7, 1}, "VIR-A", "contract", "officer");
  ASSERT_TRUE(first.ok()) << first.status().message();
  const std::string before = Snap();
  auto retry =
      fund_->RequestVirement("PKG", "OTHER", M("20.00"), Date{2025, 7, 1}, "VIR-A", "contract", "officer");
  ASSERT_TRUE(retry.ok()) << retry.status().message();
  EXPECT_EQ(retry->id, first->id);
  EXPECT_EQ(Snap(), before);
  EXPECT_EQ(fund_->RevisedBudgets()->at("OTHER").ToString(), "20.00");
  auto clash =
      fund_->RequestVirement("PKG", "OTHER", M("21.00"), Date{2025, 7, 1}, "VIR-A", "contract", "officer");
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().code(), Code::kAborted);
  EXPECT_EQ(Snap(), before);
}

TEST_F(FundTest, TheOfficerWhoAskedCanNeitherApproveNorReject) {
  auto v = fund_->RequestVirement("PKG", "CRISIS", M("60.00"), Date{2025, 7, 1}, "VIR-B", "winter", "lead");
  ASSERT_TRUE(v.ok());
  auto own = fund_->DecideVirement(v->id, false, "lead", "ICB", "changed my mind");
  ASSERT_FALSE(own.ok());
  EXPECT_NE(own.status().message().find("cannot decide it"), std::string::npos) << own.status().message();
}

}  // namespace
}  // namespace poolbook::fund
