// Listing journal entries a page at a time, with filters: the read behind GET /api/v1/entries.
// One statement per page reads the page's entries with their postings and reversals.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/store/ledger_store.h"

namespace poolbook::store {

// Filters on entries; an empty or absent filter is not applied.
struct EntryFilter {
  std::optional<std::string> from, to;  // effective dates, YYYY-MM-DD, inclusive
  std::optional<std::string> book;      // "actual", "budget" or "commitment"
  std::string account;                  // this account or any below it ("pool" matches "pool:cash")
  std::string partner, person, line;    // postings for exactly this one
  long long after_id = 0;               // entries with a greater id only
  long long limit = 100;                // at most this many
};

// Returns, by id, at most `f.limit` entries after `f.after_id` that match every filter given (an
// entry matches a posting filter when any one of its postings does), each with all its postings
// and the id of its reversal. Throws the database's exception when the statement fails; an entry
// stored with a malformed book or date stops the process (POOLBOOK_INVARIANT).
std::vector<StoredEntry> ListEntries(Database& db, const EntryFilter& f);

}  // namespace poolbook::store
