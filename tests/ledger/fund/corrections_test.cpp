// Corrections through the fund: void, credit note, cancelled crisis, reversed receipt, undone
// virement. Each keeps the record's figures the sums of its entries (verify agrees), answers a
// retry with what it wrote, and a refusal changes nothing.
#include <gtest/gtest.h>

#include <tuple>

#include "ledger/fund/fund.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

class Corrections : public FundTest {
 protected:
  void ExpectVerified() {
    VerifyReport v = Verify(journal_->db());
    EXPECT_TRUE(v.ok) << v.problem;
  }
  std::string EventNotes(const std::string& table, const std::string& id_column, const std::string& id) {
    std::string out;
    soci::rowset<std::string> rows =
        (journal_->db().sql().prepare
             << "SELECT kind || '|' || reference || '|' || corrects || '|' || note FROM " + table +
                    " WHERE " + id_column + " = :id ORDER BY seq",
         soci::use(id));
    for (const std::string& r : rows) out += r + "\n";
    return out;
  }
};

TEST_F(Corrections, VoidingAnInvoiceReversesItsSpendAndRestoresItsCommitment) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  auto paid = fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer");
  ASSERT_TRUE(paid.ok()) << paid.status().message();
  auto v = fund_->VoidInvoice("PK-1", "INV-1", Date{2025, 7, 2}, "paid on the wrong package", "officer");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_FALSE(v->replayed);
  auto p = fund_->GetPackage("PK-1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->paid.ToString(), "0.00");
  EXPECT_EQ(p->remaining.ToString(), "800.00");
  EXPECT_EQ(Bal("spend").ToString(), "0.00");
  EXPECT_EQ(Bal("commitment:care:PKG", "", Book::kCommitment).ToString(), "800.00");
  auto stored = journal_->GetEntry(v->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->entry.reverses, paid->id);  // linked to what it undoes
  EXPECT_EQ(EventNotes("fund_package_events", "package_id", "PK-1"),
            "commissioned|PK-1||\npaid|INV-1||\nvoided|INV-1|INV-1|paid on the wrong package\n");
  ExpectVerified();

  // The same void again is a retry; the voided number cannot be paid again.
  const std::string before = Snap();
  auto again = fund_->VoidInvoice("PK-1", "INV-1", Date{2025, 7, 2}, "paid on the wrong package", "officer");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->id, v->id);
  auto other = fund_->VoidInvoice("PK-1", "INV-1", Date{2025, 7, 3}, "another reason", "officer");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("invoice INV-1 on PK-1 was already corrected, by entry " +
                                          std::to_string(v->id) + " dated 2025-07-02"),
            std::string::npos)
      << other.status().message();
  auto repay = fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 7, 31}, "INV-1", "officer");
  ASSERT_FALSE(repay.ok());
  EXPECT_NE(repay.status().message().find("was paid and then voided; a corrected invoice needs a new number"),
            std::string::npos)
      << repay.status().message();
  EXPECT_EQ(Snap(), before);
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 7, 31}, "INV-1A", "officer").ok());
  EXPECT_EQ(fund_->GetPackage("PK-1")->paid.ToString(), "200.00");
  ExpectVerified();
}

