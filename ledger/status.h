// Status and StatusOr<T>: business refusals as values, not exceptions (after absl/status).
//
// Choose the code by what the caller can do about it:
//   kInvalidArgument     the input itself is malformed (bad amount, bad date, unbalanced entry)
//   kNotFound            a named thing does not exist (entry id, account, partner)
//   kFailedPrecondition  the input is well-formed but the ledger's state refuses it (closed period,
//                        closed account, already reversed)
//   kAlreadyExists       creating something that is already there with different details
//   kAborted             an idempotency conflict: the same key was used for different content
//   kUnavailable         the service is busy or stopping: nothing was done; try again shortly
//   kInternal            a fault of ours or of the database; never the user's input
// A refusal may also carry a Reason: a machine-readable cause, set where the refusal is made, for
// the callers that must tell one refusal of a code from another (the API's problem type, a batch
// that skips the entries abandoned because of another). Nothing ever inspects a message's text:
// the message is for people, the code and reason are for code.
// The API maps code + reason to HTTP statuses in one place (api/problem.cpp, HttpStatusFor); the
// CLI maps every non-OK to exit code 1.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace poolbook {

enum class Code {
  kOk,
  kInvalidArgument,
  kNotFound,
  kFailedPrecondition,
  kAlreadyExists,
  kAborted,
  kUnavailable,
  kInternal
};

const char* CodeName(Code code);

// Why a refusal was made, where its code alone does not say. kNone for most refusals.
enum class Reason {
  kNone,
  kPeriodClosed,         // the entry's period (or the period asked for) is closed
  kAbandonedInBatch,     // not written because another entry of the same batch was refused
  kBalanceOverflow,      // a balance or a report total would pass the largest amount stored
  kBusy,                 // the database stayed locked by another writer past the busy timeout
  kConstraint,           // the database refused a row for breaking a constraint (unique key, CHECK)
  kMalformedJson,        // a request body that is not JSON at all
  kNoSuchEntry,          // an entry id that is not in the journal
  kPeriodAlreadyClosed,  // closing a period that is already closed
  kWrittenByFund,        // a generic reversal of an entry a fund operation wrote
};

const char* ReasonName(Reason reason);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message, std::string field = {}, Reason reason = Reason::kNone)
      : code_(code), reason_(reason), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  Reason reason() const { return reason_; }
  // A sentence a finance officer can act on: what was wrong and where.
  const std::string& message() const { return message_; }
  // The input field the message is about ("postings[2].amount"), or empty.
  const std::string& field() const { return field_; }

  // Returns a copy whose message is prefixed by `where` ("row 12: ...").
  Status WithContext(const std::string& where) const {
    return Status(code_, where + ": " + message_, field_, reason_);
  }
  // Returns a copy carrying `reason`: InvalidArgument("...").With(Reason::kMalformedJson).
  Status With(Reason reason) const { return Status(code_, message_, field_, reason); }
  // Returns a copy whose message is `message` (the code, field and reason stay).
  Status WithMessage(std::string message) const { return Status(code_, std::move(message), field_, reason_); }

 private:
  Code code_ = Code::kOk;
  Reason reason_ = Reason::kNone;
  std::string message_;
  std::string field_;
};

inline Status InvalidArgument(std::string m, std::string field = {}) {
  return Status(Code::kInvalidArgument, std::move(m), std::move(field));
}
inline Status NotFound(std::string m, std::string field = {}) {
  return Status(Code::kNotFound, std::move(m), std::move(field));
}
inline Status FailedPrecondition(std::string m, std::string field = {}) {
  return Status(Code::kFailedPrecondition, std::move(m), std::move(field));
}
inline Status AlreadyExists(std::string m, std::string field = {}) {
  return Status(Code::kAlreadyExists, std::move(m), std::move(field));
}
inline Status Aborted(std::string m, std::string field = {}) {
  return Status(Code::kAborted, std::move(m), std::move(field));
}
inline Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
inline Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

namespace internal {
// Stops the process: a StatusOr was made from an OK Status, or its value read while it holds an
// error. Both are bugs of the caller, checked in every build type.
[[noreturn]] void StatusOrMisuse(const char* what, const Status& status);
}  // namespace internal

// Either a value or a non-OK Status. Reading value() of a non-OK StatusOr is a bug: it stops the
// process with the status's message, in every build type.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : status_(std::move(status)) {
    if (status_.ok()) internal::StatusOrMisuse("StatusOr made from an OK Status", status_);
  }
  StatusOr(T value) : value_(std::move(value)) {}

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const T& value() const& {
    Check();
    return *value_;
  }
  T& value() & {
    Check();
    return *value_;
  }
  T&& value() && {
    Check();
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  void Check() const {
    if (!status_.ok()) internal::StatusOrMisuse("value of a StatusOr that holds an error", status_);
  }
  Status status_;
  std::optional<T> value_;
};

#define POOLBOOK_RETURN_IF_ERROR(expr) \
  do {                                 \
    ::poolbook::Status _st = (expr);   \
    if (!_st.ok()) return _st;         \
  } while (0)

}  // namespace poolbook

#include <cstdio>
#include <cstdlib>

// An invariant the code itself establishes (an entry balances before it is written; a maintained
// balance equals its postings). Checked in every build type: a broken invariant stops the process
// before it can write anything wrong.
#define POOLBOOK_INVARIANT(cond, what)                                                             \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      std::fprintf(stderr, "poolbook: invariant broken at %s:%d: %s\n", __FILE__, __LINE__, what); \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)
