#include "api/cli.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "api/access_log.h"
#include "api/auth.h"
#include "api/entry_json.h"
#include "api/fund_json.h"
#include "api/json_input.h"
#include "api/serve.h"
#include "config/fund_file.h"
#include "config/server_config.h"
#include "ledger/fund/demo.h"
#include "ledger/import.h"
#include "ledger/journal.h"
#include "ledger/verify.h"
#include "reports/export.h"
#include "reports/reports.h"
#include "reports/trial_balance.h"

namespace poolbook::api {
namespace {

constexpr const char* kUsage =
    "usage: poolbook [--db CONNECTION] [--user NAME] COMMAND ...\n"
    "\n"
    "commands:\n"
    "  init                                   create the ledger (or check it is ready)\n"
    "  demo                                   build the demo pooled fund (FY 2025-26) and print its trial "
    "balance\n"
    "  fund setup FILE                        set the pooled fund up from its description "
    "(config/example-fund.json)\n"
    "  fund status [--date YYYY-MM-DD]        the fund's figures as JSON: partners, contributions, lines, "
    "risk share\n"
    "  partner add CODE NAME                  register a partner (an ICB, a council, ...)\n"
    "  partner close CODE                     close a partner whose balances are all zero\n"
    "  partner list\n"
    "  account open NAME TYPE                 open an account; TYPE: asset liability income expense equity\n"
    "  account close NAME                     close an account whose balances are all zero\n"
    "  account list\n"
    "  post [FILE]                            post one entry given as JSON (FILE or standard input)\n"
    "  import FILE [--create-accounts]        import entries from CSV\n"
    "  show ENTRY_ID                          print one entry as JSON\n"
    "  balance ACCOUNT [--partner CODE] [--book BOOK]\n"
    "  trial-balance [--book BOOK] [--format text|csv|json]\n"
    "  reverse ENTRY_ID --reason TEXT [--key KEY] [--date YYYY-MM-DD]\n"
    "  close-period YYYY-MM                   close every period up to and including this month\n"
    "  verify                                 check the hash chain, every entry and every balance\n"
    "  report list                            the reports there are\n"
    "  report NAME [--from YYYY-MM] [--to YYYY-MM] [--as-at DATE|TIME] [--person P] [--cursor P]\n"
    "              [--limit N] [--format text|json|csv] [--table T]\n"
    "                                         a report (default: the fund's year, as recorded now)\n"
    "  export audit --out FILE                the whole journal as CSV, with FILE.manifest.json beside it\n"
    "  export journal --out FILE              the journal for hledger or ledger-cli\n"
    "  serve [--config FILE] [--port N]       run the HTTP API (config/poolbook.json; POOLBOOK_* overrides)\n"
    "  user add NAME ROLE                     create an API user and print their first token (shown once);\n"
    "                                         ROLE: finance_officer lead_budget_holder commissioner auditor "
    "admin\n"
    "  user token NAME [--label TEXT]         issue another token for a user (shown once)\n"
    "  user revoke TOKEN_ID                   revoke a token\n"
    "  user disable NAME                      disable a user and revoke their tokens\n"
    "  user list\n"
    "  user demo [--port N]                   a demo user and fresh token for every role, with a curl "
    "example\n"
    "\n"
    "--db takes an SQLite file path (default poolbook.db) or sqlite3://db=FILE.\n"
    "--user names who posts (default: $POOLBOOK_USER, else $USER, else \"cli\").\n";

const std::set<std::string> kValueOptions = {"--db",     "--user",  "--partner", "--book",   "--format",
                                             "--reason", "--key",   "--date",    "--config", "--port",
                                             "--label",  "--from",  "--to",      "--as-at",  "--person",
                                             "--cursor", "--limit", "--table",   "--out"};
const std::set<std::string> kFlags = {"--create-accounts", "--help"};

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  std::set<std::string> flags;
  std::string Opt(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

// Parses options anywhere on the line; returns an error text for a usage problem.
std::string Parse(const std::vector<std::string>& raw, Args& a) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string& s = raw[i];
    if (s.rfind("--", 0) != 0 || s == "--") {
      a.positional.push_back(s);
      continue;
    }
    std::string name = s, value;
    bool has_value = false;
    if (auto eq = s.find('='); eq != std::string::npos) {
      name = s.substr(0, eq);
      value = s.substr(eq + 1);
      has_value = true;
    }
    if (kFlags.count(name)) {
      if (has_value) return "option " + name + " takes no value";
      a.flags.insert(name);
    } else if (kValueOptions.count(name)) {
      if (!has_value) {
        if (i + 1 >= raw.size()) return "option " + name + " needs a value";
        value = raw[++i];
      }
      a.options[name] = value;
    } else {
      return "unknown option " + name;
    }
  }
  return "";
}

std::string DefaultUser() {
  if (const char* u = std::getenv("POOLBOOK_USER"); u && *u) return u;
  if (const char* u = std::getenv("USER"); u && *u) return u;
  return "cli";
}

class Cli {
 public:
  Cli(const Args& a, std::istream& in, std::ostream& out, std::ostream& err, bool tty)
      : a_(a), in_(in), out_(out), err_(err), tty_(tty) {}

