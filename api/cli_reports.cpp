// The commands that show the ledger's figures: report, export audit, export journal. Whatever
// shows people is written to the access log first, like any other view (role cli).
#include <algorithm>
#include <chrono>
#include <ostream>

#include "api/access_log.h"
#include "api/cli.h"
#include "api/cli_handlers.h"
#include "reports/export.h"
#include "reports/reports.h"

namespace poolbook::api::cli {
namespace {

// Logs that `people` were shown by `command`; `what` names the step in a refusal.
Status LogSeen(CliContext& c, Journal& journal, const std::vector<std::string>& people,
               const std::string& command, const std::string& what) {
  if (people.empty()) return Status();
  std::vector<AccessRecord> seen;
  seen.reserve(people.size());
  const std::string now = store::UtcTimestamp(std::chrono::system_clock::now());
  for (const std::string& p : people) seen.push_back({0, now, c.User(), "cli", p, "CLI", command, command});
  try {
    store::WriteTransaction tx(journal.db());
    InsertAccessRecords(journal.db(), seen);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, what);
  }
  return Status();
}

int ReportList(CliContext& c) {
  for (const reports::ReportInfo& r : reports::Catalogue())
    c.out << r.name << std::string(20 - std::min<std::size_t>(19, std::string(r.name).size()), ' ') << r.title
          << (r.personal ? " (names people)" : "") << "\n";
  return kExitOk;
}

StatusOr<reports::Report> BuildReport(CliContext& c, Journal& journal, const reports::ReportInfo& info) {
  auto f = fund::Fund::Load(journal);
  if (!f.ok()) return f.status();
  auto req = reports::MakeRequest((*f)->agreement(), c.Opt("--from"), c.Opt("--to"), c.Opt("--as-at"),
                                  c.Opt("--person"), c.Opt("--cursor"), c.Opt("--limit"));
  if (!req.ok()) return req.status();
  return info.build(**f, *req);
}

// Both exports show every person with a posting: logged before the file is written, and then
// written through the same last entry, so that nobody appended meanwhile is shown unlogged.
StatusOr<long long> LogExport(CliContext& c, Journal& journal, const std::string& what) {
  auto through = reports::LastEntryId(journal.db());
  if (!through.ok()) return through.status();
  auto people = reports::PeopleThrough(journal.db(), *through);
  if (!people.ok()) return people.status();
  POOLBOOK_RETURN_IF_ERROR(LogSeen(c, journal, *people, "poolbook export " + what,
                                   "recording who the export shows in the access log"));
  return *through;
}

}  // namespace

int Report(CliContext& c) {
  const std::string name = c.Operand(0);
  if (name == "list") return ReportList(c);
  const reports::ReportInfo* info = reports::FindReport(name);
  if (!info) return c.Usage("there is no report \"" + name + "\"; poolbook report list names them");
  const std::string format = c.Opt("--format", "text");
  if (format != "text" && format != "json" && format != "csv")
    return c.Usage("--format is text, json or csv");
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto report = BuildReport(c, **j, *info);
  if (!report.ok()) return c.Refused(report.status());
  // Refusals first, so that nothing is logged as seen that was not shown.
  const std::string table = c.Opt("--table", report->tables.empty() ? "" : report->tables[0].name);
  const reports::Table* t = report->Find(table);
  if (format == "csv" && !t)
    return c.Refused(InvalidArgument("this report has no table \"" + table + "\"", "table"));
  if (Status st = LogSeen(c, **j, report->people, "poolbook report " + name,
                          "recording who saw the report in the access log");
      !st.ok())
    return c.Refused(st);
  if (format == "json") {
    c.out << reports::ReportJson(*report).dump(2) << "\n";
  } else if (format == "csv") {
    c.out << reports::TableCsv(*t);
  } else {
    c.out << reports::ReportText(*report);
  }
  return kExitOk;
}

int ExportAudit(CliContext& c) {
  const std::string out = c.Opt("--out");
  if (out.empty()) return c.Usage("export audit needs --out FILE");
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto through = LogExport(c, **j, "audit");
  if (!through.ok()) return c.Refused(through.status());
  reports::AuditManifest m;
  if (Status st = reports::ExportAuditToFile((*j)->db(), out, &m, *through); !st.ok()) return c.Refused(st);
  c.out << m.rows << " postings of " << m.entries << " entries written to " << out << "; manifest in " << out
        << ".manifest.json (SHA-256 " << m.sha256 << ")\n";
  return kExitOk;
}

int ExportJournal(CliContext& c) {
  const std::string out = c.Opt("--out");
  if (out.empty()) return c.Usage("export journal needs --out FILE");
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto through = LogExport(c, **j, "journal");
  if (!through.ok()) return c.Refused(through.status());
  if (Status st = reports::ExportJournalToFile((*j)->db(), out, *through); !st.ok()) return c.Refused(st);
  c.out << "journal written to " << out << "\n";
  return kExitOk;
}

}  // namespace poolbook::api::cli
