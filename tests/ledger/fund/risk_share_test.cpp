// The year-end risk share: shares of the variance by rule, caps, the settlement that makes each
// partner bear (budget share - variance share), and its posting.
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

const RiskShareLine& Line(const RiskShareStatement& st, const std::string& partner) {
  for (const RiskShareLine& l : st.partners) {
    if (l.partner == partner) return l;
  }
  throw std::runtime_error("no partner " + partner);
}

TEST_F(FundTest, SpendSplitByContributionLeavesNothingToSettle) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("700.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  auto st = fund_->RiskShare();
  ASSERT_TRUE(st.ok()) << st.status().message();
  EXPECT_EQ(st->budget.ToString(), "900.00");
  EXPECT_EQ(st->actual.ToString(), "700.00");
  EXPECT_EQ(st->variance.ToString(), "200.00");
  EXPECT_EQ(Line(*st, "ICB").share.ToString(), "120.00");
  EXPECT_EQ(Line(*st, "ICB").percent, "60.00");
  for (const RiskShareLine& l : st->partners) EXPECT_TRUE(l.settlement.is_zero()) << l.partner;
}

TEST_F(FundTest, ASection117PackageShiftsSpendAndTheSettlementEvensItOut) {
  FundEverything();
  PackageSpec s = Spec("PK-117");
  s.split = {{"ICB", 50}, {"CNCL1", 50}};
  ASSERT_TRUE(fund_->Commission(s, Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-117", M("400.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  auto st = fund_->RiskShare();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->variance.ToString(), "500.00");
  // Bears budget - share: ICB 540 - 300 = 240 (spent 200), CNCL1 270 - 150 = 120 (spent 200),
  // CNCL2 90 - 50 = 40 (spent 0).
  EXPECT_EQ(Line(*st, "ICB").settlement.ToString(), "40.00");
  EXPECT_EQ(Line(*st, "CNCL1").settlement.ToString(), "-80.00");
  EXPECT_EQ(Line(*st, "CNCL2").settlement.ToString(), "40.00");
  EXPECT_FALSE(st->derivation.empty());

  const std::string before = Snap();
  auto by_council = fund_->SettleYear(Date{2026, 3, 31}, "council", "CNCL1");
  ASSERT_FALSE(by_council.ok());
  EXPECT_EQ(Snap(), before);
  auto settled = SignOff();
  ASSERT_TRUE(settled.ok()) << settled.status().message();
  ASSERT_TRUE(settled->entry_id.has_value());
  auto pos = fund_->Positions();
  ASSERT_TRUE(pos.ok());
  for (const PartnerPosition& p : *pos) {
    SCOPED_TRACE(p.partner);
    EXPECT_EQ(p.pool, p.brought_forward + p.received - p.spent - p.settled);
  }
  EXPECT_EQ(pos->at(1).settled.ToString(), "-80.00");
  // After settlement every partner has borne budget - share: received - pool.
  EXPECT_EQ((pos->at(0).received - pos->at(0).pool).ToString(), "240.00");
  EXPECT_EQ((pos->at(1).received - pos->at(1).pool).ToString(), "120.00");
  // What each carries forward is what it holds in the pool once settled.
  for (std::size_t i = 0; i < pos->size(); ++i) {
    EXPECT_EQ(settled->partners[i].carried_forward, pos->at(i).pool) << pos->at(i).partner;
  }
  EXPECT_EQ(settled->partners[0].carried_forward.ToString(), "360.00");  // 600 - 240
  auto twice = fund_->SettleYear(Date{2026, 3, 31}, "lead", "ICB");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("already settled"), std::string::npos);
  const VerifyReport report = Verify(journal_->db());
  EXPECT_TRUE(report.ok) << report.problem;
}

class CappedFundTest : public FundTest {
 protected:
  fund::Agreement MakeAgreement() override {
    fund::Agreement a = testing::SmallAgreement();
    a.risk_share.rule = RiskRule::kFixed;
    a.risk_share.percent = {{"ICB", 50}, {"CNCL1", 30}, {"CNCL2", 20}};
    a.risk_share.cap = {{"CNCL2", M("10.00")}};
    return a;
  }
};