  int Run() {
    const auto& p = a_.positional;
    if (p.empty() || a_.flags.count("--help")) {
      (p.empty() && !a_.flags.count("--help") ? err_ : out_) << kUsage;
      return p.empty() && !a_.flags.count("--help") ? kExitUsage : kExitOk;
    }
    const std::string& cmd = p[0];
    if (cmd == "init") return Arity(1) ? Init() : kExitUsage;
    if (cmd == "demo") return Arity(1) ? Demo() : kExitUsage;
    if (cmd == "fund") return Fund();
    if (cmd == "partner") return Partner();
    if (cmd == "account") return Account();
    if (cmd == "post")
      return (p.size() == 1 || p.size() == 2) ? Post() : Usage("post takes at most one FILE");
    if (cmd == "import") return Arity(2) ? Import() : kExitUsage;
    if (cmd == "show") return Arity(2) ? Show() : kExitUsage;
    if (cmd == "balance") return Arity(2) ? Balance() : kExitUsage;
    if (cmd == "trial-balance") return Arity(1) ? TrialBalance() : kExitUsage;
    if (cmd == "reverse") return Arity(2) ? Reverse() : kExitUsage;
    if (cmd == "close-period") return Arity(2) ? ClosePeriod() : kExitUsage;
    if (cmd == "verify") return Arity(1) ? VerifyCmd() : kExitUsage;
    if (cmd == "serve") return Arity(1) ? Serve() : kExitUsage;
    if (cmd == "user") return UserCmd();
    if (cmd == "report") return Arity(2) ? Report() : kExitUsage;
    if (cmd == "export") return Arity(2) ? Export() : kExitUsage;
    return Usage("unknown command \"" + cmd + "\"");
  }

 private:
  int Usage(const std::string& why) {
    err_ << "poolbook: " << why << "\n\n" << kUsage;
    return kExitUsage;
  }
  bool Arity(std::size_t n) {
    if (a_.positional.size() == n) return true;
    Usage(a_.positional[0] + " takes " + std::to_string(n - 1) + " argument" + (n == 2 ? "" : "s"));
    return false;
  }
  int Refused(const Status& st) {
    err_ << "poolbook: " << st.message() << "\n";
    return kExitRefused;
  }
  std::string User() const { return a_.Opt("--user", DefaultUser()); }

  // Opens the ledger once per command.
  Journal* J() {
    if (!journal_) {
      auto j = Journal::Open(a_.Opt("--db", "poolbook.db"));
      if (!j.ok()) {
        open_error_ = j.status();
        return nullptr;
      }
      journal_ = std::move(*j);
    }
    return journal_.get();
  }

  int Init() {
    if (!J()) return Refused(open_error_);
    out_ << "ledger ready: " << a_.Opt("--db", "poolbook.db") << " (schema version "
         << journal_->db().schema_version() << ")\n";
    return kExitOk;
  }

