// The fund's years: each year's agreement (fund_agreement) and its year-end risk-share settlement
// (fund_settlements).
// Functions throw SOCI's exceptions; callers turn them into a Status (FromDatabaseError). Writes
// must be inside a WriteTransaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/store/database.h"

namespace poolbook::store {

// Returns how many years' agreements are recorded (0: no fund is set up).
long long CountAgreements(Database& db);
// Returns the newest year's agreement as JSON text, or nothing when no fund is set up.
std::optional<std::string> NewestAgreement(Database& db);
// Returns year `year`'s agreement as JSON text, or nothing when the fund has no such year.
std::optional<std::string> AgreementOfYear(Database& db, int year);
// Returns the newest year with an agreement, or nothing when no fund is set up.
std::optional<int> NewestAgreementYear(Database& db);
// Records year `year`'s agreement (JSON text). Throws when the year already has one.
void InsertAgreement(Database& db, int year, const std::string& agreement, const std::string& set_up_at,
                     const std::string& set_up_by);

// Returns how many years' settlements stand (signed off and not undone).
long long CountSettlements(Database& db);
// Returns whether year `year`'s risk share is settled: signed off, and that sign-off not undone.
bool YearSettled(Database& db, int year);
// Returns the entry of year `year`'s standing settlement, or nothing when the year is not settled
// or its settlement moved no money (and so has no entry).
std::optional<long long> SettlementEntry(Database& db, int year);
// Records a sign-off of year `year`: its statement (JSON text) and its entry, if any, as the next
// seq, which it returns.
int InsertSettlement(Database& db, int year, const std::string& statement, std::optional<long long> entry_id,
                     const std::string& settled_at, const std::string& settled_by);

// One sign-off of a year's risk share, with its undo if it was undone.
struct SettlementRow {
  int year = 0;
  int seq = 0;
  std::string statement;  // JSON text, as signed off
  std::optional<long long> entry_id;
  std::string settled_at, settled_by;
  bool undone = false;
  std::optional<long long> undo_entry_id;
  std::string undone_at, undone_by, undo_reason;
};
// Returns every sign-off of every year, ordered by year and seq.
std::vector<SettlementRow> Settlements(Database& db);
// Records that sign-off `seq` of year `year` was undone, by entry `undo_entry_id` (if it had one).
// Throws when it was undone already.
void InsertSettlementUndo(Database& db, int year, int seq, std::optional<long long> undo_entry_id,
                          const std::string& undone_at, const std::string& undone_by,
                          const std::string& reason);

}  // namespace poolbook::store
