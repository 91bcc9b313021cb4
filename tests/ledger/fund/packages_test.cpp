// Packages: commitment on commissioning, actuals and release on paying, release on ending; the
// funder split; retries; refusals that change nothing.
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

TEST(PackageCost, RateTimesUnitsTimesDaysOverSevenRoundedHalfAwayFromZero) {
  struct Case {
    const char* rate;
    Rational units;
    long days;
    const char* cost;
  };
  const std::vector<Case> cases = {
      {"20.00", 10, 28, "800.00"},              // four weeks of 10 hours
      {"20.00", 10, 1, "28.57"},                // 285.714... pence
      {"18.75", Rational(75, 2), 7, "703.13"},  // 37.5 hours: 703.125 rounds up
      {"0.01", 1, 1, "0.00"},                   // a seventh of a penny
      {"0.01", 1, 4, "0.01"},                   // four sevenths
      {"0.07", Rational(1, 2), 1, "0.01"},      // exactly half a penny rounds up
      {"1500.00", 1, 365, "78214.29"},          // a week-rate placement for a year
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rate);
    EXPECT_EQ(PackageCost(M(c.rate), c.units, c.days).ToString(), c.cost);
  }
}

TEST_F(FundTest, CommissioningCommitsTheWholeCostSplitByContribution) {
  auto p = fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->committed.ToString(), "800.00");
  EXPECT_EQ(p->remaining.ToString(), "800.00");
  EXPECT_EQ(Bal("commitment:care:PKG", "ICB", Book::kCommitment).ToString(), "480.00");
  EXPECT_EQ(Bal("commitment:care:PKG", "CNCL1", Book::kCommitment).ToString(), "240.00");
  EXPECT_EQ(Bal("commitment:care:PKG", "CNCL2", Book::kCommitment).ToString(), "80.00");
  EXPECT_EQ(Bal("commitment:reserve", "", Book::kCommitment).ToString(), "-800.00");
  EXPECT_EQ(Bal("spend").ToString(), "0.00");
}

TEST_F(FundTest, PayingAnInvoiceRecordsTheActualAndReleasesTheSameCommitment) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  auto r = fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Bal("spend:package:PKG", "ICB").ToString(), "120.00");
  EXPECT_EQ(Bal("spend:package:PKG", "CNCL1").ToString(), "60.00");
  EXPECT_EQ(Bal("spend:package:PKG", "CNCL2").ToString(), "20.00");
  EXPECT_EQ(Bal("pool:cash", "ICB").ToString(), "480.00");
  auto p = fund_->GetPackage("PK-1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->paid.ToString(), "200.00");
  EXPECT_EQ(p->remaining.ToString(), "600.00");
  EXPECT_EQ(Bal("commitment:care:PKG", "", Book::kCommitment).ToString(), "600.00");
}

TEST_F(FundTest, TheSameInvoiceAgainIsARetryAndAnotherAmountIsRefused) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  auto first = fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer");
  ASSERT_TRUE(first.ok());
  const std::string before = Snap();
  auto again = fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->id, first->id);
  auto other = fund_->PayInvoice("PK-1", M("201.00"), Date{2025, 6, 30}, "INV-1", "officer");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), Code::kAborted);
  EXPECT_NE(other.status().message().find("invoice INV-1 on PK-1 was already paid, for 200.00"),
            std::string::npos);
  EXPECT_EQ(Snap(), before);
}

