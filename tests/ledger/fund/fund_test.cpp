// Fund set-up, contributions and each partner's position.
#include "ledger/fund/fund.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ledger/fund/agreement_json.h"
#include "ledger/fund/chart.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

TEST_F(FundTest, SetUpOpensTheChartAndPostsTheOriginalBudgetByContributionShare) {
  auto accounts = journal_->Accounts();
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(accounts->size(), chart::Accounts(fund_->agreement()).size());
  // 500.00 of PKG split 60/30/10.
  EXPECT_EQ(Bal("budget:lines:PKG", "ICB", Book::kBudget).ToString(), "300.00");
  EXPECT_EQ(Bal("budget:lines:PKG", "CNCL1", Book::kBudget).ToString(), "150.00");
  EXPECT_EQ(Bal("budget:lines:PKG", "CNCL2", Book::kBudget).ToString(), "50.00");
  EXPECT_EQ(Bal("budget:lines", "", Book::kBudget).ToString(), "900.00");
  EXPECT_EQ(Bal("budget:funding", "", Book::kBudget).ToString(), "-900.00");
  auto revised = fund_->RevisedBudgets();
  ASSERT_TRUE(revised.ok());
  EXPECT_EQ(revised->at("PHB").ToString(), "200.00");
  EXPECT_EQ(revised->at("OTHER").ToString(), "0.00");
}

TEST_F(FundTest, ASecondSetUpIsRefusedAndLoadGivesTheSameAgreement) {
  const std::string before = Snap();
  auto again = Fund::SetUp(*journal_, testing::SmallAgreement(), "officer");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Code::kAlreadyExists);
  EXPECT_EQ(Snap(), before);
  auto loaded = Fund::Load(*journal_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(AgreementToJson((*loaded)->agreement()), AgreementToJson(fund_->agreement()));
}

TEST(FundSetUp, AnInvalidAgreementChangesNothingAndLoadSaysNoFund) {
  testing::TempDir dir;
  auto j = Journal::Open(dir.File("f.db"), testing::FixedClock());
  ASSERT_TRUE(j.ok());
  Agreement a = testing::SmallAgreement();
  a.lead_budget_holder.clear();
  const std::string before = testing::Snapshot((*j)->db());
  auto f = Fund::SetUp(**j, a, "officer");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("lead budget holder"), std::string::npos);
  EXPECT_EQ(testing::Snapshot((*j)->db()), before);
  auto loaded = Fund::Load(**j);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("no fund is set up"), std::string::npos);
}

TEST_F(FundTest, ContributionsFallDueAndAreReceived) {
  ASSERT_TRUE(fund_->RaiseInstalment("ICB", 0, "officer").ok());
  ASSERT_TRUE(fund_->RaiseInstalment("CNCL2", 1, "officer").ok());
  ASSERT_TRUE(fund_->ReceiveContribution("ICB", M("250.00"), Date{2025, 4, 20}, "BACS-1", "officer").ok());
  auto st = fund_->ContributionsStatement();
  ASSERT_TRUE(st.ok());
  ASSERT_EQ(st->size(), 3u);
  const ContributionLine& icb = st->at(0);
  EXPECT_EQ(icb.partner, "ICB");
  EXPECT_EQ(icb.agreed.ToString(), "600.00");
  EXPECT_EQ(icb.due.ToString(), "300.00");
  EXPECT_EQ(icb.received.ToString(), "250.00");
  EXPECT_EQ(icb.outstanding.ToString(), "50.00");
  EXPECT_EQ(st->at(2).due.ToString(), "40.00");
  EXPECT_EQ(st->at(2).received.ToString(), "0.00");
  EXPECT_EQ(Bal("pool:cash", "ICB").ToString(), "250.00");
}

TEST_F(FundTest, RaisingTwiceAndReceivingTwiceAreRecognisedAsRetries) {
  auto first = fund_->RaiseInstalment("ICB", 0, "officer");
  auto second = fund_->RaiseInstalment("ICB", 0, "officer");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(second->replayed);
  EXPECT_EQ(first->id, second->id);
  ASSERT_TRUE(fund_->ReceiveContribution("ICB", M("300.00"), Date{2025, 4, 20}, "BACS-1", "officer").ok());
  // The same remittance again, now that nothing is owed: still the same receipt, not a refusal.
  auto again = fund_->ReceiveContribution("ICB", M("300.00"), Date{2025, 4, 20}, "BACS-1", "officer");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(Bal("pool:cash", "ICB").ToString(), "300.00");
}

TEST_F(FundTest, ContributionRefusalsChangeNothing) {
  ASSERT_TRUE(fund_->RaiseInstalment("CNCL1", 0, "officer").ok());
  const std::string before = Snap();
  struct Case {
    const char* name;
    std::function<Status()> op;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"instalment that does not exist", [&] { return fund_->RaiseInstalment("CNCL1", 1, "o").status(); },
       "\"CNCL1\" has 1 instalment; there is no instalment 2"},
      {"partner not in the fund", [&] { return fund_->RaiseInstalment("NHSE", 0, "o").status(); },
       "\"NHSE\" has no contribution"},
      {"more than owed",
       [&] {
         return fund_->ReceiveContribution("CNCL1", M("300.01"), Date{2025, 4, 20}, "R1", "o").status();
       },
       "partner CNCL1 owes 300.00 of its raised instalments; 300.01 is more than that. Raise the instalment "
       "first."},
      {"nothing raised",
       [&] {
         return fund_->ReceiveContribution("ICB", M("1.00"), Date{2025, 4, 20}, "R2", "o").status();
       },
       "partner ICB owes 0.00"},
      {"zero",
       [&] {
         return fund_->ReceiveContribution("CNCL1", M("0"), Date{2025, 4, 20}, "R3", "o").status();
       },
       "more than zero"},
      {"reference with a space",
       [&] {
         return fund_->ReceiveContribution("CNCL1", M("1.00"), Date{2025, 4, 20}, "R 4", "o").status();
       },
       "no spaces"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status st = c.op();
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find(c.message), std::string::npos) << st.message();
    EXPECT_EQ(Snap(), before);
  }
}

