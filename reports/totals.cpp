#include "reports/totals.h"

#include <map>
#include <stdexcept>
#include <tuple>

#include "ledger/store/schema.h"
#include "ledger/store/sqlite_statement.h"

namespace poolbook::reports {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;

// Runs `sql` with its numbered parameters ?1 from, ?2 to, ?3 as_at, ?4 first person, ?5 last
// person, ?6 and ?7 two numbers (entry ids or blocks) (each may be used more than once), on the
// connection's native handle; the columns are person, book, account, partner, line, period,
// amount (pence), or high and low in place of amount (as report_blocks keeps them). Adds each amount, times
// `sign`, in 128 bits (sums of blocks may pass 64 bits on the way; a total as at a moment does not).
void Add(store::Database& db, const std::string& sql, const Scope& s, const std::string& first,
         const std::string& last, int sign, std::map<Key, Int128>& sums, long long low = 0,
         long long high = 0) {
  store::SqliteStatement q(store::NativeHandle(db), sql.c_str());
  const std::string from = s.from.ToString(), to = s.to.ToString(), as_at = s.as_at.value_or("");
  const std::string* params[] = {&from, &to, &as_at, &first, &last};
  const int count = q.ParameterCount();
  for (int i = 1; i <= count && i <= 5; ++i) q.Text(i, *params[i - 1]);
  if (count >= 6) q.Int(6, low);
  if (count >= 7) q.Int(7, high);
  while (q.Next()) {
    // Sums over blocks come as high and low (high * 2^32 + low), which cannot pass 64 bits.
    Int128 amount = q.ColumnInt(6);
    if (q.ColumnCount() == 8) amount = amount * (Int128(1) << 32) + q.ColumnInt(7);
    sums[Key{std::string(q.ColumnText(0)), std::string(q.ColumnText(1)), std::string(q.ColumnText(2)),
             std::string(q.ColumnText(3)), std::string(q.ColumnText(4)), std::string(q.ColumnText(5))}] +=
        sign * amount;
  }
}

std::vector<Total> ToTotals(const std::map<Key, Int128>& sums) {
  std::vector<Total> out;
  out.reserve(sums.size());
  for (const auto& [k, pence] : sums) {
    if (pence == 0) continue;
    out.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k), std::get<4>(k),
                   std::get<5>(k), Money::FromPence(pence)});
  }
  return out;
}

// Fund-level totals in scope as at s.as_at, from the whole blocks of entries (report_blocks) and
// the postings of the entries in at most two partial blocks. Recorded times never go backwards
// along the chain (ledger/journal.cpp), so the entries recorded at or before the moment are
// entries 1..n. Sums forward from the first block, or back from the totals now, whichever reads
// fewer blocks. Inside the caller's read transaction.
void AddAsAt(store::Database& db, const Scope& s, std::map<Key, Int128>& sums) {
  long long last = 0, n = 0;
  soci::indicator n_ind = soci::i_null;
  const std::string as_at = *s.as_at;
  db.sql() << "SELECT last_entry_id FROM chain_head WHERE id = 1", soci::into(last);
  db.sql() << "SELECT id FROM entries WHERE recorded_at <= :t ORDER BY recorded_at DESC, id DESC LIMIT 1",
      soci::use(as_at), soci::into(n, n_ind);
  if (!db.sql().got_data() || n_ind != soci::i_ok) n = 0;
  const long long k = store::kTotalsBlockEntries, blocked = last / k;  // blocks 0 .. blocked-1 are kept
  const long long before = n / k;                                      // blocks wholly at or before n
  const long long after = (n + k - 1) / k;                             // first block wholly after n
  const std::string blocks =
      "SELECT '', book, account, partner, line, period, high, low FROM report_blocks"
      " WHERE block >= ?6 AND block < ?7 AND period >= ?1 AND period <= ?2";
  const std::string postings =
      "SELECT '', e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount >> 32),"
      " SUM(p.amount & 4294967295) FROM entries e JOIN postings p ON p.entry_id = e.id"
      " WHERE e.id > ?6 AND e.id <= ?7 AND e.period >= ?1 AND e.period <= ?2 GROUP BY 1, 2, 3, 4, 5, 6";
  if (before <= blocked - after) {
    Add(db, blocks, s, "", "", +1, sums, 0, before);
    Add(db, postings, s, "", "", +1, sums, before * k, n);
    return;
  }
  Add(db,
      "SELECT '', book, account, partner, line, period, amount FROM report_totals"
      " WHERE period >= ?1 AND period <= ?2",
      s, "", "", +1, sums);
  if (after < blocked) {
    Add(db, blocks, s, "", "", -1, sums, after, blocked);
    Add(db, postings, s, "", "", -1, sums, n, after * k);
    Add(db, postings, s, "", "", -1, sums, blocked * k, last);
  } else {
    Add(db, postings, s, "", "", -1, sums, n, last);
  }
}