TEST_F(FundTest, AnInvoiceAboveWhatRemainsReleasesOnlyWhatRemains) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("700.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  Invoice over("PK-1", M("150.00"), Date{2025, 7, 31}, "INV-2");
  over.over_reason = "two extra visits agreed";  // above the commitment: refused without a reason
  ASSERT_TRUE(fund_->PayInvoices({over}, "officer").ok());
  auto p = fund_->GetPackage("PK-1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->paid.ToString(), "850.00");
  EXPECT_EQ(p->remaining.ToString(), "0.00");
  for (const char* partner : {"ICB", "CNCL1", "CNCL2"}) {
    SCOPED_TRACE(partner);
    EXPECT_EQ(Bal("commitment:care:PKG", partner, Book::kCommitment).ToString(), "0.00");
  }
  EXPECT_EQ(Bal("spend").ToString(), "850.00");
}

TEST_F(FundTest, ASection117SplitAttributesHalfAndHalf) {
  PackageSpec s = Spec("PK-117", "33.33", 3);
  s.split = {{"ICB", 50}, {"CNCL1", 50}};
  auto p = fund_->Commission(s, Date{2025, 6, 1}, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->committed.ToString(), "399.96");
  EXPECT_EQ(Bal("commitment:care:PKG", "ICB", Book::kCommitment).ToString(), "199.98");
  EXPECT_EQ(Bal("commitment:care:PKG", "CNCL1", Book::kCommitment).ToString(), "199.98");
  EXPECT_EQ(Bal("commitment:care:PKG", "CNCL2", Book::kCommitment).ToString(), "0.00");
  ASSERT_TRUE(fund_->PayInvoice("PK-117", M("0.03"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  // Three pence split 50/50: the first partner listed takes the odd penny.
  EXPECT_EQ(Bal("spend:package:PKG", "ICB").ToString(), "0.02");
  EXPECT_EQ(Bal("spend:package:PKG", "CNCL1").ToString(), "0.01");
}

TEST_F(FundTest, EndingEarlyReleasesTheCommitmentForTheDaysNoLongerBought) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  // Two weeks instead of four: cost 400.00, 200.00 paid, so 200.00 stays committed.
  auto p = fund_->EndPackage("PK-1", Date{2025, 6, 15}, "moved to a PHB", "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(p->ended);
  EXPECT_EQ(p->spec.end, (Date{2025, 6, 15}));
  EXPECT_EQ(p->remaining.ToString(), "200.00");
  EXPECT_EQ(Bal("commitment:care:PKG", "", Book::kCommitment).ToString(), "200.00");
  // The release (the last entry written) is dated the day the package ends.
  auto release = journal_->GetEntry(store::ReadHead(journal_->db()).last_id);
  ASSERT_TRUE(release.ok());
  EXPECT_EQ(release->entry.date, (Date{2025, 6, 15}));

  // The same end again is a retry; a later end is refused; an earlier one shortens it again.
  const std::string before = Snap();
  auto retry = fund_->EndPackage("PK-1", Date{2025, 6, 15}, "moved to a PHB", "officer");
  ASSERT_TRUE(retry.ok()) << retry.status().message();
  EXPECT_EQ(Snap(), before);
  auto later = fund_->EndPackage("PK-1", Date{2025, 6, 20}, "again", "officer");
  ASSERT_FALSE(later.ok());
  EXPECT_NE(later.status().message().find("already ends on 2025-06-15"), std::string::npos);
  EXPECT_EQ(Snap(), before);
  // Eight days: 228.57 cost, 200.00 paid, so 28.57 stays committed.
  auto shorter = fund_->EndPackage("PK-1", Date{2025, 6, 9}, "needs changed again", "officer");
  ASSERT_TRUE(shorter.ok()) << shorter.status().message();
  EXPECT_EQ(shorter->remaining.ToString(), "28.57");
}

TEST_F(FundTest, AnEndInAClosedMonthIsReleasedInTheFirstOpenMonth) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(journal_->ClosePeriod(Period{2025, 6}, "lead").ok());
  auto p = fund_->EndPackage("PK-1", Date{2025, 6, 15}, "moved to a PHB", "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  auto release = journal_->GetEntry(store::ReadHead(journal_->db()).last_id);
  ASSERT_TRUE(release.ok());
  EXPECT_EQ(release->entry.date, (Date{2025, 7, 1}));
  EXPECT_EQ(p->remaining.ToString(), "400.00");
}

TEST_F(FundTest, CancellingBeforeTheStartReleasesEverything) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  auto p = fund_->EndPackage("PK-1", Date{2025, 6, 1}, "not needed", "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->remaining.ToString(), "0.00");
  EXPECT_EQ(Bal("commitment", "", Book::kCommitment).ToString(), "0.00");
}

TEST_F(FundTest, CommissioningTheSamePackageAgainIsARetry) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  const std::string before = Snap();
  auto again = fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Snap(), before);
  auto other = fund_->Commission(Spec("PK-1", "21.00"), Date{2025, 6, 1}, "officer");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), Code::kAborted);
  EXPECT_EQ(Snap(), before);
}

