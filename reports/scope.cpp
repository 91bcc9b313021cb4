#include "reports/scope.h"

#include <cctype>

namespace poolbook::reports {
namespace {

// "YYYY-MM-DDTHH:MM:SS" followed by an optional fraction of 1 to 6 digits and "Z".
bool IsTimestamp(const std::string& t) {
  if (t.size() < 20 || t[10] != 'T' || t.back() != 'Z') return false;
  if (!Date::Parse(t.substr(0, 10)).ok()) return false;
  auto two = [&](std::size_t i, int max) {
    if (!std::isdigit(static_cast<unsigned char>(t[i])) ||
        !std::isdigit(static_cast<unsigned char>(t[i + 1])))
      return false;
    return (t[i] - '0') * 10 + (t[i + 1] - '0') <= max;
  };
  if (!two(11, 23) || t[13] != ':' || !two(14, 59) || t[16] != ':' || !two(17, 59)) return false;
  const std::string rest = t.substr(19, t.size() - 20);
  if (rest.empty()) return true;
  if (rest[0] != '.' || rest.size() < 2 || rest.size() > 7) return false;
  for (std::size_t i = 1; i < rest.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(rest[i]))) return false;
  return true;
}

}  // namespace

StatusOr<Scope> ParseScope(const std::string& from, const std::string& to, const std::string& as_at,
                           int year) {
  Scope s;
  s.from = Period{year, 4};
  s.to = Period{year + 1, 3};
  if (!from.empty()) {
    auto p = Period::Parse(from);
    if (!p.ok())
      return InvalidArgument("from must be a period like 2025-04, not \"" + from.substr(0, 20) + "\"",
                             "from");
    s.from = *p;
  }
  if (!to.empty()) {
    auto p = Period::Parse(to);
    if (!p.ok())
      return InvalidArgument("to must be a period like 2026-03, not \"" + to.substr(0, 20) + "\"", "to");
    s.to = *p;
    if (from.empty()) s.from = Period{s.to.FinancialYearStart(), 4};
  }
  if (s.to < s.from)
    return InvalidArgument("to (" + s.to.ToString() + ") is before from (" + s.from.ToString() + ")", "to");
  const int months = (s.to.year - s.from.year) * 12 + (s.to.month - s.from.month) + 1;
  if (months > kScopePeriodsMax) {
    return InvalidArgument("a report covers at most " + std::to_string(kScopePeriodsMax) +
                               " periods; this asks for " + std::to_string(months),
                           "to");
  }
  if (!as_at.empty()) {
    if (Date::Parse(as_at).ok()) {
      s.as_at = as_at + "T23:59:59.999999Z";
    } else if (IsTimestamp(as_at)) {
      // Stored times carry six digits of fraction: compare like with like.
      std::string fraction = as_at.substr(19, as_at.size() - 20);
      if (fraction.empty()) fraction = ".";
      fraction.resize(7, '0');
      s.as_at = as_at.substr(0, 19) + fraction + "Z";
    } else {
      return InvalidArgument(
          "as_at must be a date like 2026-01-31 or a UTC time like 2026-01-31T17:00:00Z, not \"" +
              as_at.substr(0, 40) + "\"",
          "as_at");
    }
  }
  return s;
}

std::string ScopeText(const Scope& s) {
  return s.from.ToString() + " to " + s.to.ToString() + ", as recorded " +
         (s.as_at ? "at " + *s.as_at : "now");
}

}  // namespace poolbook::reports
