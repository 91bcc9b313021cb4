// import_bench: bulk CSV import and trial balance, measured against a plain SQLite insert loop.
//
// One run:
//   1. Generates, from a fixed seed, N two-posting entries over A accounts and writes them as an
//      import CSV in a fresh temporary directory.
//   2. Repeats R times, alternately on fresh databases:
//        raw     poolbook's schema (created by store::Database::Open), then the sqlite3 C API with the
//                same pragmas inserting the same entries and postings rows from memory with prepared
//                statements, limits::kEntriesPerCommitMax entries per transaction. No validation, no
//                hashing, no balances: the reference limit for writing these rows.
//        import  Journal::Open, three partners, then poolbook::ImportCsv of the CSV file with
//                create_accounts: parse, validate, hash chain, accounts, balances, postings.
//        trial   reports::BuildTrialBalance(actual) over the imported ledger, K times.
//   3. Optionally (default on) times the import's stages once through public APIs, to show where
//      the time goes: CSV reading, CSV -> Entry, ValidateShape + hashes, Journal::PostBatch.
//   4. Prints a summary table (and JSON with --json) and deletes the temporary directory.
//
// Money never touches floating point: amounts are generated as integer pence and written with
// Money::FromPence(x).ToString(). Floating point is used only for timings.

#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "ledger/chain.h"
#include "ledger/csv_reader.h"
#include "ledger/entry.h"
#include "ledger/import.h"
#include "ledger/journal.h"
#include "ledger/limits.h"
#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/store/database.h"
#include "reports/trial_balance.h"

#ifndef POOLBOOK_BUILD_TYPE
#define POOLBOOK_BUILD_TYPE "unknown"
#endif

namespace {

namespace fs = std::filesystem;
using poolbook::Book;
using poolbook::Money;
using SteadyClock = std::chrono::steady_clock;
using poolbook::bench::CpuModel;
using poolbook::bench::Fixed;
using poolbook::bench::Median;
using poolbook::bench::Percentile;
using poolbook::bench::Thousands;
using poolbook::bench::UtcNow;
using json = nlohmann::ordered_json;

constexpr double kImportRatioTarget = 0.60;  // import postings/s >= 60% of raw postings/s
constexpr double kTrialBalanceTargetMs = 100.0;

// ---- Options ------------------------------------------------------------------------------------

struct Options {
  std::size_t entries = 500'000;
  std::size_t accounts = 60'000;
  int reps = 3;
  int tb_runs = 21;
  std::uint64_t seed = 20250401;
  std::string dir;   // parent of the run's temporary directory; default the system temp dir
  std::string json;  // write results here as JSON
  bool keep = false;
  bool breakdown = true;
  bool check_targets = false;
  bool raw_balances = true;  // also time the raw loop plus accounts, balances and chain head
  // What-if knob: PRAGMA cache_size = -N on every connection (raw and poolbook alike). 0: leave
  // SQLite's default (what poolbook ships with).
  std::uint64_t sqlite_cache_kib = 0;
};

// Set from Options::sqlite_cache_kib before anything is opened.
std::uint64_t g_cache_kib = 0;

[[noreturn]] void Usage(int code) {
  std::fprintf(
      code ? stderr : stdout,
      "usage: import_bench [options]\n"
      "  --entries N      two-posting entries to import (default 500000 = 1,000,000 postings)\n"
      "  --accounts A     accounts, half spend:..., half pool:... (default 60000; needs N >= A/2)\n"
      "  --reps R         raw/import repetitions on fresh databases (default 3)\n"
      "  --tb-runs K      trial balances per repetition (default 21)\n"
      "  --seed S         data generator seed (default 20250401)\n"
      "  --dir D          create the temporary directory under D (default: the system temp dir)\n"
      "  --json FILE      also write the results as JSON to FILE\n"
      "  --keep           keep the temporary directory (CSV and last databases)\n"
      "  --no-breakdown   skip the one-off timing of the import's stages\n"
      "  --no-raw-balances  skip the second reference (raw rows + accounts + balances + chain head)\n"
      "  --check-targets  exit with status 3 when a target is missed\n"
      "  --sqlite-cache-kib N  what-if: PRAGMA cache_size=-N on every connection, raw and poolbook\n"
      "                   alike (default: SQLite's default, as poolbook ships)\n");
  std::exit(code);
}

std::uint64_t ParseCount(const char* flag, const char* text) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-') {
    std::fprintf(stderr, "import_bench: %s needs a non-negative whole number, not \"%s\"\n", flag, text);
    std::exit(1);
  }
  return v;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "import_bench: %s needs a value\n", a.c_str());
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "--entries")
      o.entries = ParseCount("--entries", value());
    else if (a == "--accounts")
      o.accounts = ParseCount("--accounts", value());
    else if (a == "--reps")
      o.reps = static_cast<int>(ParseCount("--reps", value()));
    else if (a == "--tb-runs")
      o.tb_runs = static_cast<int>(ParseCount("--tb-runs", value()));
    else if (a == "--seed")
      o.seed = ParseCount("--seed", value());
    else if (a == "--dir")
      o.dir = value();
    else if (a == "--json")
      o.json = value();
    else if (a == "--keep")
      o.keep = true;
    else if (a == "--no-breakdown")
      o.breakdown = false;
    else if (a == "--no-raw-balances")
      o.raw_balances = false;
    else if (a == "--check-targets")
      o.check_targets = true;
    else if (a == "--sqlite-cache-kib")
      o.sqlite_cache_kib = ParseCount("--sqlite-cache-kib", value());
    else if (a == "--help" || a == "-h")
      Usage(0);
    else {
      std::fprintf(stderr, "import_bench: unknown option %s\n", a.c_str());
      Usage(1);
    }
  }
  if (o.accounts < 2) {
    std::fprintf(stderr, "import_bench: --accounts must be at least 2\n");
    std::exit(1);
  }
  if (o.entries < (o.accounts + 1) / 2) {
    std::fprintf(
        stderr,
        "import_bench: --entries (%zu) must be at least half of --accounts (%zu) so that every account "
        "is used\n",
        o.entries, o.accounts);
    std::exit(1);
  }
  if (o.reps < 1 || o.tb_runs < 1) {
    std::fprintf(stderr, "import_bench: --reps and --tb-runs must be at least 1\n");
    std::exit(1);
  }
  return o;
}

