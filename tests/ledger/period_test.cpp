// Dates, monthly periods and financial years (April to March).
#include "ledger/period.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "ledger/limits.h"
#include "testing/seed.h"

namespace poolbook {
namespace {

using testing::SeedNote;
using testing::TestSeed;

std::string Year(int y) { return std::to_string(y); }

// ---------------------------------------------------------------------------------------------
// Date::Parse.

struct GoodDate {
  std::string text;
  int year, month, day;
};
std::ostream& operator<<(std::ostream& os, const GoodDate& g) { return os << "\"" << g.text << "\""; }

class DateParseGoodTest : public ::testing::TestWithParam<GoodDate> {};

TEST_P(DateParseGoodTest, Parses) {
  const GoodDate& g = GetParam();
  StatusOr<Date> d = Date::Parse(g.text);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->year, g.year);
  EXPECT_EQ(d->month, g.month);
  EXPECT_EQ(d->day, g.day);
  EXPECT_EQ(d->ToString(), g.text);
}

INSTANTIATE_TEST_SUITE_P(
    Table, DateParseGoodTest,
    ::testing::Values(GoodDate{"2024-02-29", 2024, 2, 29}, GoodDate{"2000-02-29", 2000, 2, 29},
                      GoodDate{"2025-02-28", 2025, 2, 28}, GoodDate{"2025-06-30", 2025, 6, 30},
                      GoodDate{"2025-12-31", 2025, 12, 31}, GoodDate{"2025-01-01", 2025, 1, 1},
                      GoodDate{"2025-04-30", 2025, 4, 30}, GoodDate{"2025-07-31", 2025, 7, 31},
                      GoodDate{Year(limits::kYearMin) + "-01-01", limits::kYearMin, 1, 1},
                      GoodDate{Year(limits::kYearMax) + "-12-31", limits::kYearMax, 12, 31}));

class DateParseBadTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DateParseBadTest, RefusedQuotingTheText) {
  const std::string& text = GetParam();
  StatusOr<Date> d = Date::Parse(text);
  ASSERT_FALSE(d.ok()) << "accepted as " << d->ToString();
  EXPECT_EQ(d.status().code(), Code::kInvalidArgument);
  EXPECT_NE(d.status().message().find("\"" + text.substr(0, 20)), std::string::npos) << d.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Table, DateParseBadTest,
    ::testing::Values("2025-02-29", "2025-02-30", "2024-02-30", "2100-02-29", "2025-04-31", "2025-06-31",
                      "2025-13-01", "2025-00-10", "2025-06-00", "2025-06-32", "2025-6-1", "2025-06-1",
                      "2025-6-01", "2025-06-30 ", " 2025-06-30", "2025-06-30\n", "2025/06/30", "2025.06.30",
                      "20250630", "30-06-2025", "2025-06-3a", "2025-0a-30", "202a-06-30", "+025-06-30",
                      "-025-06-30", "2025--6-30", "2025-06-30T00:00:00Z", "", "2025-06", "２０２５-06-30",
                      Year(limits::kYearMin - 1) + "-12-31", Year(limits::kYearMax + 1) + "-01-01",
                      "0000-01-01", "9999-12-31"),
    [](const ::testing::TestParamInfo<std::string>& info) { return std::to_string(info.index); });

TEST(DateParse, MessagesSayWhatIsWrong) {
  struct Case {
    std::string text, says;
  };
  for (const Case& c : std::vector<Case>{{"2025-02-30", "does not exist"},
                                         {"2025-02-29", "28 days"},
                                         {"2025-13-01", "no month 13"},
                                         {"2025-6-1", "YYYY-MM-DD"},
                                         {"2200-01-01", "outside the years"}}) {
    SCOPED_TRACE(c.text);
    StatusOr<Date> d = Date::Parse(c.text);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.status().message().find(c.says), std::string::npos) << d.status().message();
  }
}

