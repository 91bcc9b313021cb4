#include "ledger/fund/fund.h"

#include <nlohmann/json.hpp>

#include "ledger/fund/agreement_json.h"
#include "ledger/fund/chart.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/database.h"
#include "ledger/store/fund_agreement_store.h"

namespace poolbook::fund {

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
  store::InsertAgreement(db, agreement.year, AgreementToJson(agreement).dump(), now, user);
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
    if (store::CountAgreements(journal.db()) > 0) {
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
  std::optional<std::string> text;
  try {
    // The newest year is the fund's current year.
    text = store::NewestAgreement(journal.db());
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the fund");
  }
  if (!text) {
    return FailedPrecondition("no fund is set up in this ledger; run 'poolbook fund setup FILE' first");
  }
  auto j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  auto agreement = AgreementFromJson(j);
  if (!agreement.ok())
    return Internal("the stored agreement no longer reads: " + agreement.status().message());
  return std::unique_ptr<Fund>(new Fund(journal, std::move(*agreement)));
}

Status Fund::CheckSplit(const std::map<std::string, Rational>& split) const {
  for (const auto& [code, w] : split) {
    const std::string& partner = code;  // a structured binding can't be captured before C++20's fix
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

Status Fund::PostOrRecord(const std::optional<Entry>& entry, const std::string& user,
                          const std::function<void(store::Database&, std::optional<long long>)>& record) {
  if (entry) {
    auto written = PostTogether(
        {*entry}, user, [&](store::Database& db, const std::vector<Receipt>& r) { record(db, r.at(0).id); });
    return written.ok() ? Status() : written.status();
  }
  try {
    store::WriteTransaction tx(journal_.db());
    record(journal_.db(), std::nullopt);
    tx.Commit();
  } catch (const BeforeCommitRefusal& e) {
    return Aborted(e.what());
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "recording the fund's record of it");
  }
  return Status();
}

StatusOr<std::vector<Receipt>> Fund::PostTogether(
    const std::vector<Entry>& entries, const std::string& user,
    std::function<void(store::Database&, const std::vector<Receipt>&)> records) {
  PostOptions options;
  options.user = user;
  options.mode = BatchMode::kAllOrNothing;
  options.fund_keys = true;
  const int year = agreement_.year;
  options.before_commit = [&](store::Database& db, const std::vector<Receipt>& written) {
    // A fund loaded before its next year was started must not write into the closed year.
    const std::optional<int> newest = store::NewestAgreementYear(db);
    if (newest && *newest > year) {
      throw BeforeCommitRefusal("the fund has moved on to " + Period{*newest, 4}.FinancialYearLabel() +
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
      if (!r.results[k].ok() && st.reason() != Reason::kAbandonedInBatch) return st;
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
      // The partner identity (docs/fund.md), brought forward + received - spent - settled = pool,
      // holds for everything the fund's operations write, and the tests check it after every
      // step. It is not asserted here: an entry posted through the ledger's own interface may
      // move pool:cash too, and a user's entry must never stop the server.
      out.push_back(pos);
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the partners' positions");
  }
  return out;
}

}  // namespace poolbook::fund