TEST_F(Corrections, AVoidedPhbPaymentComesBackToTheBudget) {
  PhbSpec s;
  s.id = "PHB-1";
  s.person = "P-1A2B3C";
  s.line = "PHB";
  s.mode = PhbMode::kDirectPayment;
  s.indicative = M("120.00");
  s.agreed = M("120.00");
  s.start = Date{2025, 6, 1};
  s.end = Date{2025, 11, 30};
  s.review = Date{2025, 9, 1};
  ASSERT_TRUE(fund_->AgreePhb(s, Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayPhb("PHB-1", M("20.00"), Date{2025, 6, 5}, "PAY-1", "officer").ok());
  auto v = fund_->VoidPhbPayment("PHB-1", "PAY-1", Date{2025, 6, 6}, "sent twice", "officer");
  ASSERT_TRUE(v.ok()) << v.status().message();
  auto phb = fund_->GetPhb("PHB-1");
  ASSERT_TRUE(phb.ok());
  EXPECT_EQ(phb->paid.ToString(), "0.00");
  EXPECT_EQ(phb->remaining.ToString(), "120.00");
  ExpectVerified();
}

TEST_F(Corrections, ACreditNoteLowersSpendAndLeavesTheCommitment) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  auto c = fund_->CreditNote("PK-1", "INV-1", "CN-1", M("50.00"), Date{2025, 7, 3}, "two hours not delivered",
                             "officer");
  ASSERT_TRUE(c.ok()) << c.status().message();
  auto p = fund_->GetPackage("PK-1");
  EXPECT_EQ(p->paid.ToString(), "150.00");
  EXPECT_EQ(p->remaining.ToString(), "600.00");
  EXPECT_EQ(Bal("spend").ToString(), "150.00");
  ExpectVerified();

  const std::string before = Snap();
  auto retry = fund_->CreditNote("PK-1", "INV-1", "CN-1", M("50.00"), Date{2025, 7, 3},
                                 "two hours not delivered", "officer");
  ASSERT_TRUE(retry.ok()) << retry.status().message();
  EXPECT_TRUE(retry->replayed);
  struct Refusal {
    const char* invoice;
    const char* credit;
    const char* amount;
    const char* message;
  };
  for (const Refusal& r : std::vector<Refusal>{
           {"INV-1", "CN-1", "40.00",
            "credit note CN-1 on PK-1 is already recorded, for 50.00 against invoice INV-1"},
           {"INV-1", "CN-2", "150.01", "invoice INV-1 stands at 150.00 after earlier credit notes"},
           {"INV-9", "CN-3", "1.00", "there is no invoice INV-9 paid on PK-1"},
           {"INV-1", "CN-4", "0.00", "a credit note must be for more than zero"},
       }) {
    SCOPED_TRACE(r.credit);
    auto x = fund_->CreditNote("PK-1", r.invoice, r.credit, M(r.amount), Date{2025, 7, 3}, "why", "officer");
    ASSERT_FALSE(x.ok());
    EXPECT_NE(x.status().message().find(r.message), std::string::npos) << x.status().message();
  }
  auto v = fund_->VoidInvoice("PK-1", "INV-1", Date{2025, 7, 3}, "wrong", "officer");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("has credit notes against it (50.00)"), std::string::npos);
  EXPECT_EQ(Snap(), before);
}

TEST_F(Corrections, ACancelledCrisisReleasesEverythingAndLeavesTheApprovals) {
  PackageSpec s = Spec("CR-1");
  s.line = "CRISIS";
  ASSERT_TRUE(fund_->Commission(s, Date{2025, 6, 1}, "officer").ok());
  ASSERT_EQ(fund_->UnapprovedCrises(Date{2025, 6, 3}, false)->size(), 1u);
  auto c = fund_->CancelCrisis("CR-1", Date{2025, 6, 3}, "admission was avoided another way", "officer");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->cancelled);
  EXPECT_FALSE(c->needs_approval);
  EXPECT_EQ(c->remaining.ToString(), "0.00");
  EXPECT_EQ(Bal("commitment:care:CRISIS", "", Book::kCommitment).ToString(), "0.00");
  EXPECT_TRUE(fund_->UnapprovedCrises(Date{2025, 6, 3}, false)->empty());
  ExpectVerified();

  const std::string before = Snap();
  EXPECT_TRUE(fund_->CancelCrisis("CR-1", Date{2025, 6, 3}, "again", "officer").ok());  // a retry
  auto approve = fund_->ApproveCrisis("CR-1", "lead", "ICB");
  ASSERT_FALSE(approve.ok());
  EXPECT_NE(approve.status().message().find("was cancelled"), std::string::npos);
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  const std::string with_pk1 = Snap();
  auto not_crisis = fund_->CancelCrisis("PK-1", Date{2025, 6, 3}, "why", "officer");
  ASSERT_FALSE(not_crisis.ok());
  EXPECT_NE(not_crisis.status().message().find("is not crisis support"), std::string::npos);
  EXPECT_EQ(Snap(), with_pk1);
  EXPECT_NE(before, with_pk1);
}

