// Reports (reports/): the catalogue, and any report as JSON or as CSV (one table), with the same
// scope every route takes. Every person a report shows is written to the access log.
#include "reports/reports.h"

#include "api/routes/route.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

Reply List(Context& c) {
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  json out = json::array();
  for (const reports::ReportInfo& r : reports::Catalogue()) {
    out.push_back({{"name", r.name},
                   {"title", r.title},
                   {"names_people", r.personal},
                   {"href", std::string("/api/v1/reports/") + r.name}});
  }
  return Reply::Json({{"reports", out}});
}

Reply Get(Context& c) {
  const reports::ReportInfo* info = reports::FindReport(c.Param(1));
  if (!info)
    return Reply::Missing("there is no report \"" + c.Param(1).substr(0, 40) +
                          "\"; GET /api/v1/reports lists them");
  In q = In::Query(c.req);
  const std::string from = q.OptStr("from"), to = q.OptStr("to"), as_at = q.OptStr("as_at");
  const std::string person = q.OptStr("person"), cursor = q.OptStr("cursor"), limit = q.OptStr("limit");
  const std::string format = q.OptStr("format", "json"), table = q.OptStr("table");
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  if (format != "json" && format != "csv")
    return Reply::Bad(InvalidArgument("format is json or csv", "format"));
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto req = reports::MakeRequest((*f)->agreement(), from, to, as_at, person, cursor, limit);
  if (!req.ok()) return Reply::Bad(req.status());
  auto report = info->build(**f, *req);
  if (!report.ok()) {
    if (report.status().code() == Code::kNotFound && report.status().field() == "person")
      return Reply::Missing(report.status().message());
    return report.status().code() == Code::kInvalidArgument ? Reply::Bad(report.status())
                                                            : Reply::Refused(report.status());
  }
  for (const std::string& p : report->people) c.Viewed(p);
  if (format == "json") return Reply::Json(reports::ReportJson(*report));
  const reports::Table* t =
      table.empty() ? (report->tables.empty() ? nullptr : &report->tables[0]) : report->Find(table);
  if (!t) {
    std::string names;
    for (const reports::Table& x : report->tables) names += (names.empty() ? "" : ", ") + x.name;
    return Reply::Bad(InvalidArgument("this report's tables are " + names, "table"));
  }
  return Reply::Text(reports::TableCsv(*t), "text/csv; charset=utf-8",
                     report->name + "-" + t->name + "-" + req->scope.from.ToString() + "-" +
                         req->scope.to.ToString() + ".csv");
}

}  // namespace

void AddReportRoutes(std::vector<Route>& r) {
  r.push_back({"GET", "/api/v1/reports", kReaders, "The reports there are", List});
  r.push_back({"GET", "/api/v1/reports/{name}", kReaders,
               "A report as JSON, or one of its tables as CSV (?format=csv&table=NAME)", Get});
}

}  // namespace poolbook::api
