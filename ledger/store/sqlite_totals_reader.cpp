// TotalsReader for SQLite: each statement bound and stepped through the connection's native handle
// (store::SqliteStatement), its amounts summed in 128 bits.
#include <soci/soci.h>

#include <map>
#include <stdexcept>
#include <tuple>

#include "ledger/store/report_totals_store.h"
#include "ledger/store/schema.h"
#include "ledger/store/sqlite_statement.h"

namespace poolbook::store {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
using Sums = std::map<Key, Int128>;

// Every statement below numbers its parameters the same way (each may be used more than once, or
// not at all): ?1 from, ?2 to, ?3 as_at, ?4 and ?5 two texts (the first and last person, or a
// range of keys), ?6 and ?7 two numbers (entry ids or blocks). The columns are person, book,
// account, partner, line, period and the amount in pence, or high and low in place of the amount
// (as report_blocks keeps them).

// Whole blocks ?6 up to (not including) ?7.
constexpr const char* kBlocks =
    "SELECT '', book, account, partner, line, period, high, low FROM report_blocks"
    " WHERE block >= ?6 AND block < ?7 AND period >= ?1 AND period <= ?2";
// The postings of entries ?6 (exclusive) to ?7 (inclusive), each amount in two parts that sum
// without passing 64 bits.
constexpr const char* kPostingsOfEntries =
    "SELECT '', e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount >> 32),"
    " SUM(p.amount & 4294967295) FROM entries e JOIN postings p ON p.entry_id = e.id"
    " WHERE e.id > ?6 AND e.id <= ?7 AND e.period >= ?1 AND e.period <= ?2 GROUP BY 1, 2, 3, 4, 5, 6";
constexpr const char* kFundTotals =
    "SELECT '', book, account, partner, line, period, amount FROM report_totals"
    " WHERE period >= ?1 AND period <= ?2";
// A range of people is a range of the primary key (person first): written plainly, so that
// SQLite seeks to it rather than scanning the table.
constexpr const char* kPersonTotals =
    "SELECT person, book, account, partner, line, period, amount FROM person_totals"
    " WHERE period >= ?1 AND period <= ?2";
constexpr const char* kPersonTotalsInRange =
    "SELECT person, book, account, partner, line, period, amount FROM person_totals"
    " WHERE period >= ?1 AND period <= ?2 AND person >= ?4 AND person <= ?5";
// The per-person postings of the entries recorded after ?3.
constexpr const char* kPersonPostingsAfter =
    "SELECT p.person, e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount)"
    " FROM entries e JOIN postings p ON p.entry_id = e.id"
    " WHERE e.recorded_at > ?3 AND e.period >= ?1 AND e.period <= ?2 AND p.person IS NOT NULL"
    " GROUP BY 1, 2, 3, 4, 5, 6";
constexpr const char* kPersonPostingsAfterInRange =
    "SELECT p.person, e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount)"
    " FROM entries e JOIN postings p ON p.entry_id = e.id"
    " WHERE e.recorded_at > ?3 AND e.period >= ?1 AND e.period <= ?2 AND p.person IS NOT NULL"
    " AND p.person >= ?4 AND p.person <= ?5 GROUP BY 1, 2, 3, 4, 5, 6";
// The postings of the entries with keys in [?4, ?5), recorded at any time or at or before ?3.
constexpr const char* kPostingsOfKeys =
    "SELECT '', e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount)"
    " FROM entries e JOIN postings p ON p.entry_id = e.id"
    " WHERE e.entry_key >= ?4 AND e.entry_key < ?5 AND e.period >= ?1 AND e.period <= ?2"
    " GROUP BY 1, 2, 3, 4, 5, 6";
constexpr const char* kPostingsOfKeysAsAt =
    "SELECT '', e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount)"
    " FROM entries e JOIN postings p ON p.entry_id = e.id"
    " WHERE e.entry_key >= ?4 AND e.entry_key < ?5 AND e.period >= ?1 AND e.period <= ?2"
    " AND e.recorded_at <= ?3 GROUP BY 1, 2, 3, 4, 5, 6";

// The values of the numbered parameters.
struct Params {
  std::string from, to, as_at, first, last;
  long long low = 0, high = 0;
};

Params ParamsOf(const TotalsRange& r, std::string first = {}, std::string last = {}) {
  return Params{r.from, r.to, r.as_at.value_or(""), std::move(first), std::move(last)};
}

// Runs `sql` with `p` and adds each amount, times `sign`, to `sums` in 128 bits (sums of blocks
// may pass 64 bits on the way; a total as at a moment does not).
void Add(sqlite_api::sqlite3* conn, const char* sql, const Params& p, int sign, Sums& sums) {
  SqliteStatement q(conn, sql);
  const std::string* texts[] = {&p.from, &p.to, &p.as_at, &p.first, &p.last};
  const int count = q.ParameterCount();
  for (int i = 1; i <= count && i <= 5; ++i) q.Text(i, *texts[i - 1]);
  if (count >= 6) q.Int(6, p.low);
  if (count >= 7) q.Int(7, p.high);
  while (q.Next()) {
    // Sums over blocks come as high and low (high * 2^32 + low), which cannot pass 64 bits.
    Int128 amount = q.ColumnInt(6);
    if (q.ColumnCount() == 8) amount = amount * (Int128(1) << 32) + q.ColumnInt(7);
    sums[Key{std::string(q.ColumnText(0)), std::string(q.ColumnText(1)), std::string(q.ColumnText(2)),
             std::string(q.ColumnText(3)), std::string(q.ColumnText(4)), std::string(q.ColumnText(5))}] +=
        sign * amount;
  }
}

void AddRange(sqlite_api::sqlite3* conn, const char* sql, Params p, long long low, long long high, int sign,
              Sums& sums) {
  p.low = low;
  p.high = high;
  Add(conn, sql, p, sign, sums);
}

std::vector<TotalRow> Rows(const Sums& sums) {
  std::vector<TotalRow> out;
  out.reserve(sums.size());
  for (const auto& [k, pence] : sums) {
    if (pence == 0) continue;
    out.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k), std::get<4>(k),
                   std::get<5>(k), pence});
  }
  return out;
}

