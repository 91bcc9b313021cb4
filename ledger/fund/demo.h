// `poolbook demo`: a realistic pooled fund over two financial years, made from a fixed seed and fixed
// dates so that every run gives the same ledger. One ICB (the lead budget holder) and two councils
// (one the host), about £60m a year, 40 budget lines, about 3,000 people: personal health budgets
// (80 % notional, 15 % direct payments, 5 % third party; a year each, then renewed), packages
// (some open-ended until reviewed, some section 117 aftercare split 50/50), crisis support,
// transitions from hospital, and month after month of activity — contributions, payment runs,
// virements, balances held and recoveries, packages ended early or renewed, a fee uplift.
//
// 2025-26 is whole: every period closed, the risk share signed off, and 2026-27 started. 2026-27
// runs through November 2026 and leaves the work a fund has in hand at a month end: November's
// package invoices not yet paid, the council's November instalment not yet received, two virements
// and November's crisis commitments awaiting the lead budget holder, and November still open.
// Everything goes through the fund's own operations.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "ledger/fund/fund.h"

namespace poolbook::fund {

// The demo's fixed dates: it starts in April 2025 and, unless told to stop sooner, runs through
// November 2026.
inline constexpr int kDemoFirstYear = 2025;
inline const Period kDemoLastMonth{kDemoFirstYear + 1, 11};

struct DemoOptions {
  std::uint64_t seed = 20250401;
  int people = 3000;  // at least 100
  // The last month of activity: from March 2026 (the first year only, its work all done and its
  // risk share signed off) to November 2026 (that month's work left in hand). Any run is the start
  // of the whole demo: the same seed draws the same plan.
  Period through = kDemoLastMonth;
  std::string user = "demo";
  // Called as the demo goes: what it is doing, and how far through it is (0..total).
  std::function<void(const std::string& stage, int done, int total)> progress;
};

struct DemoSummary {
  int people = 0, phbs = 0, packages = 0, crises = 0, transitions = 0;
  int invoices = 0, phb_payments = 0, virements = 0, recoveries = 0, ended_early = 0, amended = 0;
  int years = 0;               // financial years the demo reached (1 or 2)
  bool already_there = false;  // the ledger held the demo fund already; nothing was written
};

// The agreement of the demo fund for the year starting in April of `year` (set-up is given the
// first; the second, 3 % more for every line and partner, starts 2026-27).
Agreement DemoAgreement(int year = kDemoFirstYear);

// Builds the demo fund in an empty ledger. On a ledger that already holds the finished demo,
// writes nothing and says so (already_there), so the demo is safe to run twice; any other fund
// (or an interrupted demo) is refused and left alone.
StatusOr<DemoSummary> BuildDemoFund(Journal& journal, const DemoOptions& options);

}  // namespace poolbook::fund