TEST_F(FundTest, PackageRefusalsSayWhatIsWrongAndChangeNothing) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  const std::string before = Snap();
  struct Case {
    const char* name;
    std::function<void(PackageSpec&)> change;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"unknown line", [](PackageSpec& s) { s.line = "NOPE"; }, "there is no budget line \"NOPE\""},
      {"a PHB line", [](PackageSpec& s) { s.line = "PHB"; }, "line PHB is a phb line"},
      {"no person", [](PackageSpec& s) { s.person = ""; }, "give their pseudonym"},
      {"an NHS number as person", [](PackageSpec& s) { s.person = "9434765919"; }, "NHS number"},
      {"someone not registered", [](PackageSpec& s) { s.person = "P-NOBODY"; },
       "person \"P-NOBODY\" is not registered; register them first"},
      {"no provider", [](PackageSpec& s) { s.provider = ""; }, "name the provider"},
      {"zero rate", [](PackageSpec& s) { s.rate = M("0"); }, "rate must be more than zero"},
      {"too many hours", [](PackageSpec& s) { s.units_per_week = 673; }, "at most 672 for unit hour"},
      {"no hours", [](PackageSpec& s) { s.units_per_week = 0; }, "units per week must be more than 0"},
      {"ends before it starts",
       [](PackageSpec& s) {
         s.end = Date{2025, 6, 1};
       },
       "ends before it starts"},
      {"split names a stranger",
       [](PackageSpec& s) {
         s.split = {{"NHSE", 1}};
       },
       "not a partner of the fund"},
      {"split of nothing",
       [](PackageSpec& s) {
         s.split = {{"ICB", 0}};
       },
       "gives every partner nothing"},
      {"id with a space", [](PackageSpec& s) { s.id = "PK 2"; }, "no spaces"},
      {"costs nothing",
       [](PackageSpec& s) {
         s.rate = M("0.01");
         s.units_per_week = Rational(1, 100);
       },
       "costs nothing"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    PackageSpec s = Spec("PK-2");
    c.change(s);
    auto p = fund_->Commission(s, Date{2025, 6, 1}, "officer");
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.status().message().find(c.message), std::string::npos) << p.status().message();
    EXPECT_EQ(Snap(), before);
  }
  for (auto [name, st] : std::vector<std::pair<const char*, Status>>{
           {"pay unknown", fund_->PayInvoice("PK-9", M("1.00"), Date{2025, 6, 30}, "I", "o").status()},
           {"pay zero", fund_->PayInvoice("PK-1", M("0.00"), Date{2025, 6, 30}, "I", "o").status()},
           {"end later", fund_->EndPackage("PK-1", Date{2025, 7, 30}, "r", "o").status()},
           {"end long before", fund_->EndPackage("PK-1", Date{2025, 5, 1}, "r", "o").status()},
           {"end without reason", fund_->EndPackage("PK-1", Date{2025, 6, 10}, "", "o").status()}}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(st.ok());
    EXPECT_EQ(Snap(), before);
  }
}

TEST_F(FundTest, APaymentRunPaysEveryInvoiceOrNone) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->Commission(Spec("PK-2", "10.00"), Date{2025, 6, 1}, "officer").ok());
  // Two invoices for PK-1 in one run: the second may release only what the first left.
  auto run = fund_->PayInvoices({{"PK-1", M("500.00"), Date{2025, 6, 30}, "A-1"},
                                 {"PK-1", M("300.00"), Date{2025, 6, 30}, "A-2"},
                                 {"PK-2", M("100.00"), Date{2025, 6, 30}, "B-1"}},
                                "officer");
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_EQ(run->size(), 3u);
  EXPECT_LT(run->at(0).id, run->at(1).id);
  EXPECT_EQ(fund_->GetPackage("PK-1")->remaining.ToString(), "0.00");
  EXPECT_EQ(fund_->GetPackage("PK-2")->remaining.ToString(), "300.00");
  EXPECT_EQ(Bal("spend").ToString(), "900.00");

  const std::string before = Snap();
  auto bad = fund_->PayInvoices(
      {{"PK-2", M("10.00"), Date{2025, 7, 31}, "B-2"}, {"PK-9", M("10.00"), Date{2025, 7, 31}, "C-1"}},
      "officer");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("payment 2: there is no package \"PK-9\""), std::string::npos)
      << bad.status().message();
  auto twice = fund_->PayInvoices(
      {{"PK-2", M("10.00"), Date{2025, 7, 31}, "B-2"}, {"PK-2", M("10.00"), Date{2025, 7, 31}, "B-2"}},
      "officer");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("in this payment run twice"), std::string::npos);
  EXPECT_EQ(Snap(), before);

  // The whole run again is a retry: same receipts, nothing new.
  auto again = fund_->PayInvoices({{"PK-1", M("500.00"), Date{2025, 6, 30}, "A-1"},
                                   {"PK-1", M("300.00"), Date{2025, 6, 30}, "A-2"},
                                   {"PK-2", M("100.00"), Date{2025, 6, 30}, "B-1"}},
                                  "officer");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->at(2).replayed);
  EXPECT_EQ(again->at(2).id, run->at(2).id);
  EXPECT_EQ(Snap(), before);
}