  int Demo() {
    if (!J()) return Refused(open_error_);
    fund::DemoOptions o;
    o.user = User();
    if (tty_) {
      o.progress = [&](const std::string& stage, int done, int total) {
        constexpr int kWidth = 24;
        const int filled = std::min(kWidth, kWidth * done / total);
        err_ << "\rbuilding the demo fund [" << std::string(static_cast<std::size_t>(filled), '#')
             << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] " << stage << "          "
             << std::flush;
      };
    }
    auto built = fund::BuildDemoFund(*journal_, o);
    if (tty_) err_ << "\n";
    if (!built.ok()) return Refused(built.status());
    const fund::DemoSummary& s = *built;
    if (s.already_there) {
      out_ << "The demo fund is already in " << a_.Opt("--db", "poolbook.db")
           << "; nothing new was written.\n\n";
    } else {
      out_ << "Demo fund written to " << a_.Opt("--db", "poolbook.db") << ": " << s.people << " people, "
           << s.phbs << " personal health budgets, " << s.packages << " packages, " << s.crises << " crises, "
           << s.transitions << " transitions; " << s.invoices << " invoices and " << s.phb_payments
           << " PHB payments paid, " << s.virements << " virements, " << s.recoveries << " recoveries.\n\n";
    }
    auto f = fund::Fund::Load(*journal_);
    if (!f.ok()) return Refused(f.status());
    auto positions = (*f)->Positions();
    if (!positions.ok()) return Refused(positions.status());
    out_ << "Each partner's money (brought forward + received - spent - settled = pool):\n";
    for (const fund::PartnerPosition& p : *positions) {
      out_ << "  " << p.partner << "  brought forward " << p.brought_forward.ToString() << "  received "
           << p.received.ToString() << "  spent " << p.spent.ToString() << "  settled "
           << p.settled.ToString() << "  pool " << p.pool.ToString() << "\n";
    }
    out_ << "\n";
    return PrintTrialBalance(std::nullopt, "text");
  }

  int Fund() {
    const auto& p = a_.positional;
    if (p.size() == 3 && p[1] == "setup") {
      auto agreement = config::LoadFundFile(p[2]);
      if (!agreement.ok()) return Refused(agreement.status());
      if (!J()) return Refused(open_error_);
      auto f = fund::Fund::SetUp(*journal_, *agreement, User());
      if (!f.ok()) return Refused(f.status());
      out_ << "fund set up: " << agreement->name << "; " << agreement->partners.size() << " partners, "
           << agreement->lines.size() << " lines; host " << agreement->host << ", lead budget holder "
           << agreement->lead_budget_holder << "\n";
      return kExitOk;
    }
    if (p.size() == 2 && p[1] == "status") {
      if (!J()) return Refused(open_error_);
      auto f = fund::Fund::Load(*journal_);
      if (!f.ok()) return Refused(f.status());
      Date as_of{(*f)->agreement().year + 1, 3, 31};  // default: the year's last day
      if (a_.options.count("--date")) {
        auto d = Date::Parse(a_.Opt("--date"));
        if (!d.ok()) return Refused(d.status());
        as_of = *d;
      }
      auto j = FundStatusJson(**f, as_of);
      if (!j.ok()) return Refused(j.status());
      out_ << j->dump(2) << "\n";
      return kExitOk;
    }
    return Usage("fund takes setup FILE or status");
  }

  int Partner() {
    const auto& p = a_.positional;
    if (p.size() >= 2 && p[1] == "add") {
      if (p.size() != 4) return Usage("partner add takes CODE NAME");
      if (!J()) return Refused(open_error_);
      if (Status st = journal_->AddPartner(p[2], p[3]); !st.ok()) return Refused(st);
      out_ << "partner " << p[2] << " added\n";
      return kExitOk;
    }
    if (p.size() >= 2 && p[1] == "close") {
      if (p.size() != 3) return Usage("partner close takes CODE");
      if (!J()) return Refused(open_error_);
      if (Status st = journal_->ClosePartner(p[2]); !st.ok()) return Refused(st);
      out_ << "partner " << p[2] << " closed\n";
      return kExitOk;
    }
    if (p.size() == 2 && p[1] == "list") {
      if (!J()) return Refused(open_error_);
      auto rows = journal_->Partners();
      if (!rows.ok()) return Refused(rows.status());
      for (const auto& r : *rows)
        out_ << r.code << "\t" << r.name << (r.closed_at ? "\t(closed)" : "") << "\n";
      return kExitOk;
    }
    return Usage("partner takes add, close or list");
  }

