// The demo fund: the shape the issue asks for, the partner identity for every partner after the
// whole year, a ledger that verifies, and the same ledger from the same seed.
#include "ledger/fund/demo.h"

#include <gtest/gtest.h>

#include "ledger/store/ledger_store.h"
#include "ledger/verify.h"
#include "testing/temp_dir.h"

namespace poolbook::fund {
namespace {

TEST(DemoFund, AWholeYearKeepsEveryPartnersIdentityAndVerifies) {
  testing::TempDir dir;
  auto journal = Journal::Open(dir.File("demo.db"), testing::FixedClock());
  ASSERT_TRUE(journal.ok());
  int last_done = -1;
  DemoOptions o;
  o.progress = [&](const std::string&, int done, int total) {
    EXPECT_GE(done, last_done);
    EXPECT_LE(done, total);
    last_done = done;
  };
  auto s = BuildDemoFund(**journal, o);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(last_done, 13);
  EXPECT_EQ(s->people, 3000);
  EXPECT_GT(s->transitions, 24);
  EXPECT_GT(s->crises, 50);
  EXPECT_GT(s->recoveries, 0);
  EXPECT_GT(s->ended_early, 0);

  auto fund = Fund::Load(**journal);
  ASSERT_TRUE(fund.ok());
  const Agreement& a = (*fund)->agreement();
  EXPECT_EQ(a.lines.size(), 40u);
  Money contributions;
  for (const Contribution& c : a.contributions) contributions += c.agreed;
  EXPECT_EQ(contributions.ToString(), "60000000.00");

  auto positions = (*fund)->Positions();
  ASSERT_TRUE(positions.ok());
  Money spent;
  for (const PartnerPosition& p : *positions) {
    SCOPED_TRACE(p.partner);
    EXPECT_EQ(p.pool, p.brought_forward + p.received - p.spent - p.settled);
    spent += p.spent;
  }
  // A realistic year: most of the money spent, not all, not much more.
  EXPECT_GT(spent, Money::FromPence(std::int64_t{50'000'000'00}));
  EXPECT_LT(spent, Money::FromPence(std::int64_t{66'000'000'00}));

  auto phbs = (*fund)->Phbs();
  ASSERT_TRUE(phbs.ok());
  int notional = 0, direct = 0, third = 0;
  for (const Phb& p : *phbs) {
    (p.spec.mode == PhbMode::kNotional        ? notional
     : p.spec.mode == PhbMode::kDirectPayment ? direct
                                              : third) += 1;
  }
  const int n = static_cast<int>(phbs->size());
  EXPECT_NEAR(notional * 100.0 / n, 80, 4);
  EXPECT_NEAR(direct * 100.0 / n, 15, 4);
  EXPECT_NEAR(third * 100.0 / n, 5, 3);

  auto transitions = (*fund)->Transitions();
  ASSERT_TRUE(transitions.ok());
  int overruns = 0;
  for (const Transition& t : *transitions) overruns += t.overrun;
  EXPECT_GT(overruns, 0);
  EXPECT_LT(overruns, static_cast<int>(transitions->size()));
  auto crises = (*fund)->UnapprovedCrises(Date{2026, 3, 31}, true);
  ASSERT_TRUE(crises.ok());
  EXPECT_FALSE(crises->empty());
  auto settled = (*fund)->RiskShare();
  ASSERT_TRUE(settled.ok());
  EXPECT_TRUE(settled->entry_id.has_value());

  const VerifyReport report = Verify((*journal)->db());
  EXPECT_TRUE(report.ok) << report.problem;

  auto again = BuildDemoFund(**journal, DemoOptions{});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_there);
}

TEST(DemoFund, TheSameSeedGivesTheSameLedger) {
  auto head = [](std::uint64_t seed) {
    testing::TempDir dir;
    auto journal = Journal::Open(dir.File("demo.db"), testing::FixedClock());
    EXPECT_TRUE(journal.ok());
    DemoOptions o;
    o.seed = seed;
    o.people = 200;
    EXPECT_TRUE(BuildDemoFund(**journal, o).ok());
    return store::ReadHead((*journal)->db()).last_hash;
  };
  const std::string a = head(7), b = head(7), c = head(8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(DemoFund, ALedgerHoldingAnotherFundIsLeftAlone) {
  testing::TempDir dir;
  auto journal = Journal::Open(dir.File("demo.db"), testing::FixedClock());
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE(Fund::SetUp(**journal, DemoAgreement(), "officer").ok());  // as an interrupted demo leaves it
  const std::string head = store::ReadHead((*journal)->db()).last_hash;
  auto s = BuildDemoFund(**journal, DemoOptions{});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("not the finished demo"), std::string::npos) << s.status().message();
  EXPECT_EQ(store::ReadHead((*journal)->db()).last_hash, head);
}

}  // namespace
}  // namespace poolbook::fund
