// The histories of the fund's packages and personal health budgets: their events (commissioned or
// agreed, paid, ended, held, recovered, and the corrections) and, per partner, what each still has
// committed (kept since migration 6) and what it has paid (since migration 7). Packages and PHBs keep the
// same shapes in tables of their own; RecordKind chooses. Functions throw SOCI's exceptions, and
// StoredValueError for a stored date that does not read; callers turn both into a Status (FromDatabaseError).
// Writes must be inside a WriteTransaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/store/as_at.h"
#include "ledger/store/database.h"

namespace poolbook::store {

enum class RecordKind { kPackage, kPhb };

// One event of a record's history.
struct RecordEventRow {
  std::string record_id;
  // packages: commissioned, paid, ended, voided, credited, cancelled, amended; PHBs: agreed, paid,
  // held, recovered, voided
  std::string kind;
  Money amount;
  Date date;  // effective
};

// Returns the events of record `id`, in order (seq); none for an unknown id.
std::vector<RecordEventRow> RecordEvents(Database& db, RecordKind kind, const std::string& id);
// Returns every event but payments and their corrections (recorded at or before `as_at`), by
// record id and then in order. Payments, most of the events, only add up: PaidOfAll gives their sums.
std::vector<RecordEventRow> RecordEventsExceptPaid(Database& db, RecordKind kind, const AsAt& as_at = {});

// A new event of a record's history.
struct NewRecordEvent {
  std::string kind;  // as RecordEventRow::kind, or a correction: voided, credited, cancelled
  std::optional<long long> entry_id, release_id;
  Money amount;
  std::string reference;  // the payment's or credit note's reference, or what the event says
  std::string corrects;   // a correction: the reference of the payment it corrects
  std::string note;       // a correction's reason; a payment's reason for passing its commitment
  Date date;              // effective
  std::string recorded_at, recorded_by;
  // An amendment's new terms, from `date`: the rate per unit and the units per week (exact text).
  std::optional<Money> rate;
  std::string units_per_week;
};

// A package's change of terms: from `from`, `rate` per unit and `units_per_week` units a week.
struct AmendmentRow {
  std::string package_id;
  Date from;
  Money rate;
  std::string units_per_week;
  Money change;  // what it committed (+) or released (-)
  std::string reason;
};
// Returns package `id`'s amendments, in order (seq).
std::vector<AmendmentRow> PackageAmendments(Database& db, const std::string& id);
// Returns every package's amendments (recorded at or before `as_at`), by package id and then in order.
std::vector<AmendmentRow> AllPackageAmendments(Database& db, const AsAt& as_at = {});

// Appends `event` (the next seq) to record `id`'s history. With an entry or a release entry, adds
// their postings on the account `committed_prefix` + the record's line to what the record still
// has committed; for a payment or its correction (paid, voided, credited), adds its entry's
// postings on accounts beginning `spend_prefix` to what the record has paid. Inside the write that
// posted them; the record's row must exist.
void InsertRecordEvent(Database& db, RecordKind kind, const std::string& id, const NewRecordEvent& event,
                       const std::string& committed_prefix, const std::string& spend_prefix);

// A payment recorded on a record under a reference, with what has corrected it since.
struct PaymentRow {
  Money amount;
  long long entry_id = 0;
  std::optional<long long> release_entry_id;
  Date date;
  bool voided = false;
  Money credited;  // credit notes against it, summed
};
// Returns the payment on record `id` with `reference`, or nothing.
std::optional<PaymentRow> FindPayment(Database& db, RecordKind kind, const std::string& id,
                                      const std::string& reference);

// A credit note recorded on a package.
struct CreditRow {
  Money amount;
  std::string corrects;  // the invoice it credits
  long long entry_id = 0;
};
// Returns the credit note on record `id` with `reference`, or nothing.
std::optional<CreditRow> FindCredit(Database& db, RecordKind kind, const std::string& id,
                                    const std::string& reference);

// Returns partner -> what record `id` has paid, net of corrections (partners with none are absent).
std::map<std::string, Money> PaidOf(Database& db, RecordKind kind, const std::string& id);

// Returns partner -> what record `id` still has committed (partners with none are absent).
std::map<std::string, Money> CommittedOf(Database& db, RecordKind kind, const std::string& id);

struct CommittedRow {
  std::string record_id;
  std::string partner;
  Money amount;
};
// Returns what every record of the kind still has committed, per partner, in no set order.
std::vector<CommittedRow> CommittedOfAll(Database& db, RecordKind kind);
// Returns what every record of the kind has paid, per partner, in no set order.
std::vector<CommittedRow> PaidOfAll(Database& db, RecordKind kind);
// The same two as at a past moment, summed from the postings of the events recorded at or before
// it: on the record's line's account `committed_prefix` + line, and on accounts beginning
// `spend_prefix` for its payments and their corrections.
std::vector<CommittedRow> CommittedOfAllAsAt(Database& db, RecordKind kind, const std::string& as_at,
                                             const std::string& committed_prefix);
std::vector<CommittedRow> PaidOfAllAsAt(Database& db, RecordKind kind, const std::string& as_at,
                                        const std::string& spend_prefix);

}  // namespace poolbook::store
