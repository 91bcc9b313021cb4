// Verification of the whole journal, as an auditor runs it (`poolbook verify`).
//
// Reads every entry in id order with its postings and checks:
//   - ids run 1, 2, 3, ... with no gap;
//   - each entry's prev_hash is the previous entry's hash, and the chain head names the last entry;
//   - the body SHA-256 and the entry hash recomputed from the stored fields match the stored ones
//     (so any altered amount, memo, account, date, key ... is caught at that entry);
//   - each entry has at least two non-zero postings that sum to zero, in a known account and partner;
//   - the maintained balances equal the sums of the postings, with no balance missing or extra.
// Stops at the first entry found wrong and names it.
#pragma once

#include <optional>
#include <string>

#include "ledger/store/database.h"

namespace poolbook {

struct VerifyReport {
  bool ok = false;
  long long entries = 0;               // entries checked
  long long postings = 0;              // postings checked
  long long balances = 0;              // maintained balances compared
  std::optional<long long> bad_entry;  // the first entry found wrong, when the fault is an entry's
  std::string problem;                 // what is wrong, in words (empty when ok)
};

// Never throws; a database failure is reported as a problem.
VerifyReport Verify(store::Database& db);

}  // namespace poolbook
