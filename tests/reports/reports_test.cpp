// The reports: the maintained totals against a brute-force sum of the postings for random scopes
// (seeded: POOLBOOK_SEED), each report's own arithmetic (partners add up to the totals, positions
// equal the journal's balances), the same figures in JSON, CSV and text, and scope parsing at its
// bounds.
#include "reports/reports.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <sstream>

#include "ledger/fund/chart.h"
#include "ledger/fund/demo.h"
#include "reports/figures.h"
#include "reports/totals.h"
#include "reports/trial_balance.h"
#include "testing/fund_fixture.h"
#include "testing/seed.h"

namespace poolbook::reports {
namespace {

using testing::M;

// The demo fund's first year, 100 people, built once for the whole suite (read-only afterwards), with its
// entries recorded over a stepping clock so that "as at" moments fall between them.
class DemoReports : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto j = Journal::Open(dir_->File("demo.db"), [] {
      static long long tick = 0;
      return std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000 + tick++));
    });
    ASSERT_TRUE(j.ok()) << j.status().message();
    journal_ = j->release();
    fund::DemoOptions o;
    o.people = 100;
    o.through = Period{2026, 3};  // the first year, whose dates these tests name
    auto built = fund::BuildDemoFund(*journal_, o);
    ASSERT_TRUE(built.ok()) << built.status().message();
    auto f = fund::Fund::Load(*journal_);
    ASSERT_TRUE(f.ok());
    fund_ = f->release();
  }
  static void TearDownTestSuite() {
    delete fund_;
    delete journal_;
    delete dir_;
  }
  static ReportRequest Req(const std::string& from = "", const std::string& to = "",
                           const std::string& as_at = "") {
    auto r = MakeRequest(fund_->agreement(), from, to, as_at, "", "", "");
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : ReportRequest{};
  }
  static Report Build(const char* name, const ReportRequest& req) {
    const ReportInfo* info = FindReport(name);
    EXPECT_NE(info, nullptr) << name;
    auto r = info->build(*fund_, req);
    EXPECT_TRUE(r.ok()) << name << ": " << r.status().message();
    return r.ok() ? *r : Report{};
  }
  static std::string Cell(const Table& t, std::size_t row, const std::string& key) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      if (t.columns[i].key == key) return row < t.rows.size() ? t.rows[row][i] : (*t.total)[i];
    ADD_FAILURE() << "no column " << key << " in " << t.name;
    return "";
  }
  static Money Col(const Table& t, std::size_t row, const std::string& key) {
    auto m = Money::Parse(Cell(t, row, key));
    EXPECT_TRUE(m.ok()) << t.name << " " << key << " row " << row << ": " << Cell(t, row, key);
    return m.ok() ? *m : Money();
  }
  // Each partner's figures add up to the totals, and the lines by partner add up to them too.
  static void TransparencyAddsUp(const ReportRequest& req) {
    Report r = Build("transparency", req);
    const Table& p = *r.Find("partners");
    const Table& l = *r.Find("lines");
    const std::size_t total = p.rows.size();
    for (const char* key : {"contributions_raised", "contributions_received", "allocated", "committed",
                            "actual", "remaining"}) {
      Money sum;
      for (std::size_t i = 0; i < p.rows.size(); ++i) sum += Col(p, i, key);
      EXPECT_EQ(sum, Col(p, total, key)) << key;
    }
    for (const char* key : {"allocated", "committed", "actual", "remaining"}) {
      Money sum;
      for (std::size_t i = 0; i < l.rows.size(); ++i) sum += Col(l, i, key);
      EXPECT_EQ(sum, Col(l, l.rows.size(), key)) << key;
      EXPECT_EQ(sum, Col(p, total, key)) << key;
    }
  }
  static testing::TempDir* dir_;
  static Journal* journal_;
  static fund::Fund* fund_;
};
testing::TempDir* DemoReports::dir_ = nullptr;
Journal* DemoReports::journal_ = nullptr;
fund::Fund* DemoReports::fund_ = nullptr;

