// Corrections through the fund (ledger/fund/corrections.cpp): void an invoice or a PHB payment,
// record a credit note, cancel a crisis commitment, reverse a contribution receipt, undo a
// virement. Each takes {"date", "reason"} (and what else it needs) and answers the entry it wrote
// with the record as it now stands; the same correction again is a retry (200, "replayed").
#include "api/fund_json.h"
#include "api/routes/route.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

// The body every correction has: the date of its entries and why it is made.
struct Why {
  Date date;
  std::string reason;
};

// Everything a correction finds missing is named by its path (the package, the invoice, the
// payment's reference, the partner, the virement): 404.
Reply Refused(const Status& st) {
  return st.code() == Code::kNotFound ? Reply::Missing(st.message()) : Reply::Refused(st);
}

template <class More>
std::optional<Reply> ReadWhy(Context& c, Why& why, More more) {
  json body;
  if (auto bad = ReadBody(c, body)) return bad;
  In in(body);
  why.date = in.DateField("date");
  why.reason = in.Str("reason");
  more(in);
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  return std::nullopt;
}

Reply VoidInvoice(Context& c) {
  Why why;
  if (auto bad = ReadWhy(c, why, [](In&) {})) return *bad;
  const std::string id = c.Param(1), invoice = c.Param(2);
  fund::Package package;
  auto done = WriteFund(c, [&](fund::Fund& f) -> StatusOr<Receipt> {
    auto r = f.VoidInvoice(id, invoice, why.date, why.reason, c.who.user);
    if (!r.ok()) return r;
    auto p = f.GetPackage(id);
    if (!p.ok()) return p.status();
    package = std::move(*p);
    return r;
  });
  if (!done.ok()) return Refused(done.status());
  c.Viewed(package.spec.person);
  return Reply::Written({{"entry", ReceiptJson(*done)}, {"package", PackageJson(package)}},
                        "/api/v1/entries/" + std::to_string(done->id), done->replayed);
}

Reply CreditNote(Context& c) {
  Why why;
  std::string credit;
  Money amount;
  if (auto bad = ReadWhy(c, why, [&](In& in) {
        credit = in.Str("credit");
        amount = in.Amount("amount");
      }))
    return *bad;
  const std::string id = c.Param(1), invoice = c.Param(2);
  fund::Package package;
  auto done = WriteFund(c, [&](fund::Fund& f) -> StatusOr<Receipt> {
    auto r = f.CreditNote(id, invoice, credit, amount, why.date, why.reason, c.who.user);
    if (!r.ok()) return r;
    auto p = f.GetPackage(id);
    if (!p.ok()) return p.status();
    package = std::move(*p);
    return r;
  });
  if (!done.ok()) return Refused(done.status());
  c.Viewed(package.spec.person);
  return Reply::Written({{"entry", ReceiptJson(*done)}, {"package", PackageJson(package)}},
                        "/api/v1/entries/" + std::to_string(done->id), done->replayed);
}

Reply VoidPhbPayment(Context& c) {
  Why why;
  if (auto bad = ReadWhy(c, why, [](In&) {})) return *bad;
  const std::string id = c.Param(1), reference = c.Param(2);
  fund::Phb phb;
  auto done = WriteFund(c, [&](fund::Fund& f) -> StatusOr<Receipt> {
    auto r = f.VoidPhbPayment(id, reference, why.date, why.reason, c.who.user);
    if (!r.ok()) return r;
    auto p = f.GetPhb(id);
    if (!p.ok()) return p.status();
    phb = std::move(*p);
    return r;
  });
  if (!done.ok()) return Refused(done.status());
  c.Viewed(phb.spec.person);
  return Reply::Written({{"entry", ReceiptJson(*done)}, {"phb", PhbJson(phb)}},
                        "/api/v1/entries/" + std::to_string(done->id), done->replayed);
}

Reply CancelCrisis(Context& c) {
  Why why;
  if (auto bad = ReadWhy(c, why, [](In&) {})) return *bad;
  const std::string id = c.Param(1);
  auto done =
      WriteFund(c, [&](fund::Fund& f) { return f.CancelCrisis(id, why.date, why.reason, c.who.user); });
  if (!done.ok()) return Refused(done.status());
  c.Viewed(done->spec.person);
  return Reply::Json(PackageJson(*done));
}

Reply ReverseReceipt(Context& c) {
  Why why;
  if (auto bad = ReadWhy(c, why, [](In&) {})) return *bad;
  const std::string partner = c.Param(1), reference = c.Param(2);
  auto done = WriteFund(c, [&](fund::Fund& f) {
    return f.ReverseReceipt(partner, reference, why.date, why.reason, c.who.user);
  });
  if (!done.ok()) return Refused(done.status());
  return Reply::Written({{"entry", ReceiptJson(*done)}}, "/api/v1/entries/" + std::to_string(done->id),
                        done->replayed);
}

Reply UndoVirement(Context& c) {
  const auto id = ParseId(c.Param(1), "a virement id");
  if (!id.ok()) return Reply::Bad(id.status());
  Why why;
  if (auto bad = ReadWhy(c, why, [](In&) {})) return *bad;
  auto done = WriteFund(c, [&](fund::Fund& f) {
    return f.UndoVirement(*id, why.date, why.reason, c.who.user, f.agreement().lead_budget_holder);
  });
  if (!done.ok()) return Refused(done.status());
  return Reply::Json(VirementJson(*done));
}

}  // namespace

void AddCorrectionRoutes(std::vector<Route>& r) {
  r.push_back({"POST", "/api/v1/packages/{id}/invoices/{invoice}/void", kFinance,
               "Void a paid invoice: spend reversed, commitment restored", VoidInvoice});
  r.push_back({"POST", "/api/v1/packages/{id}/invoices/{invoice}/credit-notes", kFinance,
               "Record a provider's credit note against a paid invoice", CreditNote});
  r.push_back({"POST", "/api/v1/phbs/{id}/payments/{reference}/void", kFinance,
               "Void a payment on a personal health budget", VoidPhbPayment});
  r.push_back({"POST",
               "/api/v1/crises/{id}/cancel",
               {Role::kFinanceOfficer, Role::kLeadBudgetHolder},
               "Cancel a crisis commitment: all it has committed is released",
               CancelCrisis});
  r.push_back({"POST", "/api/v1/contributions/{partner}/receipts/{reference}/reverse", kFinance,
               "Reverse a contribution receipt recorded in error", ReverseReceipt});
  r.push_back({"POST", "/api/v1/virements/{id}/undo", kLead, "Undo an applied virement", UndoVirement});
}

}  // namespace poolbook::api
