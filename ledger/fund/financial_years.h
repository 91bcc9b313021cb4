// Commitments by financial year (issue 13): a package or PHB commits, in the fund's current year,
// only the cost that falls in it; the cost of later years is a future-year commitment, shown
// beside the commitment book but not in it, and brought into it when its year starts
// (StartNextYear). Internal to the fund; financial_years.cpp.
#pragma once

#include <string>
#include <vector>

#include "ledger/entry.h"
#include "ledger/fund/fund.h"
#include "ledger/journal.h"
#include "ledger/store/fund_events_store.h"

namespace poolbook::fund::internal {

// The last day of the financial year that starts in April of `year`: 31 March of year + 1.
inline Date YearEnd(int year) { return Date{year + 1, 3, 31}; }

// What a PHB costs from its start through `through` (inclusive): the agreed budget falls due evenly
// over the days of the plan, rounded to the penny (half away from zero) on the running total, so
// the parts of every year add up to the agreed budget exactly. Zero before the start.
Money PhbCostThrough(const PhbSpec& spec, const Date& through);

// What a package costs from its start through `through` (inclusive), at the terms in force each
// day. Zero before the start.
Money PackageCostThrough(const Package& package, const Date& through);

// One record's cost for a year that is starting, brought into the commitment book.
struct BroughtIn {
  store::RecordKind kind;
  std::string id;
  Money amount;
  Entry entry;
};

// The entries bringing into `next`'s year the cost that falls in it of every package and PHB that
// runs into it, dated its first day and split by each record's funder split (or `next`'s
// contribution shares): cost through next year's end less cost through this year's end.
StatusOr<std::vector<BroughtIn>> BringIntoNextYear(Fund& current, const Fund& next);

// Inside the write that posted them (ids: the entries' ids, in order): each record's event.
void RecordBroughtIn(store::Database& db, const std::vector<BroughtIn>& items,
                     const std::vector<long long>& ids, const std::string& year_label, const std::string& now,
                     const std::string& user);

}  // namespace poolbook::fund::internal
