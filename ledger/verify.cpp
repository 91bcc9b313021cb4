#include "ledger/verify.h"

#include <map>
#include <tuple>
#include <unordered_set>

#include "ledger/chain.h"
#include "ledger/entry.h"
#include "ledger/fund/chart.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/schema.h"

namespace poolbook {
namespace {

constexpr std::size_t kFetchRows = 4096;

// Streams entries in id order, kFetchRows at a time.
struct EntryCursor {
  explicit EntryCursor(store::Database& db)
      : id(kFetchRows),
        reverses(kFetchRows),
        rev_ind(kFetchRows),
        key(kFetchRows),
        book(kFetchRows),
        date(kFetchRows),
        period(kFetchRows),
        recorded(kFetchRows),
        memo(kFetchRows),
        user(kFetchRows),
        body(kFetchRows),
        prev(kFetchRows),
        hash(kFetchRows),
        st((db.sql().prepare
                << "SELECT id, entry_key, book, effective_date, period, recorded_at, memo, posted_by,"
                   " reverses, body_sha256, prev_hash, hash FROM entries ORDER BY id",
            soci::into(id), soci::into(key), soci::into(book), soci::into(date), soci::into(period),
            soci::into(recorded), soci::into(memo), soci::into(user), soci::into(reverses, rev_ind),
            soci::into(body), soci::into(prev), soci::into(hash))) {
    st.execute();
  }
  // Moves to the next entry; false at the end.
  bool Next() {
    if (loaded && pos + 1 < id.size()) {
      ++pos;
      return true;
    }
    Resize();
    loaded = st.fetch();
    pos = 0;
    return loaded && !id.empty();
  }
  void Resize() {
    for (auto* v : {&key, &book, &date, &period, &recorded, &memo, &user, &body, &prev, &hash})
      v->resize(kFetchRows);
    id.resize(kFetchRows);
    reverses.resize(kFetchRows);
    rev_ind.resize(kFetchRows);
  }
  std::vector<long long> id, reverses;
  std::vector<soci::indicator> rev_ind;
  std::vector<std::string> key, book, date, period, recorded, memo, user, body, prev, hash;
  soci::statement st;
  bool loaded = false;
  std::size_t pos = 0;
};

struct PostingCursor {
  explicit PostingCursor(store::Database& db)
      : entry(kFetchRows),
        amount(kFetchRows),
        account(kFetchRows),
        partner(kFetchRows),
        person(kFetchRows),
        line(kFetchRows),
        person_ind(kFetchRows),
        line_ind(kFetchRows),
        st((db.sql().prepare << "SELECT entry_id, account, partner, person, line, amount FROM postings"
                                " ORDER BY entry_id, seq",
            soci::into(entry), soci::into(account), soci::into(partner), soci::into(person, person_ind),
            soci::into(line, line_ind), soci::into(amount))) {
    st.execute();
    Fill();
  }
  void Fill() {
    entry.resize(kFetchRows);
    amount.resize(kFetchRows);
    for (auto* v : {&account, &partner, &person, &line}) v->resize(kFetchRows);
    person_ind.resize(kFetchRows);
    line_ind.resize(kFetchRows);
    if (!st.fetch()) entry.clear();
    pos = 0;
  }
  bool AtEnd() const { return pos >= entry.size(); }
  long long EntryId() const { return entry[pos]; }
  Posting Take() {
    Posting p{account[pos], partner[pos], person_ind[pos] == soci::i_null ? "" : person[pos],
              line_ind[pos] == soci::i_null ? "" : line[pos],
              Money::FromPence(static_cast<std::int64_t>(amount[pos]))};
    if (++pos >= entry.size() && !entry.empty()) Fill();
    return p;
  }
  std::vector<long long> entry, amount;
  std::vector<std::string> account, partner, person, line;
  std::vector<soci::indicator> person_ind, line_ind;
  soci::statement st;
  std::size_t pos = 0;
};

using BalanceKey = std::tuple<std::string, std::string, std::string>;
// person ("" in report_totals), book, account, partner, line, period
using TotalKey = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
using Sums = std::map<TotalKey, std::pair<Int128, long long>>;

// Compares a maintained totals table (report_totals or person_totals) with the sums of the
// postings; empty when they agree, otherwise what differs.
std::string CompareTotals(store::Database& db, const char* table, const Sums& sums) {
  const bool person = std::string(table) == "person_totals";
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT ") + (person ? "person" : "''") +
                               ", book, account, partner, line, period, amount, postings FROM " + table);
  std::size_t compared = 0;
  for (const soci::row& row : rows) {
    TotalKey k{row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
               row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5)};
    const std::string name = std::string(table) + " row " + std::get<2>(k) + " / " + std::get<3>(k) +
                             " / line \"" + std::get<4>(k) + "\" / " + std::get<5>(k) +
                             (person ? " / " + std::get<0>(k) : "") + " in the " + std::get<1>(k) + " book";
    auto it = sums.find(k);
    if (it == sums.end()) return "the " + name + " has no postings behind it";
    const Int128 stored = row.get<long long>(6);
    if (it->second.first != stored || it->second.second != row.get<long long>(7)) {
      return "the " + name + " is " + Money::FromPence(stored).ToString() + " but its postings sum to " +
             Money::FromPence(it->second.first).ToString();
    }
    ++compared;
  }
  if (compared != sums.size())
    return std::to_string(sums.size() - compared) + " totals have postings but no row in " + table;
  return "";
}

