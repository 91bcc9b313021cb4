// Payment runs: invoices paid on packages and payments made on personal health budgets. Each
// payment is an actual (spend on the line, split by the funder split, out of pool:cash) and the
// release of the same amount of commitment, no more than remains. A run is written all or
// nothing, in one transaction; a payment already made with the same reference and amount is
// answered as a retry, with another amount it is refused.
#include <map>
#include <set>

#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_events_store.h"

namespace poolbook::fund {

using internal::Q;

namespace {

// What a payment needs to know of the package or PHB it is made on, kept up to date through the
// run so that a second payment on the same record releases only what the first left.
struct Payable {
  std::string line, person, provider;
  std::map<std::string, Rational> split;
  std::vector<Money> remaining_by_partner;
  Money remaining;
  std::vector<Money> paid_by_partner;  // what each partner has paid on the record so far
  Money paid;
};

// The two kinds of record a payment is made on.
struct Kind {
  store::RecordKind record;
  const char* key_word;    // in the entry key: fund:2025:package:ID:invoice:REF
  const char* key_action;  // "invoice" or "paid"
  const char* reference;   // what the reference is: "invoice" or "payment"; the field in messages
  std::function<StatusOr<Payable>(const std::string&)> load;
  std::function<std::string(const std::string& id, const std::string& ref, const Payable&)> memo;
};

using Records = std::function<void(store::Database&, const std::vector<Receipt>&)>;
using Post = std::function<StatusOr<std::vector<Receipt>>(const std::vector<Entry>&, Records)>;

// A run as it is checked and worked out, payment by payment.
struct RunPlan {
  struct Planned {
    std::size_t index;
    bool with_release;
    std::string note;  // why it is paid above the commitment, if it is
  };
  std::vector<Receipt> receipts;                         // one per payment; retries are answered at once
  std::map<std::string, Payable> records;                // by id, kept up to date through the run
  std::set<std::pair<std::string, std::string>> in_run;  // (record id, reference)
  std::vector<Planned> planned;                          // the new payments, in run order
  std::vector<Entry> entries;                            // theirs: an actual, and perhaps a release, each
  std::vector<RunRefusal> refused;
};

Status CheckRunSize(const std::vector<Invoice>& run) {
  if (run.empty()) return InvalidArgument("the payment run has no payments", "payments");
  if (run.size() > kInvoicesPerRunMax) {
    return InvalidArgument("a payment run may hold at most " + std::to_string(kInvoicesPerRunMax) +
                               " payments; this one has " + std::to_string(run.size()),
                           "payments");
  }
  return Status();
}

// What can be checked of a payment on its own: its reference and amount, and that it is not in
// the run twice.
Status CheckPayment(const Kind& kind, const Invoice& in, RunPlan& plan) {
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(in.reference, kReferenceBytesMax, kind.reference));
  if (in.amount.sign() <= 0) {
    return InvalidArgument("a payment must be for more than zero (a credit note is not a payment)", "amount");
  }
  if (!in.over_reason.empty())
    POOLBOOK_RETURN_IF_ERROR(CheckText(in.over_reason, kReasonBytesMax, "over_reason"));
  if (!plan.in_run.insert({in.package_id, in.reference}).second) {
    return InvalidArgument(std::string(kind.reference) + " " + in.reference + " for " + in.package_id +
                               " is in this payment run twice",
                           kind.reference);
  }
  return Status();
}

// A payment already recorded under the same reference: answered as a retry (its receipt) when the
// amount is the same, refused when not. Returns whether it was there; an error only for a fault.
StatusOr<bool> AnswerRetry(Journal& journal, const Kind& kind, const Invoice& in, std::size_t i,
                           RunPlan& plan) {
  std::optional<store::PaymentRow> paid;
  try {
    paid = store::FindPayment(journal.db(), kind.record, in.package_id, in.reference);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up payment " + Q(in.reference));
  }
  if (!paid) return false;
  if (paid->voided) {
    plan.refused.push_back(
        {i, Aborted(std::string(kind.reference) + " " + in.reference + " on " + in.package_id +
                        " was paid and then voided; a corrected " + kind.reference + " needs a new number",
                    kind.reference)});
    return true;
  }
  if (paid->amount != in.amount) {
    plan.refused.push_back(
        {i, Aborted(std::string(kind.reference) + " " + in.reference + " on " + in.package_id +
                        " was already paid, for " + paid->amount.ToString(),
                    kind.reference)});
    return true;
  }
  auto stored = journal.GetEntry(paid->entry_id);
  if (!stored.ok()) return stored.status();
  plan.receipts[i] = Receipt{paid->entry_id, stored->hash, true};
  return true;
}

// The entries of a new payment: the actual, split by the record's funders, and the release of the
// same amount of commitment, no more than remains. Returns why the payment is refused, if it is.
Status PlanEntries(Fund& fund, const Kind& kind, const Invoice& in, std::size_t i, Payable& rec,
                   RunPlan& plan) {
  const Agreement& agreement = fund.agreement();
  const Line& line = *agreement.FindLine(rec.line);
  const bool over = in.amount > rec.remaining;
  if (over && in.over_reason.empty()) {
    return FailedPrecondition(std::string(kind.reference) + " " + in.reference + " for " +
                                  in.amount.ToString() + " is more than " + in.package_id +
                                  " still has committed (" + rec.remaining.ToString() +
                                  "); check the amount, or give the reason it is paid above the commitment",
                              "amount");
  }
  auto parts =
      internal::RunningShares(agreement, fund.Weights(rec.split), rec.paid_by_partner, rec.paid, in.amount);
  if (!parts.ok()) return parts.status();
  const std::string key = internal::Key(agreement, std::string(kind.key_word) + ":" + in.package_id + ":" +
                                                       kind.key_action + ":" + in.reference);
  Entry actual;
  actual.key = key;
  actual.book = Book::kActual;
  actual.date = in.date;
  actual.memo = internal::Memo(kind.memo(in.package_id, in.reference, rec));
  for (const auto& [partner, part] : *parts) {
    actual.postings.push_back({chart::SpendAccount(line), partner, rec.person, line.code, part});
    actual.postings.push_back({chart::kPoolCash, partner, "", "", -part});
  }
  plan.entries.push_back(std::move(actual));
  const Money release = in.final ? rec.remaining : std::min(in.amount, rec.remaining);
  if (release.sign() > 0) {
    auto r = internal::ReleaseEntry(
        fund, rec.line, rec.person, rec.remaining_by_partner, rec.remaining, release, key + ":release",
        in.date,
        "Commitment released by " + std::string(kind.reference) + " " + in.reference + ", " + in.package_id);
    if (!r.ok()) return r.status();
    plan.entries.push_back(std::move(*r));
  }
  plan.planned.push_back({i, release.sign() > 0, over ? in.over_reason : ""});
  return Status();
}

// Checks payment `i` and, when it is new and may be made, plans its entries. A refusal is noted
// in the plan (every payment is checked, and every refused one named, before a run is refused);
// the Status returned is an error only for a fault that ends the run at once.
Status PlanPayment(Fund& fund, const Kind& kind, const Invoice& in, std::size_t i, RunPlan& plan) {
  auto refuse = [&](const Status& st) {
    plan.refused.push_back({i, st});
    return Status();
  };
  if (Status st = CheckPayment(kind, in, plan); !st.ok()) return refuse(st);
  auto it = plan.records.find(in.package_id);
  if (it == plan.records.end()) {
    auto loaded = kind.load(in.package_id);
    if (!loaded.ok()) {
      const Code code = loaded.status().code();
      if (code == Code::kUnavailable || code == Code::kInternal) return loaded.status();
      return refuse(loaded.status());
    }
    it = plan.records.emplace(in.package_id, std::move(*loaded)).first;
  }
  auto retried = AnswerRetry(fund.journal(), kind, in, i, plan);
  if (!retried.ok()) return retried.status();
  if (*retried) return Status();
  if (Status st = PlanEntries(fund, kind, in, i, it->second, plan); !st.ok()) return refuse(st);
  return Status();
}

// The answer to a run with refused payments: the first refusal, with how many more there were.
Status RefuseRun(std::size_t run_size, const std::vector<RunRefusal>& refused,
                 std::vector<RunRefusal>* refusals) {
  if (refusals) *refusals = refused;
  const RunRefusal& first = refused.front();
  if (run_size == 1) return first.status;
  std::string more;
  if (refused.size() > 1) more = " (and " + std::to_string(refused.size() - 1) + " more)";
  return first.status.WithContext("nothing in the run was paid" + more + "; payment " +
                                  std::to_string(first.index + 1));
}

// Inside the run's write: records each new payment as an event of its record, and checks that no
// partner's commitment on any record of the run went below zero (another run may have released
// from the same record meanwhile).
void RecordRun(store::Database& db, const Agreement& agreement, const Kind& kind,
               const std::vector<Invoice>& run, const std::vector<Receipt>& r, const std::string& now,
               const std::string& user, RunPlan& plan) {
  // Every planned entry is new (retries were answered before); anything else is a race with
  // another writer: give up rather than record the run wrongly.
  if (r.size() != plan.entries.size())
    throw std::runtime_error("the payment run changed while it was written");
  std::size_t k = 0;
  for (const RunPlan::Planned& p : plan.planned) {
    const Invoice& in = run[p.index];
    plan.receipts[p.index] = r[k];
    const long long actual_id = r[k++].id;
    std::optional<long long> release_id;
    if (p.with_release) release_id = r[k++].id;
    store::NewRecordEvent event;
    event.kind = "paid";
    event.entry_id = actual_id;
    event.release_id = release_id;
    event.amount = in.amount;
    event.reference = in.reference;
    event.note = p.note;
    event.date = in.date;
    event.recorded_at = now;
    event.recorded_by = user;
    internal::InsertEvent(db, kind.record, in.package_id, event);
  }
  for (const auto& [id, rec] : plan.records) {
    const std::string again = id + " was paid by someone else meanwhile; run the payments again";
    for (const Money& m : internal::CommittedByPartner(db, agreement, kind.record, id)) {
      if (m.sign() < 0) throw BeforeCommitRefusal(again);
    }
    // Each partner's part was worked out from the running totals read before the write.
    std::vector<Money> paid = internal::PaidByPartner(db, agreement, kind.record, id);
    std::vector<Money> planned = rec.paid_by_partner;
    planned.resize(paid.size());
    if (paid != planned) throw BeforeCommitRefusal(again);
  }
}

StatusOr<std::vector<Receipt>> Run(Fund& fund, const Kind& kind, const std::vector<Invoice>& run,
                                   const std::string& user, const Post& post,
                                   std::vector<RunRefusal>* refusals) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(CheckRunSize(run));
  RunPlan plan;
  plan.receipts.resize(run.size());
  for (std::size_t i = 0; i < run.size(); ++i)
    POOLBOOK_RETURN_IF_ERROR(PlanPayment(fund, kind, run[i], i, plan));
  if (!plan.refused.empty()) return RefuseRun(run.size(), plan.refused, refusals);
  if (plan.entries.empty()) return plan.receipts;  // every payment was a retry