StatusOr<std::vector<Total>> Read(store::Database& db, const Scope& s, bool person, const std::string& first,
                                  const std::string& last) {
  // A range of people is a range of the primary key (person first): written plainly, so that
  // SQLite seeks to it rather than scanning the table.
  const bool range = person && !first.empty();
  const std::string people = range ? " AND person >= ?4 AND person <= ?5" : "";
  const std::string posting_people = person ? std::string(" AND p.person IS NOT NULL") +
                                                  (range ? " AND p.person >= ?4 AND p.person <= ?5" : "")
                                            : "";
  try {
    store::ReadTransaction tx(db);
    std::map<Key, Int128> sums;
    if (!person && s.as_at) {
      AddAsAt(db, s, sums);
      return ToTotals(sums);
    }
    Add(db,
        std::string("SELECT ") + (person ? "person" : "''") +
            ", book, account, partner, line, period, amount FROM " +
            (person ? "person_totals" : "report_totals") + " WHERE period >= ?1 AND period <= ?2" + people,
        s, first, last, +1, sums);
    if (s.as_at) {
      Add(db,
          std::string("SELECT ") + (person ? "p.person" : "''") +
              ", e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount)"
              " FROM entries e JOIN postings p ON p.entry_id = e.id"
              " WHERE e.recorded_at > ?3 AND e.period >= ?1 AND e.period <= ?2" +
              posting_people + " GROUP BY 1, 2, 3, 4, 5, 6",
          s, first, last, -1, sums);
    }
    return ToTotals(sums);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the report totals");
  }
}

}  // namespace

StatusOr<std::vector<Total>> ReadTotals(store::Database& db, const Scope& scope) {
  return Read(db, scope, false, "", "");
}

StatusOr<std::vector<Total>> ReadPersonTotals(store::Database& db, const Scope& scope,
                                              const std::string& first, const std::string& last) {
  return Read(db, scope, true, first, last);
}

StatusOr<std::vector<Total>> ReadTotalsOfKeys(store::Database& db, const Scope& scope,
                                              const std::string& key_prefix) {
  if (key_prefix.empty()) return InvalidArgument("a key prefix is needed");
  // Keys from the prefix up to (not including) the prefix with its last character raised.
  std::string end = key_prefix;
  end.back() = static_cast<char>(end.back() + 1);
  try {
    store::ReadTransaction tx(db);
    std::map<Key, Int128> sums;
    // ?4 and ?5 carry the key range (the person slots of Add's parameters).
    Add(db,
        std::string("SELECT '', e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount)"
                    " FROM entries e JOIN postings p ON p.entry_id = e.id"
                    " WHERE e.entry_key >= ?4 AND e.entry_key < ?5 AND e.period >= ?1 AND e.period <= ?2") +
            (scope.as_at ? " AND e.recorded_at <= ?3" : "") + " GROUP BY 1, 2, 3, 4, 5, 6",
        scope, key_prefix, end, +1, sums);
    return ToTotals(sums);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the totals of some entries");
  }
}

StatusOr<std::vector<std::string>> PeopleInScope(store::Database& db, const Scope& scope,
                                                 const std::string& after, int limit) {
  std::vector<std::string> out;
  try {
    const std::string from = scope.from.ToString(), to = scope.to.ToString();
    soci::rowset<std::string> rows =
        (db.sql().prepare << "SELECT DISTINCT person FROM person_totals WHERE person > :after"
                             " AND period >= :f AND period <= :t ORDER BY person LIMIT :n",
         soci::use(after), soci::use(from), soci::use(to), soci::use(limit));
    for (const std::string& p : rows) out.push_back(p);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "listing the people in a report");
  }
  return out;
}

}  // namespace poolbook::reports
