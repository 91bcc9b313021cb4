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

// Runs a correction of package or PHB `id` (`write`), then answers its entry with the record as
// it now stands, read in the same write; the person it names is logged.
template <class Record, class Get>
Reply Corrected(Context& c, const char* name, const std::string& id,
                const std::function<StatusOr<Receipt>(fund::Fund&)>& write, Get get,
                nlohmann::json (*to_json)(const Record&)) {
  Record record;
  auto done = WriteFund(c, [&](fund::Fund& f) -> StatusOr<Receipt> {
    auto r = write(f);
    if (!r.ok()) return r;
    auto now = get(f, id);
    if (!now.ok()) return now.status();
    record = std::move(*now);
    return r;
  });
  if (!done.ok()) return Refused(done.status());
  c.Viewed(record.spec.person);
  return Reply::Written({{"entry", ReceiptJson(*done)}, {name, to_json(record)}},
                        "/api/v1/entries/" + std::to_string(done->id), done->replayed);
}

const auto GetPackageOf = [](fund::Fund& f, const std::string& id) { return f.GetPackage(id); };
const auto GetPhbOf = [](fund::Fund& f, const std::string& id) { return f.GetPhb(id); };

Reply VoidInvoice(Context& c) {
  Why why;
  if (auto bad = ReadWhy(c, why, [](In&) {})) return *bad;
  const std::string id = c.Param(1), invoice = c.Param(2);
  return Corrected<fund::Package>(
      c, "package", id,
      [&](fund::Fund& f) { return f.VoidInvoice(id, invoice, why.date, why.reason, c.who.user); },
      GetPackageOf, PackageJson);
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
  return Corrected<fund::Package>(
      c, "package", id,
      [&](fund::Fund& f) {
        return f.CreditNote(id, invoice, credit, amount, why.date, why.reason, c.who.user);
      },
      GetPackageOf, PackageJson);
}

Reply VoidPhbPayment(Context& c) {
  Why why;
  if (auto bad = ReadWhy(c, why, [](In&) {})) return *bad;
  const std::string id = c.Param(1), reference = c.Param(2);
  return Corrected<fund::Phb>(
      c, "phb", id,
      [&](fund::Fund& f) { return f.VoidPhbPayment(id, reference, why.date, why.reason, c.who.user); },
      GetPhbOf, PhbJson);
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
