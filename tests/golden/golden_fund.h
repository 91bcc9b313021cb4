// The golden fund: a small pooled fund for FY 2025-26 built the same way on every run, from a
// fixed seed and a clock the scenario sets itself (each operation is recorded on the day it
// happens), so that every report and export of it is byte for byte the same on any machine.
//
// Three partners (ICB the lead budget holder, CNCL1 the host, CNCL2), contributions of 60,000,
// 30,000 and 10,000, four people, and the first half of the year and a little more: contributions
// and a variation, two packages (one a section 117 split), a hospital placement and the community
// package it hands over to (a transition that overran), two crises (one approved, one waiting), a
// direct-payment and a notional PHB, a held balance above the surplus limit and its recovery
// (reconsidered and varied), three virements (applied, approved, rejected), a package ended
// early, a payment run at the end of each quarter, and the first quarter's periods closed.
// Reports are read on 2025-10-20. Small on purpose: each report's file is a few KB; the exports,
// a line per posting with its hash, are the largest.
#pragma once

#include <chrono>
#include <memory>

#include "ledger/fund/fund.h"
#include "ledger/journal.h"

namespace poolbook::testing {

// A clock that stands still until it is moved: the journal records every entry at the time it
// shows, however many times it is read, so the outputs do not depend on how often code asks.
class ScenarioClock {
 public:
  ScenarioClock() : now_(std::make_shared<std::chrono::system_clock::time_point>()) {}
  // 09:00 UTC on `date` (plus `minutes`).
  void Set(const Date& date, int minutes = 0);
  Clock clock() const {
    return [now = now_] { return *now; };
  }

 private:
  std::shared_ptr<std::chrono::system_clock::time_point> now_;
};

// The seed of the invoice amounts (std::mt19937's raw output is the same everywhere).
inline constexpr unsigned kGoldenSeed = 20250401;
// The day the reports are read: the clock stands here once the fund is built.
inline constexpr Date kGoldenReportDay{2025, 10, 20};
// The person the one-person report shows.
inline constexpr const char* kGoldenPerson = "P-1A2B3C";

// Builds the golden fund in the empty ledger `journal` (opened with `clock.clock()`); the clock is
// left at kGoldenReportDay.
StatusOr<std::unique_ptr<fund::Fund>> BuildGoldenFund(Journal& journal, ScenarioClock& clock);

}  // namespace poolbook::testing
