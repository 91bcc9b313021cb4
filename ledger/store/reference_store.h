// The journal's writes and checks of its reference data: partners, accounts and closed periods
// (LoadRefData, InsertAccounts and BumpRefVersion are in ledger_store.h). Write functions must be
// called inside a WriteTransaction; every function throws the store's exceptions (soci::soci_error,
// or soci::sqlite3_soci_error with SQLite's result code), which FromDatabaseError turns into a Status.
#pragma once

#include <optional>
#include <string>

#include "ledger/store/database.h"

namespace poolbook::store {

// Inserts partner `code` with id `id` (the caller takes it from RefData::last_partner_id).
void InsertPartner(Database& db, long long id, const std::string& code, const std::string& name,
                   const std::string& now);
// Marks partner `code` closed at `now`.
void ClosePartnerRow(Database& db, const std::string& code, const std::string& now);

// Marks account `name` closed at `now`, or reopens it when `now` is empty.
void SetAccountClosedAt(Database& db, const std::string& name, const std::optional<std::string>& now);

// A maintained balance that is not zero.
struct OpenBalance {
  int book = 0;         // BookNumber
  long long other = 0;  // the account id (for a partner's balance) or the partner id (for an account's)
  long long balance = 0;
};
// Returns the first non-zero balance of the partner with id `partner_id` (by book, then account id),
// or empty when every balance of the partner is zero.
std::optional<OpenBalance> FirstOpenBalanceOfPartner(Database& db, long long partner_id);
// Returns the first non-zero balance of the account with id `account_id` (by book, then partner id),
// or empty when every balance of the account is zero.
std::optional<OpenBalance> FirstOpenBalanceOfAccount(Database& db, long long account_id);

// Records that the books are closed through `period` ("2025-06"), by `user` at `now`.
void InsertPeriodClose(Database& db, const std::string& period, const std::string& now,
                       const std::string& user);

}  // namespace poolbook::store
