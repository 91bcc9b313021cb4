// Recovery of PHB money: only on the grounds the Regulations give, after a decision the person
// may ask to have reconsidered by the lead budget holder; collected (money back into the pool)
// only when decided and not under reconsideration, and never more than was paid.
#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_recoveries_store.h"

namespace poolbook::fund {

using internal::Q;
using store::RecordKind::kPhb;

namespace {

const char* const kGroundNames[] = {"care_plan_changed", "circumstances_changed", "unspent_build_up",
                                    "used_outside_plan", "fraud_or_theft",        "death"};
const char* const kRecoveryStateNames[] = {"decided", "reconsidering", "withdrawn", "collected"};

StatusOr<Recovery> RecoveryFromRow(const store::RecoveryRow& r) {
  Recovery v;
  v.id = r.id;
  v.phb_id = r.phb_id;
  v.amount = r.amount;
  auto ground = ParseRecoveryGround(r.ground);
  if (!ground.ok())
    return Internal("recovery " + std::to_string(r.id) + " has a stored ground that does not read");
  v.ground = *ground;
  v.detail = r.detail;
  for (int i = 0; i < 4; ++i) {
    if (r.state == kRecoveryStateNames[i]) v.state = static_cast<RecoveryState>(i);
  }
  v.decided_by = r.decided_by;
  v.decided_at = r.decided_at;
  v.reconsideration = r.reconsideration;
  v.entry_id = r.entry_id;
  v.reference = r.reference;
  return v;
}

}  // namespace

const char* RecoveryGroundName(RecoveryGround g) { return kGroundNames[static_cast<int>(g)]; }
StatusOr<RecoveryGround> ParseRecoveryGround(std::string_view text) {
  for (int i = 0; i < 6; ++i) {
    if (text == kGroundNames[i]) return static_cast<RecoveryGround>(i);
  }
  return InvalidArgument(
      "ground " + Q(text) +
          " is not one of the Regulations' grounds: care_plan_changed, circumstances_changed,"
          " unspent_build_up, used_outside_plan, fraud_or_theft, death",
      "ground");
}
const char* RecoveryStateName(RecoveryState s) { return kRecoveryStateNames[static_cast<int>(s)]; }

StatusOr<std::vector<Recovery>> Fund::Recoveries(const std::string& phb_id) {
  std::vector<Recovery> out;
  try {
    for (const store::RecoveryRow& r : store::Recoveries(journal_.db(), phb_id)) {
      auto v = RecoveryFromRow(r);
      if (!v.ok()) return v.status();
      out.push_back(std::move(*v));
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading recoveries");
  }
  return out;
}

namespace {

StatusOr<Recovery> LoadRecovery(Journal& journal, long long id) {
  try {
    auto row = store::FindRecovery(journal.db(), id);
    if (!row) return NotFound("there is no recovery " + std::to_string(id), "recovery");
    return RecoveryFromRow(*row);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading recovery " + std::to_string(id));
  }
}

}  // namespace

StatusOr<Recovery> Fund::DecideRecovery(const std::string& phb_id, const Money& amount, RecoveryGround ground,
                                        const std::string& reference, const std::string& detail,
                                        const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(reference, kReferenceBytesMax, "reference"));
  if (detail.empty()) return InvalidArgument("explain the decision: the person is told why", "detail");
  POOLBOOK_RETURN_IF_ERROR(CheckText(detail, kReasonBytesMax, "detail"));
  auto all = Recoveries("");
  if (!all.ok()) return all.status();
  for (const Recovery& r : *all) {
    if (r.reference != reference) continue;
    if (r.phb_id == phb_id && r.ground == ground && r.detail == detail) {  // a retry
      Recovery again = r;
      again.replayed = true;
      return again;
    }
    return Aborted(
        "recovery " + reference + " was already decided, on " + r.phb_id + " for " + r.amount.ToString(),
        "reference");
  }
  auto phb = GetPhb(phb_id);
  if (!phb.ok()) return phb.status();
  if (phb->spec.mode == PhbMode::kNotional) {
    return FailedPrecondition(
        "a notional budget is held by the fund; there is no money to recover from " + phb_id, "phb");
  }
  if (amount.sign() <= 0) return InvalidArgument("the amount to recover must be more than zero", "amount");
  Money claimed;  // decided, under reconsideration or collected: everything not withdrawn
  for (const Recovery& r : *all) {
    if (r.phb_id == phb_id && r.state != RecoveryState::kWithdrawn) claimed += r.amount;
  }
  const std::string too_much = "only " + (phb->paid - claimed).ToString() + " has been paid on " + phb_id +
                               " and not yet recovered or claimed by another recovery; " + amount.ToString() +
                               " is more than that";
  if (amount > phb->paid - claimed) return FailedPrecondition(too_much, "amount");
  Recovery v;
  v.reference = reference;
  v.phb_id = phb_id;
  v.amount = amount;
  v.ground = ground;
  v.detail = detail;
  v.decided_by = user;
  v.decided_at = store::UtcTimestamp(journal_.Now());
  try {
    store::WriteTransaction tx(journal_.db());
    store::RecoveryRow row;
    row.reference = reference;
    row.phb_id = phb_id;
    row.amount = amount;
    row.ground = RecoveryGroundName(ground);
    row.detail = detail;
    row.decided_by = user;
    row.decided_at = v.decided_at;
    v.id = store::InsertRecovery(journal_.db(), row);
    // Checked again under the write lock: all claims together never exceed what was paid.
    const store::PaidAndClaimed sums = store::PhbPaidAndClaimed(journal_.db(), phb_id);
    if (sums.claimed > sums.paid) {
      return FailedPrecondition(too_much + " (another recovery was decided meanwhile)", "amount");
    }
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "recording the recovery decision");
  }
  return v;
}

