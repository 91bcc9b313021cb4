#include "ledger/store/verify_store.h"

namespace poolbook::store {
namespace {

constexpr std::size_t kFetchRows = 4096;

// Every distinct text of a one-column query.
std::unordered_set<std::string> ReadTexts(Database& db, const char* sql) {
  std::unordered_set<std::string> out;
  soci::rowset<std::string> rows = (db.sql().prepare << sql);
  for (const std::string& s : rows) out.insert(s);
  return out;
}

}  // namespace

EntryCursor::EntryCursor(Database& db)
    : id_(kFetchRows),
      reverses_(kFetchRows),
      rev_ind_(kFetchRows),
      key_(kFetchRows),
      book_(kFetchRows),
      date_(kFetchRows),
      period_(kFetchRows),
      recorded_(kFetchRows),
      memo_(kFetchRows),
      user_(kFetchRows),
      body_(kFetchRows),
      prev_(kFetchRows),
      hash_(kFetchRows),
      st_((db.sql().prepare
               << "SELECT id, entry_key, book, effective_date, period, recorded_at, memo, posted_by,"
                  " reverses, body_sha256, prev_hash, hash FROM entries ORDER BY id",
           soci::into(id_), soci::into(key_), soci::into(book_), soci::into(date_), soci::into(period_),
           soci::into(recorded_), soci::into(memo_), soci::into(user_), soci::into(reverses_, rev_ind_),
           soci::into(body_), soci::into(prev_), soci::into(hash_))) {
  st_.execute();
}

bool EntryCursor::Next() {
  if (loaded_ && pos_ + 1 < id_.size()) {
    ++pos_;
    return true;
  }
  Resize();
  loaded_ = st_.fetch();
  pos_ = 0;
  return loaded_ && !id_.empty();
}

std::optional<long long> EntryCursor::Reverses() const {
  if (rev_ind_[pos_] != soci::i_ok) return std::nullopt;
  return reverses_[pos_];
}

void EntryCursor::Resize() {
  for (auto* v : {&key_, &book_, &date_, &period_, &recorded_, &memo_, &user_, &body_, &prev_, &hash_})
    v->resize(kFetchRows);
  id_.resize(kFetchRows);
  reverses_.resize(kFetchRows);
  rev_ind_.resize(kFetchRows);
}

PostingCursor::PostingCursor(Database& db)
    : entry_(kFetchRows),
      amount_(kFetchRows),
      account_(kFetchRows),
      partner_(kFetchRows),
      person_(kFetchRows),
      line_(kFetchRows),
      person_ind_(kFetchRows),
      line_ind_(kFetchRows),
      st_((db.sql().prepare << "SELECT entry_id, account, partner, person, line, amount FROM postings"
                               " ORDER BY entry_id, seq",
           soci::into(entry_), soci::into(account_), soci::into(partner_), soci::into(person_, person_ind_),
           soci::into(line_, line_ind_), soci::into(amount_))) {
  st_.execute();
  Fill();
}

void PostingCursor::Fill() {
  entry_.resize(kFetchRows);
  amount_.resize(kFetchRows);
  for (auto* v : {&account_, &partner_, &person_, &line_}) v->resize(kFetchRows);
  person_ind_.resize(kFetchRows);
  line_ind_.resize(kFetchRows);
  if (!st_.fetch()) entry_.clear();
  pos_ = 0;
}

Posting PostingCursor::Take() {
  Posting p{account_[pos_], partner_[pos_], person_ind_[pos_] == soci::i_null ? "" : person_[pos_],
            line_ind_[pos_] == soci::i_null ? "" : line_[pos_],
            Money::FromPence(static_cast<std::int64_t>(amount_[pos_]))};
  if (++pos_ >= entry_.size() && !entry_.empty()) Fill();
  return p;
}

std::unordered_set<std::string> ReadAccountNames(Database& db) {
  return ReadTexts(db, "SELECT name FROM accounts");
}

std::unordered_set<std::string> ReadPartnerCodes(Database& db) {
  return ReadTexts(db, "SELECT code FROM partners");
}

void ForEachBalance(Database& db, const std::function<bool(const StoredBalance&)>& visit) {
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT b.book, a.name, p.code, b.balance, b.postings"
                           " FROM balances b LEFT JOIN accounts a ON a.id = b.account_id"
                           " LEFT JOIN partners p ON p.id = b.partner_id");
  for (const soci::row& row : rows) {
    StoredBalance b;
    b.book = row.get<int>(0);
    if (row.get_indicator(1) != soci::i_null) b.account = row.get<std::string>(1);
    if (row.get_indicator(2) != soci::i_null) b.partner = row.get<std::string>(2);
    b.balance = static_cast<std::int64_t>(row.get<long long>(3));
    b.postings = row.get<long long>(4);
    if (!visit(b)) return;
  }
}

const char* TotalsTableName(TotalsTable table) {
  return table == TotalsTable::kPerson ? "person_totals" : "report_totals";
}