// The totals, however scoped, equal the postings summed directly (the model).
TEST_F(DemoReports, TotalsEqualThePostingsForRandomScopes) {
  const std::uint64_t seed = testing::TestSeed();
  SCOPED_TRACE(testing::SeedNote(seed));
  std::mt19937_64 rng(seed);
  std::string first_at, last_at;
  journal_->db().sql() << "SELECT MIN(recorded_at), MAX(recorded_at) FROM entries", soci::into(first_at),
      soci::into(last_at);
  std::vector<std::string> moments;
  soci::rowset<std::string> rows =
      (journal_->db().sql().prepare << "SELECT DISTINCT recorded_at FROM entries");
  for (const std::string& r : rows) moments.push_back(r);
  ASSERT_GT(moments.size(), 20u) << "the stepping clock should spread the entries over many moments";
  for (int round = 0; round < 12; ++round) {
    const int a = static_cast<int>(rng() % 14), b = static_cast<int>(rng() % 14);
    Period from{2025, 3}, to{2025, 3};
    for (int i = 0; i < std::min(a, b); ++i) from = from.Next();
    for (int i = 0; i < std::max(a, b); ++i) to = to.Next();
    Scope s{from, to, std::nullopt};
    if (rng() % 3) s.as_at = moments[rng() % moments.size()];
    SCOPED_TRACE(ScopeText(s));
    for (bool person : {false, true}) {
      auto got = person ? ReadPersonTotals(journal_->db(), s, "", "") : ReadTotals(journal_->db(), s);
      ASSERT_TRUE(got.ok()) << got.status().message();
      std::map<std::string, std::int64_t> want, have;
      const std::string sql =
          std::string("SELECT ") + (person ? "p.person" : "''") +
          " || '|' || e.book || '|' || p.account || '|' || p.partner || '|' || COALESCE(p.line, '') || '|' "
          "|| "
          "e.period, CAST(SUM(p.amount) AS TEXT) FROM entries e JOIN postings p ON p.entry_id = e.id"
          " WHERE e.period >= :f AND e.period <= :t AND e.recorded_at <= :a" +
          (person ? " AND p.person IS NOT NULL" : "") + " GROUP BY 1";
      const std::string f = s.from.ToString(), t = s.to.ToString(), at = s.as_at.value_or("9999");
      soci::rowset<soci::row> model =
          (journal_->db().sql().prepare << sql, soci::use(f), soci::use(t), soci::use(at));
      for (const soci::row& r : model)
        if (std::stoll(r.get<std::string>(1)) != 0)
          want[r.get<std::string>(0)] = std::stoll(r.get<std::string>(1));
      for (const Total& x : *got)
        have[x.person + "|" + x.book + "|" + x.account + "|" + x.partner + "|" + x.line + "|" + x.period] =
            x.amount.pence64();
      EXPECT_EQ(have, want) << (person ? "person totals" : "totals");
    }
  }
}

// Every report builds, and its JSON, CSV and text carry the same cells.
TEST_F(DemoReports, EveryReportGivesTheSameFiguresInEveryFormat) {
  for (const ReportInfo& info : Catalogue()) {
    SCOPED_TRACE(info.name);
    ReportRequest req = Req();
    if (std::string(info.name) == "person") {
      auto people = PeopleInScope(journal_->db(), req.scope, "", 1);
      ASSERT_TRUE(people.ok() && !people->empty());
      req.person = people->front();
    }
    Report r = Build(info.name, req);
    ASSERT_FALSE(r.tables.empty());
    EXPECT_EQ(!r.people.empty(), info.personal) << "a report naming people must list them for the access log";
    const nlohmann::json j = ReportJson(r);
    const std::string text = ReportText(r);
    for (std::size_t ti = 0; ti < r.tables.size(); ++ti) {
      const Table& t = r.tables[ti];
      const std::string csv = TableCsv(t);
      std::istringstream lines(csv);
      std::string line;
      std::getline(lines, line);  // header
      for (std::size_t row = 0; row < t.rows.size(); ++row) {
        ASSERT_TRUE(std::getline(lines, line));
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
          const std::string& cell = t.rows[row][c];
          const auto& jv = j["tables"][ti]["rows"][row][t.columns[c].key];
          if (t.columns[c].kind == Kind::kMoney) {
            EXPECT_EQ(jv, cell);
            EXPECT_NE(line.find(cell), std::string::npos) << line;
            EXPECT_NE(text.find(cell), std::string::npos) << cell;
          }
        }
      }
    }
  }
}

