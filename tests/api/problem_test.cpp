// The one mapping from a refusal (code + reason) to an HTTP status and a problem type, checked for
// every pair; and the proof that a refusal's words play no part in it.
#include "api/problem.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

namespace poolbook::api {
namespace {

const std::vector<Code> kCodes = {
    Code::kOk,      Code::kInvalidArgument, Code::kNotFound, Code::kFailedPrecondition, Code::kAlreadyExists,
    Code::kAborted, Code::kUnavailable,     Code::kInternal};
const std::vector<Reason> kReasons = {Reason::kNone,
                                      Reason::kPeriodClosed,
                                      Reason::kAbandonedInBatch,
                                      Reason::kBalanceOverflow,
                                      Reason::kBusy,
                                      Reason::kConstraint,
                                      Reason::kMalformedJson,
                                      Reason::kNoSuchEntry,
                                      Reason::kPeriodAlreadyClosed,
                                      Reason::kWrittenByFund};

struct Expected {
  int status;
  const char* slug;
};

// What each code means without a reason (docs/api.md, Problems).
const std::map<Code, Expected> kByCode = {
    {Code::kOk, {500, "internal"}},  // an OK status is never a refusal: a fault of ours
    {Code::kInvalidArgument, {422, "business-rule"}},
    {Code::kNotFound, {422, "business-rule"}},
    {Code::kFailedPrecondition, {422, "business-rule"}},
    {Code::kAlreadyExists, {409, "conflict"}},
    {Code::kAborted, {409, "conflict"}},
    {Code::kUnavailable, {503, "unavailable"}},
    {Code::kInternal, {500, "internal"}},
};

// The pairs whose reason changes the answer.
const std::map<std::pair<Code, Reason>, Expected> kByReason = {
    {{Code::kFailedPrecondition, Reason::kPeriodClosed}, {409, "period-closed"}},
    {{Code::kInvalidArgument, Reason::kPeriodClosed}, {409, "period-closed"}},
    {{Code::kInvalidArgument, Reason::kMalformedJson}, {400, "malformed-json"}},
    {{Code::kInternal, Reason::kBusy}, {503, "unavailable"}},
    {{Code::kFailedPrecondition, Reason::kBusy}, {503, "unavailable"}},
    {{Code::kAborted, Reason::kBusy}, {503, "unavailable"}},
    {{Code::kAlreadyExists, Reason::kBusy}, {503, "unavailable"}},
    {{Code::kInvalidArgument, Reason::kBusy}, {503, "unavailable"}},
    {{Code::kNotFound, Reason::kBusy}, {503, "unavailable"}},
};

TEST(HttpStatusFor, EveryCodeAndReason) {
  for (Code code : kCodes) {
    for (Reason reason : kReasons) {
      auto special = kByReason.find({code, reason});
      Expected want = special != kByReason.end() ? special->second : kByCode.at(code);
      HttpMapping got = HttpStatusFor(code, reason);
      EXPECT_EQ(got.status, want.status) << CodeName(code) << " + " << ReasonName(reason);
      EXPECT_STREQ(got.slug, want.slug) << CodeName(code) << " + " << ReasonName(reason);
    }
  }
}

TEST(HttpStatusFor, UnavailableSaysWhenToRetry) {
  Problem p = FromStatus(Unavailable("the ledger was busy").With(Reason::kBusy));
  EXPECT_EQ(p.status, 503);
  EXPECT_EQ(p.slug, "unavailable");
}

// Rewording a refusal changes nothing but its words: the closed-period and abandoned-in-batch
// refusals (and every other reasoned one) keep their status with their messages replaced.
TEST(HttpStatusFor, RewordedMessagesKeepTheirStatus) {
  const std::vector<Status> refusals = {
      FailedPrecondition("period 2025-04 is closed", "date").With(Reason::kPeriodClosed),
      Aborted("not written, because another entry of the batch was refused").With(Reason::kAbandonedInBatch),
      InvalidArgument("the body is not valid JSON").With(Reason::kMalformedJson),
      Unavailable("the ledger was busy with another writer").With(Reason::kBusy),
      FailedPrecondition("2025-04 is already closed").With(Reason::kPeriodAlreadyClosed),
      NotFound("there is no entry 7").With(Reason::kNoSuchEntry),
  };
  for (const Status& st : refusals) {
    Problem before = FromStatus(st);
    Problem after = FromStatus(st.WithMessage("Lorem ipsum dolor sit amet"));
    EXPECT_EQ(after.status, before.status) << st.message();
    EXPECT_EQ(after.slug, before.slug) << st.message();
    Problem bad_before = BadInput(st);
    Problem bad_after = BadInput(st.WithMessage("Lorem ipsum"));
    EXPECT_EQ(bad_after.slug, bad_before.slug) << st.message();
  }
  EXPECT_EQ(FromStatus(refusals[0].WithMessage("x")).slug, "period-closed");
  EXPECT_EQ(BadInput(refusals[2].WithMessage("x")).slug, "malformed-json");
}

TEST(BadInput, AlwaysA400) {
  for (Code code : kCodes) {
    if (code == Code::kOk) continue;
    for (Reason reason : kReasons) {
      Problem p = BadInput(Status(code, "m", "f", reason));
      EXPECT_EQ(p.status, 400);
      EXPECT_EQ(p.slug, reason == Reason::kMalformedJson ? "malformed-json" : "invalid-input");
      EXPECT_EQ(p.field, "f");
    }
  }
}

}  // namespace
}  // namespace poolbook::api
