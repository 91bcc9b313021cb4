// `poolbook demo`: a realistic pooled fund for FY 2025-26, made from a fixed seed so that every run
// gives the same ledger. One ICB (the lead budget holder) and two councils (one the host), about
// £60m a year, 40 budget lines, about 3,000 people: personal health budgets (80 % notional, 15 %
// direct payments, 5 % third party), packages (some section 117 aftercare split 50/50), crisis
// support, a few dozen transitions from hospital, and twelve months of activity — contributions,
// monthly payment runs, virements, balances held and recoveries, packages ended early — ending in
// the year-end risk share. Everything goes through the fund's own operations.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "ledger/fund/fund.h"

namespace poolbook::fund {

struct DemoOptions {
  std::uint64_t seed = 20250401;
  int people = 3000;  // at least 100
  std::string user = "demo";
  // Called as the demo goes: what it is doing, and how far through the year it is (0..total).
  std::function<void(const std::string& stage, int done, int total)> progress;
};

struct DemoSummary {
  int people = 0, phbs = 0, packages = 0, crises = 0, transitions = 0;
  int invoices = 0, phb_payments = 0, virements = 0, recoveries = 0, ended_early = 0;
  bool already_there = false;  // the ledger held the demo fund already; nothing was written
};

// The agreement of the demo fund (also what set-up is given).
Agreement DemoAgreement();

// Builds the demo fund in an empty ledger. On a ledger that already holds a fund, writes nothing
// and says so (already_there), so the demo is safe to run twice.
StatusOr<DemoSummary> BuildDemoFund(Journal& journal, const DemoOptions& options);

}  // namespace poolbook::fund