// A wrong count or a refused import: the numbers would mean nothing. Thrown so that the temporary
// directory is still removed on the way out.
struct BenchFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] void Fail(const std::string& what) { throw BenchFailure(what); }

// ---- Small helpers --------------------------------------------------------------------------------

double Seconds(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::string Rate(double per_second) {
  return Thousands(static_cast<std::uint64_t>(std::llround(per_second)));
}

long PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

void RemoveDatabase(const fs::path& db) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix, ec);
}

std::uint64_t DatabaseBytes(const fs::path& db) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const char* suffix : {"", "-wal"}) {
    auto n = fs::file_size(db.string() + suffix, ec);
    if (!ec) total += n;
  }
  return total;
}

// splitmix64: the same numbers on every platform and standard library (std:: distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for a benchmark (n is far below 2^64).
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }

 private:
  std::uint64_t state_;
};

// ---- Data ---------------------------------------------------------------------------------------

constexpr std::array<std::array<const char*, 2>, 3> kPartners = {{
    {"ICB", "NHS Example Integrated Care Board"},
    {"CNCL1", "Example County Council"},
    {"CNCL2", "Example City Council"},
}};
constexpr std::array<const char*, 5> kLineCodes = {"LD-PKG", "MH-S117", "CHC-FNC", "PHB-DP", "CES-EQP"};

struct GenPosting {
  std::uint32_t account = 0;  // index into Dataset::accounts
  std::string person;         // empty: none
  int line = -1;              // index into kLineCodes, -1: none
  std::int64_t pence = 0;
};

struct GenEntry {
  std::string key, date, period, memo;
  std::uint8_t partner = 0;  // index into kPartners; both postings share it
  std::array<GenPosting, 2> postings;
};

struct Dataset {
  std::vector<std::string> accounts;  // first half spend:..., second half pool:...
  std::size_t expense_accounts = 0;
  std::vector<GenEntry> entries;
  std::size_t expected_tb_lines = 0;      // accounts whose balance (over all partners) is not zero
  std::int64_t expected_tb_debit = 0;     // pence
  std::size_t expected_balance_rows = 0;  // distinct (account, partner)
  std::size_t postings_with_person = 0, postings_with_line = 0;
};

// Entry i debits a spend account and credits a pool account (one in ten the other way round: a
// refund), both for one partner. The first entries walk a random permutation of each half of the
// accounts so every account is used at least once; after that accounts are drawn uniformly.
Dataset Generate(const Options& o) {
  Dataset d;
  Rng rng(o.seed);
  const std::size_t n_exp = o.accounts / 2, n_asset = o.accounts - n_exp;
  d.expense_accounts = n_exp;
  d.accounts.reserve(o.accounts);
  char buf[128];
  for (std::size_t e = 0; e < n_exp; ++e) {
    std::snprintf(buf, sizeof buf, "spend:line-%05zu:acct-%05zu", e / 100 + 1, e + 1);
    d.accounts.emplace_back(buf);
  }
  for (std::size_t a = 0; a < n_asset; ++a) {
    std::snprintf(buf, sizeof buf, "pool:bank-%05zu", a + 1);
    d.accounts.emplace_back(buf);
  }
  auto permutation = [&](std::size_t n) {
    std::vector<std::uint32_t> p(n);
    std::iota(p.begin(), p.end(), 0u);
    for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[rng.Below(i)]);
    return p;
  };
  const std::vector<std::uint32_t> perm_exp = permutation(n_exp), perm_asset = permutation(n_asset);

  const long first_day = poolbook::Date{2025, 4, 1}.DaysSinceEpoch();
  const long days = poolbook::Date{2026, 3, 31}.DaysSinceEpoch() - first_day + 1;
  std::vector<std::string> date_text(static_cast<std::size_t>(days)),
      period_text(static_cast<std::size_t>(days));
  for (long k = 0; k < days; ++k) {
    poolbook::Date date = poolbook::Date::FromDaysSinceEpoch(first_day + k);
    date_text[k] = date.ToString();
    period_text[k] = poolbook::Period::Of(date).ToString();
  }

  std::vector<std::int64_t> sums(o.accounts, 0);
  std::vector<std::uint8_t> partner_seen(o.accounts * kPartners.size(), 0);
  d.entries.resize(o.entries);
  for (std::size_t i = 0; i < o.entries; ++i) {
    GenEntry& e = d.entries[i];
    std::snprintf(buf, sizeof buf, "bench-%07zu", i + 1);
    e.key = buf;
    std::size_t day = rng.Below(static_cast<std::uint64_t>(days));
    e.date = date_text[day];
    e.period = period_text[day];
    std::snprintf(buf, sizeof buf, "Invoice %06" PRIu64, rng.Below(1'000'000));
    e.memo = buf;
    e.partner = static_cast<std::uint8_t>(rng.Below(kPartners.size()));
    std::uint32_t exp = i < n_exp ? perm_exp[i] : static_cast<std::uint32_t>(rng.Below(n_exp));
    std::uint32_t asset = static_cast<std::uint32_t>(n_exp) +
                          (i < n_asset ? perm_asset[i] : static_cast<std::uint32_t>(rng.Below(n_asset)));
    std::int64_t pence = 1 + static_cast<std::int64_t>(rng.Below(2'500'000));  // 0.01 .. 25,000.00
    if (rng.Below(10) == 0) pence = -pence;                                    // a refund
    GenPosting& spend = e.postings[0];
    spend.account = exp;
    spend.pence = pence;
    if (rng.Below(10) < 4) {
      std::snprintf(buf, sizeof buf, "P-%06" PRIX64, rng.Below(1u << 24));
      spend.person = buf;
      ++d.postings_with_person;
    }
    if (rng.Below(10) < 8) {
      spend.line = static_cast<int>(rng.Below(kLineCodes.size()));
      ++d.postings_with_line;
    }
    GenPosting& pool = e.postings[1];
    pool.account = asset;
    pool.pence = -pence;
    for (const GenPosting& p : e.postings) {
      sums[p.account] += p.pence;
      partner_seen[p.account * kPartners.size() + e.partner] = 1;
    }
  }
  for (std::int64_t s : sums) {
    if (s != 0) ++d.expected_tb_lines;
    if (s > 0) d.expected_tb_debit += s;
  }
  d.expected_balance_rows = static_cast<std::size_t>(std::count(partner_seen.begin(), partner_seen.end(), 1));
  for (std::size_t a = 0; a < o.accounts; ++a) {
    bool used = false;
    for (std::size_t p = 0; p < kPartners.size(); ++p) used |= partner_seen[a * kPartners.size() + p] != 0;
    if (!used) Fail("generator bug: account " + d.accounts[a] + " is never used");
  }
  return d;
}

