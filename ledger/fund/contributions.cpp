// Contributions: each partner's agreed amount for the year falls due in instalments (raised into
// pool:receivable) and is received into the pool (pool:cash), all attributed to that partner. A
// variation changes the agreed amount and is raised at once.
#include <map>

#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_contributions_store.h"

namespace poolbook::fund {

using internal::Q;

StatusOr<Receipt> Fund::RaiseInstalment(const std::string& partner, std::size_t index,
                                        const std::string& user) {
  const Contribution* c = agreement_.FindContribution(partner);
  if (!c) return NotFound("partner " + Q(partner) + " has no contribution in this fund", "partner");
  if (index >= c->instalments.size()) {
    const std::size_t n = c->instalments.size();
    return NotFound("partner " + Q(partner) + " has " + std::to_string(n) +
                        (n == 1 ? " instalment" : " instalments") + "; there is no instalment " +
                        std::to_string(index + 1),
                    "instalment");
  }
  const Instalment& in = c->instalments[index];
  Entry e;
  e.key = internal::Key(agreement_, "contribution:" + partner + ":due:" + std::to_string(index + 1));
  e.book = Book::kActual;
  e.date = in.due;
  e.memo = "Contribution due from " + partner + ", instalment " + std::to_string(index + 1) + " of " +
           std::to_string(c->instalments.size());
  e.postings = {{chart::kReceivable, partner, "", "", in.amount},
                {chart::kContributions, partner, "", "", -in.amount}};
  auto r = PostTogether({e}, user, nullptr);
  if (!r.ok()) return r.status();
  return r->at(0);
}

StatusOr<Receipt> Fund::ReceiveContribution(const std::string& partner, const Money& amount, const Date& date,
                                            const std::string& reference, const std::string& user) {
  if (!agreement_.FindContribution(partner)) {
    return NotFound("partner " + Q(partner) + " has no contribution in this fund", "partner");
  }
  if (amount.sign() <= 0) return InvalidArgument("the amount received must be more than zero", "amount");
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(reference, kReferenceBytesMax, "reference"));
  Entry e;
  e.key = internal::Key(agreement_, "contribution:" + partner + ":received:" + reference);
  e.book = Book::kActual;
  e.date = date;
  e.memo = "Contribution received from " + partner + ", remittance " + reference;
  e.postings = {{chart::kPoolCash, partner, "", "", amount}, {chart::kReceivable, partner, "", "", -amount}};
  // A retry of a receipt already written goes to the journal, which recognises it by its key.
  auto written = internal::EntryWithKey(journal_.db(), e.key);
  if (!written.ok()) return written.status();
  if (!*written) {
    auto owed = journal_.Balance(Book::kActual, chart::kReceivable, partner);
    if (!owed.ok()) return owed.status();
    if (amount > *owed) {
      return FailedPrecondition("partner " + partner + " owes " + owed->ToString() +
                                    " of its raised instalments; " + amount.ToString() +
                                    " is more than that. Raise the instalment first.",
                                "amount");
    }
  }
  // Checked again inside the write: another receipt may have been recorded meanwhile.
  auto r = PostTogether({e}, user, [&](store::Database& db, const std::vector<Receipt>&) {
    if (internal::BalanceNow(db, Book::kActual, chart::kReceivable, partner).sign() < 0) {
      throw BeforeCommitRefusal("partner " + partner + " no longer owes " + amount.ToString() +
                                " (another receipt was recorded meanwhile); nothing was written");
    }
  });
  if (!r.ok()) return r.status();
  return r->at(0);
}