  const std::string now = store::UtcTimestamp(fund.journal().Now());
  auto written = post(plan.entries, [&](store::Database& db, const std::vector<Receipt>& r) {
    RecordRun(db, fund.agreement(), kind, run, r, now, user, plan);
  });
  if (!written.ok()) return written.status();
  return plan.receipts;
}

}  // namespace

StatusOr<std::vector<Receipt>> Fund::PayInvoices(const std::vector<Invoice>& run, const std::string& user,
                                                 std::vector<RunRefusal>* refusals) {
  Kind kind{store::RecordKind::kPackage,
            "package",
            "invoice",
            "invoice",
            [this](const std::string& id) -> StatusOr<Payable> {
              auto p = GetPackage(id);
              if (!p.ok()) return p.status();
              return Payable{
                  p->spec.line, p->spec.person,     p->spec.provider, p->spec.split, p->remaining_by_partner,
                  p->remaining, p->paid_by_partner, p->paid};
            },
            [](const std::string& id, const std::string& ref, const Payable& p) {
              return "Invoice " + ref + ", package " + id + ", " + p.provider;
            }};
  return Run(
      *this, kind, run, user,
      [&](const std::vector<Entry>& e, auto records) { return PostTogether(e, user, std::move(records)); },
      refusals);
}

StatusOr<Receipt> Fund::PayInvoice(const std::string& package_id, const Money& amount, const Date& date,
                                   const std::string& invoice, const std::string& user) {
  auto run = PayInvoices({{package_id, amount, date, invoice}}, user);
  if (!run.ok()) return run.status();
  return run->at(0);
}

StatusOr<std::vector<Receipt>> Fund::PayPhbs(const std::vector<Invoice>& run, const std::string& user,
                                             std::vector<RunRefusal>* refusals) {
  Kind kind{store::RecordKind::kPhb,
            "phb",
            "paid",
            "payment",
            [this](const std::string& id) -> StatusOr<Payable> {
              auto p = GetPhb(id);
              if (!p.ok()) return p.status();
              return Payable{p->spec.line, p->spec.person,     "",     p->spec.split, p->remaining_by_partner,
                             p->remaining, p->paid_by_partner, p->paid};
            },
            [](const std::string& id, const std::string& ref, const Payable&) {
              return "Personal health budget " + id + ", payment " + ref;
            }};
  return Run(
      *this, kind, run, user,
      [&](const std::vector<Entry>& e, auto records) { return PostTogether(e, user, std::move(records)); },
      refusals);
}

StatusOr<Receipt> Fund::PayPhb(const std::string& phb_id, const Money& amount, const Date& date,
                               const std::string& reference, const std::string& user) {
  auto run = PayPhbs({{phb_id, amount, date, reference}}, user);
  if (!run.ok()) return run.status();
  return run->at(0);
}

}  // namespace poolbook::fund
