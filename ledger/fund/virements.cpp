// The budget book and virements. A line's budget is the balance of its budget:lines:LINE account
// in the budget book. A virement moves budget from one line to another: at or below the fund's
// threshold it is applied when asked for; above it, it waits for the lead budget holder, who may
// approve or reject it but never approve their own request. Every request stays in the register.
#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_virements_store.h"

namespace poolbook::fund {

using internal::Q;

namespace {

const char* const kStateNames[] = {"pending", "approved", "rejected", "undone"};

Virement VirementFromRow(const store::VirementRow& r) {
  Virement v;
  v.id = r.id;
  v.reference = r.reference;
  v.from_line = r.from_line;
  v.to_line = r.to_line;
  v.amount = r.amount;
  v.reason = r.reason;
  v.date = r.date;
  v.requested_by = r.requested_by;
  v.requested_at = r.requested_at;
  v.state = r.state == "approved"   ? VirementState::kApproved
            : r.state == "rejected" ? VirementState::kRejected
                                    : VirementState::kPending;
  v.decided_by = r.decided_by;
  v.decided_at = r.decided_at;
  v.decision_note = r.decision_note;
  v.entry_id = r.entry_id;
  v.undo_entry_id = r.undo_entry_id;
  v.undone_by = r.undone_by;
  v.undone_at = r.undone_at;
  v.undo_reason = r.undo_reason;
  if (v.undo_entry_id) v.state = VirementState::kUndone;
  return v;
}

}  // namespace

const char* VirementStateName(VirementState s) { return kStateNames[static_cast<int>(s)]; }

StatusOr<std::map<std::string, Money>> Fund::RevisedBudgets() {
  std::map<std::string, Money> out;
  for (const Line& line : agreement_.lines) {
    auto b = journal_.Balance(Book::kBudget, chart::BudgetAccount(line), "");
    if (!b.ok()) return b.status();
    out[line.code] = *b;
  }
  return out;
}

StatusOr<std::vector<Virement>> Fund::VirementRegister() {
  std::vector<Virement> out;
  try {
    for (const store::VirementRow& r : store::AllVirements(journal_.db())) out.push_back(VirementFromRow(r));
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the virement register");
  }
  return out;
}

namespace {

// The budget-book entry that moves `amount` from one line to the other, split across partners in
// proportion to what each has in the line it comes from (so no partner's share goes below zero).
StatusOr<Entry> VirementEntry(Fund& fund, const Virement& v) {
  const Agreement& a = fund.agreement();
  const Line* from = a.FindLine(v.from_line);
  const Line* to = a.FindLine(v.to_line);
  std::vector<Rational> weights;
  Money available;
  for (const AgreementPartner& p : a.partners) {
    auto b = fund.journal().Balance(Book::kBudget, chart::BudgetAccount(*from), p.code);
    if (!b.ok()) return b.status();
    weights.emplace_back(b->sign() > 0 ? Rational(b->pence()) : Rational(0));
    available += *b;
  }
  if (v.amount > available) {
    return FailedPrecondition("line " + v.from_line + " has " + available.ToString() +
                                  " of budget; it cannot give " + v.amount.ToString(),
                              "amount");
  }
  auto parts = fund.Attribute(v.amount, weights);
  if (!parts.ok()) return parts.status();
  Entry e;
  e.key = internal::Key(a, "virement:" + v.reference);
  e.book = Book::kBudget;
  e.date = v.date;
  e.memo = "Virement " + v.reference + " from " + v.from_line + " to " + v.to_line + ": " + v.reason;
  e.memo = internal::Memo(std::move(e.memo));
  for (const auto& [partner, part] : *parts) {
    e.postings.push_back({chart::BudgetAccount(*to), partner, "", to->code, part});
    e.postings.push_back({chart::BudgetAccount(*from), partner, "", from->code, -part});
  }
  return e;
}

// Inside the write transaction: the giving line still has no partner's budget below zero (another
// virement may have moved it since this one was worked out).
void CheckGivingLine(store::Database& db, const Agreement& a, const Virement& v) {
  const std::string account = chart::BudgetAccount(*a.FindLine(v.from_line));
  for (const AgreementPartner& p : a.partners) {
    if (internal::BalanceNow(db, Book::kBudget, account, p.code).sign() < 0) {
      throw BeforeCommitRefusal("line " + v.from_line + " no longer has " + v.amount.ToString() +
                                " of budget to give (it changed meanwhile); nothing was moved");
    }
  }
}

// The lines, amount and reason of a request.
Status CheckRequest(const Agreement& a, const std::string& from_line, const std::string& to_line,
                    const Money& amount, const std::string& reason) {
  if (!a.FindLine(from_line)) return NotFound("there is no budget line " + Q(from_line), "from_line");
  if (!a.FindLine(to_line)) return NotFound("there is no budget line " + Q(to_line), "to_line");
  if (from_line == to_line) {
    return InvalidArgument("a virement moves budget between two different lines", "to_line");
  }
  if (amount.sign() <= 0) return InvalidArgument("a virement must move more than zero", "amount");
  if (reason.empty())
    return InvalidArgument("say why the budget is moved: the register records it", "reason");
  return CheckText(reason, kReasonBytesMax, "reason");
}

// A new request's row: decided at once (within the threshold) or pending.
store::VirementRow RowOf(const Virement& v, bool within_threshold, std::optional<long long> entry_id) {
  store::VirementRow row;
  row.reference = v.reference;
  row.from_line = v.from_line;
  row.to_line = v.to_line;
  row.amount = v.amount;
  row.reason = v.reason;
  row.date = v.date;
  row.requested_by = v.requested_by;
  row.requested_at = v.requested_at;
  row.state = within_threshold ? "approved" : "pending";
  if (within_threshold) {
    row.decided_by = "within threshold";
    row.decided_at = v.requested_at;
  }
  row.entry_id = entry_id;
  return row;
}

}  // namespace

StatusOr<Virement> Fund::RequestVirement(const std::string& from_line, const std::string& to_line,
                                         const Money& amount, const Date& date, const std::string& reference,
                                         const std::string& reason, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(reference, kReferenceBytesMax, "reference"));
  POOLBOOK_RETURN_IF_ERROR(CheckRequest(agreement_, from_line, to_line, amount, reason));