StatusOr<std::vector<ContributionVariation>> Fund::ContributionVariations() {
  std::vector<ContributionVariation> out;
  try {
    for (const store::VariationRow& r : store::ContributionVariations(journal_.db(), agreement_.year)) {
      out.push_back(ContributionVariation{r.partner, r.seq, r.reference, r.amount, r.due, r.reason,
                                          r.recorded_by, r.recorded_at, r.entry_id});
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading contribution variations");
  }
  return out;
}

StatusOr<ContributionVariation> Fund::VaryContribution(const std::string& partner, const Money& amount,
                                                       const Date& due, const std::string& reference,
                                                       const std::string& reason, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(reference, kReferenceBytesMax, "reference"));
  const Contribution* c = agreement_.FindContribution(partner);
  if (!c) return NotFound("partner " + Q(partner) + " has no contribution in this fund", "partner");
  if (amount.is_zero()) return InvalidArgument("a variation must change the contribution", "amount");
  if (due < Date{agreement_.year, 4, 1} || due > Date{agreement_.year + 1, 3, 31}) {
    return InvalidArgument("a variation falls due inside the fund's year, " +
                               Date{agreement_.year, 4, 1}.ToString() + " to " +
                               Date{agreement_.year + 1, 3, 31}.ToString(),
                           "due");
  }
  if (reason.empty()) return InvalidArgument("say why the contribution is varied", "reason");
  POOLBOOK_RETURN_IF_ERROR(CheckText(reason, kReasonBytesMax, "reason"));
  auto existing = ContributionVariations();
  if (!existing.ok()) return existing.status();
  for (const ContributionVariation& e : *existing) {
    if (e.partner != partner || e.reference != reference) continue;
    if (e.amount == amount && e.due == due) {  // a retry
      ContributionVariation again = e;
      again.replayed = true;
      return again;
    }
    return Aborted("variation " + reference + " of " + partner +
                       "'s contribution was already recorded, for " + e.amount.ToString() + " due " +
                       e.due.ToString(),
                   "reference");
  }
  Money varied = c->agreed;  // the contribution as varied so far
  for (const ContributionVariation& e : *existing) {
    if (e.partner == partner) varied += e.amount;
  }
  if ((varied + amount).sign() < 0) {
    return FailedPrecondition("partner " + partner + "'s contribution is " + varied.ToString() +
                                  "; it cannot be reduced by " + (-amount).ToString(),
                              "amount");
  }
  ContributionVariation v;
  v.reference = reference;
  v.partner = partner;
  v.amount = amount;
  v.due = due;
  v.reason = reason;
  v.recorded_by = user;
  v.recorded_at = store::UtcTimestamp(journal_.Now());
  for (const ContributionVariation& e : *existing) {
    if (e.partner == partner) v.seq = std::max(v.seq, e.seq);
  }
  v.seq += 1;
  Entry e;
  e.key = internal::Key(agreement_, "contribution:" + partner + ":variation:" + reference);
  e.book = Book::kActual;
  e.date = due;
  e.memo = internal::Memo("Contribution from " + partner + " varied by " + amount.ToString() + ": " + reason);
  e.postings = {{chart::kReceivable, partner, "", "", amount},
                {chart::kContributions, partner, "", "", -amount}};
  auto written = PostTogether({e}, user, [&](store::Database& db, const std::vector<Receipt>& r) {
    v.entry_id = r.at(0).id;
    store::InsertContributionVariation(
        db, agreement_.year,
        store::VariationRow{v.partner, v.seq, v.reference, v.amount, v.due, v.reason, v.entry_id,
                            v.recorded_at, v.recorded_by});
  });
  if (!written.ok()) return written.status();
  return v;
}

StatusOr<std::vector<ContributionLine>> Fund::ContributionsStatement() {
  auto all = ContributionVariations();
  if (!all.ok()) return all.status();
  std::map<std::string, Money> variations;
  for (const ContributionVariation& v : *all) variations[v.partner] += v.amount;
  std::vector<ContributionLine> out;
  for (const AgreementPartner& p : agreement_.partners) {
    ContributionLine line;
    line.partner = p.code;
    line.agreed = agreement_.FindContribution(p.code)->agreed;
    line.varied = line.agreed + variations[p.code];
    auto raised = journal_.Balance(Book::kActual, chart::kContributions, p.code);
    auto receivable = journal_.Balance(Book::kActual, chart::kReceivable, p.code);
    if (!raised.ok()) return raised.status();
    if (!receivable.ok()) return receivable.status();
    line.due = -*raised;
    line.outstanding = *receivable;
    line.received = line.due - line.outstanding;
    out.push_back(line);
  }
  return out;
}

}  // namespace poolbook::fund