// block, book, account, partner, line, period
using BlockKey = std::tuple<long long, std::string, std::string, std::string, std::string, std::string>;

// Compares report_blocks with the sums of the postings of every whole block of entries; empty
// when they agree, otherwise what differs.
std::string CompareBlocks(store::Database& db, const std::map<BlockKey, Int128>& sums) {
  soci::rowset<soci::row> rows =
      (db.sql().prepare
       << "SELECT block, book, account, partner, line, period, high, low FROM report_blocks");
  std::size_t compared = 0;
  for (const soci::row& row : rows) {
    BlockKey k{row.get<long long>(0),   row.get<std::string>(1), row.get<std::string>(2),
               row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5)};
    const long long first = std::get<0>(k) * store::kTotalsBlockEntries + 1;
    const std::string name = "report_blocks row of entries " + std::to_string(first) + " to " +
                             std::to_string(first + store::kTotalsBlockEntries - 1) + " for " +
                             std::get<2>(k) + " / " + std::get<3>(k) + " / line \"" + std::get<4>(k) +
                             "\" / " + std::get<5>(k) + " in the " + std::get<1>(k) + " book";
    auto it = sums.find(k);
    if (it == sums.end()) return "the " + name + " has no postings behind it";
    const Int128 stored = Int128(row.get<long long>(6)) * (Int128(1) << 32) + row.get<long long>(7);
    if (it->second != stored) {
      return "the " + name + " is " + Money::FromPence(stored).ToString() + " but its postings sum to " +
             Money::FromPence(it->second).ToString();
    }
    ++compared;
  }
  if (compared != sums.size())
    return std::to_string(sums.size() - compared) + " block totals have postings but no row in report_blocks";
  return "";
}

// Compares what each package (or PHB) is kept as still having committed with the postings of the
// entries its events name, on its line's commitment account (chart::kCommitted);
// empty when they agree.
std::string CompareCommitted(store::Database& db, const std::string& committed, const std::string& records,
                             const std::string& events, const std::string& id, const std::string& what) {
  const std::string from_postings =
      "SELECT ev.id AS id, p.partner AS partner, SUM(p.amount) AS amount FROM (SELECT " + id +
      " AS id, entry_id AS e FROM " + events + " WHERE entry_id IS NOT NULL UNION SELECT " + id +
      ", release_entry_id FROM " + events + " WHERE release_entry_id IS NOT NULL) ev JOIN " + records +
      " r ON r.id = ev.id JOIN postings p ON p.entry_id = ev.e AND p.account = '" +
      std::string(fund::chart::kCommitted) +
      ":' || r.line"
      " GROUP BY ev.id, p.partner";
  const std::string kept = "SELECT " + id + " AS id, partner, amount FROM " + committed;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT id, partner, CAST(amount AS TEXT), 'kept' FROM (" + kept + " EXCEPT " +
                               from_postings +
                               ") UNION ALL SELECT id, partner, CAST(amount AS TEXT), 'postings' FROM (" +
                               from_postings + " EXCEPT " + kept + ") ORDER BY 1, 2, 4 LIMIT 2");
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> diffs;
  for (const soci::row& r : rows)
    diffs.emplace_back(r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                       r.get<std::string>(3));
  if (diffs.empty()) return "";
  const auto& [record, partner, amount, side] = diffs[0];
  const std::string name = what + " \"" + record + "\" for " + partner;
  if (side == "postings")
    return "what " + name + " still has committed is not kept, though its entries' postings sum to " +
           Money::FromPence(std::stoll(amount)).ToString();
  std::string postings = "nothing";
  if (diffs.size() > 1 && std::get<0>(diffs[1]) == record && std::get<1>(diffs[1]) == partner)
    postings = Money::FromPence(std::stoll(std::get<2>(diffs[1]))).ToString();
  return "what " + name + " still has committed is kept as " +
         Money::FromPence(std::stoll(amount)).ToString() + " but its entries' postings sum to " + postings;
}

}  // namespace

