// Status and StatusOr: reasons travel with a refusal through every copy, and reading the value of
// an error stops the process in every build type (a death test; the suite builds as Release).
#include "ledger/status.h"

#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <string>

namespace poolbook {
namespace {

TEST(Status, ReasonSurvivesContextAndRewording) {
  Status st = FailedPrecondition("period 2025-04 is closed", "date").With(Reason::kPeriodClosed);
  EXPECT_EQ(st.reason(), Reason::kPeriodClosed);
  Status row = st.WithContext("row 12");
  EXPECT_EQ(row.reason(), Reason::kPeriodClosed);
  EXPECT_EQ(row.code(), Code::kFailedPrecondition);
  EXPECT_EQ(row.field(), "date");
  EXPECT_EQ(row.message(), "row 12: period 2025-04 is closed");
  Status reworded = st.WithMessage("anything at all");
  EXPECT_EQ(reworded.reason(), Reason::kPeriodClosed);
  EXPECT_EQ(reworded.code(), Code::kFailedPrecondition);
}

TEST(Status, MostRefusalsHaveNoReason) {
  EXPECT_EQ(InvalidArgument("bad amount").reason(), Reason::kNone);
  EXPECT_EQ(Status::Ok().reason(), Reason::kNone);
}

TEST(Status, EveryReasonHasItsOwnName) {
  const Reason all[] = {Reason::kNone,
                        Reason::kPeriodClosed,
                        Reason::kAbandonedInBatch,
                        Reason::kBalanceOverflow,
                        Reason::kBusy,
                        Reason::kConstraint,
                        Reason::kMalformedJson,
                        Reason::kNoSuchEntry,
                        Reason::kPeriodAlreadyClosed,
                        Reason::kWrittenByFund};
  std::set<std::string> names;
  for (Reason r : all) names.insert(ReasonName(r));
  EXPECT_EQ(names.size(), std::size(all));
  EXPECT_EQ(names.count("unknown"), 0u);
}

StatusOr<int> Refused() { return NotFound("there is no entry 7"); }

TEST(StatusOrDeathTest, ValueOfAnErrorStopsTheProcessWithItsMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  StatusOr<int> r = Refused();
  EXPECT_DEATH({ (void)r.value(); },
               "value of a StatusOr that holds an error: not_found: there is no entry 7");
  EXPECT_DEATH({ (void)*r; }, "there is no entry 7");
}

TEST(StatusOrDeathTest, MadeFromOkStopsTheProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        StatusOr<int> r{Status::Ok()};
        (void)r;
      },
      "StatusOr made from an OK Status");
}

TEST(StatusOr, ValueOfSuccess) {
  StatusOr<std::string> r = std::string("ok");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "ok");
  EXPECT_EQ(r->size(), 2u);
}

}  // namespace
}  // namespace poolbook