// Every real day of every year in range parses; every impossible day in range is refused.
TEST(DateParse, EveryDayOfEveryAcceptedYear) {
  for (int y = limits::kYearMin; y <= limits::kYearMax; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= 31; ++d) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        StatusOr<Date> parsed = Date::Parse(buf);
        ASSERT_EQ(parsed.ok(), d <= DaysInMonth(y, m)) << buf;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Days since the epoch.

struct EpochCase {
  Date date;
  long days;
};

TEST(DateEpoch, KnownDays) {
  for (const EpochCase& c :
       {EpochCase{{1970, 1, 1}, 0}, EpochCase{{1969, 12, 31}, -1}, EpochCase{{1970, 1, 2}, 1},
        EpochCase{{2000, 3, 1}, 11017}, EpochCase{{2024, 2, 29}, 19782}, EpochCase{{1990, 1, 1}, 7305},
        EpochCase{{2199, 12, 31}, 84005}, EpochCase{{1, 1, 1}, -719162}}) {
    SCOPED_TRACE(c.date.ToString());
    EXPECT_EQ(c.date.DaysSinceEpoch(), c.days);
    EXPECT_EQ(Date::FromDaysSinceEpoch(c.days), c.date);
  }
}

TEST(DateEpoch, RoundTripOverAWideRandomRange) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<long> wide(-3'000'000, 3'000'000);  // roughly years -6200 to 10200
  for (int i = 0; i < 20'000; ++i) {
    const long days = wide(rng);
    const Date d = Date::FromDaysSinceEpoch(days);
    SCOPED_TRACE(std::to_string(days) + " -> " + d.ToString());
    ASSERT_GE(d.month, 1);
    ASSERT_LE(d.month, 12);
    ASSERT_GE(d.day, 1);
    ASSERT_LE(d.day, DaysInMonth(d.year, d.month));
    ASSERT_EQ(d.DaysSinceEpoch(), days);
    // The next day is the calendar successor.
    const Date next = Date::FromDaysSinceEpoch(days + 1);
    if (d.day < DaysInMonth(d.year, d.month)) {
      ASSERT_EQ(next, (Date{d.year, d.month, d.day + 1}));
    } else if (d.month < 12) {
      ASSERT_EQ(next, (Date{d.year, d.month + 1, 1}));
    } else {
      ASSERT_EQ(next, (Date{d.year + 1, 1, 1}));
    }
    ASSERT_LT(d, next);
  }
}

TEST(DateEpoch, EveryDayInTheAcceptedRangeIsConsecutive) {
  Date d{limits::kYearMin, 1, 1};
  long days = d.DaysSinceEpoch();
  while (d.year <= limits::kYearMax) {
    ASSERT_EQ(d.DaysSinceEpoch(), days) << d.ToString();
    ASSERT_EQ(Date::FromDaysSinceEpoch(days), d);
    StatusOr<Date> parsed = Date::Parse(d.ToString());
    ASSERT_TRUE(parsed.ok()) << d.ToString();
    ASSERT_EQ(*parsed, d);
    ++days;
    d = Date::FromDaysSinceEpoch(days);
  }
}

