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
};

// The two kinds of record a payment is made on.
struct Kind {
  const char* events_table;
  const char* id_column;
  const char* key_word;    // in the entry key: fund:2025:package:ID:invoice:REF
  const char* key_action;  // "invoice" or "paid"
  const char* reference;   // what the reference is: "invoice" or "payment"; the field in messages
  std::function<StatusOr<Payable>(const std::string&)> load;
  std::function<std::string(const std::string& id, const std::string& ref, const Payable&)> memo;
};

StatusOr<std::vector<Receipt>> Run(
    Fund& fund, const Kind& kind, const std::vector<Invoice>& run, const std::string& user,
    std::function<StatusOr<std::vector<Receipt>>(
        const std::vector<Entry>&, std::function<void(store::Database&, const std::vector<Receipt>&)>)>
        post,
    std::vector<RunRefusal>* refusals) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  if (run.empty()) return InvalidArgument("the payment run has no payments", "payments");
  if (run.size() > kInvoicesPerRunMax) {
    return InvalidArgument("a payment run may hold at most " + std::to_string(kInvoicesPerRunMax) +
                               " payments; this one has " + std::to_string(run.size()),
                           "payments");
  }
  Journal& journal = fund.journal();
  const Agreement& agreement = fund.agreement();
  std::vector<Receipt> receipts(run.size());
  std::map<std::string, Payable> records;
  std::set<std::pair<std::string, std::string>> in_run;
  struct Planned {
    std::size_t index;
    bool with_release;
  };
  std::vector<Planned> planned;
  std::vector<Entry> entries;
  // Every payment is checked, and every refused one named, before the run is refused.
  std::vector<RunRefusal> refused;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const Invoice& in = run[i];
    auto fail = [&](const Status& st) { refused.push_back({i, st}); };
    if (Status st = internal::CheckReference(in.reference, kReferenceBytesMax, kind.reference); !st.ok()) {
      fail(st);
      continue;
    }
    if (in.amount.sign() <= 0) {
      fail(InvalidArgument("a payment must be for more than zero; record a credit note as a reversal",
                           "amount"));
      continue;
    }
    if (!in_run.insert({in.package_id, in.reference}).second) {
      fail(InvalidArgument(std::string(kind.reference) + " " + in.reference + " for " + in.package_id +
                               " is in this payment run twice",
                           kind.reference));
      continue;
    }
    auto it = records.find(in.package_id);
    if (it == records.end()) {
      auto loaded = kind.load(in.package_id);
      if (!loaded.ok()) {
        if (loaded.status().code() == Code::kUnavailable || loaded.status().code() == Code::kInternal)
          return loaded.status();
        fail(loaded.status());
        continue;
      }
      it = records.emplace(in.package_id, std::move(*loaded)).first;
    }
    Payable& rec = it->second;
    try {
      long long paid = 0, entry_id = 0;
      journal.db().sql() << std::string("SELECT amount, entry_id FROM ") + kind.events_table + " WHERE " +
                                kind.id_column + " = :p AND kind = 'paid' AND reference = :r",
          soci::use(in.package_id), soci::use(in.reference), soci::into(paid), soci::into(entry_id);
      if (journal.db().sql().got_data()) {
        if (paid != in.amount.pence64()) {
          fail(Aborted(std::string(kind.reference) + " " + in.reference + " on " + in.package_id +
                           " was already paid, for " +
                           Money::FromPence(static_cast<std::int64_t>(paid)).ToString(),
                       kind.reference));
          continue;
        }
        auto stored = journal.GetEntry(entry_id);
        if (!stored.ok()) return stored.status();
        receipts[i] = Receipt{entry_id, stored->hash, true};
        continue;
      }
    } catch (const std::exception& e) {
      return store::FromDatabaseError(e, "looking up payment " + Q(in.reference));
    }

    const Line& line = *agreement.FindLine(rec.line);
    auto parts = fund.Attribute(in.amount, fund.Weights(rec.split));
    if (!parts.ok()) {
      fail(parts.status());
      continue;
    }
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
    entries.push_back(std::move(actual));
    const Money release = std::min(in.amount, rec.remaining);
    if (release.sign() > 0) {
      auto r = internal::ReleaseEntry(fund, rec.line, rec.person, rec.remaining_by_partner, rec.remaining,
                                      release, key + ":release", in.date,
                                      "Commitment released by " + std::string(kind.reference) + " " +
                                          in.reference + ", " + in.package_id);
      if (!r.ok()) {
        fail(r.status());
        continue;
      }
      entries.push_back(std::move(*r));
    }
    planned.push_back({i, release.sign() > 0});
  }
  if (!refused.empty()) {
    if (refusals) *refusals = refused;
    const RunRefusal& first = refused.front();
    if (run.size() == 1) return first.status;
    std::string more;
    if (refused.size() > 1) more = " (and " + std::to_string(refused.size() - 1) + " more)";
    return first.status.WithContext("nothing in the run was paid" + more + "; payment " +
                                    std::to_string(first.index + 1));
  }
  if (entries.empty()) return receipts;  // every payment was a retry

  const std::string now = store::UtcTimestamp(journal.Now());
  auto written = post(entries, [&](store::Database& db, const std::vector<Receipt>& r) {
    // Every planned entry is new (retries were answered above); anything else is a race with
    // another writer: give up rather than record the run wrongly.
    if (r.size() != entries.size()) throw std::runtime_error("the payment run changed while it was written");
    std::size_t k = 0;
    for (const Planned& p : planned) {
      const Invoice& in = run[p.index];
      receipts[p.index] = r[k];
      const long long actual_id = r[k++].id;
      std::optional<long long> release_id;
      if (p.with_release) release_id = r[k++].id;
      internal::InsertEvent(db, kind.events_table, kind.id_column, in.package_id, "paid", actual_id,
                            release_id, in.amount, in.reference, in.date, now, user);
    }
    // No partner's commitment on any record of the run may have gone below zero (another run may
    // have released from the same record meanwhile).
    for (const auto& record : records) {
      const std::string& id = record.first;
      for (const Money& m :
           internal::CommittedByPartner(db, agreement, kind.events_table, kind.id_column, id)) {
        if (m.sign() < 0) {
          throw BeforeCommitRefusal(id + " was paid by someone else meanwhile; run the payments again");
        }
      }
    }
  });
  if (!written.ok()) return written.status();
  return receipts;
}

}  // namespace

StatusOr<std::vector<Receipt>> Fund::PayInvoices(const std::vector<Invoice>& run, const std::string& user,
                                                 std::vector<RunRefusal>* refusals) {
  Kind kind{"fund_package_events",
            "package_id",
            "package",
            "invoice",
            "invoice",
            [this](const std::string& id) -> StatusOr<Payable> {
              auto p = GetPackage(id);
              if (!p.ok()) return p.status();
              return Payable{p->spec.line,  p->spec.person,          p->spec.provider,
                             p->spec.split, p->remaining_by_partner, p->remaining};
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
  Kind kind{"fund_phb_events",
            "phb_id",
            "phb",
            "paid",
            "payment",
            [this](const std::string& id) -> StatusOr<Payable> {
              auto p = GetPhb(id);
              if (!p.ok()) return p.status();
              return Payable{p->spec.line,  p->spec.person,          "",
                             p->spec.split, p->remaining_by_partner, p->remaining};
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
