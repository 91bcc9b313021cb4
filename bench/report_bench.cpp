// report_bench: every report of the catalogue, the audit export and the trial balance on the demo
// fund grown to about 1,000,000 postings, and the same balances from hledger and ledger-cli reading
// the exported journal.
//
//   build/bin/report_bench [--db FILE] [--people N] [--runs N] [--keep] [--no-tools] ...
//
// One run:
//   1. Opens --db (default: ledger.db in a fresh temporary directory). If it already holds the
//      finished demo fund it is used as it is; otherwise fund::BuildDemoFund writes it (a minute or
//      two at the default size; progress goes to stderr).
//   2. Loads the fund once and times each report's whole ReportInfo::build call, `runs` times after
//      one untimed first call, on the default scope (the fund's year, as recorded now) and again as
//      at the recorded_at of the middle entry (the later half of the entries taken away again).
//      Fund-level reports are every report but `person`; spend-per-person is its first page of 100
//      people; `person` is the person with the most postings.
//   3. The command-line path: Journal::Open + Fund::Load + the report, each time on a new connection.
//   4. The audit export (ExportAudit) into a stream that only counts bytes, and ExportAuditToFile into
//      a real file: rows per second.
//   5. The journal export, then `hledger -f J balance` and `ledger --args-only -f J balance` (output
//      thrown away) against poolbook's trial balance, in process and through the `poolbook` binary
//      next to this one: medians and ratios.
//   6. A summary table in Markdown.
//
// Nothing here fails on timing: targets are printed with whether they were met.

#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "ledger/fund/demo.h"
#include "ledger/fund/fund.h"
#include "ledger/journal.h"
#include "ledger/store/database.h"
#include "reports/export.h"
#include "reports/reports.h"
#include "reports/trial_balance.h"

#ifndef POOLBOOK_BUILD_TYPE
#define POOLBOOK_BUILD_TYPE "unknown"
#endif

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace poolbook;
using SteadyClock = std::chrono::steady_clock;
using poolbook::bench::CpuModel;
using poolbook::bench::Fixed;
using poolbook::bench::Median;
using poolbook::bench::Percentile;
using poolbook::bench::Thousands;
using poolbook::bench::UtcNow;

constexpr double kFundReportTargetMs = 200.0;    // each fund-level report
constexpr double kPersonTargetMs = 20.0;         // the one-person page
constexpr double kAuditRowsPerSecond = 500'000;  // the audit export
constexpr int kDefaultPeople = 7700;             // about 1,000,000 postings (3,000 people give ~394,000)
constexpr long long kPostingsWanted = 1'000'000;

// ---- Options ------------------------------------------------------------------------------------

struct Options {
  std::string db;   // empty: ledger.db in the run's temporary directory
  std::string dir;  // parent of the temporary directory; default the system temp dir
  int people = kDefaultPeople;
  int runs = 15;
  int cold_runs = 5;
  int export_runs = 3;
  int tool_runs = 3;
  bool keep = false;
  bool keep_exports = false;
  bool tools = true;
};

[[noreturn]] void Usage(int code) {
  std::fprintf(
      code ? stderr : stdout,
      "usage: report_bench [options]\n"
      "  --db FILE          the ledger; reused when it already holds the finished demo fund, else\n"
      "                     the demo fund is built into it (default: a new temporary file)\n"
      "  --people N         people in the demo fund when it is built (default %d, about\n"
      "                     1,000,000 postings)\n"
      "  --runs N           timed builds of each report, after one untimed first build (default 15)\n"
      "  --cold-runs N      Journal::Open + Fund::Load + report, each on a new connection "
      "(default 5)\n"
      "  --export-runs N    audit exports to each destination (default 3)\n"
      "  --tool-runs N      runs of hledger, ledger and the poolbook binary (default 3)\n"
      "  --dir D            create the temporary directory under D (default: the system temp dir)\n"
      "  --keep             keep the ledger (a ledger given with --db that already existed is\n"
      "                     always kept)\n"
      "  --keep-exports     keep the exported audit CSV and journal\n"
      "  --no-tools         skip the journal export, hledger, ledger and the poolbook binary\n",
      kDefaultPeople);
  std::exit(code);
}

