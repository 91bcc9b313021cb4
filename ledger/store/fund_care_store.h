// Transitions (fund_transitions): an inpatient placement and a community package run together
// while someone leaves hospital.
// Functions throw SOCI's exceptions, and StoredValueError for a stored date that does not read;
// callers turn both into a Status (FromDatabaseError). Writes must be inside a WriteTransaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/period.h"
#include "ledger/store/as_at.h"
#include "ledger/store/database.h"

namespace poolbook::store {

struct TransitionRow {
  std::string id, person, inpatient_package, community_package;
  Date planned_end;
};

// Returns transition `id`, or nothing when there is none.
std::optional<TransitionRow> FindTransition(Database& db, const std::string& id);
// Returns every transition recorded at or before `as_at`, ordered by id.
std::vector<TransitionRow> AllTransitions(Database& db, const AsAt& as_at = {});
// Records a new transition. Throws on a duplicate id.
void InsertTransition(Database& db, const TransitionRow& row, const std::string& created_at,
                      const std::string& created_by);

}  // namespace poolbook::store