VerifyReport Verify(store::Database& db) {
  VerifyReport r;
  auto fail = [&r](std::optional<long long> entry, const std::string& problem) {
    r.ok = false;
    r.bad_entry = entry;
    r.problem = problem;
    return r;
  };
  try {
    store::ReadTransaction snapshot(db);  // one consistent view, whatever is written meanwhile
    std::unordered_set<std::string> accounts, partners;
    {
      soci::rowset<std::string> a = (db.sql().prepare << "SELECT name FROM accounts");
      for (const std::string& s : a) accounts.insert(s);
      soci::rowset<std::string> p = (db.sql().prepare << "SELECT code FROM partners");
      for (const std::string& s : p) partners.insert(s);
    }
    std::map<BalanceKey, std::pair<Int128, long long>> sums;
    Sums totals, person_totals;
    EntryCursor ec(db);
    PostingCursor pc(db);
    std::string prev_hash = kGenesisHash, prev_recorded;
    long long expected_id = 1;
    // Entries of whole blocks (up to the head, rounded down to a block) are summed per block.
    const long long blocked_through =
        store::ReadHead(db).last_id / store::kTotalsBlockEntries * store::kTotalsBlockEntries;
    std::map<BlockKey, Int128> blocks;
    while (ec.Next()) {
      const std::size_t i = ec.pos;
      const long long id = ec.id[i];
      const std::string label = "entry " + std::to_string(id) + " (key \"" + ec.key[i] + "\")";
      if (id != expected_id) {
        return fail(expected_id, "entry " + std::to_string(expected_id) + " is missing: the next entry is " +
                                     std::to_string(id));
      }
      if (ec.prev[i] != prev_hash) {
        return fail(
            id, label + " does not link to the entry before it: its previous-hash is not that entry's hash");
      }
      if (!pc.AtEnd() && pc.EntryId() < id) {
        return fail(pc.EntryId(), "postings exist for entry " + std::to_string(pc.EntryId()) +
                                      ", which is not in the journal");
      }
      Entry e;
      e.key = ec.key[i];
      e.memo = ec.memo[i];
      auto book = ParseBook(ec.book[i]);
      auto date = Date::Parse(ec.date[i]);
      if (!book.ok() || !date.ok()) return fail(id, label + " has a malformed book or date");
      e.book = *book;
      e.date = *date;
      if (ec.rev_ind[i] == soci::i_ok) e.reverses = ec.reverses[i];
      while (!pc.AtEnd() && pc.EntryId() == id) e.postings.push_back(pc.Take());
      r.postings += static_cast<long long>(e.postings.size());
      if (Period::Of(e.date).ToString() != ec.period[i])
        return fail(id, label + " is filed under the wrong period");
      EntryHashes h = HashEntry(e, id, ec.prev[i], ec.recorded[i], ec.user[i]);
      if (h.body_sha256 != ec.body[i]) {
        return fail(
            id,
            label + " has been altered: its contents no longer match the hash recorded when it was written");
      }
      if (h.hash != ec.hash[i]) {
        return fail(
            id, label + " has been altered: its id, time, user or link no longer match its recorded hash");
      }
      if (Status st = ValidateShape(e); !st.ok())
        return fail(id, label + " is not a valid entry: " + st.message());
      for (const Posting& p : e.postings) {
        if (!accounts.count(p.account))
          return fail(id, label + " posts to account \"" + p.account + "\", which does not exist");
        if (!partners.count(p.partner))
          return fail(id, label + " names partner \"" + p.partner + "\", who is not registered");
        auto& s = sums[BalanceKey{ec.book[i], p.account, p.partner}];
        s.first += p.amount.pence();
        s.second += 1;
        auto& t = totals[TotalKey{"", ec.book[i], p.account, p.partner, p.line, ec.period[i]}];
        t.first += p.amount.pence();
        t.second += 1;
        if (!p.person.empty()) {
          auto& pt =
              person_totals[TotalKey{p.person, ec.book[i], p.account, p.partner, p.line, ec.period[i]}];
          pt.first += p.amount.pence();
          pt.second += 1;
        }
      }
      if (ec.recorded[i] < prev_recorded) {
        return fail(id, label + " was recorded at " + ec.recorded[i] + ", before the entry before it (" +
                            prev_recorded + "): recorded times never go backwards");
      }
      if (id <= blocked_through) {
        const long long block = (id - 1) / store::kTotalsBlockEntries;
        for (const Posting& p : e.postings)
          blocks[BlockKey{block, ec.book[i], p.account, p.partner, p.line, ec.period[i]}] += p.amount.pence();
      }
      prev_recorded = ec.recorded[i];
      prev_hash = ec.hash[i];
      ++expected_id;
      ++r.entries;
    }
    if (!pc.AtEnd()) {
      return fail(pc.EntryId(), "postings exist for entry " + std::to_string(pc.EntryId()) +
                                    ", which is not in the journal");
    }
    store::Head head = store::ReadHead(db);
    if (head.last_id != expected_id - 1 || head.last_hash != prev_hash) {
      return fail(std::nullopt, "the chain head names entry " + std::to_string(head.last_id) +
                                    " but the journal ends at entry " + std::to_string(expected_id - 1) +
                                    ": entries have been removed or the head altered");
    }
    soci::rowset<soci::row> rows =
        (db.sql().prepare
         << "SELECT b.book, a.name, p.code, b.balance, b.postings, b.account_id, b.partner_id"
            " FROM balances b LEFT JOIN accounts a ON a.id = b.account_id"
            " LEFT JOIN partners p ON p.id = b.partner_id");
    long long compared = 0;
    for (const soci::row& row : rows) {
      auto book = BookFromNumber(row.get<int>(0));
      if (!book.ok() || row.get_indicator(1) == soci::i_null || row.get_indicator(2) == soci::i_null) {
        return fail(std::nullopt,
                    "a maintained balance names a book, account or partner that does not exist");
      }
      BalanceKey k{BookName(*book), row.get<std::string>(1), row.get<std::string>(2)};
      Int128 stored = row.get<long long>(3);
      long long count = row.get<long long>(4);
      auto it = sums.find(k);
      std::string name = std::get<1>(k) + " / " + std::get<2>(k) + " in the " + std::get<0>(k) + " book";
      if (it == sums.end())
        return fail(std::nullopt, "the maintained balance of " + name + " has no postings behind it");
      if (it->second.first != stored || it->second.second != count) {
        return fail(std::nullopt, "the maintained balance of " + name + " is " +
                                      Money::FromPence(stored).ToString() + " but its postings sum to " +
                                      Money::FromPence(it->second.first).ToString());
      }
      ++compared;
    }
    if (compared != static_cast<long long>(sums.size())) {
      return fail(std::nullopt, std::to_string(sums.size() - compared) +
                                    " account balances have postings but no maintained balance");
    }
    r.balances = compared;
    for (const auto& [table, s] : {std::pair<const char*, const Sums*>{"report_totals", &totals},
                                   std::pair<const char*, const Sums*>{"person_totals", &person_totals}}) {
      if (std::string problem = CompareTotals(db, table, *s); !problem.empty())
        return fail(std::nullopt, problem);
    }
    if (std::string problem = CompareBlocks(db, blocks); !problem.empty()) return fail(std::nullopt, problem);
    for (const auto& [committed, records, events, id, what] :
         {std::tuple{"fund_package_committed", "fund_packages", "fund_package_events", "package_id",
                     "package"},
          std::tuple{"fund_phb_committed", "fund_phbs", "fund_phb_events", "phb_id",
                     "personal health budget"}}) {
      if (std::string problem = CompareCommitted(db, committed, records, events, id, what); !problem.empty())
        return fail(std::nullopt, problem);
    }
    r.ok = true;
    return r;
  } catch (const std::exception& e) {
    return fail(std::nullopt, std::string("the database could not be read: ") + e.what());
  }
}

}  // namespace poolbook
