#include "ledger/period.h"

#include <cstdio>

#include "ledger/limits.h"

namespace poolbook {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Reads exactly `n` ASCII digits at `pos`; -1 if any is not a digit.
int Digits(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s.substr(0, 40)) + "\""; }

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

StatusOr<Date> Date::Parse(std::string_view text) {
  const std::string hint = "; write dates as YYYY-MM-DD, for example 2025-06-30";
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return InvalidArgument("date " + Quote(text) + " is not in the form YYYY-MM-DD" + hint);
  }
  int y = Digits(text, 0, 4), m = Digits(text, 5, 2), d = Digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0)
    return InvalidArgument("date " + Quote(text) + " is not in the form YYYY-MM-DD" + hint);
  if (m < 1 || m > 12)
    return InvalidArgument("date " + Quote(text) + " has no month " + std::to_string(m) + hint);
  if (d < 1 || d > DaysInMonth(y, m)) {
    return InvalidArgument("date " + Quote(text) + " does not exist: that month has " +
                           std::to_string(DaysInMonth(y, m)) + " days");
  }
  if (y < limits::kYearMin || y > limits::kYearMax) {
    return InvalidArgument("date " + Quote(text) + " is outside the years the ledger accepts (" +
                           std::to_string(limits::kYearMin) + " to " + std::to_string(limits::kYearMax) +
                           ")");
  }
  return Date{y, m, d};
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days.
long Date::DaysSinceEpoch() const {
  int y = year - (month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDaysSinceEpoch(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(y + (m <= 2)), m, d};
}

StatusOr<Period> Period::Parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') {
    return InvalidArgument("period " + Quote(text) + " is not in the form YYYY-MM, for example 2025-06");
  }
  int y = Digits(text, 0, 4), m = Digits(text, 5, 2);
  if (y < 0 || m < 0)
    return InvalidArgument("period " + Quote(text) + " is not in the form YYYY-MM, for example 2025-06");
  if (m < 1 || m > 12) return InvalidArgument("period " + Quote(text) + " has no month " + std::to_string(m));
  if (y < limits::kYearMin || y > limits::kYearMax) {
    return InvalidArgument("period " + Quote(text) + " is outside the years the ledger accepts");
  }
  return Period{y, m};
}

std::string Period::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::string Period::FinancialYearLabel() const {
  int start = FinancialYearStart();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", start, (start + 1) % 100);
  return buf;
}

}  // namespace poolbook
