// What a report covers: entries effective in the periods from..to (inclusive), as the ledger stood
// at the moment as_at (only entries recorded at or before it). Every report takes a Scope, and
// every route to a report (API, CLI, web page) parses it with ParseScope, so the same question
// gives the same figures everywhere.
#pragma once

#include <optional>
#include <string>

#include "ledger/period.h"
#include "ledger/status.h"

namespace poolbook::reports {

struct Scope {
  Period from, to;
  // A UTC timestamp "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"; none: everything recorded so far.
  std::optional<std::string> as_at;
  // The day whose state a report on records (packages, PHBs) uses: the last day of `to`.
  Date Day() const { return to.LastDay(); }
};

// Parses the scope's three texts (each may be empty). from and to are periods "YYYY-MM", by
// default the financial year that starts in `year` (April to March); with only `to`, from is the
// April of to's financial year (so an earlier year's report needs only its last month); as_at is a date (the
// end of that day, UTC) or a UTC timestamp. Refused, naming the field, when malformed, when to is before
// from, or when the range is longer than kScopePeriodsMax.
inline constexpr int kScopePeriodsMax = 120;  // ten years of months
StatusOr<Scope> ParseScope(const std::string& from, const std::string& to, const std::string& as_at,
                           int year);

// "2025-04 to 2026-03, as recorded at 2026-01-31T23:59:59.999999Z" (or "as recorded now").
std::string ScopeText(const Scope& s);

}  // namespace poolbook::reports
