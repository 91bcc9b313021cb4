// Corrections through the fund: what officers actually correct, each written as new entries
// linked to what they correct, so that every record's figures stay the sums of its entries.
//   void          an invoice (or PHB payment) paid in error: its spend reversed and the commitment it
//                 released committed again; the payment stays in the history, marked void
//   credit note   part of an invoice refunded: spend falls, on the running split; no commitment back
//   cancel        a crisis commitment released whole and taken off the approvals list
//   receipt       a contribution receipt reversed: the partner owes the money again
//   virement      an applied virement undone by the lead budget holder: the budget moves back
// The journal refuses the generic reversal of any entry a fund operation wrote (Journal::Reverse),
// so these are the only ways to correct one.
#include <algorithm>

#include "ledger/chain.h"
#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_events_store.h"
#include "ledger/store/fund_virements_store.h"
#include "ledger/store/ledger_store.h"

namespace poolbook::fund {

using internal::Q;

namespace {

// An entry that undoes `original` exactly: every posting negated, linked to it (Entry::reverses),
// so the journal lets it be undone only once.
Entry Mirror(const store::StoredEntry& original, const std::string& key, const Date& date,
             const std::string& memo) {
  Entry e;
  e.key = key;
  e.book = original.entry.book;
  e.date = date;
  e.memo = internal::Memo(memo);
  e.reverses = original.id;
  for (Posting p : original.entry.postings) {
    p.amount = -p.amount;
    e.postings.push_back(std::move(p));
  }
  return e;
}

// A correction already written under `entries`' first key: the same correction again is a retry
// (its receipt); another (a different date or reason) is refused, naming what was written.
// Nothing when there is none.
StatusOr<std::optional<Receipt>> AlreadyCorrected(Journal& journal, const std::vector<Entry>& entries,
                                                  const std::string& what) {
  std::optional<store::EntryStamp> found;
  try {
    found = store::FindEntryByKey(journal.db(), entries.at(0).key);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up " + what);
  }
  if (!found) return std::optional<Receipt>();
  if (found->body_sha256 == Sha256Hex(CanonicalBody(entries[0])))
    return std::optional<Receipt>(Receipt{found->id, found->hash, true});
  auto stored = journal.GetEntry(found->id);
  if (!stored.ok()) return stored.status();
  return FailedPrecondition(what + " was already corrected, by entry " + std::to_string(found->id) +
                            " dated " + stored->entry.date.ToString() + " (\"" + stored->entry.memo + "\")");
}

Status CheckReason(const std::string& reason) {
  if (reason.empty()) return InvalidArgument("say why the correction is made", "reason");
  return CheckText(reason, kReasonBytesMax, "reason");
}

}  // namespace

// Voids payment `reference` of a package or PHB: the actual reversed, and the release it made
// committed again, both linked to the entries they undo.
StatusOr<Receipt> Fund::VoidPayment(bool phb, const std::string& id, const std::string& reference,
                                    const Date& date, const std::string& reason, const std::string& user) {
  const store::RecordKind record = phb ? store::RecordKind::kPhb : store::RecordKind::kPackage;
  const std::string what = (phb ? "payment " : "invoice ") + reference + " on " + id;
  std::optional<store::PaymentRow> paid;
  try {
    paid = store::FindPayment(journal_.db(), record, id, reference);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up " + what);
  }
  if (!paid) return NotFound("there is no " + what + " to void", phb ? "reference" : "invoice");
  if (paid->credited.sign() != 0) {
    return FailedPrecondition(what + " has credit notes against it (" + paid->credited.ToString() +
                                  "); record a credit note for the rest instead of voiding it",
                              "invoice");
  }
  const std::string key = internal::Key(
      agreement_, (phb ? "phb:" + id + ":paid:" : "package:" + id + ":invoice:") + reference + ":void");
  std::vector<Entry> entries;
  for (std::optional<long long> original :
       {std::optional<long long>(paid->entry_id), paid->release_entry_id}) {
    if (!original) continue;
    auto stored = journal_.GetEntry(*original);
    if (!stored.ok()) return stored.status();
    const bool actual = entries.empty();
    entries.push_back(
        Mirror(*stored, actual ? key : key + ":recommit", date,
               (actual ? "Void of " : "Commitment restored by the void of ") + what + ": " + reason));
  }
  auto done = AlreadyCorrected(journal_, entries, what);
  if (!done.ok()) return done.status();
  if (*done) return **done;
  const std::string now = store::UtcTimestamp(journal_.Now());
  auto written = PostTogether(entries, user, [&](store::Database& db, const std::vector<Receipt>& r) {
    store::NewRecordEvent event;
    event.kind = "voided";
    event.entry_id = r.at(0).id;
    if (r.size() > 1) event.release_id = r[1].id;
    event.amount = paid->amount;
    event.reference = reference;
    event.corrects = reference;
    event.note = reason;
    event.date = date;
    event.recorded_at = now;
    event.recorded_by = user;
    internal::InsertEvent(db, record, id, event);
  });
  if (!written.ok()) return written.status();
  return written->at(0);
}

StatusOr<Receipt> Fund::VoidInvoice(const std::string& package_id, const std::string& invoice,
                                    const Date& date, const std::string& reason, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(CheckReason(reason));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(invoice, kReferenceBytesMax, "invoice"));
  auto package = GetPackage(package_id);
  if (!package.ok()) return package.status();
  return VoidPayment(/*phb=*/false, package_id, invoice, date, reason, user);
}