// Transparency: each partner's figures add up exactly to the fund's, line by line too, for the
// year and for a quarter; remaining is measured over the financial year; the positions equal the
// journal's own balances.
TEST_F(DemoReports, TransparencyAddsUpToThePenny) {
  for (const auto& [from, to] : {std::pair<const char*, const char*>{"", ""}, {"2025-07", "2025-09"}}) {
    SCOPED_TRACE(std::string(from) + ".." + to);
    TransparencyAddsUp(Req(from, to));
  }
  // Remaining is measured over the financial year whatever the first period: the same in both.
  Report year = Build("transparency", Req("", "2025-09"));
  Report quarter = Build("transparency", Req("2025-07", "2025-09"));
  EXPECT_EQ(Cell(*year.Find("partners"), 3, "remaining"), Cell(*quarter.Find("partners"), 3, "remaining"));
  EXPECT_NE(Cell(*year.Find("partners"), 3, "actual"), Cell(*quarter.Find("partners"), 3, "actual"));
  // Each partner's positions equal the journal's own balances.
  Report r = Build("transparency", Req());
  const Table& p = *r.Find("partners");
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    const std::string partner = Cell(p, i, "partner");
    EXPECT_EQ(Col(p, i, "actual"), *journal_->Balance(Book::kActual, "spend", partner)) << partner;
    EXPECT_EQ(Col(p, i, "committed"), *journal_->Balance(Book::kCommitment, "commitment:care", partner));
    EXPECT_EQ(Col(p, i, "allocated"), *journal_->Balance(Book::kBudget, "budget:lines", partner));
  }
}

// Budget monitoring: revised = original + virements; forecast = actual + accruals + commitments;
// variance = revised - forecast; the fund's revised budget equals the budget book.
TEST_F(DemoReports, BudgetMonitoringArithmetic) {
  Report r = Build("budget-monitoring", Req("", "2025-12"));
  const Table& t = r.tables[0];
  for (std::size_t i = 0; i <= t.rows.size(); ++i) {
    SCOPED_TRACE(i < t.rows.size() ? Cell(t, i, "line") : "total");
    EXPECT_EQ(Col(t, i, "revised"), Col(t, i, "original") + Col(t, i, "virements"));
    EXPECT_EQ(Col(t, i, "forecast"), Col(t, i, "actual") + Col(t, i, "accruals") + Col(t, i, "commitments"));
    EXPECT_EQ(Col(t, i, "variance"), Col(t, i, "revised") - Col(t, i, "forecast"));
  }
  // Against sources of their own, for the whole year: the agreement's budgets, the journal's
  // balances of each line's budget, spend and commitment accounts, and the fund's forecast.
  Report year = Build("budget-monitoring", Req());
  auto forecast = fund_->Forecast(Date{2026, 3, 31});
  ASSERT_TRUE(forecast.ok());
  const Table& y = year.tables[0];
  ASSERT_EQ(y.rows.size(), fund_->agreement().lines.size());
  for (std::size_t i = 0; i < y.rows.size(); ++i) {
    const fund::Line& l = fund_->agreement().lines[i];
    SCOPED_TRACE(l.code);
    EXPECT_EQ(Cell(y, i, "line"), l.code);
    EXPECT_EQ(Col(y, i, "original"), l.budget);
    EXPECT_EQ(Col(y, i, "revised"), *journal_->Balance(Book::kBudget, "budget:lines:" + l.code, ""));
    EXPECT_EQ(Col(y, i, "actual"), *journal_->Balance(Book::kActual, fund::chart::SpendAccount(l), ""));
    EXPECT_EQ(Col(y, i, "accruals") + Col(y, i, "commitments"),
              *journal_->Balance(Book::kCommitment, "commitment:care:" + l.code, ""));
    EXPECT_EQ(Col(y, i, "accruals"), (*forecast)[i].accruals);
    EXPECT_EQ(Col(y, i, "forecast"), (*forecast)[i].forecast);
  }
  // Through December only: less spend than the whole year.
  EXPECT_LT(Col(t, t.rows.size(), "actual"), Col(year.tables[0], year.tables[0].rows.size(), "actual"));
}

