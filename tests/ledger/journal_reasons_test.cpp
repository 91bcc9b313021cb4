// Every refusal a caller must tell apart from others of its code carries its Reason, set where the
// refusal is made: the API and the fund classify by it, never by the message's wording.
#include <gtest/gtest.h>

#include <functional>

#include "ledger/journal.h"
#include "ledger/limits.h"
#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::MakeEntry;

Entry Spend(const std::string& key, const char* date, const Money& amount) {
  Entry e = MakeEntry(key, "1.00", date);
  e.postings[0].amount = amount;
  e.postings[1].amount = -amount;
  return e;
}

// The status of the refusal under test; the ledger holds one entry dated 2025-07-01 and is closed
// through 2025-06.
using Refuse = std::function<Status(Journal&)>;

struct ReasonCase {
  const char* name;
  Refuse refuse;
  Code code;
  Reason reason;
};

Status PostStatus(Journal& j, const Entry& e) {
  auto r = j.Post(e, "t");
  return r.ok() ? Status::Ok() : r.status();
}

// With the ledger's first entry (1.00 on 2025-07-01), the largest amount spend:package can hold.
const Money kMax = Money::FromPence(limits::kPenceMax - 100);

const ReasonCase kCases[] = {
    {"PeriodClosed", [](Journal& j) { return PostStatus(j, MakeEntry("june", "1.00", "2025-06-10")); },
     Code::kFailedPrecondition, Reason::kPeriodClosed},
    {"AbandonedInBatch",
     [](Journal& j) {
       PostOptions all;
       all.mode = BatchMode::kAllOrNothing;
       BatchResult r =
           j.PostBatch({MakeEntry("june", "1.00", "2025-06-10"), MakeEntry("ok", "1.00", "2025-07-02")}, all);
       return r.results[1].ok() ? Status::Ok() : r.results[1].status();
     },
     Code::kAborted, Reason::kAbandonedInBatch},
    {"BalancePastSixtyFourBits",
     [](Journal& j) {
       if (!j.Post(Spend("max", "2025-07-10", kMax), "t").ok()) return Internal("setting up");
       return PostStatus(j, Spend("one-more", "2025-08-10", Money::FromPence(std::int64_t{1})));
     },
     Code::kFailedPrecondition, Reason::kBalanceOverflow},
    {"BatchChangePastSixtyFourBits",
     [](Journal& j) {
       PostOptions all;
       all.mode = BatchMode::kAllOrNothing;
       BatchResult r = j.PostBatch({Spend("a", "2025-07-10", kMax), Spend("b", "2025-08-10", kMax)}, all);
       return r.results[0].ok() ? Status::Ok() : r.results[0].status();
     },
     Code::kFailedPrecondition, Reason::kBalanceOverflow},
    {"MonthTotalPastSixtyFourBits",
     [](Journal& j) {
       if (!j.Post(Spend("july", "2025-07-10", kMax), "t").ok()) return Internal("setting up");
       if (!j.Post(Spend("august", "2025-08-10", -kMax), "t").ok()) return Internal("setting up");
       return PostStatus(j, Spend("july-2", "2025-07-11", Money::FromPence(std::int64_t{1})));
     },
     Code::kFailedPrecondition, Reason::kBalanceOverflow},
    {"ReversingNoSuchEntry",
     [](Journal& j) {
       ReverseOptions o;
       o.reason = "wrong";
       auto r = j.Reverse(999, o);
       return r.ok() ? Status::Ok() : r.status();
     },
     Code::kNotFound, Reason::kNoSuchEntry},
    {"PostingAReversalOfNoSuchEntry",
     [](Journal& j) {
       Entry e = MakeEntry("rev", "-1.00", "2025-07-02");
       e.reverses = 999;
       return PostStatus(j, e);
     },
     Code::kNotFound, Reason::kNoSuchEntry},
    {"ReadingNoSuchEntry",
     [](Journal& j) {
       auto r = j.GetEntry(999);
       return r.ok() ? Status::Ok() : r.status();
     },
     Code::kNotFound, Reason::kNoSuchEntry},
    {"ClosingAClosedPeriod",
     [](Journal& j) {
       auto r = j.ClosePeriod(*Period::Parse("2025-05"), "t");
       return r.ok() ? Status::Ok() : r.status();
     },
     Code::kFailedPrecondition, Reason::kPeriodAlreadyClosed},
};

class ReasonTest : public LedgerTest, public ::testing::WithParamInterface<ReasonCase> {};

TEST_P(ReasonTest, TheRefusalCarriesItsReason) {
  ASSERT_TRUE(journal_->Post(MakeEntry("first", "1.00", "2025-07-01"), "t").ok());
  ASSERT_TRUE(journal_->ClosePeriod(*Period::Parse("2025-06"), "t").ok());
  const Status st = GetParam().refuse(*journal_);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), GetParam().code) << st.message();
  EXPECT_EQ(st.reason(), GetParam().reason) << ReasonName(st.reason()) << ": " << st.message();
}

INSTANTIATE_TEST_SUITE_P(Refusals, ReasonTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

// The refusals that share a code with others and need none carry no reason.
TEST_F(LedgerTest, AnOrdinaryRefusalCarriesNoReason) {
  Entry e = MakeEntry("unknown-account");
  e.postings[0].account = "spend:nowhere";
  auto r = journal_->Post(e, "t");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(r.status().reason(), Reason::kNone);
}

}  // namespace
}  // namespace poolbook