TEST_F(FundTest, APaymentRunHoldsAtMostTheLimitOfInvoices) {
  PackageSpec big = Spec("PK-BIG", "20.00", 600);
  big.end = Date{2026, 3, 31};
  ASSERT_TRUE(fund_->Commission(big, Date{2025, 6, 1}, "officer").ok());
  std::vector<Invoice> run;
  for (std::size_t i = 0; i < kInvoicesPerRunMax; ++i) {
    run.push_back({"PK-BIG", M("0.01"), Date{2025, 6, 30}, "I-" + std::to_string(i)});
  }
  const std::string before = Snap();
  run.push_back({"PK-BIG", M("0.01"), Date{2025, 6, 30}, "ONE-MORE"});
  auto over = fund_->PayInvoices(run, "officer");
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.status().message().find("at most 10000 payments"), std::string::npos)
      << over.status().message();
  EXPECT_EQ(Snap(), before);
  run.pop_back();
  auto at = fund_->PayInvoices(run, "officer");
  ASSERT_TRUE(at.ok()) << at.status().message();
  EXPECT_EQ(fund_->GetPackage("PK-BIG")->paid.ToString(), "100.00");
}

TEST_F(FundTest, ReferenceAndIdLengthsHoldAtTheirBounds) {
  const std::string id_at(kPackageIdBytesMax, 'K'), id_over(kPackageIdBytesMax + 1, 'K');
  ASSERT_TRUE(fund_->Commission(Spec(id_at), Date{2025, 6, 1}, "officer").ok());
  auto long_id = fund_->Commission(Spec(id_over), Date{2025, 6, 1}, "officer");
  ASSERT_FALSE(long_id.ok());
  EXPECT_NE(long_id.status().message().find("longer than 32"), std::string::npos)
      << long_id.status().message();
  const std::string ref_at(kReferenceBytesMax, 'R'), ref_over(kReferenceBytesMax + 1, 'R');
  EXPECT_TRUE(fund_->PayInvoice(id_at, M("1.00"), Date{2025, 6, 30}, ref_at, "officer").ok());
  auto long_ref = fund_->PayInvoice(id_at, M("1.00"), Date{2025, 6, 30}, ref_over, "officer");
  ASSERT_FALSE(long_ref.ok());
  EXPECT_NE(long_ref.status().message().find("longer than 48"), std::string::npos)
      << long_ref.status().message();
  const std::string reason_at(kReasonBytesMax, 'r'), reason_over(kReasonBytesMax + 1, 'r');
  EXPECT_FALSE(fund_->EndPackage(id_at, Date{2025, 6, 20}, reason_over, "officer").ok());
  EXPECT_TRUE(fund_->EndPackage(id_at, Date{2025, 6, 20}, reason_at, "officer").ok());
}

// What a package still has committed is kept with its events (migration 6); verify recomputes it
// from the postings of the package's entries and names the package when they differ.
TEST_F(FundTest, VerifyNamesAPackageWhoseKeptCommitmentDiffers) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  long long icb = 0;
  journal_->db().sql()
      << "SELECT amount FROM fund_package_committed WHERE package_id = 'PK-1' AND partner = 'ICB'",
      soci::into(icb);
  EXPECT_EQ(icb, 36000);  // 480.00 committed less 120.00 released by the invoice
  ASSERT_TRUE(Verify(journal_->db()).ok);
  journal_->db().sql() << "UPDATE fund_package_committed SET amount = amount + 1 WHERE partner = 'ICB'";
  VerifyReport v = Verify(journal_->db());
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.problem.find("what package \"PK-1\" for ICB still has committed is kept as 360.01 but its "
                           "entries' postings sum to 360.00"),
            std::string::npos)
      << v.problem;
  journal_->db().sql() << "DELETE FROM fund_package_committed WHERE partner = 'CNCL1'";
  v = Verify(journal_->db());
  EXPECT_FALSE(v.ok);
  journal_->db().sql() << "UPDATE fund_package_committed SET amount = amount - 1 WHERE partner = 'ICB'";
  v = Verify(journal_->db());
  EXPECT_NE(v.problem.find("what package \"PK-1\" for CNCL1 still has committed is not kept"),
            std::string::npos)
      << v.problem;
}

}  // namespace
}  // namespace poolbook::fund
