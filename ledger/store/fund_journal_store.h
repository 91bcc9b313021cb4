// What the fund reads of the journal's own tables beyond the journal's interface: the checks a
// fund operation makes inside its write (a balance as it stands under the write lock) and before
// the year is closed.
// Functions throw SOCI's exceptions; callers turn them into a Status (FromDatabaseError).
#pragma once

#include <string>

#include "ledger/entry.h"
#include "ledger/store/database.h"

namespace poolbook::store {

// Returns whether an entry with idempotency key `key` is in the journal.
bool EntryKeyExists(Database& db, const std::string& key);
// Returns the maintained balance of exactly `account` for `partner` in `book` (zero when there is
// none). Inside a write transaction it is the balance as the write stands.
Money MaintainedBalance(Database& db, Book book, const std::string& account, const std::string& partner);
// Returns how many actual- and budget-book entries are dated after `date`.
long long CountEntriesDatedAfter(Database& db, const Date& date);
// Returns how many actual-book entries were written after entry `id`.
long long CountActualEntriesAfter(Database& db, long long id);
// Returns how many income and expense accounts have a balance other than zero in the actual book.
long long CountOpenIncomeAndExpense(Database& db);

}  // namespace poolbook::store
