// Closing a year and starting the next: income and spend closed into reserves, what each partner
// has left brought forward, the budget book starting afresh, commitments carrying on.
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

Agreement NextYear(const Agreement& a) { return testing::NextYearOf(a); }

class NextYearTest : public FundTest {
 protected:
  // A year with a section 117 package paid in part (so spend is not split by contribution) and
  // still running at the year end, settled.
  void SetUp() override {
    FundTest::SetUp();
    FundEverything();
    PackageSpec s = Spec("PK-117");
    s.end = Date{2026, 6, 28};  // runs on into the next year
    s.split = {{"ICB", 50}, {"CNCL1", 50}};
    ASSERT_TRUE(fund_->Commission(s, Date{2025, 6, 1}, "officer").ok());
    ASSERT_TRUE(fund_->PayInvoice("PK-117", M("400.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  }
};

TEST_F(NextYearTest, AnUnsettledYearCannotBeClosed) {
  const std::string before = Snap();
  auto next = fund_->StartNextYear(NextYear(fund_->agreement()), "officer");
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("not settled yet"), std::string::npos) << next.status().message();
  EXPECT_EQ(Snap(), before);
}

TEST_F(NextYearTest, WhatEachPartnerHasLeftIsBroughtForwardAndTheNewYearStartsClean) {
  auto settled = SignOff();
  ASSERT_TRUE(settled.ok()) << settled.status().message();
  auto before = fund_->Positions();
  ASSERT_TRUE(before.ok());
  const Money committed = Bal("commitment:care:PKG", "", Book::kCommitment);
  auto package = fund_->GetPackage("PK-117");
  ASSERT_TRUE(package.ok());
  const PackageSpec& s = package->spec;
  // The days from April to its end are the next year's: not committed yet.
  const Money next_part =
      PackageCostBetween(s, {}, s.start, s.end) - PackageCostBetween(s, {}, s.start, Date{2026, 3, 31});
  EXPECT_TRUE(next_part.sign() > 0);
  EXPECT_EQ(package->future_years, next_part);

  auto next = fund_->StartNextYear(NextYear(fund_->agreement()), "officer");
  ASSERT_TRUE(next.ok()) << next.status().message();
  Fund& f = **next;
  EXPECT_EQ(f.agreement().year, 2026);
  auto after = f.Positions();
  ASSERT_TRUE(after.ok());
  for (std::size_t i = 0; i < after->size(); ++i) {
    const PartnerPosition& p = after->at(i);
    SCOPED_TRACE(p.partner);
    EXPECT_EQ(p.pool, before->at(i).pool);             // the money itself does not move
    EXPECT_EQ(p.brought_forward, before->at(i).pool);  // and is what is brought forward
    EXPECT_TRUE(p.received.is_zero());
    EXPECT_TRUE(p.spent.is_zero());
    EXPECT_TRUE(p.settled.is_zero());
    EXPECT_EQ(p.pool, p.brought_forward + p.received - p.spent - p.settled);
    EXPECT_EQ(f.agreement().brought_forward.at(p.partner), p.brought_forward);
  }
  // Settled, each partner carries what it was owed: ICB 600 - 240 = 360.
  EXPECT_EQ(after->at(0).brought_forward.ToString(), "360.00");
  // The new year's budget is its own: 900 + 50 for the new line, split by contribution plus what
  // was brought forward.
  auto budgets = f.RevisedBudgets();
  ASSERT_TRUE(budgets.ok());
  EXPECT_EQ(budgets->at("PKG").ToString(), "500.00");
  EXPECT_EQ(budgets->at("NEW").ToString(), "50.00");
  EXPECT_EQ(Bal("budget:lines", "", Book::kBudget).ToString(), "950.00");
  // Commitments carry on, the new year's part of the package joins them, and it can be paid in
  // the new year.
  EXPECT_EQ(Bal("commitment:care:PKG", "", Book::kCommitment), committed + next_part);
  auto carried = f.GetPackage("PK-117");
  ASSERT_TRUE(carried.ok());
  EXPECT_TRUE(carried->future_years.is_zero());
  EXPECT_EQ(carried->remaining, package->remaining + next_part);
  ASSERT_TRUE(f.PayInvoice("PK-117", M("100.00"), Date{2026, 4, 30}, "INV-2", "officer").ok());
  EXPECT_EQ(Bal("spend").ToString(), "100.00");
  // The new year's own keys: contributions raised again without clashing with last year's.
  ASSERT_TRUE(f.RaiseInstalment("ICB", 0, "officer").ok());
  EXPECT_EQ(f.ContributionsStatement()->at(0).due.ToString(), "300.00");

  // Reloading gives the new year.
  auto loaded = Fund::Load(*journal_);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ((*loaded)->agreement().year, 2026);
  const VerifyReport report = Verify(journal_->db());
  EXPECT_TRUE(report.ok) << report.problem;
}

TEST_F(NextYearTest, TheNextYearKeepsPartnersAndLinesAndFollowsOn) {
  ASSERT_TRUE(SignOff().ok());
  struct Case {
    const char* name;
    std::function<void(Agreement&)> change;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"a year later", [](Agreement& a) { a.year += 1; }, "is 2026, not 2027"},
      {"a line dropped", [](Agreement& a) { a.lines.erase(a.lines.begin()); }, "line PKG is missing"},
      {"a line recategorised", [](Agreement& a) { a.lines[1].category = Category::kOther; },
       "keeps its category"},
      {"a partner dropped",
       [](Agreement& a) {
         a.partners.pop_back();
         a.contributions.pop_back();
       },
       "partner CNCL2 is missing"},
      {"budgets beyond contributions and what is brought forward",
       [](Agreement& a) { a.lines.back().budget = M("1000.00"); }, "and what was brought forward"},
  };
  const std::string before = Snap();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Agreement n = NextYear(fund_->agreement());
    c.change(n);
    auto next = fund_->StartNextYear(n, "officer");
    ASSERT_FALSE(next.ok());
    EXPECT_NE(next.status().message().find(c.message), std::string::npos) << next.status().message();
    EXPECT_EQ(Snap(), before);
  }
}

TEST_F(NextYearTest, AContributionStillOwedKeepsTheYearOpen) {
  ASSERT_TRUE(
      fund_->VaryContribution("CNCL2", M("10.00"), Date{2026, 1, 1}, "VAR-1", "late top-up", "officer").ok());
  ASSERT_TRUE(SignOff().ok());
  auto next = fund_->StartNextYear(NextYear(fund_->agreement()), "officer");
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("partner CNCL2 still owes 10.00"), std::string::npos)
      << next.status().message();
}