TEST_F(CappedFundTest, ACapMovesTheExcessToThePartnersBelowTheirCaps) {
  FundEverything();
  PackageSpec s = Spec("PK-1", "20.00", 20);  // 1,600.00 committed
  ASSERT_TRUE(fund_->Commission(s, Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("1000.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  auto st = fund_->RiskShare();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->variance.ToString(), "-100.00");
  EXPECT_EQ(Line(*st, "CNCL2").share_uncapped.ToString(), "-20.00");
  EXPECT_EQ(Line(*st, "CNCL2").share.ToString(), "-10.00");
  EXPECT_EQ(st->capped.ToString(), "10.00");
  // 10.00 moved 50:30.
  EXPECT_EQ(Line(*st, "ICB").share.ToString(), "-56.25");
  EXPECT_EQ(Line(*st, "CNCL1").share.ToString(), "-33.75");
}

class AllCappedFundTest : public FundTest {
 protected:
  fund::Agreement MakeAgreement() override {
    fund::Agreement a = testing::SmallAgreement();
    a.risk_share.cap = {{"ICB", M("1.00")}, {"CNCL1", M("1.00")}, {"CNCL2", M("1.00")}};
    return a;
  }
};

TEST_F(AllCappedFundTest, WhenEveryPartnerIsAtItsCapTheLeadBudgetHolderBearsTheRest) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1", "20.00", 20), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("1000.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  auto st = fund_->RiskShare();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(Line(*st, "CNCL1").share.ToString(), "-1.00");
  EXPECT_EQ(Line(*st, "CNCL2").share.ToString(), "-1.00");
  EXPECT_EQ(Line(*st, "ICB").share.ToString(), "-98.00");
  bool said = false;
  for (const std::string& d : st->derivation)
    said = said || d.find("lead budget holder (ICB) bears") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST_F(FundTest, TheForecastAddsActualsAccrualsAndCommitments) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());  // 800.00 over 2 to 29 June
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 9}, "INV-1", "officer").ok());
  ASSERT_TRUE(
      fund_->RequestVirement("PHB", "PKG", M("40.00"), Date{2025, 6, 1}, "VIR-2", "more packages", "officer")
          .ok());
  // As at 15 June: 14 days delivered = 400.00, 200.00 paid, so 200.00 accrued; 400.00 still to come.
  auto f = fund_->Forecast(Date{2025, 6, 15});
  ASSERT_TRUE(f.ok()) << f.status().message();
  const LineForecast& pkg = f->at(0);
  EXPECT_EQ(pkg.line, "PKG");
  EXPECT_EQ(pkg.original.ToString(), "500.00");
  EXPECT_EQ(pkg.virements.ToString(), "40.00");
  EXPECT_EQ(pkg.revised.ToString(), "540.00");
  EXPECT_EQ(pkg.actual.ToString(), "200.00");
  EXPECT_EQ(pkg.accruals.ToString(), "200.00");
  EXPECT_EQ(pkg.commitments.ToString(), "400.00");
  EXPECT_EQ(pkg.forecast.ToString(), "800.00");
  EXPECT_EQ(pkg.variance.ToString(), "-260.00");
  EXPECT_EQ(pkg.variance_percent, "-48.1");
  EXPECT_EQ(f->at(1).variance_percent, "100.0");  // PHB: nothing spent
  EXPECT_EQ(f->at(3).variance_percent, "");       // OTHER: no budget
}

// A sign-off before the year end is refused and changes nothing: before the year's last day, or
// with a month before the last still open. Until signed off the statement is a preview.
TEST_F(FundTest, TheRiskShareIsSignedOffOnlyAtTheYearEnd) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  struct Case {
    const char* what;
    Date date;
    std::optional<Period> close_through;
    const char* says;
  };
  const Case cases[] = {
      {"mid-year, every month open", Date{2025, 9, 30}, std::nullopt, "signed off on the year's last day"},
      {"year end, every month open", Date{2026, 3, 31}, std::nullopt, "closed so far: none"},
      {"year end, January still open", Date{2026, 3, 31}, Period{2025, 12}, "closed so far: up to 2025-12"},
      {"a day after the year end", Date{2026, 4, 1}, Period{2026, 2}, "not 2026-04-01"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    if (c.close_through) {
      auto closed = journal_->ClosePeriod(*c.close_through, "lead");
      ASSERT_TRUE(closed.ok() || closed.status().reason() == Reason::kPeriodAlreadyClosed);
    }
    const std::string before = Snap();
    auto early = fund_->SettleYear(c.date, "lead", "ICB");
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.status().code(), Code::kFailedPrecondition);
    EXPECT_NE(early.status().message().find(c.says), std::string::npos) << early.status().message();
    EXPECT_EQ(Snap(), before);
    auto preview = fund_->RiskShare();
    ASSERT_TRUE(preview.ok());
    EXPECT_FALSE(preview->entry_id.has_value());
  }
  auto settled = fund_->SettleYear(Date{2026, 3, 31}, "lead", "ICB");
  ASSERT_TRUE(settled.ok()) << settled.status().message();
}

}  // namespace
}  // namespace poolbook::fund
