// The fund's years: each year's agreement (fund_agreement) and its year-end risk-share settlement
// (fund_settlements).
// Functions throw SOCI's exceptions; callers turn them into a Status (FromDatabaseError). Writes
// must be inside a WriteTransaction.
#pragma once

#include <optional>
#include <string>

#include "ledger/store/database.h"

namespace poolbook::store {

// Returns how many years' agreements are recorded (0: no fund is set up).
long long CountAgreements(Database& db);
// Returns the newest year's agreement as JSON text, or nothing when no fund is set up.
std::optional<std::string> NewestAgreement(Database& db);
// Returns the newest year with an agreement, or nothing when no fund is set up.
std::optional<int> NewestAgreementYear(Database& db);
// Records year `year`'s agreement (JSON text). Throws when the year already has one.
void InsertAgreement(Database& db, int year, const std::string& agreement, const std::string& set_up_at,
                     const std::string& set_up_by);

// Returns how many years' settlements are recorded.
long long CountSettlements(Database& db);
// Returns whether year `year`'s risk share is settled.
bool YearSettled(Database& db, int year);
// Returns the entry that settled year `year`, or nothing when the year is not settled or its
// settlement moved no money (and so has no entry).
std::optional<long long> SettlementEntry(Database& db, int year);
// Records year `year`'s settlement: its statement (JSON text) and its entry, if any. Throws when
// the year is settled already.
void InsertSettlement(Database& db, int year, const std::string& statement, std::optional<long long> entry_id,
                      const std::string& settled_at, const std::string& settled_by);

}  // namespace poolbook::store