TEST_F(NextYearTest, TheYearStaysOpenWhileAnythingIsUnfinished) {
  // A virement waiting for the lead budget holder.
  auto v =
      fund_->RequestVirement("PKG", "CRISIS", M("60.00"), Date{2025, 7, 1}, "VIR-1", "winter", "officer");
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(SignOff().ok());
  auto pending = fund_->StartNextYear(NextYear(fund_->agreement()), "officer");
  ASSERT_FALSE(pending.ok());
  EXPECT_NE(pending.status().message().find("VIR-1 is still waiting"), std::string::npos)
      << pending.status().message();
  ASSERT_TRUE(fund_->DecideVirement(v->id, false, "lead", "ICB", "no").ok());
  // Spend written after the settlement was never shared.
  ASSERT_TRUE(fund_->PayInvoice("PK-117", M("10.00"), Date{2026, 3, 31}, "INV-LATE", "officer").ok());
  auto late = fund_->StartNextYear(NextYear(fund_->agreement()), "officer");
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.status().message().find("written after the risk share"), std::string::npos)
      << late.status().message();
}

TEST_F(NextYearTest, AnInstalmentNeverRaisedKeepsTheYearOpen) {
  testing::TempDir dir;
  auto j = Journal::Open(dir.File("f.db"), testing::FixedClock());
  ASSERT_TRUE(j.ok());
  auto f = Fund::SetUp(**j, testing::SmallAgreement(), "officer");
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(SignOff(**f).ok());
  auto next = (*f)->StartNextYear(NextYear((*f)->agreement()), "officer");
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("but 0.00 has been raised"), std::string::npos)
      << next.status().message();
}

TEST_F(NextYearTest, AFundLoadedBeforeTheNextYearNoLongerWritesAndVariationsBelongToTheirYear) {
  ASSERT_TRUE(SignOff().ok());
  auto next = fund_->StartNextYear(NextYear(fund_->agreement()), "officer");
  ASSERT_TRUE(next.ok()) << next.status().message();
  // The old year's object refuses to write into the closed year.
  auto stale = fund_->PayInvoice("PK-117", M("1.00"), Date{2026, 4, 30}, "INV-STALE", "officer");
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.status().message().find("moved on to 2026-27"), std::string::npos)
      << stale.status().message();
  // A variation in the new year starts from the new agreement, and may reuse a reference.
  ASSERT_TRUE((*next)->VaryContribution("CNCL2", M("5.00"), Date{2026, 9, 1}, "VAR-1", "x", "officer").ok());
  auto st = (*next)->ContributionsStatement();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->at(2).varied.ToString(), "105.00");
}

