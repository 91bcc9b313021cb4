// The audit export (reports/export.h) for auditors over HTTP: the CSV of every posting, streamed
// as it is written from one read transaction (memory does not grow with the journal), and its
// manifest for exactly the same bytes, computed by writing the export into a sink that only
// counts and hashes. Both go to the entry named by ?through= (default: the last one recorded), and
// say which in the Poolbook-Through-Entry header, so the CSV taken now and the manifest asked for
// later describe the same journal however many entries were appended between them.
//
// Everything that can be refused is refused before the first byte of the CSV: the query, the
// allowance of exports at once (kExportsAtOnceMax), the snapshot and the bound, and the access log
// of every person the CSV shows (written by the server, durably, before it sends anything). A
// failure after that can only cut the connection; the manifest's sha256 shows the download was cut.
#include <streambuf>

#include "api/routes/route.h"
#include "api/server.h"
#include "reports/export.h"

namespace poolbook::api {
namespace {

constexpr const char* kThroughHeader = "Poolbook-Through-Entry";

// The CSV's name as offered for download, and as the manifest's "file".
std::string CsvName(long long through) {
  return "poolbook-audit-through-" + std::to_string(through) + ".csv";
}

// An export begun for this request: its slot among kExportsAtOnceMax, and its snapshot. Members
// are destroyed in reverse order: the snapshot's read transaction ends before the slot is given
// back, so once no slot is held no export holds the ledger's WAL.
struct Begun {
  std::shared_ptr<void> slot;
  std::shared_ptr<reports::AuditExport> audit;
};

// Reads ?through=, takes a slot and begins the export; the refusal, if any.
std::optional<Reply> Begin(Context& c, Begun& out) {
  In q = In::Query(c.req);
  const std::string text = q.OptStr("through");
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  std::optional<long long> through;
  if (c.req.has_param("through")) {
    auto n = ParseId(text, "an entry id", "through");
    if (!n.ok()) return Reply::Bad(n.status());
    if (*n < 1)
      return Reply::Bad(
          InvalidArgument("through is the id of the last entry to include: 1 or more", "through"));
    through = *n;
  }
  out.slot = c.exports ? c.exports->TryTake() : nullptr;
  if (!out.slot) {
    return Reply::Fail(MakeProblem(
        503, "the server is already running " + std::to_string(kExportsAtOnceMax) +
                 " exports, as many as it runs at once; nothing was done; try again when one has finished"));
  }
  auto audit = reports::AuditExport::Begin(c.read().db(), through);
  if (!audit.ok()) return Reply::Refused(audit.status());  // past the last entry: 422 on "through"
  out.audit = std::move(*audit);
  return std::nullopt;
}

// Takes every byte and keeps none: the export's own digest and counts are what is wanted.
class Discard : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

Reply AuditCsv(Context& c) {
  Begun b;
  if (auto refused = Begin(c, b)) return *refused;
  // HEAD (which the HTTP library routes here too) sends the headers and no body: it shows no one.
  if (c.req.method != "HEAD") {
    auto people = b.audit->People();
    if (!people.ok()) return Reply::Refused(people.status());
    for (const std::string& p : *people) c.Viewed(p);
  }
  const long long through = b.audit->through();
  Reply r = Reply::Stream(
      [begun = std::move(b)](std::ostream& out) -> Status {
        auto m = begun.audit->Write(out);
        return m.ok() ? Status::Ok() : m.status();
      },
      "text/csv; charset=utf-8", CsvName(through));
  // It names people: never kept by a browser or a proxy.
  r.headers = {{kThroughHeader, std::to_string(through)},
               {"Cache-Control", "no-store"},
               {"X-Content-Type-Options", "nosniff"}};
  return r;
}

Reply Manifest(Context& c) {
  Begun b;
  if (auto refused = Begin(c, b)) return *refused;
  Discard discard;
  std::ostream out(&discard);
  auto m = b.audit->Write(out);
  if (!m.ok()) return Reply::Refused(m.status());
  Reply r = Reply::Json(nlohmann::json::parse(reports::AuditManifestJson(*m, CsvName(m->through))));
  r.headers = {{kThroughHeader, std::to_string(m->through)}};
  return r;
}

}  // namespace

void AddExportRoutes(std::vector<Route>& r) {
  r.push_back({"GET",
               "/api/v1/exports/audit",
               {Role::kAuditor},
               "Every posting as CSV, streamed, through one entry (?through=N; default the last)",
               AuditCsv});
  r.push_back({"GET",
               "/api/v1/exports/audit/manifest",
               {Role::kAuditor},
               "The manifest of the audit CSV through the same entry: counts, totals, hashes, SHA-256",
               Manifest});
}

}  // namespace poolbook::api