void ForEachTotal(Database& db, TotalsTable table, const std::function<bool(const StoredTotal&)>& visit) {
  soci::rowset<soci::row> rows =
      (db.sql().prepare << (table == TotalsTable::kPerson
                                ? "SELECT person, book, account, partner, line, period, amount, postings"
                                  " FROM person_totals"
                                : "SELECT '', book, account, partner, line, period, amount, postings"
                                  " FROM report_totals"));
  for (const soci::row& row : rows) {
    StoredTotal t{row.get<std::string>(0),
                  row.get<std::string>(1),
                  row.get<std::string>(2),
                  row.get<std::string>(3),
                  row.get<std::string>(4),
                  row.get<std::string>(5),
                  static_cast<std::int64_t>(row.get<long long>(6)),
                  row.get<long long>(7)};
    if (!visit(t)) return;
  }
}

void ForEachBlock(Database& db, const std::function<bool(const StoredBlock&)>& visit) {
  soci::rowset<soci::row> rows =
      (db.sql().prepare
       << "SELECT block, book, account, partner, line, period, high, low FROM report_blocks");
  for (const soci::row& row : rows) {
    StoredBlock b{row.get<long long>(0),
                  row.get<std::string>(1),
                  row.get<std::string>(2),
                  row.get<std::string>(3),
                  row.get<std::string>(4),
                  row.get<std::string>(5),
                  static_cast<std::int64_t>(row.get<long long>(6)),
                  static_cast<std::int64_t>(row.get<long long>(7))};
    if (!visit(b)) return;
  }
}

namespace {

// At most two rows where `kept` (id, partner, amount) and `from_postings` differ, kept side first.
std::vector<CommittedDifference> Differences(Database& db, const std::string& kept,
                                             const std::string& from_postings, const std::string& account) {
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT id, partner, CAST(amount AS TEXT), 'kept' FROM (" + kept + " EXCEPT " +
                               from_postings +
                               ") UNION ALL SELECT id, partner, CAST(amount AS TEXT), 'postings' FROM (" +
                               from_postings + " EXCEPT " + kept + ") ORDER BY 1, 2, 4 LIMIT 2",
       soci::use(account, "c"));
  std::vector<CommittedDifference> out;
  for (const soci::row& r : rows) {
    out.push_back(CommittedDifference{r.get<std::string>(0), r.get<std::string>(1),
                                      static_cast<std::int64_t>(std::stoll(r.get<std::string>(2))),
                                      r.get<std::string>(3) == "kept"});
  }
  return out;
}

}  // namespace

std::vector<CommittedDifference> CommittedDifferences(Database& db, Commitments which,
                                                      std::string_view committed_account) {
  const bool phbs = which == Commitments::kPhbs;
  const std::string committed = phbs ? "fund_phb_committed" : "fund_package_committed";
  const std::string records = phbs ? "fund_phbs" : "fund_packages";
  const std::string events = phbs ? "fund_phb_events" : "fund_package_events";
  const std::string id = phbs ? "phb_id" : "package_id";
  // What each record's events' entries post to its line's commitment account, per partner.
  const std::string from_postings =
      "SELECT ev.id AS id, p.partner AS partner, SUM(p.amount) AS amount FROM (SELECT " + id +
      " AS id, entry_id AS e FROM " + events + " WHERE entry_id IS NOT NULL UNION SELECT " + id +
      ", release_entry_id FROM " + events + " WHERE release_entry_id IS NOT NULL) ev JOIN " + records +
      " r ON r.id = ev.id JOIN postings p ON p.entry_id = ev.e AND p.account = :c || ':' || r.line"
      " GROUP BY ev.id, p.partner";
  const std::string kept = "SELECT " + id + " AS id, partner, amount FROM " + committed;
  return Differences(db, kept, from_postings, std::string(committed_account));
}

std::vector<CommittedDifference> PaidDifferences(Database& db, Commitments which,
                                                 std::string_view spend_prefix) {
  const bool phbs = which == Commitments::kPhbs;
  const std::string paid = phbs ? "fund_phb_paid" : "fund_package_paid";
  const std::string events = phbs ? "fund_phb_events" : "fund_package_events";
  const std::string id = phbs ? "phb_id" : "package_id";
  // What each record's payments (and their corrections) post to spend accounts, per partner. The
  // prefix holds no LIKE wildcard ("spend:").
  const std::string from_postings =
      "SELECT ev." + id + " AS id, p.partner AS partner, SUM(p.amount) AS amount FROM " + events +
      " ev JOIN postings p ON p.entry_id = ev.entry_id AND p.account LIKE :c || '%'"
      " WHERE ev.kind IN ('paid', 'voided', 'credited') GROUP BY ev." +
      id + ", p.partner";
  const std::string kept = "SELECT " + id + " AS id, partner, amount FROM " + paid;
  return Differences(db, kept, from_postings, std::string(spend_prefix));
}

}  // namespace poolbook::store
