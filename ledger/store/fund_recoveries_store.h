// Recoveries of PHB money (fund_phb_recoveries): decided, reconsidered, withdrawn or collected.
// Functions throw SOCI's exceptions; callers turn them into a Status (FromDatabaseError). Writes
// must be inside a WriteTransaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/store/database.h"

namespace poolbook::store {

struct RecoveryRow {
  long long id = 0;
  std::string reference, phb_id;
  Money amount;
  std::string ground;  // a RecoveryGroundName
  std::string detail;
  std::string state;  // "decided", "reconsidering", "withdrawn", "collected"
  std::string decided_by, decided_at;
  std::string reconsideration;  // empty until asked for
  std::optional<long long> entry_id;
};

// Returns recovery `id`, or nothing when there is none.
std::optional<RecoveryRow> FindRecovery(Database& db, long long id);
// Returns the recoveries of PHB `phb_id` (every PHB's when it is empty), ordered by id.
std::vector<RecoveryRow> Recoveries(Database& db, const std::string& phb_id);
// Records a new recovery in state decided with the next id, which it returns. Throws on a
// duplicate reference.
long long InsertRecovery(Database& db, const RecoveryRow& row);
// Returns the payments on PHB `phb_id` and its claims (recoveries not withdrawn), each summed.
struct PaidAndClaimed {
  Money paid, claimed;
};
PaidAndClaimed PhbPaidAndClaimed(Database& db, const std::string& phb_id);
// Returns the payments on PHB `phb_id` and what was recovered from it, each summed (its events).
struct PaidAndRecovered {
  Money paid, recovered;
};
PaidAndRecovered PhbPaidAndRecovered(Database& db, const std::string& phb_id);

// The moves between states. Each changes recovery `id` only when it is still in the state the
// caller read, and returns false, changing nothing, when it is not (someone changed it meanwhile).
// decided -> reconsidering, recording why.
bool AskReconsideration(Database& db, long long id, const std::string& reason);
// reconsidering -> `state` (decided or withdrawn), with `amount` and the reconsideration's record.
bool SetReconsidered(Database& db, long long id, const std::string& state, const Money& amount,
                     const std::string& record);
// decided (for `amount`) -> collected by entry `entry_id`.
bool MarkCollected(Database& db, long long id, long long entry_id, const Money& amount);

}  // namespace poolbook::store