// The lead budget holder undoes a sign-off (the settlement reversed on the year's last day) and
// signs off again; every sign-off stays on record.
TEST_F(NextYearTest, ASignOffCanBeUndoneAndMadeAgainUntilTheNextYearStarts) {
  auto first = SignOff();
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE(first->settled);
  ASSERT_TRUE(first->entry_id.has_value());
  EXPECT_EQ(first->signed_off_by, "lead");
  const Money cash_icb = Bal("pool:cash", "ICB");

  const std::string before = Snap();
  auto not_lead = fund_->UndoSignOff("figures wrong", "officer", "CNCL1");
  ASSERT_FALSE(not_lead.ok());
  EXPECT_NE(not_lead.status().message().find("only the lead budget holder"), std::string::npos);
  auto no_reason = fund_->UndoSignOff("", "lead", "ICB");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.status().field(), "reason");
  EXPECT_EQ(Snap(), before);

  auto undone = fund_->UndoSignOff("an invoice of March was missed", "lead", "ICB");
  ASSERT_TRUE(undone.ok()) << undone.status().message();
  EXPECT_FALSE(undone->settled);  // a preview again
  EXPECT_EQ(Bal("fund:risk-share").ToString(), "0.00");
  auto reversal = journal_->GetEntry(*first->entry_id);
  ASSERT_TRUE(reversal.ok());
  ASSERT_TRUE(reversal->reversed_by.has_value());
  EXPECT_FALSE(fund_->RiskShare()->settled);
  auto again = fund_->UndoSignOff("twice", "lead", "ICB");
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("is not signed off"), std::string::npos);

  auto second = fund_->SettleYear(Date{2026, 3, 31}, "lead2", "ICB");
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(Bal("pool:cash", "ICB"), cash_icb);
  auto history = fund_->SignOffs();
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_TRUE(history->at(0).undone);
  EXPECT_EQ(history->at(0).undone_by, "lead");
  EXPECT_EQ(history->at(0).undo_reason, "an invoice of March was missed");
  EXPECT_FALSE(history->at(1).undone);
  EXPECT_EQ(history->at(1).statement.signed_off_by, "lead2");
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

// A signed-off statement reads the same, exactly, before and after the next year starts; the
// next year's own statement is another; the closed year's sign-off can no longer be undone.
TEST_F(NextYearTest, LastYearsStatementReadsAsSignedOffAfterTheNextYearStarts) {
  auto signed_off = SignOff();
  ASSERT_TRUE(signed_off.ok()) << signed_off.status().message();
  auto text = [](const RiskShareStatement& st) {
    std::string out = st.rule + "|" + st.budget.ToString() + "|" + st.actual.ToString() + "|" +
                      st.variance.ToString() + "|" + st.signed_off_by + "|" + st.signed_off_at + "\n";
    for (const RiskShareLine& l : st.partners) {
      out += l.partner + "|" + l.percent + "|" + l.budget.ToString() + "|" + l.spent.ToString() + "|" +
             l.share.ToString() + "|" + l.settlement.ToString() + "|" + l.carried_forward.ToString() + "\n";
    }
    for (const std::string& d : st.derivation) out += d + "\n";
    return out;
  };
  const std::string as_signed = text(*signed_off);
  auto read = fund_->RiskShareOf(2025);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(text(*read), as_signed);

  auto next = fund_->StartNextYear(NextYear(fund_->agreement()), "officer");
  ASSERT_TRUE(next.ok()) << next.status().message();
  Fund& f = **next;
  auto later = f.RiskShareOf(2025);
  ASSERT_TRUE(later.ok()) << later.status().message();
  EXPECT_EQ(text(*later), as_signed);
  EXPECT_TRUE(later->settled);
  auto current = f.RiskShare();
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->year, 2026);
  EXPECT_FALSE(current->settled);
  auto never = f.RiskShareOf(2024);
  ASSERT_FALSE(never.ok());
  EXPECT_EQ(never.status().code(), Code::kNotFound);
  const std::string before = Snap();
  auto undo = f.UndoSignOff("too late", "lead", "ICB");
  ASSERT_FALSE(undo.ok());
  EXPECT_NE(undo.status().message().find("2026-27 is not signed off"), std::string::npos)
      << undo.status().message();
  EXPECT_EQ(Snap(), before);
}

}  // namespace
}  // namespace poolbook::fund
