#include "ledger/fund/fund.h"

#include <nlohmann/json.hpp>

#include "ledger/fund/agreement_json.h"
#include "ledger/fund/chart.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/database.h"

namespace poolbook::fund {

namespace internal {

Status CheckReference(std::string_view text, std::size_t bytes_max, const std::string& what) {
  if (text.empty()) return InvalidArgument(what + " is missing", what);
  if (text.size() > bytes_max) {
    return InvalidArgument(what + " is longer than " + std::to_string(bytes_max) + " characters", what);
  }
  for (char c : text) {
    if (c <= ' ' || c > '~') {
      return InvalidArgument(
          what + " " + Q(text) + " may hold only letters, digits and punctuation, no spaces", what);
    }
  }
  return Status();
}

StatusOr<bool> EntryWithKey(store::Database& db, const std::string& key) {
  try {
    int n = 0;
    db.sql() << "SELECT COUNT(*) FROM entries WHERE entry_key = :k", soci::use(key), soci::into(n);
    return n > 0;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up an entry key");
  }
}

Money BalanceNow(store::Database& db, Book book, const std::string& account, const std::string& partner) {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  const int b = BookNumber(book);
  db.sql() << "SELECT b.balance FROM balances b JOIN accounts a ON a.id = b.account_id"
              " JOIN partners p ON p.id = b.partner_id WHERE b.book = :b AND a.name = :a AND p.code = :p",
      soci::use(b), soci::use(account), soci::use(partner), soci::into(value, ind);
  return Money::FromPence(static_cast<std::int64_t>(db.sql().got_data() && ind == soci::i_ok ? value : 0));
}

void UpdateOne(soci::statement& update, const std::string& changed) {
  update.execute(true);
  if (update.get_affected_rows() != 1) throw BeforeCommitRefusal(changed);
}

std::string RationalText(const Rational& r) {
  return denominator(r) == 1 ? numerator(r).str() : numerator(r).str() + "/" + denominator(r).str();
}

StatusOr<Rational> RationalFromText(const std::string& text) {
  try {
    return Rational(text);
  } catch (const std::exception&) {
    return Internal("stored quantity " + Q(text) + " does not read");
  }
}

std::string SplitText(const std::map<std::string, Rational>& split) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [partner, w] : split) j[partner] = RationalText(w);
  return j.dump();
}

StatusOr<std::map<std::string, Rational>> SplitFromText(const std::string& text) {
  std::map<std::string, Rational> out;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Internal("a stored funder split does not read");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_string()) return Internal("a stored funder split does not read");
    auto w = RationalFromText(it.value().get<std::string>());
    if (!w.ok()) return w.status();
    out[it.key()] = *w;
  }
  return out;
}

namespace {

// A record table's maintained commitments (migration 6) and the table of the records themselves.
struct CommittedTables {
  const char* committed;
  const char* records;
};
CommittedTables TablesOf(const std::string& events_table) {
  if (events_table == "fund_package_events") return {"fund_package_committed", "fund_packages"};
  if (events_table == "fund_phb_events") return {"fund_phb_committed", "fund_phbs"};
  throw std::logic_error("no maintained commitments for " + events_table);
}

}  // namespace

std::vector<Money> CommittedByPartner(store::Database& db, const Agreement& agreement,
                                      const std::string& events_table, const std::string& id_column,
                                      const std::string& id) {
  std::map<std::string, Money> by_partner;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT partner, amount FROM ") + TablesOf(events_table).committed +
                               " WHERE " + id_column + " = :id",
       soci::use(id));
  for (const soci::row& r : rows)
    by_partner[r.get<std::string>(0)] = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(1)));
  std::vector<Money> out;
  for (const AgreementPartner& p : agreement.partners) out.push_back(by_partner[p.code]);
  return out;
}

std::map<std::string, std::vector<Money>> CommittedByPartnerForAll(store::Database& db,
                                                                   const Agreement& agreement,
                                                                   const std::string& events_table,
                                                                   const std::string& id_column) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < agreement.partners.size(); ++i) index[agreement.partners[i].code] = i;
  std::map<std::string, std::vector<Money>> out;
  soci::rowset<soci::row> rows = (db.sql().prepare << "SELECT " + id_column + ", partner, amount FROM " +
                                                          TablesOf(events_table).committed);
  for (const soci::row& r : rows) {
    auto it = index.find(r.get<std::string>(1));
    if (it == index.end()) continue;  // a partner the agreement no longer has: as CommittedByPartner
    std::vector<Money>& v = out[r.get<std::string>(0)];
    v.resize(agreement.partners.size());
    v[it->second] = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(2)));
  }
  return out;
}