StatusOr<Recovery> Fund::RequestReconsideration(long long recovery_id, const std::string& reason,
                                                const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  if (reason.empty()) return InvalidArgument("say why the person asks for reconsideration", "reason");
  POOLBOOK_RETURN_IF_ERROR(CheckText(reason, kReasonBytesMax, "reason"));
  auto v = LoadRecovery(journal_, recovery_id);
  if (!v.ok()) return v.status();
  if (v->state != RecoveryState::kDecided) {
    return FailedPrecondition("recovery " + std::to_string(recovery_id) + " is " +
                              RecoveryStateName(v->state) + "; only a decided recovery can be reconsidered");
  }
  try {
    store::WriteTransaction tx(journal_.db());
    internal::RequireUnchanged(
        store::AskReconsideration(journal_.db(), recovery_id, reason),
        "recovery " + std::to_string(recovery_id) + " was changed by someone else meanwhile");
    tx.Commit();
  } catch (const BeforeCommitRefusal& e) {
    return Aborted(e.what());
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "recording the reconsideration request");
  }
  return LoadRecovery(journal_, recovery_id);
}

StatusOr<Recovery> Fund::Reconsider(long long recovery_id, ReconsiderOutcome outcome, const Money& amount,
                                    const std::string& approver, const std::string& approver_partner,
                                    const std::string& note) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(approver));
  POOLBOOK_RETURN_IF_ERROR(CheckText(note, kReasonBytesMax, "note"));
  auto v = LoadRecovery(journal_, recovery_id);
  if (!v.ok()) return v.status();
  if (v->state != RecoveryState::kReconsidering) {
    return FailedPrecondition("recovery " + std::to_string(recovery_id) + " is " +
                              RecoveryStateName(v->state) + "; nobody has asked for it to be reconsidered");
  }
  if (approver_partner != agreement_.lead_budget_holder) {
    return FailedPrecondition(
        "only the lead budget holder (" + agreement_.lead_budget_holder + ") can reconsider a recovery",
        "approver");
  }
  if (approver == v->decided_by) {
    return FailedPrecondition("a reconsideration is made by someone other than who decided the recovery",
                              "approver");
  }
  Money new_amount = v->amount;
  if (outcome == ReconsiderOutcome::kVary) {
    if (amount.sign() <= 0 || amount >= v->amount) {
      return InvalidArgument("a varied recovery must be more than zero and less than " + v->amount.ToString(),
                             "amount");
    }
    new_amount = amount;
  }
  const std::string state = outcome == ReconsiderOutcome::kWithdraw ? "withdrawn" : "decided";
  const char* verb = outcome == ReconsiderOutcome::kUphold ? "upheld"
                     : outcome == ReconsiderOutcome::kVary ? "varied"
                                                           : "withdrawn";
  const std::string record = v->reconsideration + " | " + verb + " by " + approver + " at " +
                             store::UtcTimestamp(journal_.Now()) + (note.empty() ? "" : ": " + note);
  try {
    store::WriteTransaction tx(journal_.db());
    internal::RequireUnchanged(
        store::SetReconsidered(journal_.db(), recovery_id, state, new_amount, record),
        "recovery " + std::to_string(recovery_id) + " was changed by someone else meanwhile");
    tx.Commit();
  } catch (const BeforeCommitRefusal& e) {
    return Aborted(e.what());
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "recording the reconsideration");
  }
  return LoadRecovery(journal_, recovery_id);
}

