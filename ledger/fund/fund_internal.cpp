// The helpers the fund's operations share (fund_internal.h): references, quantities and splits as
// stored text, and what packages and PHBs commit and release.
#include "ledger/fund/fund_internal.h"

#include <nlohmann/json.hpp>

#include "ledger/apportion.h"
#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/store/fund_journal_store.h"

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
    return store::EntryKeyExists(db, key);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up an entry key");
  }
}

Money BalanceNow(store::Database& db, Book book, const std::string& account, const std::string& partner) {
  return store::MaintainedBalance(db, book, account, partner);
}

void RequireUnchanged(bool changed_one, const std::string& changed) {
  if (!changed_one) throw BeforeCommitRefusal(changed);
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

std::vector<Money> InAgreementOrder(const Agreement& agreement, std::map<std::string, Money> by_partner) {
  std::vector<Money> out;
  out.reserve(agreement.partners.size());
  for (const AgreementPartner& p : agreement.partners) out.push_back(by_partner[p.code]);
  return out;
}

std::map<std::string, std::vector<Money>> AllInAgreementOrder(const Agreement& agreement,
                                                              const std::vector<store::CommittedRow>& rows) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < agreement.partners.size(); ++i) index[agreement.partners[i].code] = i;
  std::map<std::string, std::vector<Money>> out;
  for (const store::CommittedRow& r : rows) {
    auto it = index.find(r.partner);
    if (it == index.end()) continue;  // a partner the agreement no longer has: as CommittedByPartner
    std::vector<Money>& v = out[r.record_id];
    v.resize(agreement.partners.size());
    v[it->second] = r.amount;
  }
  return out;
}

}  // namespace

std::vector<Money> CommittedByPartner(store::Database& db, const Agreement& agreement, store::RecordKind kind,
                                      const std::string& id) {
  return InAgreementOrder(agreement, store::CommittedOf(db, kind, id));
}

std::map<std::string, std::vector<Money>> CommittedByPartnerForAll(store::Database& db,
                                                                   const Agreement& agreement,
                                                                   store::RecordKind kind,
                                                                   const store::AsAt& as_at) {
  if (as_at) {
    return AllInAgreementOrder(
        agreement, store::CommittedOfAllAsAt(db, kind, *as_at, std::string(chart::kCommitted) + ":"));
  }
  return AllInAgreementOrder(agreement, store::CommittedOfAll(db, kind));
}

std::vector<Money> PaidByPartner(store::Database& db, const Agreement& agreement, store::RecordKind kind,
                                 const std::string& id) {
  return InAgreementOrder(agreement, store::PaidOf(db, kind, id));
}

std::map<std::string, std::vector<Money>> PaidByPartnerForAll(store::Database& db, const Agreement& agreement,
                                                              store::RecordKind kind,
                                                              const store::AsAt& as_at) {
  if (as_at)
    return AllInAgreementOrder(agreement, store::PaidOfAllAsAt(db, kind, *as_at, chart::kSpendPrefix));
  return AllInAgreementOrder(agreement, store::PaidOfAll(db, kind));
}

StatusOr<std::vector<std::pair<std::string, Money>>> RunningShares(const Agreement& agreement,
                                                                   const std::vector<Rational>& weights,
                                                                   std::vector<Money>& paid_by_partner,
                                                                   Money& paid, const Money& amount) {
  auto target = Apportion(paid + amount, weights);
  if (!target.ok()) return target.status();
  paid_by_partner.resize(agreement.partners.size());
  std::vector<std::pair<std::string, Money>> parts;
  Money sum;
  for (std::size_t i = 0; i < agreement.partners.size(); ++i) {
    const Money part = (*target)[i] - paid_by_partner[i];
    paid_by_partner[i] = (*target)[i];
    sum += part;
    if (part.sign() != 0) parts.emplace_back(agreement.partners[i].code, part);
  }
  paid += amount;
  POOLBOOK_INVARIANT(sum == amount, "a payment's parts do not add up to the payment");
  return parts;
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
  weights.reserve(remaining_by_partner.size());
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

void InsertEvent(store::Database& db, store::RecordKind record, const std::string& id,
                 const std::string& kind, std::optional<long long> entry_id,
                 std::optional<long long> release_id, const Money& amount, const std::string& reference,
                 const Date& date, const std::string& now, const std::string& user) {
  store::NewRecordEvent e;
  e.kind = kind;
  e.entry_id = entry_id;
  e.release_id = release_id;
  e.amount = amount;
  e.reference = reference;
  e.date = date;
  e.recorded_at = now;
  e.recorded_by = user;
  InsertEvent(db, record, id, e);
}

void InsertEvent(store::Database& db, store::RecordKind record, const std::string& id,
                 const store::NewRecordEvent& event) {
  store::InsertRecordEvent(db, record, id, event, std::string(chart::kCommitted) + ":", chart::kSpendPrefix);
}

}  // namespace internal

}  // namespace poolbook::fund