TEST_F(Corrections, ACrisisWithPaymentsIsNotCancelled) {
  PackageSpec s = Spec("CR-1");
  s.line = "CRISIS";
  ASSERT_TRUE(fund_->Commission(s, Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("CR-1", M("80.00"), Date{2025, 6, 8}, "INV-1", "officer").ok());
  const std::string before = Snap();
  auto c = fund_->CancelCrisis("CR-1", Date{2025, 6, 9}, "why", "officer");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("void its invoices first"), std::string::npos);
  EXPECT_EQ(Snap(), before);
  ASSERT_TRUE(fund_->VoidInvoice("CR-1", "INV-1", Date{2025, 6, 9}, "not ours", "officer").ok());
  ASSERT_TRUE(fund_->CancelCrisis("CR-1", Date{2025, 6, 9}, "why", "officer").ok());
  ExpectVerified();
}

TEST_F(Corrections, AReversedReceiptIsOwedAgain) {
  ASSERT_TRUE(fund_->RaiseInstalment("CNCL1", 0, "officer").ok());
  ASSERT_TRUE(fund_->ReceiveContribution("CNCL1", M("300.00"), Date{2025, 4, 20}, "REM-7", "officer").ok());
  EXPECT_EQ(Bal("pool:receivable", "CNCL1").ToString(), "0.00");
  auto r = fund_->ReverseReceipt("CNCL1", "REM-7", Date{2025, 4, 22}, "the bank returned it", "officer");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Bal("pool:receivable", "CNCL1").ToString(), "300.00");
  EXPECT_EQ(Bal("pool:cash", "CNCL1").ToString(), "0.00");
  const std::string before = Snap();
  auto again = fund_->ReverseReceipt("CNCL1", "REM-7", Date{2025, 4, 22}, "the bank returned it", "officer");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->replayed);
  auto none = fund_->ReverseReceipt("CNCL1", "REM-8", Date{2025, 4, 22}, "why", "officer");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Code::kNotFound);
  EXPECT_EQ(Snap(), before);
  ExpectVerified();
}

TEST_F(Corrections, OnlyTheLeadBudgetHolderUndoesAnAppliedVirement) {
  auto v =
      fund_->RequestVirement("PKG", "PHB", M("40.00"), Date{2025, 6, 1}, "VIR-1", "more PHBs", "officer");
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_EQ(v->state, VirementState::kApproved);  // within the threshold: applied at once
  auto pending =
      fund_->RequestVirement("PKG", "PHB", M("60.00"), Date{2025, 6, 1}, "VIR-2", "more", "officer");
  ASSERT_TRUE(pending.ok());
  const std::string before = Snap();
  auto not_lead = fund_->UndoVirement(v->id, Date{2025, 6, 2}, "asked in error", "officer2", "CNCL1");
  ASSERT_FALSE(not_lead.ok());
  EXPECT_NE(not_lead.status().message().find("only the lead budget holder"), std::string::npos);
  auto not_applied = fund_->UndoVirement(pending->id, Date{2025, 6, 2}, "why", "lead", "ICB");
  ASSERT_FALSE(not_applied.ok());
  EXPECT_NE(not_applied.status().message().find("is pending; only a virement that was applied"),
            std::string::npos);
  EXPECT_EQ(Snap(), before);

  auto undone = fund_->UndoVirement(v->id, Date{2025, 6, 2}, "asked in error", "lead", "ICB");
  ASSERT_TRUE(undone.ok()) << undone.status().message();
  EXPECT_EQ(undone->state, VirementState::kUndone);
  EXPECT_EQ(undone->undone_by, "lead");
  auto budgets = fund_->RevisedBudgets();
  EXPECT_EQ(budgets->at("PKG").ToString(), "500.00");
  EXPECT_EQ(budgets->at("PHB").ToString(), "200.00");
  auto again = fund_->UndoVirement(v->id, Date{2025, 6, 2}, "asked in error", "lead", "ICB");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  ExpectVerified();
}