TEST_F(FundTest, AClosedPeriodRefusesAnInstalmentAndSaysWhereToPost) {
  ASSERT_TRUE(journal_->ClosePeriod(Period{2025, 4}, "lead").ok());
  const std::string before = Snap();
  auto r = fund_->RaiseInstalment("ICB", 0, "officer");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("closed"), std::string::npos) << r.status().message();
  EXPECT_EQ(Snap(), before);
}

TEST_F(FundTest, EveryPartnersPoolIsReceivedLessSpentAndTheLedgerVerifies) {
  FundEverything();
  PackageSpec s = Spec("PK-1");
  ASSERT_TRUE(fund_->Commission(s, Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("123.45"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  auto pos = fund_->Positions();
  ASSERT_TRUE(pos.ok());
  Money spent;
  for (const PartnerPosition& p : *pos) {
    SCOPED_TRACE(p.partner);
    EXPECT_EQ(p.pool, p.brought_forward + p.received - p.spent - p.settled);
    spent += p.spent;
  }
  EXPECT_EQ(spent.ToString(), "123.45");
  EXPECT_EQ(pos->at(0).received.ToString(), "600.00");
  const VerifyReport report = Verify(journal_->db());
  EXPECT_TRUE(report.ok) << report.problem;
}

TEST_F(FundTest, AVariationChangesWhatIsOwedAndTheStatementShowsBoth) {
  ASSERT_TRUE(fund_->RaiseInstalment("CNCL2", 0, "officer").ok());
  auto more =
      fund_->VaryContribution("CNCL2", M("25.00"), Date{2025, 9, 1}, "VAR-1", "winter pressures", "officer");
  ASSERT_TRUE(more.ok()) << more.status().message();
  EXPECT_EQ(more->seq, 1);
  auto less =
      fund_->VaryContribution("CNCL2", M("-5.00"), Date{2025, 10, 1}, "VAR-2", "agreed at board", "officer");
  ASSERT_TRUE(less.ok()) << less.status().message();
  auto st = fund_->ContributionsStatement();
  ASSERT_TRUE(st.ok());
  const ContributionLine& c = st->at(2);
  EXPECT_EQ(c.agreed.ToString(), "100.00");
  EXPECT_EQ(c.varied.ToString(), "120.00");
  EXPECT_EQ(c.due.ToString(), "80.00");  // 60.00 instalment + 25.00 - 5.00
  EXPECT_EQ(c.outstanding.ToString(), "80.00");

  const std::string before = Snap();
  auto retry =
      fund_->VaryContribution("CNCL2", M("25.00"), Date{2025, 9, 1}, "VAR-1", "winter pressures", "officer");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->seq, 1);
  auto clash = fund_->VaryContribution("CNCL2", M("26.00"), Date{2025, 9, 1}, "VAR-1", "again", "officer");
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().code(), Code::kAborted);
  auto below_zero = fund_->VaryContribution("CNCL2", M("-120.01"), Date{2025, 9, 1}, "VAR-3", "x", "officer");
  ASSERT_FALSE(below_zero.ok());
  EXPECT_NE(below_zero.status().message().find("contribution is 120.00; it cannot be reduced by 120.01"),
            std::string::npos)
      << below_zero.status().message();
  EXPECT_FALSE(fund_->VaryContribution("CNCL2", M("0"), Date{2025, 9, 1}, "VAR-4", "x", "officer").ok());
  EXPECT_FALSE(fund_->VaryContribution("CNCL2", M("1.00"), Date{2025, 9, 1}, "VAR-5", "", "officer").ok());
  EXPECT_EQ(Snap(), before);
  EXPECT_EQ(fund_->ContributionVariations()->size(), 2u);
}

TEST(FundSetUp, AClosedYearOrAClosedPartnerIsRefusedBeforeAnythingIsWritten) {
  testing::TempDir dir;
  auto j = Journal::Open(dir.File("f.db"), testing::FixedClock());
  ASSERT_TRUE(j.ok());
  ASSERT_TRUE((*j)->ClosePeriod(Period{2025, 4}, "lead").ok());
  const std::string before = testing::Snapshot((*j)->db());
  auto f = Fund::SetUp(**j, testing::SmallAgreement(), "officer");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("closed up to 2025-04"), std::string::npos) << f.status().message();
  EXPECT_EQ(testing::Snapshot((*j)->db()), before);

  testing::TempDir dir2;
  auto k = Journal::Open(dir2.File("f.db"), testing::FixedClock());
  ASSERT_TRUE(k.ok());
  ASSERT_TRUE((*k)->AddPartner("CNCL2", "Old council").ok());
  ASSERT_TRUE((*k)->ClosePartner("CNCL2").ok());
  const std::string before2 = testing::Snapshot((*k)->db());
  auto g = Fund::SetUp(**k, testing::SmallAgreement(), "officer");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("partner CNCL2 is closed"), std::string::npos) << g.status().message();
  EXPECT_EQ(testing::Snapshot((*k)->db()), before2);
}

TEST_F(FundTest, AVariationFallsDueInsideTheYear) {
  auto outside = fund_->VaryContribution("ICB", M("1.00"), Date{2026, 4, 1}, "VAR-1", "late", "officer");
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.status().message().find("inside the fund's year"), std::string::npos);
}

}  // namespace
}  // namespace poolbook::fund
