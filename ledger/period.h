// Calendar dates, monthly periods and financial years (April to March).
//
// A period is a calendar month "YYYY-MM". Financial year 2025-26 runs from period 2025-04 (its
// period 1) to period 2026-03 (its period 12). Periods are open until closed; closing is a
// watermark: closing 2025-06 closes every period up to and including June 2025 (see journal.h).
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "ledger/status.h"

namespace poolbook {

struct Date {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Date&) const = default;

  // Strict "YYYY-MM-DD": a real calendar day (leap years counted; "2025-02-30" refused) within
  // limits::kYearMin..kYearMax.
  static StatusOr<Date> Parse(std::string_view text);
  std::string ToString() const;
  // Days since 1970-01-01 (negative before).
  long DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(long days);
};

int DaysInMonth(int year, int month);

struct Period {
  int year = 0, month = 0;
  auto operator<=>(const Period&) const = default;

  static Period Of(const Date& d) { return Period{d.year, d.month}; }
  // Strict "YYYY-MM".
  static StatusOr<Period> Parse(std::string_view text);
  std::string ToString() const;
  Period Next() const { return month == 12 ? Period{year + 1, 1} : Period{year, month + 1}; }
  Date FirstDay() const { return Date{year, month, 1}; }
  Date LastDay() const { return Date{year, month, DaysInMonth(year, month)}; }
  // The financial year's starting calendar year: 2025 for periods 2025-04 .. 2026-03.
  int FinancialYearStart() const { return month >= 4 ? year : year - 1; }
  // "2025-26".
  std::string FinancialYearLabel() const;
  // 1 for April .. 12 for March.
  int FinancialPeriodNumber() const { return (month + 8) % 12 + 1; }
};

}  // namespace poolbook