// The trial balance report, for the whole year as recorded now, equals the one read from the
// maintained balances.
TEST_F(DemoReports, TrialBalanceMatchesTheMaintainedBalances) {
  Report r = Build("trial-balance", Req());
  auto tb = BuildTrialBalance(*journal_, std::nullopt);
  ASSERT_TRUE(tb.ok());
  ASSERT_EQ(r.tables.size(), tb->books.size());
  for (std::size_t b = 0; b < tb->books.size(); ++b) {
    const auto& book = tb->books[b];
    const Table& t = r.tables[b];
    ASSERT_EQ(t.rows.size(), book.lines.size()) << t.name;
    for (std::size_t i = 0; i < book.lines.size(); ++i) {
      EXPECT_EQ(Cell(t, i, "account"), book.lines[i].account);
      const Money debit = Cell(t, i, "debit").empty() ? Money() : Col(t, i, "debit");
      const Money credit = Cell(t, i, "credit").empty() ? Money() : Col(t, i, "credit");
      EXPECT_EQ(debit, book.lines[i].debit) << book.lines[i].account;
      EXPECT_EQ(credit, book.lines[i].credit) << book.lines[i].account;
    }
  }
}

// As at the first moment the ledger was written, later entries are not counted.
TEST_F(DemoReports, AsAtLeavesOutWhatWasRecordedLater) {
  std::string first;
  journal_->db().sql() << "SELECT MIN(recorded_at) FROM entries", soci::into(first);
  Report then = Build("transparency", Req("", "", first));
  Report now = Build("transparency", Req());
  const Table& p_then = *then.Find("partners");
  const Table& p_now = *now.Find("partners");
  EXPECT_TRUE(Col(p_then, p_then.rows.size(), "actual").is_zero());
  EXPECT_GT(Col(p_now, p_now.rows.size(), "actual"), Money());
}

// What is committed to later years (the first year ends with care running on into 2026-27): the
// transparency report's partners and lines, and the people's pages, add up to budget monitoring's
// later years, line by line.
TEST_F(DemoReports, LaterYearsAddUpAcrossPartnersLinesAndPeople) {
  const Table monitoring = Build("budget-monitoring", Req()).tables[0];
  const Report transparency = Build("transparency", Req());
  const Table& partners = *transparency.Find("partners");
  const Table& lines = *transparency.Find("lines");
  const Money total = Col(monitoring, monitoring.rows.size(), "future_years");
  ASSERT_GT(total, Money()) << "the first year should end with care running on";
  EXPECT_EQ(Col(partners, partners.rows.size(), "later_years"), total);
  EXPECT_EQ(Col(lines, lines.rows.size(), "later_years"), total);
  Money partner_rows;
  for (std::size_t i = 0; i < partners.rows.size(); ++i) partner_rows += Col(partners, i, "later_years");
  EXPECT_EQ(partner_rows, total);
  std::map<std::string, Money> by_line;
  for (std::size_t i = 0; i < lines.rows.size(); ++i)
    by_line[Cell(lines, i, "line")] += Col(lines, i, "later_years");
  for (std::size_t i = 0; i < monitoring.rows.size(); ++i)
    EXPECT_EQ(by_line[Cell(monitoring, i, "line")], Col(monitoring, i, "future_years"))
        << Cell(monitoring, i, "line");
  // Every person's later years, page by page, add up to the same.
  ReportRequest req = Req();
  req.limit = 1000;
  Money people;
  for (int pages = 0; pages < 100; ++pages) {
    Report r = Build("spend-per-person", req);
    const Table& t = r.tables[0];
    for (std::size_t i = 0; i < t.rows.size(); ++i) people += Col(t, i, "later_years");
    if (!r.next_cursor) break;
    req.cursor = *r.next_cursor;
  }
  EXPECT_EQ(people, total);
}

