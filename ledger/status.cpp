#include "ledger/status.h"

#include <cstdio>
#include <cstdlib>

namespace poolbook {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidArgument:
      return "invalid_argument";
    case Code::kNotFound:
      return "not_found";
    case Code::kFailedPrecondition:
      return "failed_precondition";
    case Code::kAlreadyExists:
      return "already_exists";
    case Code::kAborted:
      return "conflict";
    case Code::kUnavailable:
      return "unavailable";
    case Code::kInternal:
      return "internal";
  }
  return "unknown";
}

const char* ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kNone:
      return "none";
    case Reason::kPeriodClosed:
      return "period_closed";
    case Reason::kAbandonedInBatch:
      return "abandoned_in_batch";
    case Reason::kBalanceOverflow:
      return "balance_overflow";
    case Reason::kBusy:
      return "busy";
    case Reason::kConstraint:
      return "constraint";
    case Reason::kMalformedJson:
      return "malformed_json";
    case Reason::kNoSuchEntry:
      return "no_such_entry";
    case Reason::kPeriodAlreadyClosed:
      return "period_already_closed";
    case Reason::kWrittenByFund:
      return "written_by_fund";
  }
  return "unknown";
}

namespace internal {
void StatusOrMisuse(const char* what, const Status& status) {
  std::fprintf(stderr, "poolbook: %s: %s: %s\n", what, CodeName(status.code()), status.message().c_str());
  std::abort();
}
}  // namespace internal

}  // namespace poolbook
