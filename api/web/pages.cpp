// The pages themselves. Each reads the same report builders as the API and the CLI (reports/), so
// a page shows the same figures as GET /api/v1/reports/{name} and `poolbook report NAME`.
#include "api/web/pages.h"

#include <httplib.h>

#include <map>

#include "reports/html.h"
#include "reports/reports.h"

namespace poolbook::api::web {
namespace {

using reports::HtmlEscape;

std::string Param(const Context& c, const char* name) {
  return c.req.has_param(name) ? c.req.get_param_value(name) : "";
}

Reply Html(const std::string& html) { return Reply::Text(html, "text/html; charset=utf-8", ""); }

// The page's status for a refusal, as the API would answer it.
int StatusFor(const Status& st) {
  switch (st.code()) {
    case Code::kNotFound:
      return 404;
    case Code::kInvalidArgument:
      return 400;
    case Code::kFailedPrecondition:
    case Code::kAborted:
      return 422;
    default:
      return 503;
  }
}

Reply Problem(int status, const std::string& detail, const Context& c) {
  Reply r = Html(ProblemPage(status, detail, c.who.user));
  r.status = status;
  return r;
}

// The query string that keeps the page's scope (and page of people), for links
// ("?from=...&to=...").
std::string ScopeQuery(const Context& c, const std::string& extra = "", bool with_page = false) {
  std::string q;
  for (const char* k : {"from", "to", "as_at", "cursor", "limit"}) {
    if (!with_page && (std::string(k) == "cursor" || std::string(k) == "limit")) continue;
    const std::string v = Param(c, k);
    if (!v.empty()) q += std::string(q.empty() ? "?" : "&") + k + "=" + UrlEncode(v);
  }
  if (!extra.empty()) q += (q.empty() ? "?" : "&") + extra;
  return q;
}

std::string ScopeForm(const Context& c, const std::string& action, const reports::Scope& s) {
  std::string h = "<form class=\"scope\" method=\"get\" action=\"" + HtmlEscape(action) + "\">";
  h += "<label>From (month)<input name=\"from\" type=\"month\" value=\"" + s.from.ToString() + "\"></label>";
  h += "<label>To (month)<input name=\"to\" type=\"month\" value=\"" + s.to.ToString() + "\"></label>";
  h += "<label>As recorded at (date)<input name=\"as_at\" type=\"date\" value=\"" +
       HtmlEscape(Param(c, "as_at").substr(0, 10)) + "\"></label>";
  const std::string person = Param(c, "person");
  if (!person.empty()) h += "<input type=\"hidden\" name=\"person\" value=\"" + HtmlEscape(person) + "\">";
  h += "<button type=\"submit\">Show</button></form>\n";
  return h;
}

// Builds a report for the page's query; the reply is set when it fails.
StatusOr<reports::Report> Build(Context& c, const reports::ReportInfo& info, const std::string& person,
                                std::optional<Reply>& failed) {
  auto f = c.ReadFund();
  if (!f.ok()) {
    failed = Problem(StatusFor(f.status()), f.status().message(), c);
    return f.status();
  }
  auto req = reports::MakeRequest((*f)->agreement(), Param(c, "from"), Param(c, "to"), Param(c, "as_at"),
                                  person, Param(c, "cursor"), Param(c, "limit"));
  if (!req.ok()) {
    failed = Problem(400, req.status().message(), c);
    return req.status();
  }
  auto r = info.build(**f, *req);
  if (!r.ok()) {
    failed = Problem(StatusFor(r.status()), r.status().message(), c);
    return r.status();
  }
  for (const std::string& p : r->people) c.Viewed(p);
  return r;
}

std::string PersonLink(const std::string& column, const std::string& cell) {
  return column == "person" && !cell.empty() ? "/people/" + UrlEncode(cell) : "";
}

std::string ReportBody(Context& c, const reports::Report& r) {
  std::string b = "<h1>" + HtmlEscape(r.title) + "</h1>\n";
  b += "<p>" + HtmlEscape(reports::ScopeText(r.scope)) + "</p>\n";
  b += ScopeForm(c, c.req.path, r.scope);
  const std::string base = "/reports/" + r.name + "/csv";
  b += reports::ReportHtml(r, PersonLink, [&](const reports::Table& t) {
    std::string extra = "table=" + t.name;
    if (r.name == "person") extra += "&person=" + UrlEncode(r.people.front());
    return base + ScopeQuery(c, extra, true);  // the same page of people as shown
  });
  if (r.next_cursor) {
    const std::string limit = Param(c, "limit");
    b += "<p><a href=\"" +
         HtmlEscape(c.req.path + ScopeQuery(c, "cursor=" + UrlEncode(*r.next_cursor) +
                                                   (limit.empty() ? "" : "&limit=" + UrlEncode(limit)))) +
         "\">Next page of people</a></p>\n";
  }
  return b;
}

Reply ReportPage(Context& c) {
  const reports::ReportInfo* info = reports::FindReport(c.Param(1));
  if (!info || std::string(info->name) == "person")
    return Problem(404, "there is no report \"" + c.Param(1).substr(0, 40) + "\"", c);
  std::optional<Reply> failed;
  auto r = Build(c, *info, "", failed);
  if (!r.ok()) return *failed;
  return Html(Layout(r->title, ReportBody(c, *r), c.who.user));
}

Reply ReportCsv(Context& c) {
  const reports::ReportInfo* info = reports::FindReport(c.Param(1));
  if (!info) return Problem(404, "there is no report \"" + c.Param(1).substr(0, 40) + "\"", c);
  std::optional<Reply> failed;
  auto r = Build(c, *info, Param(c, "person"), failed);
  if (!r.ok()) return *failed;
  const std::string table = Param(c, "table");
  const reports::Table* t =
      table.empty() ? (r->tables.empty() ? nullptr : &r->tables.front()) : r->Find(table);
  if (!t) return Problem(404, "this report has no table \"" + table.substr(0, 40) + "\"", c);
  return Reply::Text(
      reports::TableCsv(*t), "text/csv; charset=utf-8",
      r->name + "-" + t->name + "-" + r->scope.from.ToString() + "-" + r->scope.to.ToString() + ".csv");
}

Reply PersonPage(Context& c) {
  std::optional<Reply> failed;
  auto r = Build(c, *reports::FindReport("person"), c.Param(1), failed);
  if (!r.ok()) return *failed;
  std::string b = ReportBody(c, *r);
  // Month by month, as a chart above its table.
  if (const reports::Table* months = r->Find("months")) {
    std::vector<std::string> labels;
    reports::Series spent{"Spent", {}};
    for (const auto& row : months->rows) {
      labels.push_back(row[0]);
      spent.values.push_back(*Money::Parse(row[1]));
    }
    const std::string chart = reports::BarChartSvg(
        "person-months", "Spend for " + r->people.front() + ", month by month",
        "Spend each month from " + r->scope.from.ToString() + " to " + r->scope.to.ToString() +
            ", totalling " + (*months->total)[1] + "; the figures are in the table Month by month.",
        labels, {spent});
    const std::string anchor = "<section class=\"table\" id=\"table-months\">";
    const std::size_t at = b.find(anchor);
    b.insert(at == std::string::npos ? b.size() : at, chart);
  }
  return Html(Layout(r->title, b, c.who.user));
}

// Partners: contributions received against spend, as a chart and the transparency report's table.
std::string PartnersSection(const reports::Report& transparency) {
  const reports::Table& partners = *transparency.Find("partners");
  std::vector<std::string> names;
  reports::Series received{"Contributions received", {}}, spent{"Spent", {}};
  for (const auto& row : partners.rows) {
    names.push_back(row[0] + " " + row[1]);
    received.values.push_back(*Money::Parse(row[3]));
    spent.values.push_back(*Money::Parse(row[6]));
  }
  std::string b = "<h2>Each partner's money</h2>\n";
  b += reports::BarChartSvg(
      "chart-partners", "Contributions received and spend, by partner",
      "For each partner, the contributions it paid into the pool and the spend attributed to it. "
      "In all, " +
          (*partners.total)[3] + " received and " + (*partners.total)[6] +
          " spent; the figures are in the table below.",
      names, {received, spent});
  reports::Report partners_only = transparency;
  partners_only.tables = {partners};
  partners_only.notes.clear();
  partners_only.summary.clear();
  b += reports::ReportHtml(partners_only, nullptr, nullptr);
  return b;
}

// Lines: revised budget, actual and forecast outturn.
std::string LinesSection(const reports::Report& monitoring, Context& c) {
  const reports::Table& lines = monitoring.tables.front();
  std::vector<std::string> line_names;
  reports::Series budget{"Revised budget", {}}, actual{"Actual to date", {}},
      forecast{"Forecast outturn", {}};
  for (const auto& row : lines.rows) {
    line_names.push_back(row[0]);
    budget.values.push_back(*Money::Parse(row[5]));
    actual.values.push_back(*Money::Parse(row[6]));
    forecast.values.push_back(*Money::Parse(row[9]));
  }
  std::string b = "<h2>Budget, spend and forecast by line</h2>\n";
  b += reports::BarChartSvg(
      "chart-lines", "Revised budget, actual to date and forecast outturn, by line",
      "For each budget line, its revised budget, what it has spent and its forecast outturn. In "
      "all: budget " +
          (*lines.total)[5] + ", actual " + (*lines.total)[6] + ", forecast " + (*lines.total)[9] +
          ". The figures are in the budget monitoring report.",
      line_names, {budget, actual, forecast});
  b += "<p><a href=\"/reports/budget-monitoring" + HtmlEscape(ScopeQuery(c)) +
       "\">Budget monitoring, line by line</a></p>\n";
  return b;
}

// Dual-running: the overlap cost by the month each overlap began.
std::string DualRunningSection(const std::vector<fund::Transition>& transitions, const reports::Scope& scope,
                               Context& c) {
  std::vector<std::string> months;
  std::map<std::string, Money> by_month;
  for (Period p = scope.from; p <= scope.to; p = p.Next()) {
    months.push_back(p.ToString());
    by_month[p.ToString()] = Money();
  }
  Money dual;
  for (const fund::Transition& t : transitions) {
    if (!t.overlap_start) continue;
    auto it = by_month.find(Period::Of(*t.overlap_start).ToString());
    if (it == by_month.end()) continue;
    it->second += t.overlap_cost;
    dual += t.overlap_cost;
  }
  reports::Series cost{"Dual-running cost", {}};
  for (const std::string& m : months) cost.values.push_back(by_month[m]);
  std::string b = "<h2>Dual-running while people leave hospital</h2>\n";
  b += reports::BarChartSvg(
      "chart-dual-running", "Dual-running cost by the month the overlap began",
      "The cost of running a community package alongside a hospital placement, by the month the "
      "overlap began: " +
          dual.ToString() +
          " in all. Each transition is listed in the "
          "dual-running report.",
      months, {cost});
  b += "<p><a href=\"/reports/dual-running" + HtmlEscape(ScopeQuery(c)) +
       "\">Dual-running, transition by transition</a></p>\n";
  return b;
}

// Links to every report but the one-person report, in the same scope.
std::string ReportLinks(Context& c) {
  std::string b = "<nav class=\"reports\" id=\"reports\"><h2>Reports</h2><ul>\n";
  for (const reports::ReportInfo& r : reports::Catalogue()) {
    if (std::string(r.name) == "person") continue;
    b += "<li><a href=\"/reports/" + std::string(r.name) + HtmlEscape(ScopeQuery(c)) + "\">" +
         HtmlEscape(r.title) + "</a></li>\n";
  }
  b += "</ul></nav>\n";
  return b;
}

// The fund's home page: who put in what and where it went, budget against spend and forecast by
// line, and dual-running over time; then links to every report.
Reply Home(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Problem(StatusFor(f.status()), f.status().message(), c);
  auto req = reports::MakeRequest((*f)->agreement(), Param(c, "from"), Param(c, "to"), Param(c, "as_at"), "",
                                  "", "");
  if (!req.ok()) return Problem(400, req.status().message(), c);
  auto transparency = reports::Transparency(**f, *req);
  if (!transparency.ok())
    return Problem(StatusFor(transparency.status()), transparency.status().message(), c);
  auto monitoring = reports::BudgetMonitoring(**f, *req);
  if (!monitoring.ok()) return Problem(StatusFor(monitoring.status()), monitoring.status().message(), c);
  auto transitions = (*f)->Transitions(req->scope.as_at);
  if (!transitions.ok()) return Problem(StatusFor(transitions.status()), transitions.status().message(), c);

  const fund::Agreement& a = (*f)->agreement();
  std::string b =
      "<h1>" + HtmlEscape(a.name) + " " + HtmlEscape(Period{a.year, 4}.FinancialYearLabel()) + "</h1>\n";
  b += "<p>" + HtmlEscape(reports::ScopeText(req->scope)) +
       ". Lead budget holder: " + HtmlEscape(a.lead_budget_holder) + "; host: " + HtmlEscape(a.host) +
       ".</p>\n";
  b += ScopeForm(c, "/", req->scope);
  b += "<p class=\"summary\" id=\"fund-summary\">" + HtmlEscape(transparency->summary) + " " +
       HtmlEscape(monitoring->summary) + "</p>\n";
  b += PartnersSection(*transparency);
  b += LinesSection(*monitoring, c);
  b += DualRunningSection(*transitions, req->scope, c);
  b += ReportLinks(c);
  return Html(Layout(a.name, b, c.who.user));
}

}  // namespace

const std::vector<Page>& AllPages() {
  static const std::vector<Page> pages = {
      {"/",
       {Role::kFinanceOfficer, Role::kLeadBudgetHolder, Role::kCommissioner, Role::kAuditor, Role::kAdmin},
       Home},
      {"/reports/{name}", kReaders, ReportPage},
      {"/reports/{name}/csv", kReaders, ReportCsv},
      {"/people/{pseudonym}", kReaders, PersonPage},
  };
  return pages;
}

}  // namespace poolbook::api::web