// Spend per person pages through everyone exactly once.
TEST_F(DemoReports, SpendPerPersonPagesThroughEveryone) {
  ReportRequest req = Req();
  req.limit = 7;
  std::set<std::string> seen;
  int pages = 0;
  for (;;) {
    Report r = Build("spend-per-person", req);
    for (const std::string& p : r.people) EXPECT_TRUE(seen.insert(p).second) << p << " shown twice";
    ++pages;
    if (!r.next_cursor) break;
    req.cursor = *r.next_cursor;
    ASSERT_LT(pages, 1000);
  }
  // Everyone with something committed at the end or spent in the periods, and nobody else.
  auto flows = ReadPersonTotals(journal_->db(), req.scope, "", "");
  auto positions = ReadPersonTotals(journal_->db(), internal::Cumulative(req.scope), "", "");
  ASSERT_TRUE(flows.ok() && positions.ok());
  std::map<std::string, Money> by_person_line_spent, by_person_line_committed;
  for (const Total& t : *flows)
    if (t.book == "actual" && t.account.rfind("spend:", 0) == 0)
      by_person_line_spent[t.person + "|" + t.line] += t.amount;
  for (const Total& t : *positions)
    if (t.book == "commitment" && t.account.rfind("commitment:care:", 0) == 0)
      by_person_line_committed[t.person + "|" + t.line] += t.amount;
  std::set<std::string> want;
  for (const auto* m : {&by_person_line_spent, &by_person_line_committed})
    for (const auto& [k, v] : *m)
      if (!v.is_zero()) want.insert(k.substr(0, k.find('|')));
  EXPECT_EQ(seen, want);
  EXPECT_GT(pages, 1);
}

// After the year is closed (its income and spend moved into fund:reserves by closing entries with
// no line), the closed year's reports still show what was spent and budgeted, line by line, and
// the next year's budgets are its own.
class ClosedYearReports : public testing::FundTest {};

TEST_F(ClosedYearReports, AClosedYearStillShowsItsFiguresAndTheNextStartsClean) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 2}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", M("400.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  ASSERT_TRUE(SignOff().ok());
  fund::Agreement next = fund_->agreement();
  next.year = 2026;
  for (fund::Contribution& c : next.contributions)
    for (fund::Instalment& in : c.instalments) in.due.year += 1;
  next.lines[0].budget = M("555.00");
  next.lines[1].budget = M("145.00");
  auto f2026 = fund_->StartNextYear(next, "officer");
  ASSERT_TRUE(f2026.ok()) << f2026.status().message();

  auto req2025 = MakeRequest(next, "2025-04", "2026-03", "", "", "", "");
  ASSERT_TRUE(req2025.ok());
  auto closed = Transparency(**f2026, *req2025);
  ASSERT_TRUE(closed.ok()) << closed.status().message();
  const Table& partners = *closed->Find("partners");
  const Table& lines = *closed->Find("lines");
  auto col = [](const Table& t, const char* key) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      if (t.columns[i].key == key) return *Money::Parse((*t.total)[i]);
    return Money();
  };
  EXPECT_EQ(col(partners, "actual"), M("400.00"));
  EXPECT_EQ(col(lines, "actual"), M("400.00"));
  EXPECT_EQ(col(partners, "allocated"), M("900.00"));  // the 2025 lines' budgets
  EXPECT_EQ(col(lines, "allocated"), M("900.00"));
  EXPECT_EQ(col(partners, "contributions_raised"), M("1000.00"));

  auto monitoring2025 = BudgetMonitoring(**f2026, *req2025);
  ASSERT_TRUE(monitoring2025.ok());
  auto monitoring2026 = BudgetMonitoring(**f2026, *MakeRequest(next, "", "", "", "", "", ""));
  ASSERT_TRUE(monitoring2026.ok());
  const Table& y25 = monitoring2025->tables[0];
  const Table& y26 = monitoring2026->tables[0];
  EXPECT_EQ(y25.rows[0][5], "500.00") << "revised budget of PKG in 2025";
  EXPECT_EQ(y26.rows[0][5], "555.00") << "revised budget of PKG in 2026, not 2025's added to it";
  EXPECT_EQ(y26.rows[1][5], "145.00");
  EXPECT_EQ(y26.rows[0][6], "0.00") << "nothing spent yet in 2026";
}

