// The journal's reference data: partners, accounts and closed periods. Each change is one write
// transaction that also bumps meta.ref_version, so every writer reloads its cached copy.
#include "ledger/journal.h"
#include "ledger/limits.h"
#include "ledger/store/reference_store.h"

namespace poolbook {
namespace {

std::string Q(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

// ---- Reference data ---------------------------------------------------------------------------

Status Journal::AddPartner(const std::string& code, const std::string& name) {
  POOLBOOK_RETURN_IF_ERROR(CheckPartnerCode(code));
  if (name.empty()) return InvalidArgument("partner " + code + " needs a name", "name");
  POOLBOOK_RETURN_IF_ERROR(CheckText(name, limits::kPartnerNameBytesMax, "partner name"));
  try {
    store::WriteTransaction tx(*db_);
    RefreshReference();
    if (auto it = ref_.partners.find(code); it != ref_.partners.end()) {
      return AlreadyExists("partner " + code + " already exists (" + it->second.name + ")", "code");
    }
    std::string now = store::UtcTimestamp(clock_());
    const long long id = ref_.last_partner_id + 1;
    store::InsertPartner(*db_, id, code, name, now);
    store::BumpRefVersion(*db_);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "adding partner " + code);
  }
  return Status::Ok();
}

Status Journal::ClosePartner(const std::string& code) {
  try {
    store::WriteTransaction tx(*db_);
    RefreshReference();
    auto it = ref_.partners.find(code);
    if (it == ref_.partners.end()) return NotFound("there is no partner " + Q(code), "code");
    if (it->second.closed_at) return FailedPrecondition("partner " + code + " is already closed", "code");
    if (auto open = store::FirstOpenBalanceOfPartner(*db_, it->second.id)) {
      return FailedPrecondition("partner " + code + " still has a balance of " +
                                Money::FromPence(static_cast<std::int64_t>(open->balance)).ToString() +
                                " on " + ref_.account_names[open->other] + " in the " +
                                BookName(*BookFromNumber(open->book)) +
                                " book; settle it before closing the partner");
    }
    store::ClosePartnerRow(*db_, code, store::UtcTimestamp(clock_()));
    store::BumpRefVersion(*db_);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "closing partner " + code);
  }
  return Status::Ok();
}

Status Journal::OpenAccount(const std::string& name, AccountType type) {
  POOLBOOK_RETURN_IF_ERROR(CheckAccountName(name));
  try {
    store::WriteTransaction tx(*db_);
    RefreshReference();
    std::string now = store::UtcTimestamp(clock_());
    if (auto it = ref_.accounts.find(name); it != ref_.accounts.end()) {
      if (it->second.type != type) {
        return AlreadyExists("account " + name + " already exists as an " + AccountTypeName(it->second.type) +
                             " account");
      }
      if (!it->second.closed_at) return AlreadyExists("account " + name + " is already open");
      store::SetAccountClosedAt(*db_, name, std::nullopt);
    } else {
      store::InsertAccounts(*db_, {ref_.last_account_id + 1}, {name}, {type}, now);
    }
    store::BumpRefVersion(*db_);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "opening account " + name);
  }
  return Status::Ok();
}

Status Journal::CloseAccount(const std::string& name) {
  try {
    store::WriteTransaction tx(*db_);
    RefreshReference();
    auto it = ref_.accounts.find(name);
    if (it == ref_.accounts.end()) return NotFound("there is no account " + Q(name));
    if (it->second.closed_at) return FailedPrecondition("account " + name + " is already closed");
    if (auto open = store::FirstOpenBalanceOfAccount(*db_, it->second.id)) {
      return FailedPrecondition("account " + name + " still has a balance of " +
                                Money::FromPence(static_cast<std::int64_t>(open->balance)).ToString() +
                                " for partner " + ref_.partner_codes[open->other] + " in the " +
                                BookName(*BookFromNumber(open->book)) +
                                " book; move it to another account before closing this one");
    }
    store::SetAccountClosedAt(*db_, name, store::UtcTimestamp(clock_()));
    store::BumpRefVersion(*db_);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "closing account " + name);
  }
  return Status::Ok();
}

StatusOr<PeriodCloseResult> Journal::ClosePeriod(const Period& through, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  try {
    store::WriteTransaction tx(*db_);
    RefreshReference();
    if (ref_.closed_through && through <= *ref_.closed_through) {
      return FailedPrecondition("period " + through.ToString() +
                                " is already closed (the books are closed through " +
                                ref_.closed_through->ToString() + ")")
          .With(Reason::kPeriodAlreadyClosed);
    }
    const Date today = Today();
    if (through.LastDay() >= today) {
      return FailedPrecondition("period " + through.ToString() + " has not ended yet (its last day is " +
                                through.LastDay().ToString() + "); close it after that day");
    }
    PeriodCloseResult result{
        ref_.closed_through ? std::optional<Period>(ref_.closed_through->Next()) : std::nullopt, through};
    std::string period = through.ToString(), now = store::UtcTimestamp(clock_());
    store::InsertPeriodClose(*db_, period, now, user);
    store::BumpRefVersion(*db_);
    tx.Commit();
    return result;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "closing period " + through.ToString());
  }
}

std::optional<Period> Journal::ClosedThrough() {
  try {
    RefreshReference();
  } catch (...) {
  }
  return ref_.closed_through;
}

Period Journal::CurrentOpenPeriod(const Period& fallback) {
  auto closed = ClosedThrough();
  if (!closed) return fallback;
  return closed->Next();
}

Date Journal::Today() const {
  const auto days = std::chrono::floor<std::chrono::days>(clock_().time_since_epoch()).count();
  return Date::FromDaysSinceEpoch(static_cast<long>(days));
}

}  // namespace poolbook
