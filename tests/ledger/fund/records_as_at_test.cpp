// The fund's records "as at" a past moment (Fund::Packages, Phbs, Transitions, Forecast and
// RiskShareOf given as_at) are exactly what they were at that moment. The model is the ledger itself: while
// the demo runs (both years, on a clock that steps a second a call), each month's start takes the records as
// they stand then and the moment; at the end, every moment is asked for again.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "ledger/fund/demo.h"
#include "ledger/store/database.h"
#include "testing/temp_dir.h"

namespace poolbook::fund {
namespace {

// What a report shows of every record, as text to compare.
std::string Describe(Fund& fund, const Date& day, const std::optional<std::string>& as_at) {
  std::ostringstream out;
  auto packages = fund.Packages(as_at);
  auto phbs = fund.Phbs(as_at);
  auto transitions = fund.Transitions(as_at);
  auto forecast = fund.Forecast(day, as_at);
  for (const Status& st : {packages.status(), phbs.status(), transitions.status(), forecast.status()})
    if (!st.ok()) return "a read failed: " + st.message();
  for (const Package& p : *packages) {
    out << p.spec.id << " end " << p.spec.end.ToString() << " committed " << p.committed.ToString()
        << " paid " << p.paid.ToString() << " remaining " << p.remaining.ToString() << " ended " << p.ended
        << " approved " << p.approved_by << " amendments " << p.amendments.size() << "\n";
  }
  for (const Phb& p : *phbs) {
    out << p.spec.id << " paid " << p.paid.ToString() << " remaining " << p.remaining.ToString() << " held "
        << p.held.ToString() << " recovered " << p.recovered.ToString() << " surplus " << p.surplus.ToString()
        << "\n";
  }
  for (const Transition& t : *transitions) {
    out << t.spec.id << " overlap " << (t.overlap_end ? t.overlap_end->ToString() : "-") << " "
        << t.overlap_cost.ToString() << " overrun " << t.overrun << "\n";
  }
  for (const LineForecast& f : *forecast)
    out << f.line << " accruals " << f.accruals.ToString() << " later " << f.future_years.ToString() << "\n";
  // The risk share of the day's year: a preview then, or the sign-off standing then.
  auto rs = fund.RiskShareOf(Period::Of(day).FinancialYearStart(), as_at);
  if (!rs.ok()) return "a read failed: " + rs.status().message();
  out << "risk share " << rs->year << " " << rs->actual.ToString() << " " << rs->variance.ToString() << " "
      << rs->settled << "\n";
  for (const RiskShareLine& l : rs->partners) out << l.partner << " " << l.settlement.ToString() << "\n";
  return out.str();
}

struct Moment {
  std::string as_at, described;
  Date day;
};

TEST(RecordsAsAt, EveryMomentOfTheDemoReadsAsItWasThen) {
  testing::TempDir dir;
  auto tick = std::make_shared<long long>(0);
  // From 1 December 2026: the demo closes October 2026, which must have ended.
  auto journal = Journal::Open(dir.File("demo.db"), [tick] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1'796'083'200 + (*tick)++));
  });
  ASSERT_TRUE(journal.ok());
  std::vector<Moment> moments;
  DemoOptions o;
  o.people = 120;
  o.progress = [&](const std::string&, int done, int) {
    if (done == 0 || done % 3 != 1) return;  // every third month's start: both years, a year start too
    auto fund = Fund::Load(**journal);
    ASSERT_TRUE(fund.ok());
    Period p{2025, 4};
    for (int i = 1; i < done; ++i) p = p.Next();
    const Date day = p.FirstDay();
    // The moment is a tick of the clock: everything before it was recorded earlier, everything
    // after it later.
    const std::string at = store::UtcTimestamp((*journal)->Now());
    moments.push_back({at, Describe(**fund, day, std::nullopt), day});
  };
  auto built = BuildDemoFund(**journal, o);
  ASSERT_TRUE(built.ok()) << built.status().message();
  ASSERT_GE(moments.size(), 6u);
  auto fund = Fund::Load(**journal);
  ASSERT_TRUE(fund.ok());
  const std::string now = Describe(**fund, moments.back().day, std::nullopt);
  EXPECT_NE(now, moments.back().described) << "the last month should have changed the records";
  for (const Moment& m : moments) {
    SCOPED_TRACE(m.as_at);
    EXPECT_EQ(Describe(**fund, m.day, m.as_at), m.described);
  }
  // 2025-26 as at a moment after its sign-off: the statement as signed off; before it, a preview.
  auto signed_off = (*fund)->RiskShareOf(2025, moments.back().as_at);
  ASSERT_TRUE(signed_off.ok()) << signed_off.status().message();
  EXPECT_TRUE(signed_off->settled);
  EXPECT_EQ(signed_off->signed_off_at, (*fund)->RiskShareOf(2025)->signed_off_at);
  auto preview = (*fund)->RiskShareOf(2025, moments.front().as_at);
  ASSERT_TRUE(preview.ok()) << preview.status().message();
  EXPECT_FALSE(preview->settled);
  // Before anything was recorded: no records at all.
  EXPECT_EQ(Describe(**fund, moments.front().day, "2000-01-01T00:00:00.000000Z").find("PK-"),
            std::string::npos);
}

}  // namespace
}  // namespace poolbook::fund
