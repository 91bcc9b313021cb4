#include "golden/golden_outputs.h"

#include <sstream>

#include "golden/golden_fund.h"
#include "reports/export.h"
#include "reports/html.h"
#include "reports/reports.h"
#include "reports/trial_balance.h"

namespace poolbook::testing {
namespace {

// The moment the scoped reports are read as at: after the second virement was approved, before
// the contribution was varied and the quarter's payment run.
constexpr const char* kScopedAsAt = "2025-09-05";

std::string Failed(const Status& st) {
  return std::string("FAILED: ") + CodeName(st.code()) + ": " + st.message() + "\n";
}

// The web page's links: a person's page for each pseudonym, a CSV download for each table.
std::string PersonLink(const std::string& column, const std::string& cell) {
  return column == "person" && !cell.empty() ? "/people/" + cell : "";
}

StatusOr<reports::Report> Build(fund::Fund& fund, const reports::ReportInfo& info, const std::string& from,
                                const std::string& to, const std::string& as_at, const std::string& limit) {
  const std::string person = std::string(info.name) == "person" ? kGoldenPerson : "";
  auto req = reports::MakeRequest(fund.agreement(), from, to, as_at, person, "", limit);
  if (!req.ok()) return req.status();
  return info.build(fund, *req);
}

// The report as `poolbook report NAME` gives it by default (the fund's year, as recorded now), in
// every format.
void RenderReport(fund::Fund& fund, const reports::ReportInfo& info,
                  std::map<std::string, std::string>& out) {
  const std::string name = info.name;
  auto r = Build(fund, info, "", "", "", "");
  if (!r.ok()) {
    out[name + ".txt"] = Failed(r.status());
    return;
  }
  out[name + ".txt"] = reports::ReportText(*r);
  out[name + ".json"] = reports::ReportJson(*r).dump(2) + "\n";
  out[name + ".html"] = reports::ReportHtml(*r, PersonLink, [&](const reports::Table& t) {
    return "/reports/" + name + "/csv?table=" + t.name +
           (name == "person" ? "&person=" + r->people.front() : "");
  });
  for (std::size_t i = 0; i < r->tables.size(); ++i) {
    const reports::Table& t = r->tables[i];
    out[name + (i == 0 ? "" : "." + t.name) + ".csv"] = reports::TableCsv(t);
  }
}

// The same report for the second quarter as the ledger stood on kScopedAsAt (the end of that
// day): the periods asked and the entries recorded later left out.
void RenderScoped(fund::Fund& fund, const reports::ReportInfo& info,
                  std::map<std::string, std::string>& out) {
  auto r = Build(fund, info, "2025-07", "2025-09", kScopedAsAt, "");
  out[std::string(info.name) + ".2025-07-to-2025-09-as-at-" + kScopedAsAt + ".txt"] =
      r.ok() ? reports::ReportText(*r) : Failed(r.status());
}

void RenderExports(store::Database& db, std::map<std::string, std::string>& out) {
  std::ostringstream csv;
  auto manifest = reports::ExportAudit(db, csv);
  out["audit-export.csv"] = manifest.ok() ? csv.str() : Failed(manifest.status());
  if (manifest.ok())
    out["audit-export.csv.manifest.json"] = reports::AuditManifestJson(*manifest, "audit-export.csv");
  std::ostringstream journal;
  const Status st = reports::ExportJournal(db, journal);
  out["journal-export.journal"] = st.ok() ? journal.str() : Failed(st);
}

}  // namespace

std::map<std::string, std::string> RenderGoldenOutputs(fund::Fund& fund) {
  std::map<std::string, std::string> out;
  for (const reports::ReportInfo& info : reports::Catalogue()) {
    RenderReport(fund, info, out);
    RenderScoped(fund, info, out);
  }
  // A page of spend per person: two people, and where the next page starts.
  auto page = Build(fund, *reports::FindReport("spend-per-person"), "", "", "", "2");
  out["spend-per-person.limit-2.json"] =
      page.ok() ? reports::ReportJson(*page).dump(2) + "\n" : Failed(page.status());
  auto tb = reports::BuildTrialBalance(fund.journal(), std::nullopt);
  if (tb.ok()) {
    out["ledger-trial-balance.txt"] = reports::TrialBalanceText(*tb);
    out["ledger-trial-balance.csv"] = reports::TrialBalanceCsv(*tb);
    out["ledger-trial-balance.json"] = reports::TrialBalanceJson(*tb);
  } else {
    out["ledger-trial-balance.txt"] = Failed(tb.status());
  }
  RenderExports(fund.journal().db(), out);
  return out;
}

}  // namespace poolbook::testing
