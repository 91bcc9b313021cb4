#include "ledger/store/ledger_store.h"

namespace poolbook::store {
namespace {

std::optional<std::string> OptionalText(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return r.get<std::string>(i);
}

}  // namespace

long long ReadRefVersion(Database& db) {
  long long v = 0;
  db.sql() << "SELECT value FROM meta WHERE name = 'ref_version'", soci::into(v);
  return v;
}

long long BumpRefVersion(Database& db) {
  db.sql() << "UPDATE meta SET value = value + 1 WHERE name = 'ref_version'";
  return ReadRefVersion(db);
}

void LoadRefData(Database& db, RefData& out) {
  out.version = ReadRefVersion(db);
  out.accounts.clear();
  out.partners.clear();
  soci::rowset<soci::row> accounts =
      (db.sql().prepare << "SELECT name, type, opened_at, closed_at FROM accounts");
  for (const soci::row& r : accounts) {
    AccountRow a;
    a.name = r.get<std::string>(0);
    auto type = ParseAccountType(r.get<std::string>(1));
    POOLBOOK_INVARIANT(type.ok(), "stored account type is unknown");
    a.type = *type;
    a.opened_at = r.get<std::string>(2);
    a.closed_at = OptionalText(r, 3);
    out.accounts.emplace(a.name, std::move(a));
  }
  soci::rowset<soci::row> partners =
      (db.sql().prepare << "SELECT code, name, created_at, closed_at FROM partners");
  for (const soci::row& r : partners) {
    PartnerRow p{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2), OptionalText(r, 3)};
    out.partners.emplace(p.code, std::move(p));
  }
  std::string through;
  soci::indicator ind;
  db.sql() << "SELECT MAX(through_period) FROM period_closes", soci::into(through, ind);
  out.closed_through.reset();
  if (ind == soci::i_ok) {
    auto p = Period::Parse(through);
    POOLBOOK_INVARIANT(p.ok(), "stored closed period is malformed");
    out.closed_through = *p;
  }
}

Head ReadHead(Database& db) {
  Head h;
  db.sql() << "SELECT last_entry_id, last_hash FROM chain_head WHERE id = 1", soci::into(h.last_id),
      soci::into(h.last_hash);
  return h;
}

template <typename Param>
std::optional<EntryStamp> FindEntry(Database& db, const std::string& where, const Param& param) {
  EntryStamp s;
  long long reverses = 0;
  soci::indicator rev_ind = soci::i_null;
  soci::statement st =
      (db.sql().prepare << "SELECT id, body_sha256, hash, reverses FROM entries WHERE " + where,
       soci::into(s.id), soci::into(s.body_sha256), soci::into(s.hash), soci::into(reverses, rev_ind),
       soci::use(param));
  st.execute(true);
  if (!st.got_data()) return std::nullopt;
  if (rev_ind == soci::i_ok) s.reverses = reverses;
  return s;
}

std::optional<EntryStamp> FindEntryByKey(Database& db, const std::string& key) {
  return FindEntry(db, "entry_key = :k", key);
}

std::optional<EntryStamp> FindEntryById(Database& db, long long id) { return FindEntry(db, "id = :i", id); }

std::optional<long long> FindReversalOf(Database& db, long long id) {
  long long by = 0;
  soci::statement st =
      (db.sql().prepare << "SELECT id FROM entries WHERE reverses = :i", soci::into(by), soci::use(id));
  st.execute(true);
  if (!st.got_data()) return std::nullopt;
  return by;
}

