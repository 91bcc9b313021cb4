// Reports that name people (by pseudonym): spend per person, one person's page, dual-running and
// the PHB register. Each lists the pseudonyms it shows in Report::people, for the access log.
#include <map>
#include <set>

#include "ledger/fund/chart.h"
#include "reports/figures.h"
#include "reports/reports.h"

namespace poolbook::reports {

using internal::Amount;
using internal::Cumulative;
using internal::Of;
using internal::OneDecimal;
using internal::S;
using internal::Start;
using internal::Text;

namespace {

struct PersonFigures {
  std::vector<Total> flows, positions;
};

StatusOr<PersonFigures> ReadPeople(fund::Fund& fund, const Scope& scope, const std::string& first,
                                   const std::string& last) {
  auto flows = ReadPersonTotals(fund.journal().db(), scope, first, last);
  if (!flows.ok()) return flows.status();
  auto positions = ReadPersonTotals(fund.journal().db(), Cumulative(scope), first, last);
  if (!positions.ok()) return positions.status();
  return PersonFigures{std::move(*flows), std::move(*positions)};
}

// What each person has committed to later years, by line: (person, line) -> amount.
using LaterByPersonLine = std::map<std::pair<std::string, std::string>, Money>;

// The later years' costs of the people from `first` to `last` (pseudonyms, inclusive).
StatusOr<LaterByPersonLine> ReadLaterYears(fund::Fund& fund, const ReportRequest& req,
                                           const std::string& first, const std::string& last) {
  auto costs = fund.LaterYears(req.scope.Day(), req.scope.as_at, first == last ? first : "");
  if (!costs.ok()) return costs.status();
  LaterByPersonLine out;
  for (const fund::LaterYearCost& c : *costs)
    if (c.person >= first && c.person <= last) out[{c.person, c.line}] += c.amount;
  return out;
}

// The columns of a person's line: category, line, committed, spent, spent by each partner, and
// committed to later years.
std::vector<Column> LineColumns(const fund::Agreement& a, bool with_person) {
  std::vector<Column> c;
  if (with_person) c.push_back(Text("person", "Person"));
  c.push_back(Text("category", "Category"));
  c.push_back(Text("line", "Line"));
  c.push_back(Amount("committed", "Committed (care to come)"));
  c.push_back(Amount("actual", "Spent"));
  for (const auto& p : a.partners)
    c.push_back({"actual_" + p.code, "Spent: " + p.code + " share", Kind::kMoney});
  c.push_back(Amount("later_years", "Committed to later years"));
  return c;
}

// One row per line the person has figures on; adds into `totals` (same columns, less the names).
// False when the person has no figures in scope.
bool LineRows(const fund::Agreement& a, const PersonFigures& f, const LaterByPersonLine& later_years,
              const std::string& person, bool with_person, Table& t, std::vector<Money>& totals) {
  totals.resize(3 + a.partners.size());
  bool any = false;
  for (const fund::Line& l : a.lines) {
    const Money committed = Of(f.positions, "commitment", fund::chart::kCommitted, l.code, "", person);
    const Money actual = Of(f.flows, "actual", "spend", l.code, "", person);
    const auto found = later_years.find({person, l.code});
    const Money later = found == later_years.end() ? Money() : found->second;
    if (committed.is_zero() && actual.is_zero() && later.is_zero()) continue;
    std::vector<std::string> row;
    if (with_person) row.push_back(person);
    row.insert(row.end(), {fund::CategoryName(l.category), l.code, S(committed), S(actual)});
    totals[0] += committed;
    totals[1] += actual;
    for (std::size_t i = 0; i < a.partners.size(); ++i) {
      const Money part = Of(f.flows, "actual", "spend", l.code, a.partners[i].code, person);
      row.push_back(S(part));
      totals[2 + i] += part;
    }
    row.push_back(S(later));
    totals.back() += later;
    t.rows.push_back(std::move(row));
    any = true;
  }
  return any;
}

}  // namespace

// A page of people: what is committed and spent for each, by line, and each partner's share.
StatusOr<Report> SpendPerPerson(fund::Fund& fund, const ReportRequest& req) {
  if (req.limit < 1 || req.limit > kPeoplePerPageMax) {
    return InvalidArgument("limit must be from 1 to " + std::to_string(kPeoplePerPageMax) + " people",
                           "limit");
  }
  auto people = PeopleInScope(fund.journal().db(), Cumulative(req.scope), req.cursor, req.limit + 1);
  if (!people.ok()) return people.status();
  Report r = Start("spend-per-person", "Spend per person", req);
  if (static_cast<int>(people->size()) > req.limit) {
    people->resize(static_cast<std::size_t>(req.limit));
    r.next_cursor = people->back();
  }
  Table t{"people", "Each person, by line", LineColumns(fund.agreement(), true), {}, {}};
  if (!people->empty()) {
    auto f = ReadPeople(fund, req.scope, people->front(), people->back());
    if (!f.ok()) return f.status();
    auto later = ReadLaterYears(fund, req, people->front(), people->back());
    if (!later.ok()) return later.status();
    // Each person's own figures (the totals come ordered by person), so that a row reads only them.
    std::map<std::string, PersonFigures> by_person;
    for (const Total& x : f->flows) by_person[x.person].flows.push_back(x);
    for (const Total& x : f->positions) by_person[x.person].positions.push_back(x);
    std::vector<Money> totals;
    for (const std::string& p : *people)
      if (LineRows(fund.agreement(), by_person[p], *later, p, true, t, totals))
        r.people.push_back(p);  // only those shown
  }
  r.summary = std::to_string(r.people.size()) + " people on this page" +
              (r.next_cursor ? "; more follow (next page after " + *r.next_cursor + ")." : ".");
  r.tables = {std::move(t)};
  r.notes = {
      "Spent is summed over the periods shown; committed is care promised and not yet paid at the end of the "
      "last period.",
      "People are shown by pseudonym only; every view is recorded in the access log."};
  return r;
}

// One person: by line, and month by month.
StatusOr<Report> Person(fund::Fund& fund, const ReportRequest& req) {
  if (req.person.empty()) return InvalidArgument("name the person by pseudonym", "person");
  if (Status st = fund.CheckRegistered(req.person); !st.ok()) return st;
  auto f = ReadPeople(fund, req.scope, req.person, req.person);
  if (!f.ok()) return f.status();
  auto later = ReadLaterYears(fund, req, req.person, req.person);
  if (!later.ok()) return later.status();
  const fund::Agreement& a = fund.agreement();
  Report r = Start("person", "Spend for one person", req);
  r.title = "Spend for " + req.person;
  Table lines{"lines", "By line", LineColumns(a, false), {}, {}};
  std::vector<Money> totals;
  LineRows(a, *f, *later, req.person, false, lines, totals);
  lines.total = std::vector<std::string>{"total", ""};
  for (const Money& m : totals) lines.total->push_back(S(m));
  Table months{"months",
               "Month by month",
               {Text("period", "Month"), Amount("actual", "Spent"),
                Amount("committed_change", "Change in commitments")},
               {},
               {}};
  Money spent_t, change_t;
  for (Period p = req.scope.from; p <= req.scope.to; p = p.Next()) {
    const std::string period = p.ToString();
    Money spent, change;
    for (const Total& t : f->flows) {
      if (t.period != period) continue;
      if (t.book == "actual" && t.account.rfind("spend:", 0) == 0) spent += t.amount;
      if (t.book == "commitment" && t.account.rfind(std::string(fund::chart::kCommitted) + ":", 0) == 0)
        change += t.amount;
    }
    months.rows.push_back({period, S(spent), S(change)});
    spent_t += spent;
    change_t += change;
  }
  months.total = {"total", S(spent_t), S(change_t)};
  r.people = {req.person};
  r.summary = "Spent " + S(totals[1]) + "; committed " + S(totals[0]) +
              (totals.back().is_zero() ? "" : "; committed to later years " + S(totals.back())) + ".";
  r.tables = {std::move(lines), std::move(months)};
  r.notes = {
      "Committed to later years: the cost of care bought for days after the financial year's end; it "
      "joins the commitments when its year starts.",
      "Every view of this page is recorded in the access log."};
  return r;
}

// Dual-running: each move out of hospital, the overlap of the inpatient placement and the
// community package, and what the overlap cost each partner.
StatusOr<Report> DualRunning(fund::Fund& fund, const ReportRequest& req) {
  auto all = fund.Transitions(req.scope.as_at);
  if (!all.ok()) return all.status();
  const fund::Agreement& a = fund.agreement();
  Report r = Start("dual-running", "Dual-running while people leave hospital", req);
  std::vector<Column> cols = {Text("transition", "Transition"),
                              Text("person", "Person"),
                              Text("inpatient_provider", "Inpatient provider"),
                              {"community_start", "Community package starts", Kind::kDate},
                              {"overlap_start", "Overlap from", Kind::kDate},
                              {"overlap_end", "Overlap to", Kind::kDate},
                              {"overlap_days", "Overlap days", Kind::kCount},
                              Amount("overlap_cost", "Overlap cost")};
  for (const auto& p : a.partners) cols.push_back({"cost_" + p.code, p.code + " share", Kind::kMoney});
  cols.push_back(Text("overrun", "Past its planned end"));
  Table t{"transitions", "Each transition", cols, {}, {}};
  std::vector<Money> totals(1 + a.partners.size());
  long days = 0;
  std::set<std::string> people;
  for (const fund::Transition& x : *all) {
    if (x.community_start > req.scope.Day()) continue;
    if (x.overlap_end && *x.overlap_end < req.scope.from.FirstDay()) continue;
    std::vector<std::string> row = {x.spec.id,
                                    x.spec.person,
                                    x.inpatient_provider,
                                    x.community_start.ToString(),
                                    x.overlap_start ? x.overlap_start->ToString() : "",
                                    x.overlap_end ? x.overlap_end->ToString() : "",
                                    std::to_string(x.overlap_days),
                                    S(x.overlap_cost)};
    totals[0] += x.overlap_cost;
    for (std::size_t i = 0; i < a.partners.size(); ++i) {
      Money part;
      for (const auto& [partner, m] : x.overlap_cost_by_partner)
        if (partner == a.partners[i].code) part += m;
      row.push_back(S(part));
      totals[1 + i] += part;
    }
    row.push_back(x.overrun ? "yes" : "no");
    t.rows.push_back(std::move(row));
    days += x.overlap_days;
    people.insert(x.spec.person);
  }
  t.total = std::vector<std::string>{"total", "", "", "", "", "", std::to_string(days)};
  for (const Money& m : totals) t.total->push_back(S(m));
  t.total->push_back("");
  r.people.assign(people.begin(), people.end());
  r.summary = std::to_string(t.rows.size()) + " transitions; " + std::to_string(days) +
              " days of dual-running costing " + S(totals[0]) + ".";
  r.tables = {std::move(t)};
  r.notes = {
      "The overlap cost is what the community package costs over the days both run: the cost on top of the "
      "hospital placement, split like the community package.",
      "Transitions are " +
          std::string(req.scope.as_at ? "as recorded at " + *req.scope.as_at : "as recorded now") +
          "; those whose community package starts after the last period, or whose overlap ended before the "
          "first, are left out."};
  return r;
}

// Every personal health budget: mode, budgets, paid, held, surplus and recoveries.
StatusOr<Report> PhbRegister(fund::Fund& fund, const ReportRequest& req) {
  auto phbs = fund.Phbs(req.scope.as_at);
  if (!phbs.ok()) return phbs.status();
  auto recoveries = fund.Recoveries("");
  if (!recoveries.ok()) return recoveries.status();
  std::map<std::string, int> count;
  for (const fund::Recovery& x : *recoveries)
    if (!req.scope.as_at || x.decided_at <= *req.scope.as_at) ++count[x.phb_id];
  Report r = Start("phb-register", "Personal health budget register", req);
  Table t{"phbs",
          "Each personal health budget",
          {Text("phb", "PHB"),
           Text("person", "Person"),
           Text("line", "Line"),
           Text("mode", "Mode"),
           Amount("indicative", "Indicative budget"),
           Amount("agreed", "Agreed budget"),
           Amount("paid", "Paid to date"),
           Amount("remaining", "Committed, not yet paid"),
           Amount("held", "Held by the person"),
           {"weeks_held", "Weeks of budget held", Kind::kNumber},
           Amount("surplus", "Surplus"),
           Amount("recovered", "Recovered"),
           {"recoveries", "Recoveries decided", Kind::kCount}},
          {},
          {}};
  Money ind, agr, paid, rem, held, sur, rec;
  int decided = 0;
  std::set<std::string> people;
  for (const fund::Phb& p : *phbs) {
    if (p.spec.start > req.scope.Day() || p.spec.end < req.scope.from.FirstDay()) continue;
    t.rows.push_back({p.spec.id, p.spec.person, p.spec.line, fund::PhbModeName(p.spec.mode),
                      S(p.spec.indicative), S(p.spec.agreed), S(p.paid), S(p.remaining), S(p.held),
                      OneDecimal(p.weeks_held), S(p.surplus), S(p.recovered),
                      std::to_string(count[p.spec.id])});
    ind += p.spec.indicative;
    agr += p.spec.agreed;
    paid += p.paid;
    rem += p.remaining;
    held += p.held;
    sur += p.surplus;
    rec += p.recovered;
    decided += count[p.spec.id];
    people.insert(p.spec.person);
  }
  t.total = {"total",
             "",
             "",
             "",
             S(ind),
             S(agr),
             S(paid),
             S(rem),
             S(held),
             "",
             S(sur),
             S(rec),
             std::to_string(decided)};
  r.people.assign(people.begin(), people.end());
  r.summary = std::to_string(t.rows.size()) + " budgets; agreed " + S(agr) + ", paid " + S(paid) +
              ", surplus " + S(sur) + ".";
  r.tables = {std::move(t)};
  r.notes = {"A surplus is what a person holds above " + std::to_string(fund.agreement().phb_surplus_weeks) +
                 " weeks of their budget.",
             "Budgets running in the periods shown, " +
                 std::string(req.scope.as_at ? "as recorded at " + *req.scope.as_at : "as recorded now") +
                 "."};
  return r;
}

}  // namespace poolbook::reports