// Fund-level sums in `r` as at r.as_at, from the whole blocks of entries (report_blocks) and the
// postings of the entries in at most two partial blocks. Recorded times never go backwards along
// the chain (ledger/journal.cpp), so the entries recorded at or before the moment are entries
// 1..n. Sums forward from the first block, or back from the totals now, whichever reads fewer
// blocks. Inside the caller's read transaction.
void AddAsAt(Database& db, const TotalsRange& r, Sums& sums) {
  long long last = 0, n = 0;
  soci::indicator n_ind = soci::i_null;
  const std::string as_at = *r.as_at;
  db.sql() << "SELECT last_entry_id FROM chain_head WHERE id = 1", soci::into(last);
  db.sql() << "SELECT id FROM entries WHERE recorded_at <= :t ORDER BY recorded_at DESC, id DESC LIMIT 1",
      soci::use(as_at), soci::into(n, n_ind);
  if (!db.sql().got_data() || n_ind != soci::i_ok) n = 0;
  const long long k = kTotalsBlockEntries, blocked = last / k;  // blocks 0 .. blocked-1 are kept
  const long long before = n / k;                               // blocks wholly at or before n
  const long long after = (n + k - 1) / k;                      // first block wholly after n
  sqlite_api::sqlite3* conn = NativeHandle(db);
  const Params p = ParamsOf(r);
  if (before <= blocked - after) {
    AddRange(conn, kBlocks, p, 0, before, +1, sums);
    AddRange(conn, kPostingsOfEntries, p, before * k, n, +1, sums);
    return;
  }
  Add(conn, kFundTotals, p, +1, sums);
  if (after < blocked) {
    AddRange(conn, kBlocks, p, after, blocked, -1, sums);
    AddRange(conn, kPostingsOfEntries, p, n, after * k, -1, sums);
    AddRange(conn, kPostingsOfEntries, p, blocked * k, last, -1, sums);
  } else {
    AddRange(conn, kPostingsOfEntries, p, n, last, -1, sums);
  }
}

class SqliteTotalsReader : public TotalsReader {
 public:
  explicit SqliteTotalsReader(Database& db) : db_(db) {}

  StatusOr<std::vector<TotalRow>> Fund(const TotalsRange& range) override {
    try {
      ReadTransaction tx(db_);
      Sums sums;
      if (range.as_at) {
        AddAsAt(db_, range, sums);
      } else {
        Add(NativeHandle(db_), kFundTotals, ParamsOf(range), +1, sums);
      }
      return Rows(sums);
    } catch (const std::exception& e) {
      return FromDatabaseError(e, "reading the report totals");
    }
  }

  StatusOr<std::vector<TotalRow>> People(const TotalsRange& range, const std::string& first,
                                         const std::string& last) override {
    const bool in_range = !first.empty();
    try {
      ReadTransaction tx(db_);
      sqlite_api::sqlite3* conn = NativeHandle(db_);
      const Params p = ParamsOf(range, first, last);
      Sums sums;
      Add(conn, in_range ? kPersonTotalsInRange : kPersonTotals, p, +1, sums);
      if (range.as_at) Add(conn, in_range ? kPersonPostingsAfterInRange : kPersonPostingsAfter, p, -1, sums);
      return Rows(sums);
    } catch (const std::exception& e) {
      return FromDatabaseError(e, "reading the report totals");
    }
  }

  StatusOr<std::vector<TotalRow>> OfKeys(const TotalsRange& range, const std::string& key_prefix) override {
    if (key_prefix.empty()) return InvalidArgument("a key prefix is needed");
    // Keys from the prefix up to (not including) the prefix with its last character raised.
    std::string end = key_prefix;
    end.back() = static_cast<char>(end.back() + 1);
    try {
      ReadTransaction tx(db_);
      Sums sums;
      Add(NativeHandle(db_), range.as_at ? kPostingsOfKeysAsAt : kPostingsOfKeys,
          ParamsOf(range, key_prefix, end), +1, sums);
      return Rows(sums);
    } catch (const std::exception& e) {
      return FromDatabaseError(e, "reading the totals of some entries");
    }
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<TotalsReader> NewSqliteTotalsReader(Database& db) {
  return std::make_unique<SqliteTotalsReader>(db);
}

}  // namespace poolbook::store
