// The histories of the fund's packages and personal health budgets: their events (commissioned or
// agreed, paid, ended, held, recovered) and what each still has committed per partner (kept since
// migration 6). Packages and PHBs keep the same shapes in tables of their own; RecordKind chooses.
// Functions throw SOCI's exceptions, and StoredValueError for a stored date that does not read;
// callers turn both into a Status (FromDatabaseError). Writes must be inside a WriteTransaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/store/database.h"

namespace poolbook::store {

enum class RecordKind { kPackage, kPhb };

// One event of a record's history.
struct RecordEventRow {
  std::string record_id;
  std::string kind;  // packages: commissioned, paid, ended; PHBs: agreed, paid, held, recovered
  Money amount;
  Date date;  // effective
};

// Returns the events of record `id`, in order (seq); none for an unknown id.
std::vector<RecordEventRow> RecordEvents(Database& db, RecordKind kind, const std::string& id);
// Returns every event but payments, by record id and then in order. Payments, most of the events,
// only add up: PaidByRecord sums them.
std::vector<RecordEventRow> RecordEventsExceptPaid(Database& db, RecordKind kind);
// Returns record id -> the sum of its payments, for the records with any.
std::map<std::string, Money> PaidByRecord(Database& db, RecordKind kind);

// Appends an event (the next seq) to record `id`'s history. With an entry or a release entry, adds
// their postings on the account `committed_prefix` + the record's line to what the record still
// has committed. Inside the write that posted them; the record's row must exist.
void InsertRecordEvent(Database& db, RecordKind kind, const std::string& id, const std::string& event,
                       std::optional<long long> entry_id, std::optional<long long> release_id,
                       const Money& amount, const std::string& reference, const Date& date,
                       const std::string& recorded_at, const std::string& recorded_by,
                       const std::string& committed_prefix);

// A payment already recorded on a record under a reference.
struct PaymentRow {
  Money amount;
  long long entry_id = 0;
};
// Returns the payment on record `id` with `reference`, or nothing.
std::optional<PaymentRow> FindPayment(Database& db, RecordKind kind, const std::string& id,
                                      const std::string& reference);

// Returns partner -> what record `id` still has committed (partners with none are absent).
std::map<std::string, Money> CommittedOf(Database& db, RecordKind kind, const std::string& id);

struct CommittedRow {
  std::string record_id;
  std::string partner;
  Money amount;
};
// Returns what every record of the kind still has committed, per partner, in no set order.
std::vector<CommittedRow> CommittedOfAll(Database& db, RecordKind kind);

}  // namespace poolbook::store
