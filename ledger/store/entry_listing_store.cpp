#include "ledger/store/entry_listing_store.h"

#include <array>

namespace poolbook::store {
namespace {

// The page's ids: only the filters given become conditions, so the person index is used when a
// person is named. `values` receives what the :vN placeholders bind, in order.
std::string PageIdsSql(const EntryFilter& f, std::vector<std::string>& values) {
  std::string where = " WHERE e.id > " + std::to_string(f.after_id);
  bool postings = false;
  auto add = [&](const std::string& column, const std::string& v) {
    where += " AND " + column + " :v" + std::to_string(values.size());
    values.push_back(v);
  };
  if (f.from) add("e.effective_date >=", *f.from);
  if (f.to) add("e.effective_date <=", *f.to);
  if (f.book) add("e.book =", *f.book);
  if (!f.account.empty()) {
    add("(p.account =", f.account);
    where += " OR p.account LIKE :v" + std::to_string(values.size()) + " ESCAPE '\\')";
    std::string prefix;
    for (char ch : f.account) {
      if (ch == '%' || ch == '_' || ch == '\\') prefix += '\\';
      prefix += ch;
    }
    values.push_back(prefix + ":%");
    postings = true;
  }
  if (!f.partner.empty()) add("p.partner =", f.partner), postings = true;
  if (!f.person.empty()) add("p.person =", f.person), postings = true;
  if (!f.line.empty()) add("p.line =", f.line), postings = true;
  return "SELECT DISTINCT e.id FROM entries e" +
         std::string(postings ? " JOIN postings p ON p.entry_id = e.id" : "") + where +
         " ORDER BY e.id LIMIT " + std::to_string(f.limit);
}

// The columns the page's statement reads, in order.
enum Column {
  kId,
  kKey,
  kBook,
  kDate,
  kPeriod,
  kRecordedAt,
  kMemo,
  kPostedBy,
  kReverses,
  kBodySha256,
  kPrevHash,
  kHash,
  kReversedBy,
  kAccount,
  kPartner,
  kPerson,
  kLine,
  kAmount,
  kColumns
};

struct PageRow {
  std::array<std::string, kColumns> text;
  std::array<soci::indicator, kColumns> ind{};
  bool Has(Column c) const { return ind[c] == soci::i_ok; }
  std::optional<long long> Id(Column c) const {
    return Has(c) ? std::optional<long long>(std::stoll(text[c])) : std::nullopt;
  }
};

StoredEntry EntryOf(const PageRow& r) {
  StoredEntry s;
  s.id = std::stoll(r.text[kId]);
  s.entry.key = r.text[kKey];
  auto b = ParseBook(r.text[kBook]);
  auto d = Date::Parse(r.text[kDate]);
  POOLBOOK_INVARIANT(b.ok() && d.ok(), "stored entry has a malformed book or date");
  s.entry.book = *b;
  s.entry.date = *d;
  s.period = r.text[kPeriod];
  s.recorded_at = r.text[kRecordedAt];
  s.entry.memo = r.text[kMemo];
  s.posted_by = r.text[kPostedBy];
  s.entry.reverses = r.Id(kReverses);
  s.body_sha256 = r.text[kBodySha256];
  s.prev_hash = r.text[kPrevHash];
  s.hash = r.text[kHash];
  s.reversed_by = r.Id(kReversedBy);
  return s;
}

Posting PostingOf(const PageRow& r) {
  Posting p;
  p.account = r.text[kAccount];
  p.partner = r.text[kPartner];
  p.person = r.Has(kPerson) ? r.text[kPerson] : "";
  p.line = r.Has(kLine) ? r.text[kLine] : "";
  p.amount = Money::FromPence(static_cast<std::int64_t>(std::stoll(r.text[kAmount])));
  return p;
}

}  // namespace

std::vector<StoredEntry> ListEntries(Database& db, const EntryFilter& f) {
  std::vector<std::string> values;
  values.reserve(8);
  const std::string sql =
      "WITH page AS (" + PageIdsSql(f, values) +
      ") SELECT CAST(e.id AS TEXT), e.entry_key, e.book, e.effective_date, e.period, e.recorded_at, e.memo,"
      " e.posted_by, CAST(e.reverses AS TEXT), e.body_sha256, e.prev_hash, e.hash, CAST(r.id AS TEXT),"
      " p.account, p.partner, p.person, p.line, CAST(p.amount AS TEXT)"
      " FROM page JOIN entries e ON e.id = page.id LEFT JOIN entries r ON r.reverses = e.id"
      " LEFT JOIN postings p ON p.entry_id = e.id ORDER BY e.id, p.seq";
  PageRow row;
  soci::statement st(db.sql());
  for (int c = 0; c < kColumns; ++c) st.exchange(soci::into(row.text[c], row.ind[c]));
  for (const std::string& v : values) st.exchange(soci::use(v));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(false);
  std::vector<StoredEntry> out;
  while (st.fetch()) {
    const long long id = std::stoll(row.text[kId]);
    if (out.empty() || out.back().id != id) out.push_back(EntryOf(row));
    if (row.Has(kAccount)) out.back().entry.postings.push_back(PostingOf(row));
  }
  return out;
}

}  // namespace poolbook::store