  // The same reference again: the same request is a retry, another one a conflict.
  try {
    if (auto row = store::FindVirementByReference(journal_.db(), reference)) {
      Virement v = VirementFromRow(*row);
      if (v.from_line == from_line && v.to_line == to_line && v.amount == amount && v.date == date) {
        v.replayed = true;  // a retry
        return v;
      }
      return Aborted("virement " + reference + " was already requested, from " + v.from_line + " to " +
                         v.to_line + " for " + v.amount.ToString(),
                     "reference");
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "looking up virement " + Q(reference));
  }

  Virement v;
  v.reference = reference;
  v.from_line = from_line;
  v.to_line = to_line;
  v.amount = amount;
  v.date = date;
  v.reason = reason;
  v.requested_by = user;
  v.requested_at = store::UtcTimestamp(journal_.Now());
  const bool within_threshold = amount <= agreement_.virement_threshold;
  auto insert = [&](store::Database& db, std::optional<long long> entry_id) {
    v.id = store::InsertVirement(db, RowOf(v, within_threshold, entry_id));
  };
  if (!within_threshold) {
    // Recorded now, applied when the lead budget holder approves.
    try {
      store::WriteTransaction tx(journal_.db());
      insert(journal_.db(), std::nullopt);
      tx.Commit();
    } catch (const std::exception& e) {
      return store::FromDatabaseError(e, "recording the virement request");
    }
    return v;
  }
  auto entry = VirementEntry(*this, v);
  if (!entry.ok()) return entry.status();
  auto written = PostTogether({*entry}, user, [&](store::Database& db, const std::vector<Receipt>& r) {
    CheckGivingLine(db, agreement_, v);
    insert(db, r.at(0).id);
  });
  if (!written.ok()) return written.status();
  v.state = VirementState::kApproved;
  v.decided_by = "within threshold";
  v.decided_at = v.requested_at;
  v.entry_id = written->at(0).id;
  return v;
}

StatusOr<Virement> Fund::GetVirement(long long id) {
  try {
    auto row = store::FindVirement(journal_.db(), id);
    if (!row) return NotFound("there is no virement " + std::to_string(id), "id");
    return VirementFromRow(*row);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the virement");
  }
}

StatusOr<Virement> Fund::DecideVirement(long long id, bool approve, const std::string& approver,
                                        const std::string& approver_partner, const std::string& note) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(approver));
  POOLBOOK_RETURN_IF_ERROR(CheckText(note, kReasonBytesMax, "note"));
  auto found = GetVirement(id);
  if (!found.ok()) return found.status();
  Virement v = std::move(*found);
  if (v.state != VirementState::kPending) {
    return FailedPrecondition("virement " + std::to_string(id) + " was already " +
                              VirementStateName(v.state) + " by " + v.decided_by + " at " + v.decided_at);
  }
  if (approver_partner != agreement_.lead_budget_holder) {
    return FailedPrecondition("only the lead budget holder (" + agreement_.lead_budget_holder +
                                  ") can decide a virement above " + agreement_.virement_threshold.ToString(),
                              "approver");
  }
  if (approver == v.requested_by) {
    return FailedPrecondition("the officer who asked for a virement cannot decide it; another officer of " +
                                  agreement_.lead_budget_holder + " must",
                              "approver");
  }
  const std::string now = store::UtcTimestamp(journal_.Now());
  const std::string changed = "virement " + std::to_string(id) + " was decided by someone else meanwhile";
  auto decide = [&](store::Database& db, std::optional<long long> entry_id) {
    internal::RequireUnchanged(store::DecidePendingVirement(db, id, approve ? "approved" : "rejected",
                                                            approver, now, note, entry_id),
                               changed);
  };
  if (!approve) {
    try {
      store::WriteTransaction tx(journal_.db());
      decide(journal_.db(), std::nullopt);
      tx.Commit();
    } catch (const BeforeCommitRefusal& e) {
      return Aborted(e.what());
    } catch (const std::exception& e) {
      return store::FromDatabaseError(e, "recording the decision");
    }
    v.state = VirementState::kRejected;
  } else {
    auto entry = VirementEntry(*this, v);
    if (!entry.ok()) return entry.status();
    auto written = PostTogether({*entry}, approver, [&](store::Database& db, const std::vector<Receipt>& r) {
      decide(db, r.at(0).id);
      CheckGivingLine(db, agreement_, v);
    });
    if (!written.ok()) return written.status();
    v.state = VirementState::kApproved;
    v.entry_id = written->at(0).id;
  }
  v.decided_by = approver;
  v.decided_at = now;
  v.decision_note = note;
  return v;
}

}  // namespace poolbook::fund
