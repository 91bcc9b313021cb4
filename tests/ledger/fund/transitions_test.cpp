// Transitions: overlap days and cost of dual-running, and the flag when the overlap outlives its
// planned end.
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

class TransitionTest : public FundTest {
 protected:
  void SetUp() override {
    FundTest::SetUp();
    PackageSpec hospital = Spec("IP-1", "400.00", 7);
    hospital.line = "TRANS";
    hospital.provider = "Example Hospital";
    hospital.unit = Unit::kNight;
    hospital.start = Date{2025, 4, 1};
    hospital.end = Date{2025, 7, 31};
    ASSERT_TRUE(fund_->Commission(hospital, Date{2025, 4, 1}, "officer").ok());
    PackageSpec community = Spec("PK-C", "25.00", 14);  // 350.00 a week, 50.00 a day
    community.start = Date{2025, 7, 15};
    community.end = Date{2026, 3, 31};
    ASSERT_TRUE(fund_->Commission(community, Date{2025, 7, 1}, "officer").ok());
  }
};

TEST_F(TransitionTest, TheOverlapIsTheDaysBothRunAndItsCostIsTheCommunityPackages) {
  auto t = fund_->StartTransition({"TR-1", "P-1A2B3C", "IP-1", "PK-C", Date{2025, 7, 28}}, "officer");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->overlap_days, 17);  // 15 to 31 July
  EXPECT_EQ(t->overlap_cost.ToString(), "850.00");
  ASSERT_EQ(t->overlap_cost_by_partner.size(), 3u);
  EXPECT_EQ(t->overlap_cost_by_partner[0].second.ToString(), "510.00");  // ICB, 60 %
  EXPECT_TRUE(t->overrun);  // planned to end on the 28th; the placement runs to the 31st
  EXPECT_EQ(t->inpatient_provider, "Example Hospital");

  // Discharged on the 27th: the overlap shrinks to 13 days, within plan.
  ASSERT_TRUE(fund_->EndPackage("IP-1", Date{2025, 7, 27}, "discharged", "officer").ok());
  auto after = fund_->GetTransition("TR-1");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->overlap_days, 13);
  EXPECT_EQ(after->overlap_cost.ToString(), "650.00");
  EXPECT_FALSE(after->overrun);
  EXPECT_EQ(fund_->Transitions()->size(), 1u);
}

TEST_F(TransitionTest, RefusalsNameTheProblem) {
  struct Case {
    TransitionSpec spec;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{"TR-1", "P-1A2B3C", "PK-C", "IP-1", Date{2025, 7, 28}}, "not a transition line"},
      {{"TR-1", "P-1A2B3C", "IP-1", "IP-1", Date{2025, 7, 28}}, "must be two packages"},
      {{"TR-1", "P-1A2B3C", "IP-1", "NOPE", Date{2025, 7, 28}}, "community_package: there is no package"},
      {{"TR-1", "P-1A2B3C", "IP-1", "PK-C", Date{2025, 7, 1}}, "before the community package starts"},
      {{"TR-1", "P-NOBODY", "IP-1", "PK-C", Date{2025, 7, 28}}, "not registered"},
      {{"TR 1", "P-1A2B3C", "IP-1", "PK-C", Date{2025, 7, 28}}, "no spaces"},
  };
  const std::string before = Snap();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    auto t = fund_->StartTransition(c.spec, "officer");
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.status().message().find(c.message), std::string::npos) << t.status().message();
    EXPECT_EQ(Snap(), before);
  }
  ASSERT_TRUE(fund_->RegisterPerson("P-OTHER", "", "", "officer").ok());
  auto other = fund_->StartTransition({"TR-2", "P-OTHER", "IP-1", "PK-C", Date{2025, 7, 28}}, "officer");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("is for P-1A2B3C, not P-OTHER"), std::string::npos);
}

}  // namespace
}  // namespace poolbook::fund
