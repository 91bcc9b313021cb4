// Sums of postings the API shows without a maintained balance: a person's totals, and balances as
// at a past date. Sums come as the database gives them, decimal text of pence ("-12345"), so that
// the caller can refuse one past 64 bits instead of reading it wrapped.
// Every function throws the database's exception when the statement fails (the caller turns it
// into a Status with FromDatabaseError).
#pragma once

#include <string>
#include <vector>

#include "ledger/store/database.h"

namespace poolbook::store {

struct PersonTotalRow {
  std::string book, line, partner;  // line is "" for postings without one
  std::string pence;
};
// Returns the sum of `person`'s postings by book, line and partner, in that order.
std::vector<PersonTotalRow> PersonTotals(Database& db, const std::string& person);

struct BalanceAsAtRow {
  std::string book, account, partner;
  std::string pence;
  long long postings = 0;
};
// Returns the sums and counts of the postings of entries effective on or before `date`
// (YYYY-MM-DD), by book, account and partner, in that order; of one book when `book` is not empty.
std::vector<BalanceAsAtRow> BalancesAsAt(Database& db, const std::string& date, const std::string& book);

}  // namespace poolbook::store
