// The fund's virement register (fund_virements): every request to move budget between lines, and
// its decision.
// Functions throw SOCI's exceptions, and StoredValueError for a stored date that does not read;
// callers turn both into a Status (FromDatabaseError). Writes must be inside a WriteTransaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/store/database.h"

namespace poolbook::store {

struct VirementRow {
  long long id = 0;
  std::string reference, from_line, to_line;
  Money amount;
  std::string reason;
  Date date;  // effective
  std::string requested_by, requested_at;
  std::string state;                                  // "pending", "approved", "rejected"
  std::string decided_by, decided_at, decision_note;  // empty until decided
  std::optional<long long> entry_id;
  std::optional<long long> undo_entry_id;  // once undone (schema version 7)
  std::string undone_by, undone_at, undo_reason;
};

// Returns the virement with id `id`, or nothing.
std::optional<VirementRow> FindVirement(Database& db, long long id);
// Returns the virement requested under `reference`, or nothing.
std::optional<VirementRow> FindVirementByReference(Database& db, const std::string& reference);
// Returns the whole register, ordered by id.
std::vector<VirementRow> AllVirements(Database& db);
// Records a new request with the next id, which it returns; decided_by and decided_at are written
// only when decided_by is not empty, decision_note never. Throws on a duplicate reference.
long long InsertVirement(Database& db, const VirementRow& row);
// Records the decision on virement `id`: pending -> `state` (approved or rejected). Returns false,
// changing nothing, when it is no longer pending (decided by someone else meanwhile).
bool DecidePendingVirement(Database& db, long long id, const std::string& state,
                           const std::string& decided_by, const std::string& decided_at,
                           const std::string& note, std::optional<long long> entry_id);

// Records that applied virement `id` was undone by entry `undo_entry_id`. Returns false, changing
// nothing, when it was undone already (by someone else meanwhile).
bool MarkVirementUndone(Database& db, long long id, long long undo_entry_id, const std::string& undone_by,
                        const std::string& undone_at, const std::string& reason);

}  // namespace poolbook::store
