// Commitments by financial year: a package or PHB commits only the cost that falls in the fund's
// current year; the rest is a future-year commitment, shown beside the commitment book and kept
// out of the forecast, and brought in when its year starts.
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

const Date kYearEnd{2026, 3, 31};

class FinancialYearsTest : public FundTest {
 protected:
  // Twelve months of care from 10 November 2025: 142 days fall in 2025-26, 223 in 2026-27.
  PackageSpec TwoYears(const std::string& id = "PK-2Y") {
    PackageSpec s = Spec(id);
    s.start = Date{2025, 11, 10};
    s.end = Date{2026, 11, 9};
    return s;
  }
  PhbSpec TwoYearPhb() {
    PhbSpec s;
    s.id = "PHB-2Y";
    s.person = "P-1A2B3C";
    s.line = "PHB";
    s.mode = PhbMode::kNotional;
    s.indicative = M("1000.00");
    s.agreed = M("1000.00");
    s.start = Date{2025, 10, 1};  // 182 of its 365 days in 2025-26
    s.end = Date{2026, 9, 30};
    s.review = Date{2026, 4, 1};
    return s;
  }
  // Settles the year and starts the next; returns the new year's fund.
  std::unique_ptr<Fund> StartNextYear() {
    FundEverything();
    auto settled = SignOff(*fund_);
    EXPECT_TRUE(settled.ok()) << settled.status().message();
    auto next = fund_->StartNextYear(testing::NextYearOf(fund_->agreement()), "officer");
    EXPECT_TRUE(next.ok()) << next.status().message();
    return next.ok() ? std::move(*next) : nullptr;
  }
  Money Committed(const std::string& line) { return Bal("commitment:care:" + line, "", Book::kCommitment); }
  LineForecast ForecastOf(Fund& f, const std::string& line) {
    auto forecast = f.Forecast(Date{2026, 1, 31});
    EXPECT_TRUE(forecast.ok());
    for (const LineForecast& l : *forecast)
      if (l.line == line) return l;
    ADD_FAILURE() << "no line " << line;
    return {};
  }
};