StatusOr<Receipt> Fund::CollectRecovery(long long recovery_id, const Date& date, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  auto v = LoadRecovery(journal_, recovery_id);
  if (!v.ok()) return v.status();
  if (v->state == RecoveryState::kReconsidering) {
    return FailedPrecondition(
        "recovery " + std::to_string(recovery_id) +
        " is being reconsidered; it can be collected once the reconsideration is decided");
  }
  if (v->state == RecoveryState::kWithdrawn) {
    return FailedPrecondition("recovery " + std::to_string(recovery_id) +
                              " was withdrawn on reconsideration");
  }
  const std::string key = internal::Key(agreement_, "phb:recovery:" + std::to_string(recovery_id));
  if (v->state == RecoveryState::kCollected) {
    auto stored = journal_.GetEntry(*v->entry_id);
    if (!stored.ok()) return stored.status();
    return Receipt{*v->entry_id, stored->hash, true};
  }
  auto phb = GetPhb(v->phb_id);
  if (!phb.ok()) return phb.status();
  const Line& line = *agreement_.FindLine(phb->spec.line);
  auto parts = Attribute(v->amount, Weights(phb->spec.split));
  if (!parts.ok()) return parts.status();
  Entry e;
  e.key = key;
  e.book = Book::kActual;
  e.date = date;
  e.memo = internal::Memo("Recovery " + std::to_string(recovery_id) + " from personal health budget " +
                          v->phb_id + " (" + RecoveryGroundName(v->ground) + ")");
  for (const auto& [partner, part] : *parts) {
    e.postings.push_back({chart::kPoolCash, partner, "", "", part});
    e.postings.push_back({chart::SpendAccount(line), partner, phb->spec.person, line.code, -part});
  }
  const std::string now = store::UtcTimestamp(journal_.Now());
  auto written = PostTogether({e}, user, [&](store::Database& db, const std::vector<Receipt>& r) {
    const long long entry_id = r.at(0).id;
    // Only a recovery still decided, for the amount read, is collected.
    internal::RequireUnchanged(
        store::MarkCollected(db, recovery_id, entry_id, v->amount),
        "recovery " + std::to_string(recovery_id) +
            " was changed meanwhile (reconsidered or withdrawn); nothing was collected");
    internal::InsertEvent(db, kPhb, v->phb_id, "recovered", entry_id, std::nullopt, v->amount,
                          "recovery-" + std::to_string(recovery_id), date, now, user);
    // Never more recovered than paid.
    const store::PaidAndRecovered sums = store::PhbPaidAndRecovered(db, v->phb_id);
    if (sums.recovered > sums.paid) {
      throw BeforeCommitRefusal("recovering " + v->amount.ToString() + " would recover more from " +
                                v->phb_id + " than was paid on it");
    }
  });
  if (!written.ok()) return written.status();
  return written->at(0);
}

}  // namespace poolbook::fund
