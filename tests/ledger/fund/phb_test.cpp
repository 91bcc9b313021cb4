// Personal health budgets: agreeing commits the budget, payments release it, the surplus above
// N weeks (12 in the test fund), and recovery with its grounds and reconsideration.
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

class PhbTest : public FundTest {
 protected:
  PhbSpec Dp(const std::string& id = "PHB-1") {
    PhbSpec s;
    s.id = id;
    s.person = "P-1A2B3C";
    s.line = "PHB";
    s.mode = PhbMode::kDirectPayment;
    s.indicative = M("5000.00");
    s.agreed = M("5200.00");  // 364 days: 100.00 a week
    s.start = Date{2025, 4, 1};
    s.end = Date{2026, 3, 30};
    s.review = Date{2025, 10, 1};
    return s;
  }
};

TEST_F(PhbTest, AgreeingCommitsAndPaymentsReleaseTheSameAmount) {
  auto p = fund_->AgreePhb(Dp(), Date{2025, 4, 1}, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->committed.ToString(), "5200.00");
  EXPECT_EQ(Bal("commitment:care:PHB", "ICB", Book::kCommitment).ToString(), "3120.00");
  ASSERT_TRUE(fund_->PayPhb("PHB-1", M("1300.00"), Date{2025, 4, 5}, "DP-APR", "officer").ok());
  auto after = fund_->GetPhb("PHB-1");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->paid.ToString(), "1300.00");
  EXPECT_EQ(after->remaining.ToString(), "3900.00");
  EXPECT_EQ(Bal("spend:phb:PHB").ToString(), "1300.00");
  auto again = fund_->PayPhb("PHB-1", M("1300.00"), Date{2025, 4, 5}, "DP-APR", "officer");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(Bal("spend:phb:PHB").ToString(), "1300.00");
}

