// The demo's parts, shared by demo.cpp (the agreement and the whole run), demo_plan.cpp (the
// people and their care, drawn from the seed) and demo_year.cpp (a month of activity).
// The generator is drawn from in one fixed order, so every run gives the same ledger.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ledger/fund/demo.h"
#include "ledger/fund/fund_internal.h"

namespace poolbook::fund::demo {

inline constexpr int kYear = kDemoFirstYear;
inline const char* const kLead = "lead-budget-holder";  // the ICB officer who approves
inline const char* const kOfficer = "finance-officer";  // the host's officer who posts

// A deterministic generator: std::mt19937_64 is the same everywhere; only its raw output is used
// (the standard distributions differ between libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(g_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Between(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(Between(0, static_cast<std::int64_t>(v.size()) - 1))];
  }

 private:
  std::mt19937_64 g_;
};

inline Money Pounds(std::int64_t pounds) { return Money::FromPence(pounds * 100); }
inline Date Day(long days_since_epoch) { return Date::FromDaysSinceEpoch(days_since_epoch); }
inline long Num(const Date& d) { return d.DaysSinceEpoch(); }

inline const Date kFirst{kYear, 4, 1}, kLast{kYear + 1, 3, 31};  // the first year
inline const Date kSecondFirst{kYear + 1, 4, 1};                 // the second year's first day
inline const Date kToday{kYear + 1, 11, 30};                     // the whole demo's last day (kDemoLastMonth)

struct DemoPackage {
  PackageSpec spec;
  Date commission_on;
  std::optional<Date> end_early;       // ended before its planned end, on this day
  std::vector<TermChange> amendments;  // the fee uplifts made
  Money paid;                          // invoiced and paid so far
};

struct DemoPhb {
  PhbSpec spec;
  Money paid, recovered;
};

struct DemoTransition {
  std::string id, person, inpatient, community;
  Date planned_end, discharge;
};

// Everything the demo will do to people over both years, decided before anything is written;
// each thing is done in the month it falls in, so a shorter run does the start of the same plan.
struct Plan {
  std::vector<std::string> people;          // pseudonyms
  std::map<std::string, std::string> area;  // person -> the council they live in
  std::vector<std::string> pkg_lines, crisis_lines, trans_lines;
  std::vector<DemoPhb> phbs;          // budgets, each renewal after the one it renews
  std::vector<DemoPackage> packages;  // packages (and renewals), placements, crises ("CR-")
  std::vector<DemoTransition> transitions;
};

// Draws the plan for `people` people (demo_plan.cpp).
Plan MakePlan(const Agreement& a, int people, Rng& rng);

// One month of activity in `fund` (demo_year.cpp); counts what was done in `sum`. In the run's
// `last` month, the month-end work is left in hand (demo.h).
Status RunMonth(Fund& fund, Plan& plan, Rng& rng, DemoSummary& sum, const Period& month, bool last);

inline Status Fail(const Status& st, const std::string& what) { return st.WithContext("demo: " + what); }

}  // namespace poolbook::fund::demo