std::uint64_t WriteCsv(const Dataset& d, const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) Fail("cannot create " + path.string());
  std::string out;
  out.reserve(4 << 20);
  std::uint64_t bytes = 0;
  auto flush = [&] {
    if (std::fwrite(out.data(), 1, out.size(), f) != out.size()) Fail("cannot write " + path.string());
    bytes += out.size();
    out.clear();
  };
  out += "key,book,date,memo,account,partner,person,line,amount\n";
  for (const GenEntry& e : d.entries) {
    for (const GenPosting& p : e.postings) {
      out += e.key;
      out += ",actual,";
      out += e.date;
      out += ',';
      out += e.memo;
      out += ',';
      out += d.accounts[p.account];
      out += ',';
      out += kPartners[e.partner][0];
      out += ',';
      out += p.person;
      out += ',';
      if (p.line >= 0) out += kLineCodes[p.line];
      out += ',';
      out += Money::FromPence(p.pence).ToString();
      out += '\n';
    }
    if (out.size() > (4 << 20) - 4096) flush();
  }
  flush();
  if (std::fclose(f) != 0) Fail("cannot write " + path.string());
  return bytes;
}

// ---- Raw reference --------------------------------------------------------------------------------

void SqliteCheck(sqlite3* db, int rc, int want, const char* what) {
  if (rc != want) Fail(std::string("sqlite: ") + what + ": " + sqlite3_errmsg(db));
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    Fail(std::string("sqlite: ") + sql + ": " + msg);
  }
}