TEST_F(FinancialYearsTest, APackageCommitsOnlyThisYearsCostAndShowsTheRestAsLaterYears) {
  const PackageSpec s = TwoYears();
  auto p = fund_->Commission(s, Date{2025, 11, 1}, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  const Money this_year = PackageCost(s.rate, s.units_per_week, 142);
  const Money whole = PackageCostBetween(s, {}, s.start, s.end);
  EXPECT_EQ(p->committed, this_year);
  EXPECT_EQ(p->remaining, this_year);
  EXPECT_EQ(p->future_years, whole - this_year);
  EXPECT_EQ(Committed("PKG"), this_year);
  // The forecast counts this year only; the later years stand beside it.
  const LineForecast f = ForecastOf(*fund_, "PKG");
  EXPECT_EQ(f.accruals + f.commitments, this_year);
  EXPECT_EQ(f.forecast, this_year);
  EXPECT_EQ(f.future_years, whole - this_year);
  EXPECT_TRUE(Verify(journal_->db()).ok);
}

TEST_F(FinancialYearsTest, CareThatStartsNextYearCommitsNothingUntilItsYearStarts) {
  PackageSpec s = TwoYears("PK-NEXT");
  s.start = Date{2026, 5, 4};
  s.end = Date{2026, 5, 31};
  auto p = fund_->Commission(s, Date{2026, 3, 2}, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(p->committed.is_zero());
  EXPECT_TRUE(p->remaining.is_zero());
  EXPECT_EQ(p->future_years, PackageCost(s.rate, s.units_per_week, 28));
  EXPECT_TRUE(Committed("PKG").is_zero());
  // A retry is recognised as such.
  auto again = fund_->Commission(s, Date{2026, 3, 2}, "officer");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);

  auto next = StartNextYear();
  ASSERT_NE(next, nullptr);
  auto brought = next->GetPackage("PK-NEXT");
  ASSERT_TRUE(brought.ok());
  EXPECT_EQ(brought->remaining, PackageCost(s.rate, s.units_per_week, 28));
  EXPECT_TRUE(brought->future_years.is_zero());
  EXPECT_EQ(Committed("PKG"), brought->remaining);
  const VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

TEST_F(FinancialYearsTest, APhbsYearlyPartsAddUpToItsAgreedBudgetExactly) {
  const PhbSpec s = TwoYearPhb();
  auto p = fund_->AgreePhb(s, Date{2025, 10, 1}, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->committed.ToString(), "498.63");  // 1000.00 x 182 / 365, to the penny
  EXPECT_EQ(p->future_years.ToString(), "501.37");
  EXPECT_EQ(ForecastOf(*fund_, "PHB").future_years.ToString(), "501.37");
  ASSERT_TRUE(fund_->PayPhb("PHB-2Y", M("498.63"), Date{2026, 3, 31}, "PAY-1", "officer").ok());

  auto next = StartNextYear();
  ASSERT_NE(next, nullptr);
  auto after = next->GetPhb("PHB-2Y");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->remaining.ToString(), "501.37");
  EXPECT_TRUE(after->future_years.is_zero());
  EXPECT_EQ(after->paid + after->remaining, s.agreed);
  const VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

TEST_F(FinancialYearsTest, ANewRateFromNextYearChangesNothingNowAndIsBroughtInAtThatRate) {
  const PackageSpec s = TwoYears();
  ASSERT_TRUE(fund_->Commission(s, Date{2025, 11, 1}, "officer").ok());
  const std::string before = Snap();
  const Money this_year = Committed("PKG");
  auto amended =
      fund_->AmendPackage("PK-2Y", Date{2026, 6, 1}, M("30.00"), Rational(10), "new rate", "officer");
  ASSERT_TRUE(amended.ok()) << amended.status().message();
  EXPECT_EQ(Committed("PKG"), this_year);
  const Money later = PackageCostBetween(amended->spec, amended->amendments, s.start, s.end) -
                      PackageCostBetween(amended->spec, amended->amendments, s.start, kYearEnd);
  EXPECT_EQ(amended->future_years, later);
  EXPECT_NE(Snap(), before);  // the amendment itself is recorded

  auto next = StartNextYear();
  ASSERT_NE(next, nullptr);
  auto p = next->GetPackage("PK-2Y");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(Committed("PKG"), this_year + later);
  EXPECT_EQ(p->remaining, this_year + later);
}

TEST_F(FinancialYearsTest, EndingAPackageEarlyReleasesOnlyWhatThisYearCommitted) {
  const PackageSpec s = TwoYears();
  ASSERT_TRUE(fund_->Commission(s, Date{2025, 11, 1}, "officer").ok());
  const Money this_year = Committed("PKG");
  // Ending it next June: this year's commitment stands, the later years shrink.
  auto june = fund_->EndPackage("PK-2Y", Date{2026, 6, 30}, "moving", "officer");
  ASSERT_TRUE(june.ok()) << june.status().message();
  EXPECT_EQ(june->spec.end, (Date{2026, 6, 30}));
  EXPECT_EQ(june->remaining, this_year);
  EXPECT_EQ(june->future_years, PackageCostBetween(s, {}, s.start, Date{2026, 6, 30}) -
                                    PackageCostBetween(s, {}, s.start, kYearEnd));
  // Ending it in February: the cost of March is released and nothing is left for later years.
  auto feb = fund_->EndPackage("PK-2Y", Date{2026, 2, 28}, "moved", "officer");
  ASSERT_TRUE(feb.ok()) << feb.status().message();
  EXPECT_EQ(feb->remaining, PackageCostBetween(s, {}, s.start, Date{2026, 2, 28}));
  EXPECT_TRUE(feb->future_years.is_zero());
  EXPECT_EQ(Committed("PKG"), feb->remaining);
  // The row keeps the end it was commissioned with; the events move it.
  auto reloaded = Fund::Load(*journal_);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ((*reloaded)->GetPackage("PK-2Y")->spec.end, (Date{2026, 2, 28}));
  const VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

TEST_F(FinancialYearsTest, AnOpenEndedPackageCommitsAYearAtATimeUntilItIsEnded) {
  PackageSpec s = Spec("PK-OPEN");
  s.start = Date{2026, 1, 5};
  s.end = kNoEnd;
  const std::string before = Snap();
  auto refused = fund_->Commission(s, Date{2026, 1, 5}, "officer");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "end");
  EXPECT_EQ(Snap(), before);

  s.review = Date{2026, 7, 1};
  auto p = fund_->Commission(s, Date{2026, 1, 5}, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(p->spec.OpenEnded());
  EXPECT_EQ(p->remaining, PackageCost(s.rate, s.units_per_week, 86));  // 5 January to 31 March
  EXPECT_TRUE(p->future_years.is_zero());
  EXPECT_TRUE(ForecastOf(*fund_, "PKG").future_years.is_zero());

  auto next = StartNextYear();
  ASSERT_NE(next, nullptr);
  auto rolled = next->GetPackage("PK-OPEN");
  ASSERT_TRUE(rolled.ok());
  EXPECT_EQ(rolled->remaining, PackageCostBetween(s, {}, s.start, Date{2027, 3, 31}));  // a whole year more
  EXPECT_TRUE(rolled->spec.OpenEnded());
  auto ended = next->EndPackage("PK-OPEN", Date{2026, 6, 30}, "reviewed", "officer");
  ASSERT_TRUE(ended.ok()) << ended.status().message();
  EXPECT_FALSE(ended->spec.OpenEnded());
  EXPECT_EQ(ended->remaining, PackageCostBetween(s, {}, s.start, Date{2026, 6, 30}));
  EXPECT_EQ(Committed("PKG"), ended->remaining);
  const VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

}  // namespace
}  // namespace poolbook::fund