  int Account() {
    const auto& p = a_.positional;
    if (p.size() >= 2 && p[1] == "open") {
      if (p.size() != 4) return Usage("account open takes NAME TYPE");
      auto type = ParseAccountType(p[3]);
      if (!type.ok()) return Refused(type.status());
      if (!J()) return Refused(open_error_);
      if (Status st = journal_->OpenAccount(p[2], *type); !st.ok()) return Refused(st);
      out_ << "account " << p[2] << " opened (" << p[3] << ")\n";
      return kExitOk;
    }
    if (p.size() >= 2 && p[1] == "close") {
      if (p.size() != 3) return Usage("account close takes NAME");
      if (!J()) return Refused(open_error_);
      if (Status st = journal_->CloseAccount(p[2]); !st.ok()) return Refused(st);
      out_ << "account " << p[2] << " closed\n";
      return kExitOk;
    }
    if (p.size() == 2 && p[1] == "list") {
      if (!J()) return Refused(open_error_);
      auto rows = journal_->Accounts();
      if (!rows.ok()) return Refused(rows.status());
      for (const auto& r : *rows) {
        out_ << r.name << "\t" << AccountTypeName(r.type) << (r.closed_at ? "\t(closed)" : "") << "\n";
      }
      return kExitOk;
    }
    return Usage("account takes open, close or list");
  }

  int Post() {
    std::string text;
    if (a_.positional.size() == 2 && a_.positional[1] != "-") {
      std::ifstream f(a_.positional[1], std::ios::binary);
      if (!f) return Refused(NotFound("cannot read file \"" + a_.positional[1] + "\""));
      text.assign(std::istreambuf_iterator<char>(f), {});
    } else {
      text.assign(std::istreambuf_iterator<char>(in_), {});
    }
    auto entry = EntryFromJsonText(text);
    if (!entry.ok()) return Refused(entry.status());
    if (!J()) return Refused(open_error_);
    auto r = journal_->Post(*entry, User());
    if (!r.ok()) return Refused(r.status());
    if (r->replayed) {
      out_ << "already posted as entry " << r->id << " (same key, same content); nothing new written\n";
    } else {
      out_ << "posted entry " << r->id << " " << r->hash << "\n";
    }
    return kExitOk;
  }

  int Import() {
    const std::string& path = a_.positional[1];
    std::ifstream f(path, std::ios::binary);
    if (!f) return Refused(NotFound("cannot read file \"" + path + "\""));
    f.seekg(0, std::ios::end);
    const std::streamoff size = f.tellg();  // -1 for a pipe: then the bar shows counts only
    f.clear();
    f.seekg(0);
    if (!J()) return Refused(open_error_);
    ImportOptions o;
    o.user = User();
    o.create_accounts = a_.flags.count("--create-accounts") > 0;
    if (tty_) {
      o.progress = [&](std::uint64_t bytes, long long entries) {
        constexpr std::uint64_t kWidth = 30;
        err_ << "\rimporting ";
        if (size > 0) {
          const std::uint64_t total = static_cast<std::uint64_t>(size);
          const std::uint64_t filled = std::min(kWidth, kWidth * bytes / total);
          err_ << "[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
               << std::min<std::uint64_t>(100, 100 * bytes / total) << "%  ";
        }
        err_ << entries << " entries" << std::flush;
      };
    }
    ImportResult r = ImportCsv(*journal_, f, o);
    if (tty_) err_ << "\n";
    if (!r.status.ok()) {
      err_ << "poolbook: import stopped: " << r.status.message() << "\n";
      for (std::size_t i = 1; i < r.errors.size(); ++i) err_ << "  " << r.errors[i] << "\n";
      if (r.entries_written + r.entries_replayed > 0) {
        err_ << "  " << r.entries_written
             << " entries were written before the stop; fix the file and import it again:"
             << " entries already written are recognised by their keys and skipped\n";
      }
      return kExitRefused;
    }
    out_ << "imported " << r.rows << " rows: " << r.entries_written << " new entries, " << r.entries_replayed
         << " already present\n";
    return kExitOk;
  }

  static StatusOr<long long> EntryId(const std::string& s) { return ParseId(s, "an entry id", ""); }

  int Show() {
    auto id = EntryId(a_.positional[1]);
    if (!id.ok()) return Refused(id.status());
    if (!J()) return Refused(open_error_);
    auto e = journal_->GetEntry(*id);
    if (!e.ok()) return Refused(e.status());
    out_ << EntryToJson(*e).dump(2) << "\n";
    return kExitOk;
  }