TEST(DaysInMonthTest, Table) {
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2025, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  const int expected[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(DaysInMonth(2025, m), expected[m - 1]) << m;
}

// ---------------------------------------------------------------------------------------------
// Periods and financial years.

TEST(PeriodParse, GoodAndBad) {
  struct Case {
    std::string text;
    bool ok;
    int year, month;
  };
  for (const Case& c : std::vector<Case>{
           {"2025-06", true, 2025, 6},
           {"2025-12", true, 2025, 12},
           {"2025-01", true, 2025, 1},
           {Year(limits::kYearMin) + "-01", true, limits::kYearMin, 1},
           {Year(limits::kYearMax) + "-12", true, limits::kYearMax, 12},
           {Year(limits::kYearMin - 1) + "-12", false, 0, 0},
           {Year(limits::kYearMax + 1) + "-01", false, 0, 0},
           {"2025-6", false, 0, 0},
           {"2025-13", false, 0, 0},
           {"2025-00", false, 0, 0},
           {"2025-06 ", false, 0, 0},
           {" 2025-06", false, 0, 0},
           {"2025/06", false, 0, 0},
           {"2025-06-01", false, 0, 0},
           {"202506", false, 0, 0},
           {"2025-0a", false, 0, 0},
           {"", false, 0, 0},
       }) {
    SCOPED_TRACE("\"" + c.text + "\"");
    StatusOr<Period> p = Period::Parse(c.text);
    ASSERT_EQ(p.ok(), c.ok) << (p.ok() ? p->ToString() : p.status().message());
    if (c.ok) {
      EXPECT_EQ(p->year, c.year);
      EXPECT_EQ(p->month, c.month);
      EXPECT_EQ(p->ToString(), c.text);
    } else {
      EXPECT_EQ(p.status().code(), Code::kInvalidArgument);
      EXPECT_NE(p.status().message().find("\"" + c.text + "\""), std::string::npos) << p.status().message();
    }
  }
}

TEST(PeriodNext, AcrossMonthsAndDecember) {
  EXPECT_EQ((Period{2025, 6}.Next()), (Period{2025, 7}));
  EXPECT_EQ((Period{2025, 11}.Next()), (Period{2025, 12}));
  EXPECT_EQ((Period{2025, 12}.Next()), (Period{2026, 1}));
  EXPECT_EQ((Period{1999, 12}.Next()), (Period{2000, 1}));
  EXPECT_EQ((Period{2026, 3}.Next()), (Period{2026, 4}));
}

TEST(PeriodNext, TwelveStepsIsOneYearAndOrderIsStrict) {
  for (int y = limits::kYearMin; y < limits::kYearMax; ++y) {
    for (int m = 1; m <= 12; ++m) {
      Period p{y, m};
      Period q = p;
      for (int k = 0; k < 12; ++k) {
        Period n = q.Next();
        ASSERT_LT(q, n) << q.ToString();
        q = n;
      }
      ASSERT_EQ(q, (Period{y + 1, m}));
    }
  }
}

TEST(PeriodDays, FirstAndLastDay) {
  EXPECT_EQ((Period{2024, 2}.FirstDay()), (Date{2024, 2, 1}));
  EXPECT_EQ((Period{2024, 2}.LastDay()), (Date{2024, 2, 29}));
  EXPECT_EQ((Period{2025, 2}.LastDay()), (Date{2025, 2, 28}));
  EXPECT_EQ((Period{2025, 12}.LastDay()), (Date{2025, 12, 31}));
  EXPECT_EQ((Period{2025, 4}.LastDay()), (Date{2025, 4, 30}));
  EXPECT_EQ(Period::Of(Date{2025, 6, 30}), (Period{2025, 6}));
  // The day after a period's last day is the next period's first day.
  for (int y = 1999; y <= 2001; ++y) {
    for (int m = 1; m <= 12; ++m) {
      const Period p{y, m};
      EXPECT_EQ(Date::FromDaysSinceEpoch(p.LastDay().DaysSinceEpoch() + 1), p.Next().FirstDay())
          << p.ToString();
    }
  }
}

struct FyCase {
  Period period;
  int start;
  std::string label;
  int number;
};
std::ostream& operator<<(std::ostream& os, const FyCase& c) { return os << c.period.ToString(); }

class FinancialYearTest : public ::testing::TestWithParam<FyCase> {};

TEST_P(FinancialYearTest, StartLabelAndNumber) {
  const FyCase& c = GetParam();
  EXPECT_EQ(c.period.FinancialYearStart(), c.start);
  EXPECT_EQ(c.period.FinancialYearLabel(), c.label);
  EXPECT_EQ(c.period.FinancialPeriodNumber(), c.number);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FinancialYearTest,
    ::testing::Values(FyCase{{2025, 4}, 2025, "2025-26", 1}, FyCase{{2025, 5}, 2025, "2025-26", 2},
                      FyCase{{2025, 9}, 2025, "2025-26", 6}, FyCase{{2025, 12}, 2025, "2025-26", 9},
                      FyCase{{2026, 1}, 2025, "2025-26", 10}, FyCase{{2026, 2}, 2025, "2025-26", 11},
                      FyCase{{2026, 3}, 2025, "2025-26", 12}, FyCase{{2025, 3}, 2024, "2024-25", 12},
                      FyCase{{1999, 12}, 1999, "1999-00", 9}, FyCase{{2000, 3}, 1999, "1999-00", 12},
                      FyCase{{2000, 4}, 2000, "2000-01", 1}, FyCase{{2099, 4}, 2099, "2099-00", 1},
                      FyCase{{2009, 5}, 2009, "2009-10", 2}, FyCase{{1990, 1}, 1989, "1989-90", 10},
                      FyCase{{2199, 12}, 2199, "2199-00", 9}));

// Walking month by month: the period number climbs 1..12 and the financial year changes exactly
// when the walk enters April.
TEST(FinancialYearWalk, NumbersClimbAndYearsTurnInApril) {
  Period p{limits::kYearMin, 4};
  int expected_number = 1;
  int expected_start = limits::kYearMin;
  while (p.year <= limits::kYearMax) {
    ASSERT_EQ(p.FinancialPeriodNumber(), expected_number) << p.ToString();
    ASSERT_EQ(p.FinancialYearStart(), expected_start) << p.ToString();
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02d", expected_start, (expected_start + 1) % 100);
    ASSERT_EQ(p.FinancialYearLabel(), label);
    p = p.Next();
    if (++expected_number == 13) {
      expected_number = 1;
      ++expected_start;
    }
  }
}

}  // namespace
}  // namespace poolbook