Entry CommitEntry(const std::string& key, const Date& date, const std::string& memo, const Line& line,
                  const std::string& person, const std::vector<std::pair<std::string, Money>>& parts) {
  Entry e;
  e.key = key;
  e.book = Book::kCommitment;
  e.date = date;
  e.memo = Memo(memo);
  for (const auto& [partner, part] : parts) {
    e.postings.push_back({chart::CommittedAccount(line), partner, person, line.code, part});
    e.postings.push_back({chart::kCommitmentReserve, partner, "", "", -part});
  }
  return e;
}

StatusOr<Entry> ReleaseEntry(Fund& fund, const std::string& line_code, const std::string& person,
                             std::vector<Money>& remaining_by_partner, Money& remaining, const Money& amount,
                             const std::string& key, const Date& date, const std::string& memo) {
  std::vector<Rational> weights;
  for (const Money& m : remaining_by_partner)
    weights.emplace_back(m.sign() > 0 ? Rational(m.pence()) : Rational(0));
  auto parts = fund.Attribute(amount, weights);
  if (!parts.ok()) return parts.status();
  const auto& partners = fund.agreement().partners;
  const Line& line = *fund.agreement().FindLine(line_code);
  Entry e;
  e.key = key;
  e.book = Book::kCommitment;
  e.date = date;
  e.memo = Memo(memo);
  for (const auto& [partner, part] : *parts) {
    for (std::size_t i = 0; i < partners.size(); ++i) {
      if (partners[i].code == partner) remaining_by_partner[i] -= part;
    }
    remaining -= part;
    e.postings.push_back({chart::CommittedAccount(line), partner, person, line.code, -part});
    e.postings.push_back({chart::kCommitmentReserve, partner, "", "", part});
  }
  return e;
}

void InsertEvent(store::Database& db, const std::string& table, const std::string& id_column,
                 const std::string& id, const std::string& kind, std::optional<long long> entry_id,
                 std::optional<long long> release_id, const Money& amount, const std::string& reference,
                 const Date& date, const std::string& now, const std::string& user) {
  long long seq = 0;
  soci::indicator seq_ind;
  db.sql() << "SELECT MAX(seq) FROM " + table + " WHERE " + id_column + " = :id", soci::use(id),
      soci::into(seq, seq_ind);
  seq = (seq_ind == soci::i_ok ? seq : 0) + 1;
  long long entry_value = entry_id.value_or(0), release_value = release_id.value_or(0);
  soci::indicator entry_ind = entry_id ? soci::i_ok : soci::i_null;
  soci::indicator release_ind = release_id ? soci::i_ok : soci::i_null;
  const long long pence = amount.pence64();
  const std::string day = date.ToString();
  db.sql() << "INSERT INTO " + table + " (" + id_column +
                  ", seq, kind, entry_id, release_entry_id, amount,"
                  " reference, effective_date, recorded_at, recorded_by)"
                  " VALUES (:p, :s, :k, :e, :r, :a, :ref, :d, :t, :u)",
      soci::use(id), soci::use(seq), soci::use(kind), soci::use(entry_value, entry_ind),
      soci::use(release_value, release_ind), soci::use(pence), soci::use(reference), soci::use(day),
      soci::use(now), soci::use(user);
  if (!entry_id && !release_id) return;
  // What the record still has committed moves by its new entries' postings on the record's line's
  // commitment account (checked against the postings by verify).
  const CommittedTables t = TablesOf(table);
  const std::string account_prefix = std::string(chart::kCommitted) + ":";
  db.sql() << std::string("INSERT INTO ") + t.committed + " (" + id_column +
                  ", partner, amount) SELECT :id, p.partner, SUM(p.amount) FROM postings p"
                  " WHERE p.entry_id IN (:e, :r) AND p.account = :prefix || (SELECT line FROM " +
                  t.records + " WHERE id = :id2) GROUP BY p.partner ON CONFLICT (" + id_column +
                  ", partner) DO UPDATE SET amount = amount + excluded.amount",
      soci::use(id), soci::use(entry_value), soci::use(release_value), soci::use(account_prefix),
      soci::use(id);
}

}  // namespace internal