void AppendEntries(Database& db, const std::vector<NewEntry>& entries, const BalanceDeltas& deltas) {
  if (entries.empty()) return;
  const std::size_t n = entries.size();
  std::vector<long long> ids(n), reverses(n);
  std::vector<soci::indicator> reverses_ind(n);
  std::vector<std::string> keys(n), books(n), dates(n), periods(n), recorded(n), memos(n), users(n),
      bodies(n), prevs(n), hashes(n);
  std::size_t posting_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const NewEntry& ne = entries[i];
    const Entry& e = *ne.entry;
    ids[i] = ne.id;
    keys[i] = e.key;
    books[i] = BookName(e.book);
    dates[i] = e.date.ToString();
    periods[i] = Period::Of(e.date).ToString();
    recorded[i] = ne.recorded_at;
    memos[i] = e.memo;
    users[i] = ne.posted_by;
    reverses[i] = e.reverses.value_or(0);
    reverses_ind[i] = e.reverses ? soci::i_ok : soci::i_null;
    bodies[i] = ne.body_sha256;
    prevs[i] = ne.prev_hash;
    hashes[i] = ne.hash;
    posting_count += e.postings.size();
  }
  db.sql()
      << "INSERT INTO entries (id, entry_key, book, effective_date, period, recorded_at, memo, posted_by,"
         " reverses, body_sha256, prev_hash, hash)"
         " VALUES (:id, :k, :b, :d, :p, :r, :m, :u, :rev, :bs, :ph, :h)",
      soci::use(ids), soci::use(keys), soci::use(books), soci::use(dates), soci::use(periods),
      soci::use(recorded), soci::use(memos), soci::use(users), soci::use(reverses, reverses_ind),
      soci::use(bodies), soci::use(prevs), soci::use(hashes);

  std::vector<long long> p_entry, p_amount;
  std::vector<int> p_seq;
  std::vector<std::string> p_account, p_partner, p_person, p_line;
  std::vector<soci::indicator> p_person_ind, p_line_ind;
  for (auto* v : {&p_entry, &p_amount}) v->reserve(posting_count);
  p_seq.reserve(posting_count);
  for (auto* v : {&p_account, &p_partner, &p_person, &p_line}) v->reserve(posting_count);
  p_person_ind.reserve(posting_count);
  p_line_ind.reserve(posting_count);
  for (const NewEntry& ne : entries) {
    int seq = 0;
    for (const Posting& p : ne.entry->postings) {
      p_entry.push_back(ne.id);
      p_seq.push_back(++seq);
      p_account.push_back(p.account);
      p_partner.push_back(p.partner);
      p_person.push_back(p.person);
      p_person_ind.push_back(p.person.empty() ? soci::i_null : soci::i_ok);
      p_line.push_back(p.line);
      p_line_ind.push_back(p.line.empty() ? soci::i_null : soci::i_ok);
      p_amount.push_back(p.amount.pence64());
    }
  }
  db.sql() << "INSERT INTO postings (entry_id, seq, account, partner, person, line, amount)"
              " VALUES (:e, :s, :a, :pa, :pe, :l, :am)",
      soci::use(p_entry), soci::use(p_seq), soci::use(p_account), soci::use(p_partner),
      soci::use(p_person, p_person_ind), soci::use(p_line, p_line_ind), soci::use(p_amount);

  std::vector<std::string> b_book, b_account, b_partner;
  std::vector<long long> b_amount, b_count;
  for (const auto& [k, v] : deltas) {
    b_book.push_back(std::get<0>(k));
    b_account.push_back(std::get<1>(k));
    b_partner.push_back(std::get<2>(k));
    b_amount.push_back(v.first);
    b_count.push_back(v.second);
  }
  if (!b_book.empty()) {
    db.sql() << "INSERT INTO balances (book, account, partner, balance, postings) VALUES (:b, :a, :p, :v, :n)"
                " ON CONFLICT (book, account, partner) DO UPDATE SET balance = balances.balance + "
                "excluded.balance,"
                " postings = balances.postings + excluded.postings",
        soci::use(b_book), soci::use(b_account), soci::use(b_partner), soci::use(b_amount),
        soci::use(b_count);
  }
  const NewEntry& last = entries.back();
  db.sql() << "UPDATE chain_head SET last_entry_id = :id, last_hash = :h WHERE id = 1", soci::use(last.id),
      soci::use(last.hash);
}

void InsertAccounts(Database& db, const std::vector<std::string>& names,
                    const std::vector<AccountType>& types, const std::string& now) {
  if (names.empty()) return;
  std::vector<std::string> type_names;
  for (AccountType t : types) type_names.push_back(AccountTypeName(t));
  std::vector<std::string> times(names.size(), now);
  db.sql() << "INSERT INTO accounts (name, type, opened_at) VALUES (:n, :t, :o)", soci::use(names),
      soci::use(type_names), soci::use(times);
}

std::optional<StoredEntry> ReadEntry(Database& db, long long id) {
  StoredEntry s;
  std::string key, book, date, memo;
  long long reverses = 0;
  soci::indicator rev_ind = soci::i_null;
  soci::statement st =
      (db.sql().prepare
           << "SELECT entry_key, book, effective_date, period, recorded_at, memo, posted_by, reverses,"
              " body_sha256, prev_hash, hash FROM entries WHERE id = :id",
       soci::into(key), soci::into(book), soci::into(date), soci::into(s.period), soci::into(s.recorded_at),
       soci::into(memo), soci::into(s.posted_by), soci::into(reverses, rev_ind), soci::into(s.body_sha256),
       soci::into(s.prev_hash), soci::into(s.hash), soci::use(id));
  st.execute(true);
  if (!st.got_data()) return std::nullopt;
  s.id = id;
  s.entry.key = key;
  auto b = ParseBook(book);
  auto d = Date::Parse(date);
  POOLBOOK_INVARIANT(b.ok() && d.ok(), "stored entry has a malformed book or date");
  s.entry.book = *b;
  s.entry.date = *d;
  s.entry.memo = memo;
  if (rev_ind == soci::i_ok) s.entry.reverses = reverses;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT account, partner, person, line, amount FROM postings"
                           " WHERE entry_id = :id ORDER BY seq",
       soci::use(id));
  for (const soci::row& r : rows) {
    Posting p;
    p.account = r.get<std::string>(0);
    p.partner = r.get<std::string>(1);
    p.person = OptionalText(r, 2).value_or("");
    p.line = OptionalText(r, 3).value_or("");
    p.amount = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(4)));
    s.entry.postings.push_back(std::move(p));
  }
  s.reversed_by = FindReversalOf(db, id);
  return s;
}

}  // namespace poolbook::store
