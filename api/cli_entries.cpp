// The commands that write entries: post, import, reverse, close-period.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <ostream>

#include "api/cli.h"
#include "api/cli_handlers.h"
#include "api/entry_json.h"
#include "api/json_input.h"
#include "ledger/import.h"

namespace poolbook::api::cli {
namespace {

// Redraws the import's progress on one line of stderr; with the file's size (0 for a pipe) a
// bar and a percentage, else the count of entries only.
void DrawImportProgress(std::ostream& err, std::uint64_t size, std::uint64_t bytes, long long entries) {
  constexpr std::uint64_t kWidth = 30;
  err << "\rimporting ";
  if (size > 0) {
    const std::uint64_t filled = std::min(kWidth, kWidth * bytes / size);
    err << "[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
        << std::min<std::uint64_t>(100, 100 * bytes / size) << "%  ";
  }
  err << entries << " entries" << std::flush;
}

int ImportStopped(CliContext& c, const ImportResult& r) {
  c.err << "poolbook: import stopped: " << r.status.message() << "\n";
  for (std::size_t i = 1; i < r.errors.size(); ++i) c.err << "  " << r.errors[i] << "\n";
  if (r.entries_written + r.entries_replayed > 0) {
    c.err << "  " << r.entries_written
          << " entries were written before the stop; fix the file and import it again:"
          << " entries already written are recognised by their keys and skipped\n";
  }
  return kExitRefused;
}

}  // namespace

int Post(CliContext& c) {
  std::string text;
  if (c.OperandCount() == 1 && c.Operand(0) != "-") {
    std::ifstream f(c.Operand(0), std::ios::binary);
    if (!f) return c.Refused(NotFound("cannot read file \"" + c.Operand(0) + "\""));
    text.assign(std::istreambuf_iterator<char>(f), {});
  } else {
    text.assign(std::istreambuf_iterator<char>(c.in), {});
  }
  auto entry = EntryFromJsonText(text);
  if (!entry.ok()) return c.Refused(entry.status());
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto r = (*j)->Post(*entry, c.User());
  if (!r.ok()) return c.Refused(r.status());
  if (r->replayed) {
    c.out << "already posted as entry " << r->id << " (same key, same content); nothing new written\n";
  } else {
    c.out << "posted entry " << r->id << " " << r->hash << "\n";
  }
  return kExitOk;
}

int Import(CliContext& c) {
  const std::string& path = c.Operand(0);
  std::ifstream f(path, std::ios::binary);
  if (!f) return c.Refused(NotFound("cannot read file \"" + path + "\""));
  f.seekg(0, std::ios::end);
  const std::streamoff size = f.tellg();  // -1 for a pipe: then the bar shows counts only
  f.clear();
  f.seekg(0);
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  ImportOptions o;
  o.user = c.User();
  o.create_accounts = c.Flag("--create-accounts");
  if (c.tty) {
    const std::uint64_t total = size > 0 ? static_cast<std::uint64_t>(size) : 0;
    o.progress = [&c, total](std::uint64_t bytes, long long entries) {
      DrawImportProgress(c.err, total, bytes, entries);
    };
  }
  ImportResult r = ImportCsv(**j, f, o);
  if (c.tty) c.err << "\n";
  if (!r.status.ok()) return ImportStopped(c, r);
  c.out << "imported " << r.rows << " rows: " << r.entries_written << " new entries, " << r.entries_replayed
        << " already present\n";
  return kExitOk;
}

int Reverse(CliContext& c) {
  auto id = ParseId(c.Operand(0), "an entry id", "");
  if (!id.ok()) return c.Refused(id.status());
  ReverseOptions o;
  o.user = c.User();
  o.reason = c.Opt("--reason");
  o.key = c.Opt("--key");
  if (c.Has("--date")) {
    auto d = Date::Parse(c.Opt("--date"));
    if (!d.ok()) return c.Refused(d.status());
    o.date = *d;
  }
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto r = (*j)->Reverse(*id, o);
  if (!r.ok()) return c.Refused(r.status());
  c.out << (r->replayed ? "already reversed by entry " : "reversed by entry ") << r->id << "\n";
  return kExitOk;
}

int ClosePeriod(CliContext& c) {
  auto period = Period::Parse(c.Operand(0));
  if (!period.ok()) return c.Refused(period.status());
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto r = (*j)->ClosePeriod(*period, c.User());
  if (!r.ok()) return c.Refused(r.status());
  if (r->from && *r->from != r->through) {
    c.out << "closed periods " << r->from->ToString() << " to " << r->through.ToString();
  } else if (r->from) {
    c.out << "closed period " << r->through.ToString();
  } else {
    c.out << "closed every period up to and including " << r->through.ToString();
  }
  c.out << "; the current open period is " << r->through.Next().ToString() << "\n";
  return kExitOk;
}

}  // namespace poolbook::api::cli