StatusOr<Receipt> Fund::VoidPhbPayment(const std::string& phb_id, const std::string& reference,
                                       const Date& date, const std::string& reason, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(CheckReason(reason));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(reference, kReferenceBytesMax, "reference"));
  auto phb = GetPhb(phb_id);
  if (!phb.ok()) return phb.status();
  return VoidPayment(/*phb=*/true, phb_id, reference, date, reason, user);
}

namespace {

// A credit note already recorded under the same reference: a retry when it is the same credit,
// else a conflict. Nothing when there is none.
StatusOr<std::optional<Receipt>> CreditRetry(Journal& journal, const std::string& package_id,
                                             const std::string& invoice, const std::string& credit,
                                             const Money& amount) {
  std::optional<store::CreditRow> found;
  try {
    found = store::FindCredit(journal.db(), store::RecordKind::kPackage, package_id, credit);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up credit note " + Q(credit));
  }
  if (!found) return std::optional<Receipt>();
  if (found->amount != amount || found->corrects != invoice) {
    return Aborted("credit note " + credit + " on " + package_id + " is already recorded, for " +
                       found->amount.ToString() + " against invoice " + found->corrects,
                   "credit");
  }
  auto stored = journal.GetEntry(found->entry_id);
  if (!stored.ok()) return stored.status();
  return std::optional<Receipt>(Receipt{found->entry_id, stored->hash, true});
}

}  // namespace

StatusOr<Receipt> Fund::CreditNote(const std::string& package_id, const std::string& invoice,
                                   const std::string& credit, const Money& amount, const Date& date,
                                   const std::string& reason, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(CheckReason(reason));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(invoice, kReferenceBytesMax, "invoice"));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(credit, kReferenceBytesMax, "credit"));
  if (amount.sign() <= 0) return InvalidArgument("a credit note must be for more than zero", "amount");
  auto package = GetPackage(package_id);
  if (!package.ok()) return package.status();
  auto retry = CreditRetry(journal_, package_id, invoice, credit, amount);
  if (!retry.ok()) return retry.status();
  if (*retry) return **retry;
  std::optional<store::PaymentRow> paid;
  try {
    paid = store::FindPayment(journal_.db(), store::RecordKind::kPackage, package_id, invoice);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up invoice " + Q(invoice));
  }
  if (!paid) return NotFound("there is no invoice " + invoice + " paid on " + package_id, "invoice");
  if (paid->voided)
    return FailedPrecondition("invoice " + invoice + " was voided; nothing is left to credit", "invoice");
  const Money left = paid->amount - paid->credited;
  if (amount > left) {
    return FailedPrecondition("invoice " + invoice + " stands at " + left.ToString() +
                                  " after earlier credit notes; " + amount.ToString() + " is more than that",
                              "amount");
  }
  std::vector<Money> by_partner = package->paid_by_partner;
  Money total = package->paid;
  auto parts = internal::RunningShares(agreement_, Weights(package->spec.split), by_partner, total, -amount);
  if (!parts.ok()) return parts.status();
  const Line& line = *agreement_.FindLine(package->spec.line);
  Entry e;
  e.key = internal::Key(agreement_, "package:" + package_id + ":credit:" + credit);
  e.book = Book::kActual;
  e.date = date;
  e.memo = internal::Memo("Credit note " + credit + " against invoice " + invoice + ", package " +
                          package_id + ": " + reason);
  for (const auto& [partner, part] : *parts) {
    e.postings.push_back({chart::SpendAccount(line), partner, package->spec.person, line.code, part});
    e.postings.push_back({chart::kPoolCash, partner, "", "", -part});
  }
  const std::string now = store::UtcTimestamp(journal_.Now());
  auto written = PostTogether({e}, user, [&](store::Database& db, const std::vector<Receipt>& r) {
    store::NewRecordEvent event;
    event.kind = "credited";
    event.entry_id = r.at(0).id;
    event.amount = amount;
    event.reference = credit;
    event.corrects = invoice;
    event.note = reason;
    event.date = date;
    event.recorded_at = now;
    event.recorded_by = user;
    internal::InsertEvent(db, store::RecordKind::kPackage, package_id, event);
    by_partner.resize(agreement_.partners.size());
    if (internal::PaidByPartner(db, agreement_, store::RecordKind::kPackage, package_id) != by_partner)
      throw BeforeCommitRefusal(package_id + " was paid meanwhile; record the credit note again");
  });
  if (!written.ok()) return written.status();
  return written->at(0);
}