std::int64_t CountRows(sqlite3* db, const char* table) {
  sqlite3_stmt* st = nullptr;
  std::string sql = std::string("SELECT COUNT(*) FROM ") + table;
  SqliteCheck(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK, "prepare count");
  SqliteCheck(db, sqlite3_step(st), SQLITE_ROW, "count");
  std::int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

struct RawResult {
  double seconds = 0;
  std::uint64_t db_bytes = 0;
};

// with_balances=false: the reference the target is set against (entries and postings rows only).
// with_balances=true: also what the ledger must write besides those rows, still with no
// validation or hashing and with integer arithmetic: the accounts rows on first use, the maintained
// balances (one upsert per (account, partner) touched by the batch, in key order, as the journal
// does) and the chain head. This is the floor for any importer that keeps balances this way.
RawResult RunRaw(const Dataset& d, const fs::path& path, std::size_t batch, bool with_balances) {
  RemoveDatabase(path);
  {
    // Poolbook creates the schema, so tables, indexes and triggers are exactly the importer's.
    auto db = poolbook::store::Database::Open(path.string());
    if (!db.ok()) Fail("raw: creating the schema: " + db.status().message());
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    Fail("raw: cannot open " + path.string());
  }
  // The same pragmas as poolbook's Dialect::ConnectionSetup.
  Exec(db, "PRAGMA busy_timeout = 10000");
  Exec(db, "PRAGMA journal_mode = WAL");
  Exec(db, "PRAGMA synchronous = FULL");
  if (g_cache_kib) Exec(db, ("PRAGMA cache_size = -" + std::to_string(g_cache_kib)).c_str());

  static const std::string kZeros(64, '0'), kBody(64, 'b'), kHash(64, 'h');
  static const std::string kRecordedAt = "2026-04-01T00:00:00.000000Z", kUser = "bench", kBook = "actual";
  auto text = [](sqlite3_stmt* st, int i, const std::string& s) {
    sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
  };

  auto t0 = SteadyClock::now();
  sqlite3_stmt* ins_entry = nullptr;
  sqlite3_stmt* ins_posting = nullptr;
  sqlite3_stmt* ins_account = nullptr;
  sqlite3_stmt* upsert_balance = nullptr;
  sqlite3_stmt* set_head = nullptr;
  if (with_balances) {
    SqliteCheck(
        db,
        sqlite3_prepare_v2(db, "INSERT INTO accounts (id, name, type, opened_at) VALUES (?1, ?2, ?3, ?4)", -1,
                           &ins_account, nullptr),
        SQLITE_OK, "prepare accounts insert");
    SqliteCheck(db,
                sqlite3_prepare_v2(
                    db,
                    "INSERT INTO balances (book, account_id, partner_id, balance, postings)"
                    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (book, account_id, partner_id) DO UPDATE SET"
                    " balance = balances.balance + excluded.balance,"
                    " postings = balances.postings + excluded.postings",
                    -1, &upsert_balance, nullptr),
                SQLITE_OK, "prepare balances upsert");
    SqliteCheck(
        db,
        sqlite3_prepare_v2(db, "UPDATE chain_head SET last_entry_id = ?1, last_hash = ?2 WHERE id = 1", -1,
                           &set_head, nullptr),
        SQLITE_OK, "prepare chain head update");
  }
  // Account ids in order of first use, as the importer gives them; partner ids 1, 2, 3 in
  // kPartners order, as they are added.
  std::vector<std::int64_t> account_id(with_balances ? d.accounts.size() : 0, 0);
  std::int64_t last_account_id = 0;
  // (account id, partner) -> (pence, postings); ordered like the table's (book, account_id, partner_id).
  std::map<std::pair<std::int64_t, std::uint8_t>, std::pair<std::int64_t, std::int64_t>> deltas;
  SqliteCheck(db,
              sqlite3_prepare_v2(
                  db,
                  "INSERT INTO entries (id, entry_key, book, effective_date, period, recorded_at, memo,"
                  " posted_by, reverses, body_sha256, prev_hash, hash)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                  -1, &ins_entry, nullptr),
              SQLITE_OK, "prepare entries insert");
  SqliteCheck(
      db,
      sqlite3_prepare_v2(db,
                         "INSERT INTO postings (entry_id, seq, account, partner, person, line, amount)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         -1, &ins_posting, nullptr),
      SQLITE_OK, "prepare postings insert");
  for (std::size_t start = 0; start < d.entries.size(); start += batch) {
    const std::size_t end = std::min(d.entries.size(), start + batch);
    Exec(db, "BEGIN IMMEDIATE");
    for (std::size_t i = start; i < end; ++i) {
      const GenEntry& e = d.entries[i];
      const sqlite3_int64 id = static_cast<sqlite3_int64>(i + 1);
      sqlite3_bind_int64(ins_entry, 1, id);
      text(ins_entry, 2, e.key);
      text(ins_entry, 3, kBook);
      text(ins_entry, 4, e.date);
      text(ins_entry, 5, e.period);
      text(ins_entry, 6, kRecordedAt);
      text(ins_entry, 7, e.memo);
      text(ins_entry, 8, kUser);
      sqlite3_bind_null(ins_entry, 9);
      text(ins_entry, 10, kBody);
      text(ins_entry, 11, kZeros);
      text(ins_entry, 12, kHash);
      SqliteCheck(db, sqlite3_step(ins_entry), SQLITE_DONE, "insert entry");
      sqlite3_reset(ins_entry);
      int seq = 0;
      for (const GenPosting& p : e.postings) {
        sqlite3_bind_int64(ins_posting, 1, id);
        sqlite3_bind_int(ins_posting, 2, ++seq);
        text(ins_posting, 3, d.accounts[p.account]);
        sqlite3_bind_text(ins_posting, 4, kPartners[e.partner][0], -1, SQLITE_STATIC);
        if (p.person.empty())
          sqlite3_bind_null(ins_posting, 5);
        else
          text(ins_posting, 5, p.person);
        if (p.line < 0)
          sqlite3_bind_null(ins_posting, 6);
        else
          sqlite3_bind_text(ins_posting, 6, kLineCodes[p.line], -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins_posting, 7, p.pence);
        SqliteCheck(db, sqlite3_step(ins_posting), SQLITE_DONE, "insert posting");
        sqlite3_reset(ins_posting);
        if (with_balances) {
          if (account_id[p.account] == 0) {
            account_id[p.account] = ++last_account_id;
            sqlite3_bind_int64(ins_account, 1, account_id[p.account]);
            text(ins_account, 2, d.accounts[p.account]);
            sqlite3_bind_text(ins_account, 3, p.account < d.expense_accounts ? "expense" : "asset", -1,
                              SQLITE_STATIC);
            text(ins_account, 4, kRecordedAt);
            SqliteCheck(db, sqlite3_step(ins_account), SQLITE_DONE, "insert account");
            sqlite3_reset(ins_account);
          }
          auto& delta = deltas[{account_id[p.account], e.partner}];
          delta.first += p.pence;
          delta.second += 1;
        }
      }
    }
    if (with_balances) {
      for (const auto& [key, delta] : deltas) {
        sqlite3_bind_int(upsert_balance, 1, 1);  // the actual book
        sqlite3_bind_int64(upsert_balance, 2, key.first);
        sqlite3_bind_int(upsert_balance, 3, key.second + 1);
        sqlite3_bind_int64(upsert_balance, 4, delta.first);
        sqlite3_bind_int64(upsert_balance, 5, delta.second);
        SqliteCheck(db, sqlite3_step(upsert_balance), SQLITE_DONE, "upsert balance");
        sqlite3_reset(upsert_balance);
      }
      deltas.clear();
      sqlite3_bind_int64(set_head, 1, static_cast<sqlite3_int64>(end));
      text(set_head, 2, kHash);
      SqliteCheck(db, sqlite3_step(set_head), SQLITE_DONE, "update chain head");
      sqlite3_reset(set_head);
    }
    Exec(db, "COMMIT");
  }
  sqlite3_finalize(ins_entry);
  sqlite3_finalize(ins_posting);
  sqlite3_finalize(ins_account);
  sqlite3_finalize(upsert_balance);
  sqlite3_finalize(set_head);
  auto t1 = SteadyClock::now();

  const auto entries = CountRows(db, "entries"), postings = CountRows(db, "postings");
  if (entries != static_cast<std::int64_t>(d.entries.size()) ||
      postings != static_cast<std::int64_t>(2 * d.entries.size())) {
    Fail("raw: expected " + std::to_string(d.entries.size()) + " entries, found " + std::to_string(entries) +
         " entries and " + std::to_string(postings) + " postings");
  }
  if (with_balances) {
    const auto accounts = CountRows(db, "accounts"), balances = CountRows(db, "balances");
    if (accounts != static_cast<std::int64_t>(d.accounts.size()) ||
        balances != static_cast<std::int64_t>(d.expected_balance_rows)) {
      Fail("raw+balances: found " + std::to_string(accounts) + " accounts and " + std::to_string(balances) +
           " balance rows");
    }
  }
  RawResult r{Seconds(t0, t1), DatabaseBytes(path)};
  sqlite3_close(db);
  return r;
}

// ---- Poolbook import and trial balance ---------------------------------------------------------

void ApplyCacheSize(poolbook::Journal& j) {
  if (g_cache_kib) j.db().sql() << ("PRAGMA cache_size = -" + std::to_string(g_cache_kib));
}

std::unique_ptr<poolbook::Journal> OpenLedgerWithPartners(const fs::path& path) {
  auto j = poolbook::Journal::Open(path.string());
  if (!j.ok()) Fail("opening the ledger: " + j.status().message());
  ApplyCacheSize(**j);
  for (const auto& [code, name] : kPartners) {
    if (auto st = (*j)->AddPartner(code, name); !st.ok())
      Fail("adding partner " + std::string(code) + ": " + st.message());
  }
  return std::move(*j);
}

std::int64_t CountLedgerRows(poolbook::Journal& j, const char* table) {
  long long n = 0;
  j.db().sql() << (std::string("SELECT COUNT(*) FROM ") + table), soci::into(n);
  return n;
}

struct ImportRun {
  double seconds = 0;
  std::uint64_t db_bytes = 0;
  std::unique_ptr<poolbook::Journal> journal;
};

ImportRun RunImport(const Dataset& d, const fs::path& csv, const fs::path& path) {
  RemoveDatabase(path);
  ImportRun run;
  run.journal = OpenLedgerWithPartners(path);
  poolbook::ImportOptions options;
  options.user = "bench";
  options.create_accounts = true;

  auto t0 = SteadyClock::now();
  std::ifstream in(csv, std::ios::binary);
  if (!in) Fail("cannot read " + csv.string());
  poolbook::ImportResult r = poolbook::ImportCsv(*run.journal, in, options);
  auto t1 = SteadyClock::now();

  if (!r.status.ok()) Fail("import: " + r.status.message());
  const auto n = static_cast<long long>(d.entries.size());
  if (r.entries_written != n || r.entries_replayed != 0 || r.rows != 2 * n) {
    Fail("import: expected " + std::to_string(n) + " entries written, got " +
         std::to_string(r.entries_written) + " (" + std::to_string(r.entries_replayed) + " replayed, " +
         std::to_string(r.rows) + " rows)");
  }
  const auto entries = CountLedgerRows(*run.journal, "entries"),
             postings = CountLedgerRows(*run.journal, "postings"),
             accounts = CountLedgerRows(*run.journal, "accounts"),
             balances = CountLedgerRows(*run.journal, "balances");
  if (entries != n || postings != 2 * n || accounts != static_cast<std::int64_t>(d.accounts.size()) ||
      balances != static_cast<std::int64_t>(d.expected_balance_rows)) {
    Fail("import: the database holds " + std::to_string(entries) + " entries, " + std::to_string(postings) +
         " postings, " + std::to_string(accounts) + " accounts, " + std::to_string(balances) +
         " balance rows");
  }
  run.seconds = Seconds(t0, t1);
  run.db_bytes = DatabaseBytes(path);
  return run;
}

void CheckTrialBalance(const Dataset& d, const poolbook::StatusOr<poolbook::reports::TrialBalance>& tb) {
  if (!tb.ok()) Fail("trial balance: " + tb.status().message());
  if (tb->books.size() != 1 || tb->books[0].book != Book::kActual)
    Fail("trial balance: expected the actual book only");
  const auto& b = tb->books[0];
  if (b.lines.size() != d.expected_tb_lines) {
    Fail("trial balance: expected " + std::to_string(d.expected_tb_lines) + " lines, got " +
         std::to_string(b.lines.size()));
  }
  if (!(b.total_debit == Money::FromPence(d.expected_tb_debit)) || !(b.total_credit == b.total_debit)) {
    Fail("trial balance: totals " + b.total_debit.ToString() + " / " + b.total_credit.ToString() +
         ", expected " + Money::FromPence(d.expected_tb_debit).ToString());
  }
}

// Milliseconds of each of `runs` calls on the journal's open connection.
std::vector<double> RunTrialBalances(const Dataset& d, poolbook::Journal& j, int runs) {
  std::vector<double> ms;
  for (int k = 0; k < runs; ++k) {
    auto t0 = SteadyClock::now();
    auto tb = poolbook::reports::BuildTrialBalance(j, Book::kActual);
    auto t1 = SteadyClock::now();
    CheckTrialBalance(d, tb);
    ms.push_back(Seconds(t0, t1) * 1000);
  }
  return ms;
}

// As a command-line `report` would: open the ledger, then build the trial balance.
double RunTrialBalanceFreshConnection(const Dataset& d, const fs::path& path) {
  auto t0 = SteadyClock::now();
  auto j = poolbook::Journal::Open(path.string());
  if (!j.ok()) Fail("reopening the ledger: " + j.status().message());
  ApplyCacheSize(**j);
  auto tb = poolbook::reports::BuildTrialBalance(**j, Book::kActual);
  auto t1 = SteadyClock::now();
  CheckTrialBalance(d, tb);
  return Seconds(t0, t1) * 1000;
}

// ---- Stage breakdown -----------------------------------------------------------------------------

struct Breakdown {
  double csv_read = 0;        // CsvReader::Next over the file
  double csv_to_entries = 0;  // CsvReader + ParseBook/Date::Parse/Money::Parse into Entry objects
  double validate_hash = 0;   // ValidateShape + SHA-256 of body and link for every entry
  double post_batches = 0;    // Journal::PostBatch of the in-memory entries, batches of kEntriesPerCommitMax
};

Breakdown RunBreakdown(const Dataset& d, const fs::path& csv, const fs::path& db_path) {
  Breakdown b;
  {
    auto t0 = SteadyClock::now();
    std::ifstream in(csv, std::ios::binary);
    poolbook::CsvReader reader(in);
    std::vector<std::string> row;
    std::size_t rows = 0;
    while (true) {
      auto more = reader.Next(row);
      if (!more.ok()) Fail("breakdown: " + more.status().message());
      if (!*more) break;
      ++rows;
    }
    b.csv_read = Seconds(t0, SteadyClock::now());
    if (rows != 2 * d.entries.size() + 1) Fail("breakdown: read " + std::to_string(rows) + " CSV rows");
  }
  std::vector<poolbook::Entry> entries;
  {
    auto t0 = SteadyClock::now();
    std::ifstream in(csv, std::ios::binary);
    poolbook::CsvReader reader(in);
    std::vector<std::string> row;
    (void)reader.Next(row);  // header, in the generator's column order
    entries.reserve(d.entries.size());
    while (true) {
      auto more = reader.Next(row);
      if (!more.ok()) Fail("breakdown: " + more.status().message());
      if (!*more) break;
      if (entries.empty() || entries.back().key != row[0]) {
        poolbook::Entry e;
        e.key = row[0];
        auto book = poolbook::ParseBook(row[1]);
        auto date = poolbook::Date::Parse(row[2]);
        if (!book.ok() || !date.ok()) Fail("breakdown: bad book or date");
        e.book = *book;
        e.date = *date;
        e.memo = row[3];
        entries.push_back(std::move(e));
      }
      auto amount = Money::Parse(row[8]);
      if (!amount.ok()) Fail("breakdown: " + amount.status().message());
      entries.back().postings.push_back(poolbook::Posting{row[4], row[5], row[6], row[7], *amount});
    }
    b.csv_to_entries = Seconds(t0, SteadyClock::now());
    if (entries.size() != d.entries.size())
      Fail("breakdown: parsed " + std::to_string(entries.size()) + " entries");
  }
  {
    const std::string now = poolbook::store::UtcTimestamp(std::chrono::system_clock::now());
    std::string prev = poolbook::kGenesisHash;
    auto t0 = SteadyClock::now();
    long long id = 0;
    for (const poolbook::Entry& e : entries) {
      if (auto st = poolbook::ValidateShape(e); !st.ok()) Fail("breakdown: " + st.message());
      std::string body = poolbook::Sha256Hex(poolbook::CanonicalBody(e));
      prev = poolbook::Sha256Hex(poolbook::CanonicalLink(++id, prev, now, "bench", body));
    }
    b.validate_hash = Seconds(t0, SteadyClock::now());
  }
  {
    RemoveDatabase(db_path);
    auto j = OpenLedgerWithPartners(db_path);
    poolbook::PostOptions po;
    po.user = "bench";
    po.create_accounts = true;
    po.mode = poolbook::BatchMode::kAllOrNothing;
    const std::size_t batch = poolbook::limits::kEntriesPerCommitMax;
    std::vector<poolbook::Entry> chunk;
    double seconds = 0;
    for (std::size_t start = 0; start < entries.size(); start += batch) {
      chunk.assign(std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(start)),
                   std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(
                                                                 std::min(entries.size(), start + batch))));
      auto t0 = SteadyClock::now();
      poolbook::BatchResult r = j->PostBatch(chunk, po);
      seconds += Seconds(t0, SteadyClock::now());
      if (!r.all_ok()) {
        for (const auto& res : r.results) {
          if (!res.ok()) Fail("breakdown: PostBatch refused an entry: " + res.status().message());
        }
      }
    }
    b.post_batches = seconds;
    if (CountLedgerRows(*j, "postings") != static_cast<std::int64_t>(2 * d.entries.size())) {
      Fail("breakdown: PostBatch wrote the wrong number of postings");
    }
    j.reset();
    RemoveDatabase(db_path);
  }
  return b;
}

// ---- Temporary directory ---------------------------------------------------------------------------

class TempDir {
 public:
  TempDir(const std::string& parent, bool keep) : keep_(keep) {
    fs::path base = parent.empty() ? fs::temp_directory_path() : fs::path(parent);
    std::string tmpl = (base / "poolbook-import-bench-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) Fail("cannot create a temporary directory under " + base.string());
    path_ = buf.data();
  }
  ~TempDir() {
    if (keep_) {
      std::printf("kept %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  bool keep_;
};

}  // namespace

int Run(const Options& o) {
  g_cache_kib = o.sqlite_cache_kib;
  const std::size_t batch = poolbook::limits::kEntriesPerCommitMax;
  const std::uint64_t postings = 2 * static_cast<std::uint64_t>(o.entries);

  struct utsname un {};
  uname(&un);
  const std::string started = UtcNow();
  const long nproc = sysconf(_SC_NPROCESSORS_ONLN);
  std::printf("Poolbook import benchmark\n");
  std::printf("  machine   %s, nproc %ld, %s %s, started %s\n", CpuModel().c_str(), nproc, un.sysname,
              un.release, started.c_str());
  std::printf("  build     %s, compiler %s, SQLite %s\n", POOLBOOK_BUILD_TYPE, __VERSION__,
              sqlite3_libversion());
  std::printf("  data      seed %" PRIu64
              ", %s entries = %s postings, %s accounts, %zu partners, FY 2025-26\n",
              o.seed, Thousands(o.entries).c_str(), Thousands(postings).c_str(),
              Thousands(o.accounts).c_str(), kPartners.size());
  std::printf(
      "  method    %d rep(s) of raw%s then import on fresh databases, %zu entries per transaction, "
      "%d trial balances per rep\n",
      o.reps, o.raw_balances ? ", raw+balances" : "", batch, o.tb_runs);
  if (o.sqlite_cache_kib) {
    std::printf("  what-if   PRAGMA cache_size = -%" PRIu64
                " (KiB) on every connection; not poolbook's setting\n",
                o.sqlite_cache_kib);
  }
  std::fflush(stdout);

  TempDir dir(o.dir, o.keep);
  const fs::path csv = dir.path() / "import.csv";
  const fs::path raw_db = dir.path() / "raw.db", import_db = dir.path() / "import.db";

  auto g0 = SteadyClock::now();
  const Dataset data = Generate(o);
  const std::uint64_t csv_bytes = WriteCsv(data, csv);
  const double gen_seconds = Seconds(g0, SteadyClock::now());
  std::printf(
      "  csv       %s, %.1f MB, generated in %.1f s; expect %s trial balance lines, %s balance rows\n",
      csv.c_str(), static_cast<double>(csv_bytes) / 1e6, gen_seconds,
      Thousands(data.expected_tb_lines).c_str(), Thousands(data.expected_balance_rows).c_str());
  std::printf("\n%-4s %7s %13s %9s %8s %13s %10s %9s %9s %9s %9s\n", "rep", "raw s", "raw post/s",
              "raw+bal s", "import s", "import post/s", "import/raw", "/raw+bal", "TB med ms", "TB p90 ms",
              "TB open ms");
  std::fflush(stdout);

  std::vector<double> raw_s, rawbal_s, import_s, ratios, tb_all, tb_fresh;
  json reps = json::array();
  std::uint64_t raw_bytes = 0, import_bytes = 0;
  for (int rep = 1; rep <= o.reps; ++rep) {
    const bool last = rep == o.reps;
    RawResult raw = RunRaw(data, raw_db, batch, /*with_balances=*/false);
    raw_bytes = raw.db_bytes;
    if (!o.keep || !last) RemoveDatabase(raw_db);

    std::optional<RawResult> rawbal;
    if (o.raw_balances) {
      const fs::path rawbal_db = dir.path() / "raw-balances.db";
      rawbal = RunRaw(data, rawbal_db, batch, /*with_balances=*/true);
      if (!o.keep || !last) RemoveDatabase(rawbal_db);
    }

    ImportRun imp = RunImport(data, csv, import_db);
    import_bytes = imp.db_bytes;
    std::vector<double> tb = RunTrialBalances(data, *imp.journal, o.tb_runs);
    imp.journal.reset();
    double fresh = RunTrialBalanceFreshConnection(data, import_db);
    if (!o.keep || !last) RemoveDatabase(import_db);

    const double raw_rate = static_cast<double>(postings) / raw.seconds;
    const double import_rate = static_cast<double>(postings) / imp.seconds;
    raw_s.push_back(raw.seconds);
    if (rawbal) rawbal_s.push_back(rawbal->seconds);
    import_s.push_back(imp.seconds);
    ratios.push_back(import_rate / raw_rate);
    tb_all.insert(tb_all.end(), tb.begin(), tb.end());
    tb_fresh.push_back(fresh);
    std::printf("%-4d %7.2f %13s %9s %8.2f %13s %9.1f%% %9s %9.1f %9.1f %9.1f\n", rep, raw.seconds,
                Rate(raw_rate).c_str(), rawbal ? Fixed(rawbal->seconds, 2).c_str() : "-", imp.seconds,
                Rate(import_rate).c_str(), 100 * import_rate / raw_rate,
                rawbal ? (Fixed(100 * rawbal->seconds / imp.seconds, 1) + "%").c_str() : "-", Median(tb),
                Percentile(tb, 90), fresh);
    std::fflush(stdout);
    reps.push_back({{"rep", rep},
                    {"raw_seconds", raw.seconds},
                    {"raw_postings_per_second", raw_rate},
                    {"raw_with_balances_seconds", rawbal ? json(rawbal->seconds) : json(nullptr)},
                    {"import_seconds", imp.seconds},
                    {"import_postings_per_second", import_rate},
                    {"import_over_raw", import_rate / raw_rate},
                    {"trial_balance_ms", tb},
                    {"trial_balance_fresh_connection_ms", fresh}});
  }

  const double raw_med_s = Median(raw_s), import_med_s = Median(import_s);
  const double raw_rate = static_cast<double>(postings) / raw_med_s;
  const double import_rate = static_cast<double>(postings) / import_med_s;
  const double ratio = import_rate / raw_rate;
  const double rawbal_med_s = Median(rawbal_s);
  const double tb_med = Median(tb_all), tb_p90 = Percentile(tb_all, 90),
               tb_max = *std::max_element(tb_all.begin(), tb_all.end());
  const double tb_fresh_med = Median(tb_fresh);
  const bool import_ok = ratio >= kImportRatioTarget;
  const bool tb_ok = tb_med < kTrialBalanceTargetMs;

  std::printf("\nSummary (medians over %d rep(s); %s postings each)\n", o.reps, Thousands(postings).c_str());
  std::printf("  %-34s %12s postings/s  (%.2f s)\n", "raw SQLite reference", Rate(raw_rate).c_str(),
              raw_med_s);
  if (!rawbal_s.empty()) {
    std::printf("  %-34s %12s postings/s  (%.2f s)  reference + accounts, balances, chain head\n",
                "raw SQLite + balances", Rate(static_cast<double>(postings) / rawbal_med_s).c_str(),
                rawbal_med_s);
  }
  std::printf("  %-34s %12s postings/s  (%.2f s)\n", "poolbook ImportCsv", Rate(import_rate).c_str(),
              import_med_s);
  // Two readings of "a plain loop of prepared inserts of the same rows": the entries and postings
  // rows alone, or every row the import writes (also the maintained balances). Both are shown.
  std::printf("  %-34s %11.1f %%           target >= %.0f %%   %s  (rows: entries, postings)\n",
              "import / raw", 100 * ratio, 100 * kImportRatioTarget, import_ok ? "PASS" : "MISS");
  if (!rawbal_s.empty()) {
    const double same_rows = rawbal_med_s / import_med_s;
    std::printf(
        "  %-34s %11.1f %%           target >= %.0f %%   %s  (rows: entries, postings, balances, accounts, "
        "head)\n",
        "import / (raw + balances)", 100 * same_rows, 100 * kImportRatioTarget,
        same_rows >= kImportRatioTarget ? "PASS" : "MISS");
  }
  std::printf("  %-34s %11.1f ms          target < %.0f ms   %s\n", "trial balance median", tb_med,
              kTrialBalanceTargetMs, tb_ok ? "PASS" : "MISS");
  std::printf("  %-34s %11.1f ms  (max %.1f ms; %zu runs, %s lines)\n", "trial balance p90", tb_p90, tb_max,
              tb_all.size(), Thousands(data.expected_tb_lines).c_str());
  std::printf("  %-34s %11.1f ms  (Journal::Open + trial balance)\n", "trial balance, fresh connection",
              tb_fresh_med);
  std::printf("  %-34s raw %.0f MB, poolbook %.0f MB (database + WAL)\n", "database size", raw_bytes / 1e6,
              import_bytes / 1e6);
  std::fflush(stdout);

  json breakdown_json = nullptr;
  if (o.breakdown) {
    Breakdown b = RunBreakdown(data, csv, dir.path() / "breakdown.db");
    const double parse = b.csv_to_entries;
    const double write_rest = b.post_batches - b.validate_hash;
    std::printf("\nImport stages, one run through public APIs (s; import median %.2f s, raw median %.2f s)\n",
                import_med_s, raw_med_s);
    std::printf("  %-58s %7.2f\n", "CsvReader::Next over the file", b.csv_read);
    std::printf("  %-58s %7.2f\n", "CSV -> Entry (reader + book/date/amount parsing)", parse);
    std::printf("  %-58s %7.2f\n", "ValidateShape + SHA-256 body and link (in memory)", b.validate_hash);
    std::printf("  %-58s %7.2f\n", "Journal::PostBatch of in-memory entries (all checks+SQL)",
                b.post_batches);
    std::printf("  %-58s %7.2f\n", "  of which not validate/hash (state checks, SQL)", write_rest);
    std::printf("  %-58s %7.2f\n", "import median - PostBatch (~ CSV -> Entry in import)",
                import_med_s - b.post_batches);
    breakdown_json = {{"csv_read_seconds", b.csv_read},
                      {"csv_to_entries_seconds", b.csv_to_entries},
                      {"validate_hash_seconds", b.validate_hash},
                      {"post_batches_seconds", b.post_batches}};
  }
  std::printf("\npeak RSS %ld MB\n", PeakRssMb());

  if (!o.json.empty()) {
    json j = {
        {"benchmark", "import_bench"},
        {"started_utc", started},
        {"machine",
         {{"nproc", nproc},
          {"hardware_concurrency", std::thread::hardware_concurrency()},
          {"cpu", CpuModel()},
          {"kernel", std::string(un.sysname) + " " + un.release},
          {"build_type", POOLBOOK_BUILD_TYPE},
          {"compiler", __VERSION__},
          {"sqlite", sqlite3_libversion()}}},
        {"config",
         {{"seed", o.seed},
          {"entries", o.entries},
          {"postings", postings},
          {"accounts", o.accounts},
          {"partners", kPartners.size()},
          {"reps", o.reps},
          {"trial_balance_runs_per_rep", o.tb_runs},
          {"entries_per_transaction", batch},
          {"sqlite_cache_kib", o.sqlite_cache_kib ? json(o.sqlite_cache_kib) : json(nullptr)},
          {"csv_bytes", csv_bytes}}},
        {"reps", reps},
        {"summary",
         {{"raw_postings_per_second", raw_rate},
          {"raw_seconds_median", raw_med_s},
          {"raw_with_balances_seconds_median", rawbal_s.empty() ? json(nullptr) : json(rawbal_med_s)},
          {"import_over_raw_with_balances",
           rawbal_s.empty() ? json(nullptr) : json(rawbal_med_s / import_med_s)},
          {"import_postings_per_second", import_rate},
          {"import_seconds_median", import_med_s},
          {"import_over_raw", ratio},
          {"import_over_raw_median_of_reps", Median(ratios)},
          {"trial_balance_median_ms", tb_med},
          {"trial_balance_p90_ms", tb_p90},
          {"trial_balance_max_ms", tb_max},
          {"trial_balance_fresh_connection_median_ms", tb_fresh_med},
          {"trial_balance_lines", data.expected_tb_lines},
          {"raw_db_bytes", raw_bytes},
          {"import_db_bytes", import_bytes}}},
        {"targets",
         {{"import_over_raw_min", kImportRatioTarget},
          {"import_over_raw_met", import_ok},
          {"trial_balance_ms_max", kTrialBalanceTargetMs},
          {"trial_balance_met", tb_ok}}},
        {"breakdown", breakdown_json},
        {"peak_rss_mb", PeakRssMb()},
    };
    std::ofstream out(o.json);
    out << j.dump(2) << "\n";
    if (!out) Fail("cannot write " + o.json);
    std::printf("wrote %s\n", o.json.c_str());
  }
  if (o.check_targets && !(import_ok && tb_ok)) return 3;
  return 0;
}

int main(int argc, char** argv) {
  const Options o = ParseOptions(argc, argv);
  try {
    return Run(o);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "import_bench: FAILED: %s\n", e.what());
    return 2;
  }
}