  int Balance() {
    auto book = ParseBook(a_.Opt("--book", "actual"));
    if (!book.ok()) return Refused(book.status());
    if (!J()) return Refused(open_error_);
    auto m = journal_->Balance(*book, a_.positional[1], a_.Opt("--partner"));
    if (!m.ok()) return Refused(m.status());
    out_ << m->ToString() << "\n";
    return kExitOk;
  }

  int Report() {
    const std::string name = a_.positional[1];
    if (name == "list") {
      for (const reports::ReportInfo& r : reports::Catalogue())
        out_ << r.name << std::string(20 - std::min<std::size_t>(19, std::string(r.name).size()), ' ')
             << r.title << (r.personal ? " (names people)" : "") << "\n";
      return kExitOk;
    }
    const reports::ReportInfo* info = reports::FindReport(name);
    if (!info) return Usage("there is no report \"" + name + "\"; poolbook report list names them");
    const std::string format = a_.Opt("--format", "text");
    if (format != "text" && format != "json" && format != "csv")
      return Usage("--format is text, json or csv");
    if (!J()) return Refused(open_error_);
    auto f = fund::Fund::Load(*journal_);
    if (!f.ok()) return Refused(f.status());
    auto req = reports::MakeRequest((*f)->agreement(), a_.Opt("--from", ""), a_.Opt("--to", ""),
                                    a_.Opt("--as-at", ""), a_.Opt("--person", ""), a_.Opt("--cursor", ""),
                                    a_.Opt("--limit", ""));
    if (!req.ok()) return Refused(req.status());
    auto report = info->build(**f, *req);
    if (!report.ok()) return Refused(report.status());
    // Refusals first, so that nothing is logged as seen that was not shown.
    const std::string table = a_.Opt("--table", report->tables.empty() ? "" : report->tables[0].name);
    const reports::Table* t = report->Find(table);
    if (format == "csv" && !t)
      return Refused(InvalidArgument("this report has no table \"" + table + "\"", "table"));
    // Seeing people's figures from the command line is logged like any other view.
    if (!report->people.empty()) {
      std::vector<AccessRecord> seen;
      const std::string now = store::UtcTimestamp(std::chrono::system_clock::now());
      for (const std::string& p : report->people)
        seen.push_back(
            {0, now, User(), "cli", p, "CLI", "poolbook report " + name, "poolbook report " + name});
      try {
        store::WriteTransaction tx(journal_->db());
        InsertAccessRecords(journal_->db(), seen);
        tx.Commit();
      } catch (const std::exception& e) {
        return Refused(store::FromDatabaseError(e, "recording who saw the report in the access log"));
      }
    }
    if (format == "json") {
      out_ << reports::ReportJson(*report).dump(2) << "\n";
    } else if (format == "csv") {
      out_ << reports::TableCsv(*t);
    } else {
      out_ << reports::ReportText(*report);
    }
    return kExitOk;
  }

  int Export() {
    const std::string what = a_.positional[1];
    if (what != "audit" && what != "journal") return Usage("export takes audit or journal");
    const std::string out = a_.Opt("--out", "");
    if (out.empty()) return Usage("export " + what + " needs --out FILE");
    if (!J()) return Refused(open_error_);
    // Both exports show every person with a posting: logged like any other view, before the file
    // is written, and then written through the same last entry, so that nobody appended meanwhile
    // is shown unlogged.
    auto through = reports::LastEntryId(journal_->db());
    if (!through.ok()) return Refused(through.status());
    auto people = reports::PeopleThrough(journal_->db(), *through);
    if (!people.ok()) return Refused(people.status());
    if (!people->empty()) {
      std::vector<AccessRecord> seen;
      const std::string now = store::UtcTimestamp(std::chrono::system_clock::now());
      const std::string command = "poolbook export " + what;
      for (const std::string& p : *people)
        seen.push_back({0, now, User(), "cli", p, "CLI", command, command});
      try {
        store::WriteTransaction tx(journal_->db());
        InsertAccessRecords(journal_->db(), seen);
        tx.Commit();
      } catch (const std::exception& e) {
        return Refused(store::FromDatabaseError(e, "recording who the export shows in the access log"));
      }
    }
    if (what == "journal") {
      if (Status st = reports::ExportJournalToFile(journal_->db(), out, *through); !st.ok())
        return Refused(st);
      out_ << "journal written to " << out << "\n";
      return kExitOk;
    }
    reports::AuditManifest m;
    if (Status st = reports::ExportAuditToFile(journal_->db(), out, &m, *through); !st.ok())
      return Refused(st);
    out_ << m.rows << " postings of " << m.entries << " entries written to " << out << "; manifest in " << out
         << ".manifest.json (SHA-256 " << m.sha256 << ")\n";
    return kExitOk;
  }