namespace internal {

Status OpenPartnersAndAccounts(Journal& journal, const Agreement& agreement) {
  // Each its own small write; an operation interrupted here can be run again. Ones already there
  // are fine: the same names mean the same things.
  for (const AgreementPartner& p : agreement.partners) {
    Status st = journal.AddPartner(p.code, p.name);
    if (!st.ok() && st.code() != Code::kAlreadyExists) return st;
  }
  for (const chart::ChartAccount& a : chart::Accounts(agreement)) {
    Status st = journal.OpenAccount(a.name, a.type);
    if (!st.ok() && st.code() != Code::kAlreadyExists) return st;
  }
  return Status();
}

StatusOr<std::vector<Entry>> OriginalBudget(const Fund& fund, const Agreement& agreement) {
  // One budget-book entry per line, each line's budget split across partners by their agreed
  // contributions (and what they brought forward).
  std::vector<Entry> entries;
  const std::vector<Rational> shares = agreement.BudgetShares();
  for (const Line& line : agreement.lines) {
    if (line.budget.is_zero()) continue;
    auto parts = fund.Attribute(line.budget, shares);
    if (!parts.ok()) return parts.status();
    Entry e;
    e.key = Key(agreement, "budget:" + line.code);
    e.book = Book::kBudget;
    e.date = Date{agreement.year, 4, 1};
    e.memo = Memo("Original budget " + Period{agreement.year, 4}.FinancialYearLabel() + ": " + line.name);
    for (const auto& [partner, part] : *parts) {
      e.postings.push_back({chart::BudgetAccount(line), partner, "", line.code, part});
      e.postings.push_back({chart::kBudgetFunding, partner, "", "", -part});
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

void InsertAgreement(store::Database& db, const Agreement& agreement, const std::string& now,
                     const std::string& user) {
  const std::string text = AgreementToJson(agreement).dump();
  db.sql() << "INSERT INTO fund_agreement (year, agreement, set_up_at, set_up_by) VALUES (:y, :a, :t, :u)",
      soci::use(agreement.year), soci::use(text), soci::use(now), soci::use(user);
}

}  // namespace internal

StatusOr<std::unique_ptr<Fund>> Fund::SetUp(Journal& journal, const Agreement& agreement,
                                            const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(Validate(agreement));
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  if (!agreement.brought_forward.empty()) {
    return InvalidArgument(
        "a new fund brings nothing forward; the next year of a fund is started from the fund",
        "brought_forward");
  }
  try {
    int existing = 0;
    journal.db().sql() << "SELECT COUNT(*) FROM fund_agreement", soci::into(existing);
    if (existing > 0) {
      return AlreadyExists("a fund is already set up in this ledger; one ledger holds one fund");
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the fund");
  }
  // Checked before anything is written, so that the usual reasons to refuse change nothing.
  if (auto closed = journal.ClosedThrough(); closed && !(*closed < Period{agreement.year, 4})) {
    return FailedPrecondition("the periods of " + Period{agreement.year, 4}.FinancialYearLabel() +
                              " are closed up to " + closed->ToString() +
                              "; a fund is set up in a ledger whose year is still open");
  }
  if (auto partners = journal.Partners(); partners.ok()) {
    for (const store::PartnerRow& row : *partners) {
      if (row.closed_at && std::any_of(agreement.partners.begin(), agreement.partners.end(),
                                       [&](const AgreementPartner& p) { return p.code == row.code; })) {
        return FailedPrecondition("partner " + row.code + " is closed in this ledger", "partners");
      }
    }
  } else {
    return partners.status();
  }
  POOLBOOK_RETURN_IF_ERROR(internal::OpenPartnersAndAccounts(journal, agreement));

  std::unique_ptr<Fund> fund(new Fund(journal, agreement));
  // The original budget, written with the agreement, all or nothing.
  auto entries = internal::OriginalBudget(*fund, agreement);
  if (!entries.ok()) return entries.status();
  const std::string now = store::UtcTimestamp(journal.Now());
  auto records = [&](store::Database& db, const std::vector<Receipt>&) {
    internal::InsertAgreement(db, agreement, now, user);
  };
  if (entries->empty()) {
    try {
      store::WriteTransaction tx(journal.db());
      records(journal.db(), {});
      tx.Commit();
    } catch (const std::exception& e) {
      return store::FromDatabaseError(e, "recording the fund");
    }
  } else {
    auto written = fund->PostTogether(*entries, user, records);
    if (!written.ok()) return written.status().WithContext("setting up the original budget");
    // Replayed entries mean another set-up wrote them (and its agreement), not this one.
    for (const Receipt& r : *written) {
      if (r.replayed)
        return AlreadyExists("a fund was set up in this ledger meanwhile; one ledger holds one fund");
    }
  }
  return fund;
}

StatusOr<std::unique_ptr<Fund>> Fund::Load(Journal& journal) {
  std::string text;
  soci::indicator ind = soci::i_null;
  try {
    // The newest year is the fund's current year.
    journal.db().sql() << "SELECT agreement FROM fund_agreement ORDER BY year DESC LIMIT 1",
        soci::into(text, ind);
    if (!journal.db().sql().got_data()) ind = soci::i_null;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the fund");
  }
  if (ind != soci::i_ok) {
    return FailedPrecondition("no fund is set up in this ledger; run 'poolbook fund setup FILE' first");
  }
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto agreement = AgreementFromJson(j);
  if (!agreement.ok())
    return Internal("the stored agreement no longer reads: " + agreement.status().message());
  return std::unique_ptr<Fund>(new Fund(journal, std::move(*agreement)));
}

Status Fund::CheckSplit(const std::map<std::string, Rational>& split) const {
  for (const auto& [partner, w] : split) {
    if (std::none_of(agreement_.partners.begin(), agreement_.partners.end(),
                     [&](const AgreementPartner& p) { return p.code == partner; })) {
      return NotFound("the funder split names " + internal::Q(partner) + ", not a partner of the fund",
                      "split");
    }
    if (w < 0) return InvalidArgument("a funder's share cannot be negative", "split");
  }
  const std::vector<Rational> weights = Weights(split);
  if (std::all_of(weights.begin(), weights.end(), [](const Rational& w) { return w == 0; })) {
    return InvalidArgument("the funder split gives every partner nothing", "split");
  }
  return Status();
}

std::vector<Rational> Fund::Weights(const std::map<std::string, Rational>& split) const {
  if (split.empty()) return agreement_.ContributionShares();
  std::vector<Rational> w;
  for (const AgreementPartner& p : agreement_.partners) {
    auto it = split.find(p.code);
    w.push_back(it == split.end() ? Rational(0) : it->second);
  }
  return w;
}

StatusOr<std::vector<std::pair<std::string, Money>>> Fund::Attribute(
    const Money& amount, const std::vector<Rational>& weights) const {
  auto parts = Apportion(amount, weights);
  if (!parts.ok()) return parts.status();
  std::vector<std::pair<std::string, Money>> out;
  Money sum;
  for (std::size_t i = 0; i < parts->size(); ++i) {
    sum += (*parts)[i];
    if (!(*parts)[i].is_zero()) out.emplace_back(agreement_.partners[i].code, (*parts)[i]);
  }
  POOLBOOK_INVARIANT(sum == amount, "an attribution does not add up to its amount");
  return out;
}

StatusOr<std::vector<Receipt>> Fund::PostTogether(
    const std::vector<Entry>& entries, const std::string& user,
    std::function<void(store::Database&, const std::vector<Receipt>&)> records) {
  PostOptions options;
  options.user = user;
  options.mode = BatchMode::kAllOrNothing;
  const int year = agreement_.year;
  options.before_commit = [&](store::Database& db, const std::vector<Receipt>& written) {
    // A fund loaded before its next year was started must not write into the closed year.
    int newest = 0;
    soci::indicator ind = soci::i_null;
    db.sql() << "SELECT MAX(year) FROM fund_agreement", soci::into(newest, ind);
    if (ind == soci::i_ok && newest > year) {
      throw BeforeCommitRefusal("the fund has moved on to " + Period{newest, 4}.FinancialYearLabel() +
                                "; load it again");
    }
    if (records) records(db, written);
  };
  BatchResult r = journal_.PostBatch(entries, options);
  std::vector<Receipt> out;
  for (std::size_t i = 0; i < r.results.size(); ++i) {
    if (r.results[i].ok()) {
      out.push_back(*r.results[i]);
      continue;
    }
    // Report the entry that was refused, not the ones abandoned because of it.
    for (std::size_t k = 0; k < r.results.size(); ++k) {
      const Status& st = r.results[k].status();
      if (!r.results[k].ok() && st.message().find("because another entry") == std::string::npos) return st;
    }
    return r.results[i].status();
  }
  return out;
}

StatusOr<std::vector<PartnerPosition>> Fund::Positions() {
  std::vector<PartnerPosition> out;
  try {
    store::ReadTransaction snapshot(journal_.db());
    for (const AgreementPartner& p : agreement_.partners) {
      PartnerPosition pos;
      pos.partner = p.code;
      auto contributions = journal_.Balance(Book::kActual, chart::kContributions, p.code);
      auto receivable = journal_.Balance(Book::kActual, chart::kReceivable, p.code);
      auto spent = journal_.Balance(Book::kActual, "spend", p.code);
      auto reserves = journal_.Balance(Book::kActual, chart::kReserves, p.code);
      auto settled = journal_.Balance(Book::kActual, chart::kRiskShare, p.code);
      auto pool = journal_.Balance(Book::kActual, chart::kPoolCash, p.code);
      for (const auto* s : {&contributions, &receivable, &spent, &reserves, &settled, &pool}) {
        if (!s->ok()) return s->status();
      }
      // Raised contributions are credits; what is still receivable was raised but not received.
      pos.received = -*contributions - *receivable;
      pos.spent = *spent;
      pos.settled = *settled;
      pos.brought_forward = -*reserves;  // a credit: what the partner's past years left it
      pos.pool = *pool;
      out.push_back(pos);
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the partners' positions");
  }
  return out;
}

}  // namespace poolbook::fund