int ParseCount(const std::string& flag, const char* text, int min) {
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < min || v > 100'000'000) {
    std::fprintf(stderr, "report_bench: %s needs a whole number of at least %d, not \"%s\"\n", flag.c_str(),
                 min, text);
    std::exit(1);
  }
  return static_cast<int>(v);
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "report_bench: %s needs a value\n", a.c_str());
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "--db")
      o.db = value();
    else if (a == "--dir")
      o.dir = value();
    else if (a == "--people")
      o.people = ParseCount(a, value(), 100);
    else if (a == "--runs")
      o.runs = ParseCount(a, value(), 1);
    else if (a == "--cold-runs")
      o.cold_runs = ParseCount(a, value(), 1);
    else if (a == "--export-runs")
      o.export_runs = ParseCount(a, value(), 1);
    else if (a == "--tool-runs")
      o.tool_runs = ParseCount(a, value(), 1);
    else if (a == "--keep")
      o.keep = true;
    else if (a == "--keep-exports")
      o.keep_exports = true;
    else if (a == "--no-tools")
      o.tools = false;
    else if (a == "--help" || a == "-h")
      Usage(0);
    else {
      std::fprintf(stderr, "report_bench: unknown option %s\n", a.c_str());
      Usage(1);
    }
  }
  return o;
}

struct BenchFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] void Fail(const std::string& what) { throw BenchFailure(what); }

template <typename T>
T Check(StatusOr<T> v, const std::string& doing) {
  if (!v.ok()) Fail(doing + ": " + v.status().message());
  return std::move(*v);
}
void Check(const Status& st, const std::string& doing) {
  if (!st.ok()) Fail(doing + ": " + st.message());
}

// ---- Small helpers --------------------------------------------------------------------------------

double Ms(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double Max(const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

// "1.60 2.16 1.75" (1, 5 and 15 minutes).
std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return in ? a + " " + b + " " + c : "unknown";
}

// The first line a command prints (its version), or "" when it cannot be run.
std::string FirstLineOf(const std::string& command) {
  FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  if (!p) return "";
  char buf[256] = {};
  std::string line = std::fgets(buf, sizeof buf, p) ? buf : "";
  pclose(p);
  line = line.substr(0, line.find_first_of(",\r\n"));  // "hledger 1.25, linux-x86_64": "hledger 1.25"
  return line;
}

std::optional<std::string> FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return std::nullopt;
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path p = fs::path(dir) / name;
    if (access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p)) return p.string();
  }
  return std::nullopt;
}

void RemoveDatabase(const std::string& db) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db + suffix, ec);
}

std::uint64_t FileBytes(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : n;
}

// Runs argv[0] (a full path) with stdout thrown away and stderr to `err_file`; the wall time from
// spawning to its exit, in ms. Fails when it cannot start or does not exit with status 0.
double RunTimed(const std::vector<std::string>& argv, const std::string& err_file) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const auto t0 = SteadyClock::now();
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) Fail("cannot start " + argv[0] + ": " + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) Fail("waiting for " + argv[0] + ": " + std::strerror(errno));
  }
  const double ms = Ms(t0, SteadyClock::now());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream in(err_file);
    std::string first;
    std::getline(in, first);
    Fail(argv[0] + " failed (status " + std::to_string(status) + "): " + first);
  }
  return ms;
}

// A stream buffer that throws the bytes away and counts them: the export without the disk.
class CountingBuf : public std::streambuf {
 public:
  CountingBuf() { setp(buf_, buf_ + sizeof buf_); }
  std::uint64_t bytes() const { return flushed_ + static_cast<std::uint64_t>(pptr() - pbase()); }