  int TrialBalance() {
    std::optional<Book> book;
    if (a_.options.count("--book")) {
      auto b = ParseBook(a_.Opt("--book"));
      if (!b.ok()) return Refused(b.status());
      book = *b;
    }
    std::string format = a_.Opt("--format", "text");
    if (format != "text" && format != "csv" && format != "json") {
      return Usage("--format takes text, csv or json");
    }
    if (!J()) return Refused(open_error_);
    return PrintTrialBalance(book, format);
  }

  int PrintTrialBalance(std::optional<Book> book, const std::string& format) {
    auto tb = reports::BuildTrialBalance(*journal_, book);
    if (!tb.ok()) return Refused(tb.status());
    out_ << (format == "csv"    ? reports::TrialBalanceCsv(*tb)
             : format == "json" ? reports::TrialBalanceJson(*tb)
                                : reports::TrialBalanceText(*tb));
    return kExitOk;
  }

  // The server configuration: the file, then POOLBOOK_* variables, then --db and --port.
  StatusOr<config::ServerConfig> ServerConfig() {
    auto c = config::LoadServerConfig(a_.Opt("--config"), [](const char* n) { return std::getenv(n); });
    if (!c.ok()) return c.status();
    if (a_.options.count("--db")) c->database = a_.Opt("--db");
    if (a_.options.count("--port")) {
      const std::string p = a_.Opt("--port");
      if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(p) > 65535)
        return InvalidArgument("--port takes a port number (0 to 65535), not \"" + p.substr(0, 20) + "\"");
      c->port = std::stoi(p);
    }
    return c;
  }

  int Serve() {
    auto c = ServerConfig();
    if (!c.ok()) return Refused(c.status());
    return RunServe(*c, out_, err_);
  }

  int UserCmd() {
    const auto& p = a_.positional;
    const std::string sub = p.size() >= 2 ? p[1] : "";
    auto c = ServerConfig();
    if (!c.ok()) return Refused(c.status());
    auto j = Journal::Open(c->database);
    if (!j.ok()) return Refused(j.status());
    store::Database& db = (*j)->db();
    const std::string now = store::UtcTimestamp(std::chrono::system_clock::now());
    if (sub == "add" && p.size() == 4) {
      auto role = ParseRole(p[3]);
      if (!role.ok()) return Refused(role.status());
      auto t = CreateUser(db, p[2], *role, a_.Opt("--label", "first token"), User(), now);
      if (!t.ok()) return Refused(t.status());
      out_ << "user " << p[2] << " (" << p[3] << ") created; token " << t->id << " (shown only now):\n"
           << t->token << "\n";
      return kExitOk;
    }
    if (sub == "token" && p.size() == 3) {
      auto t = IssueToken(db, p[2], a_.Opt("--label", "issued by " + User()), User(), now);
      if (!t.ok()) return Refused(t.status());
      out_ << "token " << t->id << " for " << p[2] << " (shown only now):\n" << t->token << "\n";
      return kExitOk;
    }
    if (sub == "revoke" && p.size() == 3) {
      if (Status st = RevokeToken(db, p[2], User(), now); !st.ok()) return Refused(st);
      out_ << "token " << p[2] << " revoked\n";
      return kExitOk;
    }
    if (sub == "disable" && p.size() == 3) {
      if (Status st = DisableUser(db, p[2], User(), now); !st.ok()) return Refused(st);
      out_ << "user " << p[2] << " disabled and every token of theirs revoked\n";
      return kExitOk;
    }
    if (sub == "list" && p.size() == 2) {
      auto users = ListUsers(db);
      if (!users.ok()) return Refused(users.status());
      for (const UserRow& u : *users) {
        int live = 0;
        for (const TokenRow& t : u.tokens) live += t.revoked_at ? 0 : 1;
        out_ << u.name << "\t" << RoleName(u.role) << "\t" << live << " live token" << (live == 1 ? "" : "s")
             << (u.disabled_at ? "\t(disabled)" : "") << "\n";
      }
      return kExitOk;
    }
    if (sub == "demo" && p.size() == 2) {
      // One demo user per role; earlier demo tokens are revoked so only the ones printed work.
      std::string commissioner;
      out_ << "Demo tokens (one per role; earlier demo tokens are revoked):\n";
      for (Role r : kAllRoles) {
        const std::string name = std::string("demo-") + RoleName(r);
        auto t = CreateUser(db, name, r, "demo", User(), now);
        if (!t.ok() && t.status().code() != Code::kAlreadyExists) return Refused(t.status());
        if (!t.ok()) {  // the demo user exists: revoke their tokens and issue a new one
          auto users = ListUsers(db);
          if (!users.ok()) return Refused(users.status());
          for (const UserRow& u : *users) {
            if (u.name != name) continue;
            for (const TokenRow& old : u.tokens)
              if (!old.revoked_at) (void)RevokeToken(db, old.id, User(), now);
          }
          t = IssueToken(db, name, "demo", User(), now);
          if (!t.ok()) return Refused(t.status());
        }
        out_ << "  " << RoleName(r) << std::string(20 - std::string(RoleName(r)).size(), ' ') << t->token
             << "\n";
        if (r == Role::kCommissioner) commissioner = t->token;
      }
      const std::string base = std::string(c->tls_cert.empty() ? "http" : "https") + "://" + c->bind + ":" +
                               std::to_string(c->port);
      out_ << "\nTry, once the server is up:\n  curl -s -H 'Authorization: Bearer " << commissioner << "' "
           << base << "/api/v1/fund/positions\n"
           << "or open " << base << "/sign-in in a browser and paste a token.\n";
      return kExitOk;
    }
    return Usage("user takes add NAME ROLE, token NAME, revoke TOKEN_ID, disable NAME, list or demo");
  }

  int Reverse() {
    auto id = EntryId(a_.positional[1]);
    if (!id.ok()) return Refused(id.status());
    if (!a_.options.count("--reason")) return Usage("reverse needs --reason TEXT");
    ReverseOptions o;
    o.user = User();
    o.reason = a_.Opt("--reason");
    o.key = a_.Opt("--key");
    if (a_.options.count("--date")) {
      auto d = Date::Parse(a_.Opt("--date"));
      if (!d.ok()) return Refused(d.status());
      o.date = *d;
    }
    if (!J()) return Refused(open_error_);
    auto r = journal_->Reverse(*id, o);
    if (!r.ok()) return Refused(r.status());
    out_ << (r->replayed ? "already reversed by entry " : "reversed by entry ") << r->id << "\n";
    return kExitOk;
  }

  int ClosePeriod() {
    auto period = Period::Parse(a_.positional[1]);
    if (!period.ok()) return Refused(period.status());
    if (!J()) return Refused(open_error_);
    auto r = journal_->ClosePeriod(*period, User());
    if (!r.ok()) return Refused(r.status());
    if (r->from && *r->from != r->through) {
      out_ << "closed periods " << r->from->ToString() << " to " << r->through.ToString();
    } else if (r->from) {
      out_ << "closed period " << r->through.ToString();
    } else {
      out_ << "closed every period up to and including " << r->through.ToString();
    }
    out_ << "; the current open period is " << r->through.Next().ToString() << "\n";
    return kExitOk;
  }

  int VerifyCmd() {
    if (!J()) return Refused(open_error_);
    VerifyReport r = Verify(journal_->db());
    if (!r.ok) {
      err_ << "poolbook: verify FAILED: " << r.problem << "\n";
      return kExitRefused;
    }
    out_ << "verify ok: " << r.entries << " entries, " << r.postings << " postings, " << r.balances
         << " balances; the hash chain is intact and every balance equals its postings\n";
    return kExitOk;
  }

  const Args& a_;
  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
  bool tty_;
  std::unique_ptr<Journal> journal_;
  Status open_error_;
};

}  // namespace

int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err,
           bool stderr_is_terminal) {
  Args a;
  if (std::string why = Parse(args, a); !why.empty()) {
    err << "poolbook: " << why << "\n\n" << kUsage;
    return kExitUsage;
  }
  try {
    return Cli(a, in, out, err, stderr_is_terminal).Run();
  } catch (const std::exception& e) {
    err << "poolbook: unexpected failure: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace poolbook::api
