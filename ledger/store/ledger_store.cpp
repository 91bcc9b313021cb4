#include "ledger/store/ledger_store.h"

#include <algorithm>

#include "ledger/store/engine.h"

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
  out.account_names.clear();
  out.partner_codes.clear();
  out.last_account_id = out.last_partner_id = 0;
  soci::rowset<soci::row> accounts =
      (db.sql().prepare << "SELECT CAST(id AS TEXT), name, type, opened_at, closed_at FROM accounts");
  for (const soci::row& r : accounts) {
    AccountRow a;
    a.id = std::stoll(r.get<std::string>(0));
    a.name = r.get<std::string>(1);
    auto type = ParseAccountType(r.get<std::string>(2));
    POOLBOOK_INVARIANT(type.ok(), "stored account type is unknown");
    a.type = *type;
    a.opened_at = r.get<std::string>(3);
    a.closed_at = OptionalText(r, 4);
    out.last_account_id = std::max(out.last_account_id, a.id);
    out.account_names.emplace(a.id, a.name);
    out.accounts.emplace(a.name, std::move(a));
  }
  soci::rowset<soci::row> partners =
      (db.sql().prepare << "SELECT CAST(id AS TEXT), code, name, created_at, closed_at FROM partners");
  for (const soci::row& r : partners) {
    PartnerRow p{std::stoll(r.get<std::string>(0)), r.get<std::string>(1), r.get<std::string>(2),
                 r.get<std::string>(3), OptionalText(r, 4)};
    out.last_partner_id = std::max(out.last_partner_id, p.id);
    out.partner_codes.emplace(p.id, p.code);
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
  db.sql() << "SELECT h.last_entry_id, h.last_hash, COALESCE(e.recorded_at, '') FROM chain_head h"
              " LEFT JOIN entries e ON e.id = h.last_entry_id WHERE h.id = 1",
      soci::into(h.last_id), soci::into(h.last_hash), soci::into(h.last_recorded_at);
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

void InsertAccounts(Database& db, const std::vector<long long>& ids, const std::vector<std::string>& names,
                    const std::vector<AccountType>& types, const std::string& now) {
  if (names.empty()) return;
  std::vector<std::string> type_names;
  type_names.reserve(types.size());
  for (AccountType t : types) type_names.push_back(AccountTypeName(t));
  std::vector<std::string> times(names.size(), now);
  std::vector<long long> id_values = ids;
  std::vector<std::string> name_values = names;
  db.sql() << "INSERT INTO accounts (id, name, type, opened_at) VALUES (:i, :n, :t, :o)",
      soci::use(id_values), soci::use(name_values), soci::use(type_names), soci::use(times);
}

void AppendEntries(Database& db, const std::vector<NewEntry>& entries, const BalanceChanges& changes) {
  db.appender().Append(entries, changes);
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
