// The sums every report starts from, read from the maintained totals (migration 5) rather than
// from the postings: per book, account, partner, line and period (and per person), within a
// Scope. "As at" a past moment, the entries recorded after it are taken away again. The reads
// themselves are ledger/store/report_totals_store.h's.
#pragma once

#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/store/database.h"
#include "reports/scope.h"

namespace poolbook::reports {

struct Total {
  std::string person;  // empty in fund-level totals
  std::string book, account, partner, line, period;
  Money amount;
};

// Fund-level totals in scope, ordered by book, account, partner, line, period. Zero sums left out.
StatusOr<std::vector<Total>> ReadTotals(store::Database& db, const Scope& scope);

// Per-person totals in scope for the people from `first` to `last` (pseudonyms, inclusive; both
// empty: everyone), ordered by person first.
StatusOr<std::vector<Total>> ReadPersonTotals(store::Database& db, const Scope& scope,
                                              const std::string& first, const std::string& last);

// Fund-level totals in scope of only the entries whose key starts with `key_prefix` (read through
// the keys' unique index): for taking a kind of entry (the year-end closing entries) back out of
// the totals.
StatusOr<std::vector<Total>> ReadTotalsOfKeys(store::Database& db, const Scope& scope,
                                              const std::string& key_prefix);

// Up to `limit` pseudonyms with totals in scope, in order, after `after` (empty: from the start).
StatusOr<std::vector<std::string>> PeopleInScope(store::Database& db, const Scope& scope,
                                                 const std::string& after, int limit);

// The sum of totals matching a predicate: the one way reports add figures up.
template <typename Pred>
Money Sum(const std::vector<Total>& totals, Pred pred) {
  Money m;
  for (const Total& t : totals)
    if (pred(t)) m += t.amount;
  return m;
}

}  // namespace poolbook::reports
