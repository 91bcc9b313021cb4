// Contributions: each partner's agreed amount for the year falls due in instalments (raised into
// pool:receivable) and is received into the pool (pool:cash), all attributed to that partner.
#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"

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
  auto r = PostTogether({e}, user, nullptr);
  if (!r.ok()) return r.status();
  return r->at(0);
}

StatusOr<std::vector<ContributionLine>> Fund::ContributionsStatement() {
  std::vector<ContributionLine> out;
  for (const AgreementPartner& p : agreement_.partners) {
    ContributionLine line;
    line.partner = p.code;
    line.agreed = agreement_.FindContribution(p.code)->agreed;
    line.varied = line.agreed;  // variations of an agreed contribution are not recorded yet
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