 protected:
  int_type overflow(int_type c) override {
    flushed_ += static_cast<std::uint64_t>(pptr() - pbase());
    setp(buf_, buf_ + sizeof buf_);
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

 private:
  char buf_[1 << 16];
  std::uint64_t flushed_ = 0;
};

// ---- The ledger ------------------------------------------------------------------------------------

struct LedgerFacts {
  long long entries = 0, postings = 0, people = 0;
  std::string first_recorded, last_recorded;
  std::string mid_recorded;  // recorded_at of the middle entry by id
  long long entries_after_mid = 0, postings_after_mid = 0;
  std::string busiest_person;
  long long busiest_postings = 0;
};

LedgerFacts ReadFacts(Journal& journal) {
  LedgerFacts f;
  soci::session& sql = journal.db().sql();
  try {
    sql << "SELECT COUNT(*), MIN(recorded_at), MAX(recorded_at) FROM entries", soci::into(f.entries),
        soci::into(f.first_recorded), soci::into(f.last_recorded);
    sql << "SELECT COUNT(*) FROM postings", soci::into(f.postings);
    sql << "SELECT COUNT(*) FROM fund_people", soci::into(f.people);
    const long long offset = f.entries / 2;
    sql << "SELECT recorded_at FROM entries ORDER BY id LIMIT 1 OFFSET :o", soci::use(offset),
        soci::into(f.mid_recorded);
    sql << "SELECT COUNT(*) FROM entries WHERE recorded_at > :t", soci::use(f.mid_recorded),
        soci::into(f.entries_after_mid);
    sql << "SELECT COUNT(*) FROM postings p JOIN entries e ON e.id = p.entry_id WHERE e.recorded_at > :t",
        soci::use(f.mid_recorded), soci::into(f.postings_after_mid);
    sql << "SELECT person, COUNT(*) AS n FROM postings WHERE person IS NOT NULL GROUP BY person"
           " ORDER BY n DESC, person LIMIT 1",
        soci::into(f.busiest_person), soci::into(f.busiest_postings);
  } catch (const std::exception& e) {
    Fail(std::string("reading the ledger's counts: ") + e.what());
  }
  return f;
}

// Opens `db`; builds the demo fund into it unless it is there already. True when it was built.
bool EnsureDemo(const std::string& db, int people) {
  auto journal = Check(Journal::Open(db), "opening " + db);
  fund::DemoOptions o;
  o.people = people;
  o.user = "report-bench";
  const auto t0 = SteadyClock::now();
  o.progress = [&](const std::string& stage, int done, int total) {
    std::fprintf(stderr, "  [%6.1f s] %2d/%d %s\n", Ms(t0, SteadyClock::now()) / 1000, done, total,
                 stage.c_str());
  };
  std::fprintf(stderr, "report_bench: building the demo fund (%s people) in %s, or reusing it...\n",
               Thousands(people).c_str(), db.c_str());
  const fund::DemoSummary s = Check(fund::BuildDemoFund(*journal, o), "building the demo fund");
  if (s.already_there) {
    std::fprintf(stderr, "report_bench: the demo fund is already there; reusing it (--people ignored)\n");
    return false;
  }
  std::fprintf(stderr, "report_bench: built in %.1f s: %d people, %d PHBs, %d packages, %d invoices\n",
               Ms(t0, SteadyClock::now()) / 1000, s.people, s.phbs, s.packages, s.invoices);
  std::printf("demo fund built in %.1f s (%s people)\n", Ms(t0, SteadyClock::now()) / 1000,
              Thousands(s.people).c_str());
  return true;
}

// ---- Report timings ----------------------------------------------------------------------------------

struct ReportCase {
  const reports::ReportInfo* info = nullptr;
  std::string label;  // "spend-per-person (first 100)"
  bool person = false;
  reports::ReportRequest now, as_at;
};

struct Series {
  double first = 0;
  std::vector<double> ms;
  std::size_t rows = 0;  // table rows in the report (a check that it did the work)
};

std::size_t RowsOf(const reports::Report& r) {
  std::size_t n = 0;
  for (const reports::Table& t : r.tables) n += t.rows.size();
  return n;
}

Series TimeBuild(const ReportCase& c, fund::Fund& fund, const reports::ReportRequest& req, int runs) {
  Series s;
  for (int i = 0; i <= runs; ++i) {
    const auto t0 = SteadyClock::now();
    auto r = c.info->build(fund, req);
    const double ms = Ms(t0, SteadyClock::now());
    if (!r.ok()) Fail(std::string("building ") + c.info->name + ": " + r.status().message());
    if (i == 0) {
      s.first = ms;
      s.rows = RowsOf(*r);
    } else {
      s.ms.push_back(ms);
    }
  }
  return s;
}

// Journal::Open + Fund::Load + MakeRequest + the report, each run on a new connection.
std::vector<double> TimeCold(const ReportCase& c, const std::string& db, const std::string& as_at, int runs) {
  std::vector<double> out;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = SteadyClock::now();
    auto journal = Check(Journal::Open(db), "opening the ledger");
    auto fund = Check(fund::Fund::Load(*journal), "loading the fund");
    auto req = Check(reports::MakeRequest((*fund).agreement(), "", "", as_at, c.person ? c.now.person : "",
                                          "", c.person ? "" : "100"),
                     "making the request");
    auto r = c.info->build(*fund, req);
    if (!r.ok()) Fail(std::string("building ") + c.info->name + ": " + r.status().message());
    out.push_back(Ms(t0, SteadyClock::now()));
  }
  return out;
}