// A correction into a closed month is refused, and names the open month.
TEST_F(Corrections, ACorrectionIsDatedInAnOpenPeriod) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  ASSERT_TRUE(journal_->ClosePeriod(Period{2025, 6}, "lead").ok());
  const std::string before = Snap();
  auto v = fund_->VoidInvoice("PK-1", "INV-1", Date{2025, 6, 30}, "wrong package", "officer");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().reason(), Reason::kPeriodClosed);
  EXPECT_EQ(Snap(), before);
  ASSERT_TRUE(fund_->VoidInvoice("PK-1", "INV-1", Date{2025, 7, 1}, "wrong package", "officer").ok());
}

// A rate rise from a day commits the difference for the days from then on; a cut releases it.
// The terms before the day stay; accruals and ending follow the terms in force each day.
TEST_F(Corrections, AmendingARateFromADayCommitsOrReleasesTheDifference) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());  // 20.00 x 10 h, 2-29 June
  auto up = fund_->AmendPackage("PK-1", Date{2025, 6, 16}, M("22.00"), 10, "provider uplift", "officer");
  ASSERT_TRUE(up.ok()) << up.status().message();
  // 14 days from 16 June at 2.00 more an hour, 10 hours a week: 40.00 more.
  EXPECT_EQ(up->remaining.ToString(), "840.00");
  ASSERT_EQ(up->amendments.size(), 1u);
  EXPECT_EQ(up->amendments[0].change.ToString(), "40.00");
  EXPECT_EQ(PackageCostBetween(up->spec, up->amendments, up->spec.start, up->spec.end).ToString(), "840.00");
  EXPECT_EQ(Bal("commitment:care:PKG", "", Book::kCommitment).ToString(), "840.00");
  const std::string before = Snap();
  auto retry = fund_->AmendPackage("PK-1", Date{2025, 6, 16}, M("22.00"), 10, "provider uplift", "officer");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(Snap(), before);
  for (const auto& [from, rate, field] :
       std::vector<std::tuple<Date, const char*, const char*>>{{Date{2025, 5, 31}, "22.00", "from"},
                                                               {Date{2025, 6, 30}, "22.00", "from"},
                                                               {Date{2025, 6, 20}, "0.00", "rate"}}) {
    auto bad = fund_->AmendPackage("PK-1", from, M(rate), 10, "why", "officer");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().field(), field) << bad.status().message();
  }
  EXPECT_EQ(Snap(), before);

  // Fewer hours from 23 June: 7 days at 22.00 x 5 fewer hours a week released.
  auto down = fund_->AmendPackage("PK-1", Date{2025, 6, 23}, M("22.00"), 5, "needs fewer hours", "officer");
  ASSERT_TRUE(down.ok()) << down.status().message();
  EXPECT_EQ(down->amendments.back().change.ToString(), "-110.00");
  EXPECT_EQ(down->remaining.ToString(), "730.00");
  // Accrued to 22 June: 14 days at 20.00 and 7 at 22.00, 10 hours a week.
  auto forecast = fund_->Forecast(Date{2025, 6, 22});
  ASSERT_TRUE(forecast.ok());
  for (const LineForecast& f : *forecast)
    if (f.line == "PKG") {
      EXPECT_EQ(f.accruals.ToString(), "620.00");
    }
  // Ending on 22 June keeps what the days to then cost under the terms in force.
  auto ended = fund_->EndPackage("PK-1", Date{2025, 6, 22}, "moved", "officer");
  ASSERT_TRUE(ended.ok()) << ended.status().message();
  EXPECT_EQ(ended->remaining.ToString(), "620.00");
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

}  // namespace
}  // namespace poolbook::fund