struct ScopeCase {
  const char* from;
  const char* to;
  const char* as_at;
  const char* field;  // empty: accepted
};

TEST(ReportScope, ParsedAtItsBounds) {
  const ScopeCase cases[] = {
      {"", "", "", ""},
      {"2025-04", "2035-03", "", ""},  // 120 periods: the limit
      {"2025-04", "2035-04", "", "to"},
      {"2025-05", "2025-04", "", "to"},
      {"2025-4", "", "", "from"},
      {"", "2026-13", "", "to"},
      {"", "", "2026-01-31", ""},
      {"", "", "2026-01-31T17:00:00Z", ""},
      {"", "", "2026-01-31T17:00:00.5Z", ""},
      {"", "", "2026-01-31T24:00:00Z", "as_at"},
      {"", "", "2026-01-31 17:00", "as_at"},
      {"", "", "yesterday", "as_at"},
  };
  for (const ScopeCase& c : cases) {
    SCOPED_TRACE(std::string(c.from) + " " + c.to + " " + c.as_at);
    auto s = ParseScope(c.from, c.to, c.as_at, 2025);
    if (*c.field == '\0') {
      EXPECT_TRUE(s.ok()) << s.status().message();
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.status().field(), c.field);
    }
  }
  auto d = ParseScope("", "", "", 2025);
  EXPECT_EQ(d->from.ToString(), "2025-04");
  EXPECT_EQ(d->to.ToString(), "2026-03");
  // With only `to`, the report runs from the April of to's own financial year: an earlier year's
  // report needs only its last month, and a later one is not refused as starting too early.
  for (const auto& [year, to, from] : {std::tuple{2026, "2025-12", "2025-04"},
                                       {2025, "2025-09", "2025-04"},
                                       {2025, "2026-02", "2025-04"},
                                       {2025, "2026-05", "2026-04"}}) {
    auto only_to = ParseScope("", to, "", year);
    ASSERT_TRUE(only_to.ok()) << to;
    EXPECT_EQ(only_to->from.ToString(), from) << to;
  }
  // Times compare with the stored six digits of fraction.
  EXPECT_EQ(*ParseScope("", "", "2026-01-31T17:00:00.5Z", 2025)->as_at, "2026-01-31T17:00:00.500000Z");
  EXPECT_EQ(*ParseScope("", "", "2026-01-31", 2025)->as_at, "2026-01-31T23:59:59.999999Z");
}

TEST(ReportFigures, PercentRoundsHalfAwayFromZero) {
  EXPECT_EQ(internal::Percent(M("1.00"), M("8.00")), "12.5");
  EXPECT_EQ(internal::Percent(M("-1.00"), M("8.00")), "-12.5");
  EXPECT_EQ(internal::Percent(M("1.00"), M("3.00")), "33.3");
  EXPECT_EQ(internal::Percent(M("2.00"), M("3.00")), "66.7");
  EXPECT_EQ(internal::Percent(M("0.00"), M("3.00")), "0.0");
  EXPECT_EQ(internal::Percent(M("1.00"), M("0.00")), "");
  EXPECT_EQ(internal::Percent(M("1.00"), M("-4.00")), "-25.0");
}

}  // namespace
}  // namespace poolbook::reports
