// The Appender for SQLite (engine.h): prepared statements bound directly from the entries' own
// strings through the native handle of the SOCI session, one sqlite3_step per row. Errors are
// thrown as soci::sqlite3_soci_error with SQLite's extended result code, like every other
// statement, or as a Refusal for a balance or total past 64 bits.
#include <soci/sqlite3/soci-sqlite3.h>

#include <deque>
#include <limits>
#include <map>
#include <tuple>

#include "ledger/money.h"
#include "ledger/store/database.h"
#include "ledger/store/engine.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/schema.h"
#include "ledger/store/sqlite_statement.h"

namespace poolbook::store {
namespace {

using namespace sqlite_api;

// One row of report_totals (person empty) or person_totals: the batch's change to it.
using TotalKey = std::tuple<std::string_view, std::string_view, std::string_view, std::string_view,
                            std::string_view, std::string>;  // person, book, account, partner, line, period
struct TotalChange {
  Int128 amount = 0;  // a batch's change may pass 64 bits even when every posting fits
  long long postings = 0;
};
using TotalChanges = std::map<TotalKey, TotalChange>;

// One row of report_blocks: block, book, account, partner, line, period; and its sum in two parts
// (ledger/store/schema.h), each of which stays far inside 64 bits.
using BlockKey = std::tuple<long long, std::string_view, std::string_view, std::string_view, std::string_view,
                            std::string>;
struct BlockParts {
  std::int64_t high = 0, low = 0;
  void Add(std::int64_t pence) {
    high += pence >> 32;  // arithmetic shift, as SQLite's: high * 2^32 + low = pence
    low += pence & 0xFFFFFFFF;
  }
};

// Adds each change with an UPDATE, and INSERTs the rows the UPDATE did not find. report_totals
// has no person column: its statements leave ?1 unused.
void ApplyTotals(sqlite3* conn, const TotalChanges& totals, bool person) {
  SqliteStatement update(conn, person
                                   ? "UPDATE person_totals SET amount = amount + ?7, postings = postings + ?8"
                                     " WHERE person = ?1 AND book = ?2 AND account = ?3 AND partner = ?4"
                                     " AND line = ?5 AND period = ?6"
                                   : "UPDATE report_totals SET amount = amount + ?7, postings = postings + ?8"
                                     " WHERE book = ?2 AND account = ?3 AND partner = ?4 AND line = ?5"
                                     " AND period = ?6");
  SqliteStatement insert(conn,
                         person ? "INSERT INTO person_totals (person, book, account, partner, line, period,"
                                  " amount, postings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                : "INSERT INTO report_totals (book, account, partner, line, period, amount,"
                                  " postings) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  // A total past 64 bits refuses the batch: a change that does not fit, or a sum the tables'
  // CHECK (typeof(amount) = 'integer') refuses once SQLite's addition overflows.
  auto bind = [](SqliteStatement& s, const TotalKey& k, const TotalChange& c) {
    auto too_big = [&k] { return TotalOverflow(std::get<2>(k), std::get<3>(k), std::get<5>(k)); };
    if (c.amount > std::numeric_limits<std::int64_t>::max() ||
        c.amount < std::numeric_limits<std::int64_t>::min())
      throw too_big();
    try {
      s.Text(1, std::get<0>(k)).Text(2, std::get<1>(k)).Text(3, std::get<2>(k)).Text(4, std::get<3>(k));
      s.Text(5, std::get<4>(k)).Text(6, std::get<5>(k)).Int(7, static_cast<long long>(c.amount));
      s.Int(8, c.postings).Step();
    } catch (const soci::sqlite3_soci_error& e) {
      if (e.result() == SQLITE_CONSTRAINT_CHECK) throw too_big();
      throw;
    }
  };
  for (const auto& [k, c] : totals) {
    bind(update, k, c);
    if (sqlite3_changes(conn) == 0) bind(insert, k, c);
  }
}

class SqliteAppender final : public Appender {
 public:
  explicit SqliteAppender(Database& db) : db_(db) {}

  void Append(const std::vector<NewEntry>& entries, const BalanceChanges& changes) override {
    if (entries.empty()) return;
    sqlite3* conn = NativeHandle(db_);
    Batch batch;
    // The blocks of kTotalsBlockEntries entries this append completes (report_blocks, migration 6;
    // what "as at" adds up): entries blocked_before+1 .. blocked_after.
    batch.blocked_before = (entries.front().id - 1) / kTotalsBlockEntries * kTotalsBlockEntries;
    batch.blocked_after = entries.back().id / kTotalsBlockEntries * kTotalsBlockEntries;
    if (batch.blocked_after > batch.blocked_before && entries.front().id - 1 > batch.blocked_before)
      ReadEarlierBlockSums(conn, entries.front().id, batch);
    InsertEntries(conn, entries, batch);
    ApplyBalances(conn, changes);
    // After the balances, so that a balance past 64 bits is reported as such first.
    ApplyTotals(conn, batch.totals, false);
    ApplyTotals(conn, batch.person_totals, true);
    InsertBlocks(conn, batch.blocks);
    SqliteStatement head(conn, "UPDATE chain_head SET last_entry_id = ?1, last_hash = ?2 WHERE id = 1");
    head.Int(1, entries.back().id).Text(2, entries.back().hash).Step();
  }

 private:
  // What the batch adds to the tables kept beside the journal.
  struct Batch {
    long long blocked_before = 0, blocked_after = 0;
    TotalChanges totals, person_totals;
    std::map<BlockKey, BlockParts> blocks;
    std::deque<std::string> read_keys;  // owns the key texts of the earlier entries' block sums
  };

  // A block begun by earlier appends and completed by this one: its earlier entries' sums.
  static void ReadEarlierBlockSums(sqlite3* conn, long long first_new_id, Batch& batch) {
    SqliteStatement earlier(
        conn,
        "SELECT e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount >> 32),"
        " SUM(p.amount & 4294967295) FROM entries e JOIN postings p ON p.entry_id = e.id"
        " WHERE e.id > ?1 AND e.id < ?2 GROUP BY 1, 2, 3, 4, 5");
    earlier.Int(1, batch.blocked_before).Int(2, first_new_id);
    auto text = [&](int col) -> std::string_view {
      return batch.read_keys.emplace_back(earlier.ColumnText(col));
    };
    const long long block = batch.blocked_before / kTotalsBlockEntries;
    while (earlier.Next()) {
      BlockParts& b = batch.blocks[{block, text(0), text(1), text(2), text(3), std::string(text(4))}];
      b.high += earlier.ColumnInt(5);
      b.low += earlier.ColumnInt(6);
    }
  }

  // Inserts the entries and their postings, and sums the postings into the batch's totals.
  static void InsertEntries(sqlite3* conn, const std::vector<NewEntry>& entries, Batch& batch) {
    SqliteStatement entry(
        conn,
        "INSERT INTO entries (id, entry_key, book, effective_date, period, recorded_at, memo, posted_by,"
        " reverses, body_sha256, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "?12)");
    SqliteStatement posting(conn,
                            "INSERT INTO postings (entry_id, seq, account, partner, person, line, amount)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const NewEntry& ne : entries) {
      const Entry& e = *ne.entry;
      const std::string date = e.date.ToString();
      const std::string period = date.substr(0, 7);
      entry.Int(1, ne.id).Text(2, e.key).Text(3, BookName(e.book)).Text(4, date).Text(5, period);
      entry.Text(6, ne.recorded_at).Text(7, e.memo).Text(8, ne.posted_by);
      if (e.reverses) {
        entry.Int(9, *e.reverses);
      } else {
        entry.Null(9);
      }
      entry.Text(10, ne.body_sha256).Text(11, ne.prev_hash).Text(12, ne.hash).Step();
      int seq = 0;
      for (const Posting& p : e.postings) {
        posting.Int(1, ne.id).Int(2, ++seq).Text(3, p.account).Text(4, p.partner).TextOrNull(5, p.person);
        posting.TextOrNull(6, p.line).Int(7, p.amount.pence64()).Step();
        AddToTotals(ne.id, BookName(e.book), period, p, batch);
      }
    }
  }

  static void AddToTotals(long long id, std::string_view book, const std::string& period, const Posting& p,
                          Batch& batch) {
    if (id <= batch.blocked_after)
      batch.blocks[{(id - 1) / kTotalsBlockEntries, book, p.account, p.partner, p.line, period}].Add(
          p.amount.pence64());
    TotalChange& t = batch.totals[{std::string_view(), book, p.account, p.partner, p.line, period}];
    t.amount += p.amount.pence();
    ++t.postings;
    if (!p.person.empty()) {
      TotalChange& pt = batch.person_totals[{p.person, book, p.account, p.partner, p.line, period}];
      pt.amount += p.amount.pence();
      ++pt.postings;
    }
  }

  // Most changes land on a balance that exists: try the UPDATE (one index seek) and INSERT only when
  // it touched nothing, rather than INSERT ... ON CONFLICT (a failed insert, then a second seek).
  static void ApplyBalances(sqlite3* conn, const BalanceChanges& changes) {
    SqliteStatement update(conn,
                           "UPDATE balances SET balance = balance + ?4, postings = postings + ?5"
                           " WHERE book = ?1 AND account_id = ?2 AND partner_id = ?3");
    SqliteStatement insert(conn,
                           "INSERT INTO balances (book, account_id, partner_id, balance, postings)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)");
    try {
      for (const BalanceChange& c : changes) {
        update.Int(1, c.book).Int(2, c.account_id).Int(3, c.partner_id).Int(4, c.amount).Int(5, c.postings);
        update.Step();
        if (sqlite3_changes(conn) != 0) continue;
        insert.Int(1, c.book).Int(2, c.account_id).Int(3, c.partner_id).Int(4, c.amount).Int(5, c.postings);
        insert.Step();
      }
    } catch (const soci::sqlite3_soci_error& e) {
      // A balance past 64 bits turns into a real number, which the balances' CHECK refuses.
      if (e.result() == SQLITE_CONSTRAINT_CHECK) throw BalanceOverflow();
      throw;
    }
  }

  static void InsertBlocks(sqlite3* conn, const std::map<BlockKey, BlockParts>& blocks) {
    SqliteStatement block(conn,
                          "INSERT INTO report_blocks (block, book, account, partner, line, period, high, low)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (const auto& [key, parts] : blocks) {
      block.Int(1, std::get<0>(key)).Text(2, std::get<1>(key)).Text(3, std::get<2>(key));
      block.Text(4, std::get<3>(key)).Text(5, std::get<4>(key)).Text(6, std::get<5>(key));
      block.Int(7, parts.high).Int(8, parts.low).Step();
    }
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<Appender> MakeSqliteAppender(Database& db) { return std::make_unique<SqliteAppender>(db); }

}  // namespace poolbook::store