StatusOr<Receipt> Fund::ReverseReceipt(const std::string& partner, const std::string& reference,
                                       const Date& date, const std::string& reason, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(CheckReason(reason));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(reference, kReferenceBytesMax, "reference"));
  if (!agreement_.FindContribution(partner))
    return NotFound("partner " + Q(partner) + " has no contribution in this fund", "partner");
  const std::string key = internal::Key(agreement_, "contribution:" + partner + ":received:" + reference);
  std::optional<store::EntryStamp> receipt;
  try {
    receipt = store::FindEntryByKey(journal_.db(), key);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up receipt " + Q(reference));
  }
  if (!receipt) {
    return NotFound("there is no receipt " + reference + " from " + partner + " in " +
                        Period{agreement_.year, 4}.FinancialYearLabel(),
                    "reference");
  }
  auto stored = journal_.GetEntry(receipt->id);
  if (!stored.ok()) return stored.status();
  const std::vector<Entry> entries = {
      Mirror(*stored, key + ":reversed", date,
             "Receipt " + reference + " from " + partner + " reversed: " + reason)};
  auto done = AlreadyCorrected(journal_, entries, "receipt " + reference + " from " + partner);
  if (!done.ok()) return done.status();
  if (*done) return **done;
  auto written = PostTogether(entries, user, [](store::Database&, const std::vector<Receipt>&) {});
  if (!written.ok()) return written.status();
  return written->at(0);
}

StatusOr<Package> Fund::CancelCrisis(const std::string& package_id, const Date& date,
                                     const std::string& reason, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(CheckReason(reason));
  auto package = GetPackage(package_id);
  if (!package.ok()) return package.status();
  if (package->cancelled) return package;  // a retry
  if (!package->crisis) {
    return FailedPrecondition("package " + package_id +
                                  " is not crisis support; end it on the day before it "
                                  "starts to cancel it",
                              "package");
  }
  if (package->paid.sign() != 0) {
    return FailedPrecondition("crisis package " + package_id + " has " + package->paid.ToString() +
                                  " paid on it; void its invoices first, or end it instead",
                              "package");
  }
  const Money release = package->remaining;
  std::optional<Entry> entry;
  if (release.sign() > 0) {
    auto e = internal::ReleaseEntry(*this, package->spec.line, package->spec.person,
                                    package->remaining_by_partner, package->remaining, release,
                                    internal::Key(agreement_, "package:" + package_id + ":cancelled"), date,
                                    "Crisis package " + package_id + " cancelled: " + reason);
    if (!e.ok()) return e.status();
    entry = std::move(*e);
  }
  const std::string now = store::UtcTimestamp(journal_.Now());
  auto record = [&](store::Database& db, std::optional<long long> release_id) {
    store::NewRecordEvent event;
    event.kind = "cancelled";
    event.release_id = release_id;
    event.amount = release;
    event.reference = package_id;
    event.note = reason;
    event.date = date;
    event.recorded_at = now;
    event.recorded_by = user;
    internal::InsertEvent(db, store::RecordKind::kPackage, package_id, event);
    for (const Money& m :
         internal::CommittedByPartner(db, agreement_, store::RecordKind::kPackage, package_id)) {
      if (m.sign() != 0)
        throw BeforeCommitRefusal("package " + package_id + " was paid meanwhile; cancel it again");
    }
  };
  POOLBOOK_RETURN_IF_ERROR(PostOrRecord(entry, user, record));
  return GetPackage(package_id);
}

StatusOr<Virement> Fund::UndoVirement(long long id, const Date& date, const std::string& reason,
                                      const std::string& approver, const std::string& approver_partner) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(approver));
  POOLBOOK_RETURN_IF_ERROR(CheckReason(reason));
  auto found = GetVirement(id);
  if (!found.ok()) return found.status();
  Virement v = std::move(*found);
  if (v.state == VirementState::kUndone) {
    v.replayed = true;
    return v;
  }
  if (v.state != VirementState::kApproved || !v.entry_id) {
    return FailedPrecondition("virement " + std::to_string(id) + " is " + VirementStateName(v.state) +
                              "; only a virement that was applied can be undone");
  }
  if (approver_partner != agreement_.lead_budget_holder) {
    return FailedPrecondition(
        "only the lead budget holder (" + agreement_.lead_budget_holder + ") can undo a virement",
        "approver");
  }
  if (v.date < Period{agreement_.year, 4}.FirstDay()) {
    return FailedPrecondition("virement " + std::to_string(id) + " belongs to a year that is closed", "id");
  }
  auto stored = journal_.GetEntry(*v.entry_id);
  if (!stored.ok()) return stored.status();
  const std::string now = store::UtcTimestamp(journal_.Now());
  auto written =
      PostTogether({Mirror(*stored, internal::Key(agreement_, "virement:" + v.reference + ":undone"), date,
                           "Virement " + v.reference + " undone: " + reason)},
                   approver, [&](store::Database& db, const std::vector<Receipt>& r) {
                     internal::RequireUnchanged(
                         store::MarkVirementUndone(db, id, r.at(0).id, approver, now, reason),
                         "virement " + std::to_string(id) + " was undone by someone else meanwhile");
                   });
  if (!written.ok()) return written.status();
  v.state = VirementState::kUndone;
  v.undo_entry_id = written->at(0).id;
  v.undone_by = approver;
  v.undone_at = now;
  v.undo_reason = reason;
  return v;
}

}  // namespace poolbook::fund
