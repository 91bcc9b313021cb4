// Payments and pennies: each partner's share of a record's spend follows the running total (the odd
// penny rotates), the last payment releases exactly what remains committed, and a payment above
// the commitment needs a reason that the history keeps.
#include <gtest/gtest.h>

#include <random>

#include "ledger/fund/fund.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"
#include "testing/seed.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

// |paid_i - paid x w_i / sum(w)| < 1p for every partner.
void ExpectWithinAPenny(const std::vector<Money>& by_partner, const Money& paid,
                        const std::vector<Rational>& w) {
  Rational total = 0;
  for (const Rational& x : w) total += x;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const Rational exact = Rational(paid.pence()) * w[i] / total;
    const Rational gap = Rational(by_partner.at(i).pence()) - exact;
    EXPECT_LT(abs(gap), 1) << "partner " << i << " has " << by_partner[i].ToString() << " of "
                           << paid.ToString();
  }
}

TEST_F(FundTest, EachPartnersShareOfARecordsSpendStaysWithinAPenny) {
  const std::uint64_t seed = testing::TestSeed();
  SCOPED_TRACE(testing::SeedNote(seed));
  std::mt19937_64 rng(seed);
  PackageSpec half = Spec("PK-117", "20.00", 100);
  half.split = {{"ICB", 50}, {"CNCL1", 50}};
  ASSERT_TRUE(fund_->Commission(half, Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->Commission(Spec("PK-SHARES", "20.00", 100), Date{2025, 6, 1}, "officer").ok());
  const std::vector<Rational> by_half = {1, 1, 0}, by_contribution = {600, 300, 100};
  for (int i = 0; i < 60; ++i) {
    const Money amount = Money::FromPence(static_cast<std::int64_t>(1 + rng() % 9999));
    for (const char* id : {"PK-117", "PK-SHARES"}) {
      ASSERT_TRUE(
          fund_->PayInvoice(id, amount, Date{2025, 6, 30}, "INV-" + std::to_string(i), "officer").ok());
      auto p = fund_->GetPackage(id);
      ASSERT_TRUE(p.ok());
      ExpectWithinAPenny(p->paid_by_partner, p->paid,
                         id == std::string("PK-117") ? by_half : by_contribution);
    }
  }
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

// Odd-penny invoices on a 50/50 split: the first partner listed no longer gets every odd penny.
TEST_F(FundTest, TheOddPennyOfA5050SplitRotates) {
  PackageSpec half = Spec("PK-117");
  half.split = {{"ICB", 50}, {"CNCL1", 50}};
  ASSERT_TRUE(fund_->Commission(half, Date{2025, 6, 1}, "officer").ok());
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(
        fund_->PayInvoice("PK-117", M("10.01"), Date{2025, 6, 30}, "I-" + std::to_string(i), "officer").ok());
  EXPECT_EQ(Bal("spend:package:PKG", "ICB").ToString(), "50.05");
  EXPECT_EQ(Bal("spend:package:PKG", "CNCL1").ToString(), "50.05");
}

TEST_F(FundTest, TheLastPaymentReleasesExactlyWhatRemains) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());  // 800.00
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("400.00"), Date{2025, 6, 15}, "INV-1", "officer").ok());
  auto run = fund_->PayInvoices({Invoice("PK-1", M("399.97"), Date{2025, 6, 30}, "INV-2", /*final=*/true)},
                                "officer");
  ASSERT_TRUE(run.ok()) << run.status().message();
  auto p = fund_->GetPackage("PK-1");
  EXPECT_EQ(p->paid.ToString(), "799.97");
  EXPECT_EQ(p->remaining.ToString(), "0.00");  // the 0.03 not invoiced is released too
  for (const char* partner : {"ICB", "CNCL1", "CNCL2"})
    EXPECT_EQ(Bal("commitment:care:PKG", partner, Book::kCommitment).ToString(), "0.00") << partner;
}

TEST_F(FundTest, APaymentAboveTheCommitmentNeedsAReason) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());  // 800.00
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("700.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  const std::string before = Snap();
  auto over = fund_->PayInvoice("PK-1", M("150.00"), Date{2025, 7, 31}, "INV-2", "officer");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().field(), "amount");
  EXPECT_NE(
      over.status().message().find("invoice INV-2 for 150.00 is more than PK-1 still has committed (100.00)"),
      std::string::npos)
      << over.status().message();
  EXPECT_EQ(Snap(), before);

  Invoice reasoned("PK-1", M("150.00"), Date{2025, 7, 31}, "INV-2");
  reasoned.over_reason = "rate rise from July agreed with the provider";
  ASSERT_TRUE(fund_->PayInvoices({reasoned}, "officer").ok());
  auto p = fund_->GetPackage("PK-1");
  EXPECT_EQ(p->paid.ToString(), "850.00");
  EXPECT_EQ(p->remaining.ToString(), "0.00");
  std::string note;
  journal_->db().sql()
      << "SELECT note FROM fund_package_events WHERE package_id = 'PK-1' AND reference = 'INV-2'",
      soci::into(note);
  EXPECT_EQ(note, "rate rise from July agreed with the provider");
}

// Verify recomputes what each record has paid from its entries and names the first that differs.
TEST_F(FundTest, VerifyNamesARecordWhosePaidFigureWasEdited) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  ASSERT_TRUE(Verify(journal_->db()).ok);
  journal_->db().sql() << "UPDATE fund_package_paid SET amount = amount + 1 WHERE partner = 'ICB'";
  VerifyReport v = Verify(journal_->db());
  EXPECT_FALSE(v.ok);
  EXPECT_NE(
      v.problem.find("what package \"PK-1\" for ICB has paid is kept as 120.01 but its entries' postings "
                     "sum to 120.00"),
      std::string::npos)
      << v.problem;
  journal_->db().sql() << "UPDATE fund_package_paid SET amount = amount - 1 WHERE partner = 'ICB'";
  journal_->db().sql() << "DELETE FROM fund_package_paid WHERE partner = 'CNCL2'";
  v = Verify(journal_->db());
  EXPECT_NE(v.problem.find("what package \"PK-1\" for CNCL2 has paid is not kept"), std::string::npos)
      << v.problem;
}

}  // namespace
}  // namespace poolbook::fund