TEST_F(PhbTest, TheSurplusIsWhatIsHeldAboveTwelveWeeksOfBudget) {
  ASSERT_TRUE(fund_->AgreePhb(Dp(), Date{2025, 4, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayPhb("PHB-1", M("2600.00"), Date{2025, 4, 5}, "DP-1", "officer").ok());
  auto within = fund_->RecordHeldBalance("PHB-1", M("1200.00"), Date{2025, 9, 30}, "officer");
  ASSERT_TRUE(within.ok()) << within.status().message();
  EXPECT_EQ(within->surplus.ToString(), "0.00");
  EXPECT_EQ(within->weeks_held, 12);
  auto above = fund_->RecordHeldBalance("PHB-1", M("1750.50"), Date{2025, 10, 31}, "officer");
  ASSERT_TRUE(above.ok());
  EXPECT_EQ(above->surplus.ToString(), "550.50");
  EXPECT_EQ(above->held_reported, (Date{2025, 10, 31}));
}

TEST_F(PhbTest, ARecoveryIsDecidedReconsideredAndCollectedBackIntoThePool) {
  ASSERT_TRUE(fund_->AgreePhb(Dp(), Date{2025, 4, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayPhb("PHB-1", M("2600.00"), Date{2025, 4, 5}, "DP-1", "officer").ok());
  ASSERT_TRUE(fund_->RecordHeldBalance("PHB-1", M("1750.50"), Date{2025, 10, 31}, "officer").ok());
  auto d = fund_->DecideRecovery("PHB-1", M("550.50"), RecoveryGround::kUnspentBuildUp, "REC-1",
                                 "surplus over 12 weeks", "officer");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->state, RecoveryState::kDecided);

  auto asked = fund_->RequestReconsideration(d->id, "saving for a planned respite week", "officer");
  ASSERT_TRUE(asked.ok()) << asked.status().message();
  EXPECT_EQ(asked->state, RecoveryState::kReconsidering);
  const std::string before = Snap();
  auto blocked = fund_->CollectRecovery(d->id, Date{2025, 11, 5}, "officer");
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.status().message().find("is being reconsidered"), std::string::npos);
  EXPECT_EQ(Snap(), before);
  auto by_decider = fund_->Reconsider(d->id, ReconsiderOutcome::kVary, M("300.00"), "officer", "ICB", "");
  ASSERT_FALSE(by_decider.ok());
  EXPECT_NE(by_decider.status().message().find("someone other than who decided"), std::string::npos);

  auto varied =
      fund_->Reconsider(d->id, ReconsiderOutcome::kVary, M("300.00"), "lead", "ICB", "respite agreed");
  ASSERT_TRUE(varied.ok()) << varied.status().message();
  EXPECT_EQ(varied->state, RecoveryState::kDecided);
  EXPECT_EQ(varied->amount.ToString(), "300.00");
  EXPECT_NE(varied->reconsideration.find("varied by lead"), std::string::npos) << varied->reconsideration;

  const Money pool_before = Bal("pool:cash");
  auto collected = fund_->CollectRecovery(d->id, Date{2025, 11, 5}, "officer");
  ASSERT_TRUE(collected.ok()) << collected.status().message();
  EXPECT_EQ((Bal("pool:cash") - pool_before).ToString(), "300.00");
  EXPECT_EQ(Bal("spend:phb:PHB").ToString(), "2300.00");
  auto p = fund_->GetPhb("PHB-1");
  EXPECT_EQ(p->recovered.ToString(), "300.00");
  EXPECT_EQ(p->held.ToString(), "1450.50");
  auto twice = fund_->CollectRecovery(d->id, Date{2025, 11, 5}, "officer");
  ASSERT_TRUE(twice.ok());
  EXPECT_TRUE(twice->replayed);
  auto all = fund_->Recoveries("");
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->at(0).state, RecoveryState::kCollected);
}

TEST_F(PhbTest, AWithdrawnRecoveryIsNeverCollected) {
  ASSERT_TRUE(fund_->AgreePhb(Dp(), Date{2025, 4, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayPhb("PHB-1", M("100.00"), Date{2025, 4, 5}, "DP-1", "officer").ok());
  auto d = fund_->DecideRecovery("PHB-1", M("50.00"), RecoveryGround::kUsedOutsidePlan, "REC-2", "holiday",
                                 "officer");
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(fund_->RequestReconsideration(d->id, "agreed in plan review", "officer").ok());
  auto w = fund_->Reconsider(d->id, ReconsiderOutcome::kWithdraw, Money(), "lead", "ICB", "was in the plan");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->state, RecoveryState::kWithdrawn);
  auto c = fund_->CollectRecovery(d->id, Date{2025, 11, 5}, "officer");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("was withdrawn"), std::string::npos);
}

TEST_F(PhbTest, RefusalsNameTheProblemAndChangeNothing) {
  PhbSpec notional = Dp("PHB-N");
  notional.mode = PhbMode::kNotional;
  ASSERT_TRUE(fund_->AgreePhb(notional, Date{2025, 4, 1}, "officer").ok());
  ASSERT_TRUE(fund_->AgreePhb(Dp(), Date{2025, 4, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayPhb("PHB-1", M("100.00"), Date{2025, 4, 5}, "DP-1", "officer").ok());
  const std::string before = Snap();
  struct Case {
    const char* name;
    std::function<Status()> op;
    const char* message;
  };
  auto agree = [&](std::function<void(PhbSpec&)> change) {
    PhbSpec s = Dp("PHB-2");
    change(s);
    return fund_->AgreePhb(s, Date{2025, 4, 1}, "officer").status();
  };
  const std::vector<Case> cases = {
      {"package line", [&] { return agree([](PhbSpec& s) { s.line = "PKG"; }); }, "come from phb lines"},
      {"zero agreed", [&] { return agree([](PhbSpec& s) { s.agreed = Money(); }); }, "more than zero"},
      {"ends before start", [&] { return agree([](PhbSpec& s) {
                                    s.end = Date{2025, 3, 1};
                                  }); },
       "ends before"},
      {"review before start", [&] { return agree([](PhbSpec& s) {
                                      s.review = Date{2025, 3, 1};
                                    }); },
       "review date"},
      {"same id, other terms",
       [&] {
         return agree([](PhbSpec& s) {
           s.id = "PHB-1";
           s.agreed = M("1.00");
         });
       },
       "already exists"},
      {"held on notional",
       [&] {
         return fund_->RecordHeldBalance("PHB-N", M("1.00"), Date{2025, 9, 1}, "o").status();
       },
       "notional budget is held by the fund"},
      {"recover from notional",
       [&] {
         return fund_->DecideRecovery("PHB-N", M("1.00"), RecoveryGround::kDeath, "REC-3", "x", "o").status();
       },
       "no money to recover"},
      {"recover more than paid",
       [&] {
         return fund_->DecideRecovery("PHB-1", M("100.01"), RecoveryGround::kDeath, "REC-4", "x", "o")
             .status();
       },
       "only 100.00 has been paid"},
      {"recover without detail",
       [&] {
         return fund_->DecideRecovery("PHB-1", M("1.00"), RecoveryGround::kDeath, "REC-5", "", "o").status();
       },
       "explain the decision"},
      {"reconsider unasked",
       [&] { return fund_->Reconsider(1, ReconsiderOutcome::kUphold, Money(), "lead", "ICB", "").status(); },
       "no recovery 1"},
      {"pay unknown",
       [&] {
         return fund_->PayPhb("PHB-9", M("1.00"), Date{2025, 4, 5}, "X", "o").status();
       },
       "no personal health budget"},
      {"pay again, other amount",
       [&] {
         return fund_->PayPhb("PHB-1", M("100.01"), Date{2025, 4, 5}, "DP-1", "o").status();
       },
       "payment DP-1 on PHB-1 was already paid, for 100.00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status st = c.op();
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find(c.message), std::string::npos) << st.message();
    EXPECT_EQ(Snap(), before);
  }
  EXPECT_FALSE(ParseRecoveryGround("bored").ok());
  EXPECT_EQ(*ParseRecoveryGround("fraud_or_theft"), RecoveryGround::kFraudOrTheft);
}

TEST_F(PhbTest, TwoDecisionsCannotClaimMoreThanWasPaid) {
  ASSERT_TRUE(fund_->AgreePhb(Dp(), Date{2025, 4, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayPhb("PHB-1", M("1000.00"), Date{2025, 4, 5}, "DP-1", "officer").ok());
  auto first = fund_->DecideRecovery("PHB-1", M("800.00"), RecoveryGround::kUnspentBuildUp, "REC-6",
                                     "surplus", "officer");
  ASSERT_TRUE(first.ok());
  auto retry = fund_->DecideRecovery("PHB-1", M("800.00"), RecoveryGround::kUnspentBuildUp, "REC-6",
                                     "surplus", "officer");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->id, first->id);  // the same decision again
  auto second =
      fund_->DecideRecovery("PHB-1", M("800.00"), RecoveryGround::kDeath, "REC-8", "died", "officer");
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("only 200.00 has been paid"), std::string::npos)
      << second.status().message();
  EXPECT_EQ(fund_->Recoveries("PHB-1")->size(), 1u);
}

}  // namespace
}  // namespace poolbook::fund