const char* Met(bool ok) { return ok ? "yes" : "**no**"; }

struct SummaryRow {
  std::string name;
  double ms = -1;  // < 0: none
  std::string target, met;
};

int Run(const Options& o) {
  // The temporary directory: the default ledger and the exports.
  const fs::path parent = o.dir.empty() ? fs::temp_directory_path() : fs::path(o.dir);
  std::string tmpl = (parent / "poolbook-report-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) Fail("cannot create a temporary directory under " + parent.string());
  const fs::path work = tmpl;
  const std::string db = o.db.empty() ? (work / "ledger.db").string() : o.db;
  const bool db_existed = !o.db.empty() && fs::exists(db);

  // At the end (also on failure): the ledger goes unless kept or given already existing, the exports
  // unless --keep-exports, and the temporary directory when nothing is left in it.
  struct Cleanup {
    fs::path work;
    std::string db;
    bool remove_db = false, remove_exports = true;
    ~Cleanup() {
      std::error_code ec;
      if (remove_db) RemoveDatabase(db);
      if (remove_exports) {
        for (const char* f : {"audit.csv", "audit.csv.manifest.json", "journal.ledger", "tool.err"})
          fs::remove(work / f, ec);
      }
      fs::remove(work, ec);  // only when empty
    }
  } cleanup{work, db, !o.keep && !db_existed, !o.keep_exports};

  utsname u{};
  uname(&u);
  std::printf("report_bench: reports, audit export and balances against hledger and ledger-cli\n");
  std::printf("started %s; CPU %s; nproc %ld; %s %s; build %s; SQLite %s\n", UtcNow().c_str(),
              CpuModel().c_str(), sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, POOLBOOK_BUILD_TYPE,
              sqlite3_libversion());
  std::printf("load average at start: %s\n", LoadAverage().c_str());
  std::printf("ledger: %s%s\n", db.c_str(),
              o.keep || db_existed ? " (kept)" : " (deleted at the end; --keep keeps it)");

  const bool built = EnsureDemo(db, o.people);

  auto journal = Check(Journal::Open(db), "opening the ledger");
  const LedgerFacts facts = ReadFacts(*journal);
  std::printf("postings: %s in %s entries; %s people%s\n", Thousands(facts.postings).c_str(),
              Thousands(facts.entries).c_str(), Thousands(facts.people).c_str(),
              built ? "" : " (reused ledger)");
  if (facts.postings < kPostingsWanted)
    std::printf("NOTE: fewer than %s postings; build a new ledger with more --people\n",
                Thousands(kPostingsWanted).c_str());
  std::printf(
      "recorded_at from %s to %s; as-at scope: %s (the middle entry), after which %s entries and %s "
      "postings were recorded\n",
      facts.first_recorded.c_str(), facts.last_recorded.c_str(), facts.mid_recorded.c_str(),
      Thousands(facts.entries_after_mid).c_str(), Thousands(facts.postings_after_mid).c_str());
  std::printf("person: %s, who has the most postings (%s)\n", facts.busiest_person.c_str(),
              Thousands(facts.busiest_postings).c_str());

  auto fund = Check(fund::Fund::Load(*journal), "loading the fund");
  const fund::Agreement& agreement = fund->agreement();

  std::vector<ReportCase> cases;
  for (const reports::ReportInfo& info : reports::Catalogue()) {
    ReportCase c;
    c.info = &info;
    c.person = std::string(info.name) == "person";
    c.label = info.name;
    if (std::string(info.name) == "spend-per-person") c.label += " (first 100)";
    if (c.person) c.label += " (" + facts.busiest_person + ")";
    const std::string person = c.person ? facts.busiest_person : "";
    const std::string limit = std::string(info.name) == "spend-per-person" ? "100" : "";
    c.now = Check(reports::MakeRequest(agreement, "", "", "", person, "", limit), "making the request");
    c.as_at = Check(reports::MakeRequest(agreement, "", "", facts.mid_recorded, person, "", limit),
                    "making the request");
    cases.push_back(std::move(c));
  }
  // Fund-level reports first, the one-person page last.
  std::stable_partition(cases.begin(), cases.end(), [](const ReportCase& c) { return !c.person; });

  std::vector<SummaryRow> summary;
  auto target_of = [](const ReportCase& c) { return c.person ? kPersonTargetMs : kFundReportTargetMs; };

  std::printf(
      "\nReports: the whole ReportInfo::build call on a fund loaded once; %d timed runs after one untimed "
      "first run (ms)\n",
      o.runs);
  std::printf("%-36s %-7s %6s %9s %9s %9s %9s %8s\n", "report", "scope", "rows", "first", "median", "p90",
              "max", "target");
  std::vector<Series> now_series, as_at_series;
  for (const ReportCase& c : cases) {
    for (int pass = 0; pass < 2; ++pass) {
      const Series s = TimeBuild(c, *fund, pass == 0 ? c.now : c.as_at, o.runs);
      const double med = Median(s.ms), target = target_of(c);
      std::printf("%-36s %-7s %6zu %9.2f %9.2f %9.2f %9.2f %6.0f %s\n", c.label.c_str(),
                  pass == 0 ? "now" : "as-at", s.rows, s.first, med, Percentile(s.ms, 90), Max(s.ms), target,
                  med < target ? "met" : "MISSED");
      std::fflush(stdout);
      (pass == 0 ? now_series : as_at_series).push_back(s);
    }
  }

  std::printf(
      "\nCommand-line path: Journal::Open + Fund::Load + MakeRequest + the report on a new connection each "
      "run, %d runs (ms)\n",
      o.cold_runs);
  std::printf("%-36s %-7s %9s %9s %9s\n", "report", "scope", "median", "min", "max");
  std::vector<double> cold_medians;
  {
    std::vector<double> open_load;
    for (int i = 0; i < o.cold_runs; ++i) {
      const auto t0 = SteadyClock::now();
      auto j = Check(Journal::Open(db), "opening the ledger");
      auto f = Check(fund::Fund::Load(*j), "loading the fund");
      open_load.push_back(Ms(t0, SteadyClock::now()));
    }
    std::printf("%-36s %-7s %9.2f %9.2f %9.2f\n", "(Journal::Open + Fund::Load alone)", "-",
                Median(open_load), *std::min_element(open_load.begin(), open_load.end()), Max(open_load));
  }
  for (const ReportCase& c : cases) {
    const std::vector<double> v = TimeCold(c, db, "", o.cold_runs);
    cold_medians.push_back(Median(v));
    std::printf("%-36s %-7s %9.2f %9.2f %9.2f\n", c.label.c_str(), "now", Median(v),
                *std::min_element(v.begin(), v.end()), Max(v));
    std::fflush(stdout);
  }

  for (std::size_t i = 0; i < cases.size(); ++i) {
    const ReportCase& c = cases[i];
    const double t = target_of(c);
    const std::string tt = "< " + Fixed(t, 0) + " ms";
    const double a = Median(now_series[i].ms), b = Median(as_at_series[i].ms);
    summary.push_back({"`" + c.label + "`, as recorded now", a, tt, Met(a < t)});
    summary.push_back({"`" + c.label + "`, as at the middle entry", b, tt, Met(b < t)});
    summary.push_back({"`" + c.label + "`, open + load + build", cold_medians[i], "—", "—"});
  }

  // ---- Audit export ----
  std::printf("\nAudit export (ExportAudit), %d runs each\n", o.export_runs);
  std::printf("%-36s %12s %12s %12s %14s\n", "destination", "rows", "MB", "median ms", "rows/s");
  {
    std::vector<double> counting_ms, file_ms;
    long long rows = 0;
    std::uint64_t counted_bytes = 0;
    for (int i = 0; i < o.export_runs; ++i) {
      CountingBuf buf;
      std::ostream out(&buf);
      const auto t0 = SteadyClock::now();
      const reports::AuditManifest m =
          Check(reports::ExportAudit(journal->db(), out), "exporting the audit CSV");
      out.flush();
      counting_ms.push_back(Ms(t0, SteadyClock::now()));
      rows = m.rows;
      counted_bytes = buf.bytes();
    }
    const std::string csv = (work / "audit.csv").string();
    std::uint64_t file_bytes = 0;
    for (int i = 0; i < o.export_runs; ++i) {
      std::error_code ec;
      fs::remove(csv, ec);
      fs::remove(csv + ".manifest.json", ec);
      reports::AuditManifest m;
      const auto t0 = SteadyClock::now();
      Check(reports::ExportAuditToFile(journal->db(), csv, &m), "exporting the audit CSV to a file");
      file_ms.push_back(Ms(t0, SteadyClock::now()));
      if (m.rows != rows) Fail("the audit export wrote a different number of rows to the file");
      file_bytes = FileBytes(csv);
    }
    if (rows != facts.postings)
      Fail("the audit export has " + std::to_string(rows) + " rows, not one per posting");
    const double c_med = Median(counting_ms), f_med = Median(file_ms);
    const double c_rate = static_cast<double>(rows) / (c_med / 1000),
                 f_rate = static_cast<double>(rows) / (f_med / 1000);
    std::printf("%-36s %12s %12.1f %12.1f %14s\n", "stream counting bytes (no disk)", Thousands(rows).c_str(),
                static_cast<double>(counted_bytes) / 1e6, c_med, Thousands(std::llround(c_rate)).c_str());
    std::printf("%-36s %12s %12.1f %12.1f %14s\n", "file (ExportAuditToFile)", Thousands(rows).c_str(),
                static_cast<double>(file_bytes) / 1e6, f_med, Thousands(std::llround(f_rate)).c_str());
    const std::string tt = ">= " + Thousands(static_cast<long long>(kAuditRowsPerSecond)) + " rows/s";
    summary.push_back({"audit export to a counting stream: " + Thousands(std::llround(c_rate)) + " rows/s",
                       c_med, tt, Met(c_rate >= kAuditRowsPerSecond)});
    summary.push_back({"audit export to a file: " + Thousands(std::llround(f_rate)) + " rows/s", f_med, tt,
                       Met(f_rate >= kAuditRowsPerSecond)});
  }

  // ---- Balances against hledger and ledger-cli ----
  std::printf("\nTrial balance against hledger and ledger-cli on the exported journal\n");
  {
    std::vector<double> tb_ms;
    std::size_t tb_lines = 0;
    for (int i = 0; i < o.runs; ++i) {
      const auto t0 = SteadyClock::now();
      auto tb = Check(reports::BuildTrialBalance(*journal, std::nullopt), "building the trial balance");
      const std::string text = reports::TrialBalanceText(tb);
      tb_ms.push_back(Ms(t0, SteadyClock::now()));
      tb_lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    }
    const double in_process = Median(tb_ms);
    std::printf("%-44s %10.2f ms median of %d (%zu lines of text)\n", "poolbook, in process (Build + Text)",
                in_process, o.runs, tb_lines);
    summary.push_back(
        {"trial balance in process (BuildTrialBalance + TrialBalanceText)", in_process, "—", "—"});

    if (!o.tools) {
      std::printf("skipped (--no-tools)\n");
    } else {
      const std::string journal_file = (work / "journal.ledger").string();
      const std::string err = (work / "tool.err").string();
      const auto t0 = SteadyClock::now();
      Check(reports::ExportJournalToFile(journal->db(), journal_file), "exporting the journal");
      const double export_ms = Ms(t0, SteadyClock::now());
      std::printf("%-44s %10.1f ms (%.1f MB, %s postings/s)\n", "journal export (ExportJournalToFile)",
                  export_ms, static_cast<double>(FileBytes(journal_file)) / 1e6,
                  Thousands(std::llround(static_cast<double>(facts.postings) / (export_ms / 1000))).c_str());
      std::printf("load average before the tools: %s\n", LoadAverage().c_str());
      std::fflush(stdout);

      std::optional<double> cli;
      const fs::path self = fs::read_symlink("/proc/self/exe");
      const fs::path poolbook = self.parent_path() / "poolbook";
      if (access(poolbook.c_str(), X_OK) == 0) {
        std::vector<double> v;
        for (int i = 0; i < o.tool_runs; ++i)
          v.push_back(RunTimed({poolbook.string(), "--db", db, "trial-balance"}, err));
        cli = Median(v);
        std::printf("%-44s %10.1f ms median of %d\n", "poolbook trial-balance (the binary)", *cli,
                    o.tool_runs);
        summary.push_back({"`poolbook trial-balance` (the binary, output discarded)", *cli, "—", "—"});
      } else {
        std::printf("poolbook binary not found next to report_bench; build the poolbook target to time it\n");
      }
      struct Tool {
        const char* name;
        std::vector<std::string> args;
      };
      const std::vector<Tool> tools = {{"hledger", {"-f", journal_file, "balance"}},
                                       {"ledger", {"--args-only", "-f", journal_file, "balance"}}};
      for (const Tool& t : tools) {
        const auto path = FindOnPath(t.name);
        if (!path) {
          std::printf("%s: not on PATH, skipped\n", t.name);
          summary.push_back({std::string(t.name) + " balance: not on PATH, skipped", -1, "—", "—"});
          continue;
        }
        std::vector<std::string> argv = {*path};
        argv.insert(argv.end(), t.args.begin(), t.args.end());
        std::vector<double> v;
        for (int i = 0; i < o.tool_runs; ++i) {
          v.push_back(RunTimed(argv, err));
          std::fprintf(stderr, "report_bench: %s run %d: %.1f s\n", t.name, i + 1, v.back() / 1000);
        }
        const double med = Median(v);
        const std::string version = FirstLineOf(std::string(t.name) + " --version");
        std::string ratios = Fixed(med / in_process, 0) + "x poolbook in process";
        if (cli) ratios = Fixed(med / *cli, 1) + "x the poolbook binary, " + ratios;
        std::printf("%-44s %10.1f ms median of %d: %s (%s)\n", (std::string(t.name) + " balance").c_str(),
                    med, o.tool_runs, ratios.c_str(), version.c_str());
        summary.push_back({std::string(t.name) + " balance (" + version + "): " + ratios, med, "—", "—"});
      }
    }
  }

  std::printf("\nload average at the end: %s\n", LoadAverage().c_str());
  std::printf("\n## Summary (%s postings, medians)\n\n", Thousands(facts.postings).c_str());
  std::printf("| measurement | median ms | target | met? |\n|---|---:|---|---|\n");
  for (const SummaryRow& r : summary) {
    std::printf("| %s | %s | %s | %s |\n", r.name.c_str(), r.ms < 0 ? "—" : Fixed(r.ms, 2).c_str(),
                r.target.c_str(), r.met.c_str());
  }
  if (o.keep_exports) std::printf("\nexports kept in %s\n", work.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseOptions(argc, argv);
  try {
    return Run(o);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "report_bench: FAILED: %s\n", e.what());
    return 2;
  }
}
