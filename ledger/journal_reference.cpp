// The journal's reference data: partners, accounts and closed periods. Each change is one write
// transaction that also bumps meta.ref_version, so every writer reloads its cached copy.
#include "ledger/journal.h"
#include "ledger/limits.h"

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
    db_->sql() << "INSERT INTO partners (id, code, name, created_at) VALUES (:i, :c, :n, :t)", soci::use(id),
        soci::use(code), soci::use(name), soci::use(now);
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
    long long book = 0, account = 0, balance = 0;
    const long long partner_id = it->second.id;
    soci::statement st =
        (db_->sql().prepare << "SELECT book, account_id, balance FROM balances"
                               " WHERE partner_id = :p AND balance <> 0 ORDER BY book, account_id",
         soci::into(book), soci::into(account), soci::into(balance), soci::use(partner_id));
    st.execute(true);
    if (st.got_data()) {
      return FailedPrecondition("partner " + code + " still has a balance of " +
                                Money::FromPence(balance).ToString() + " on " + ref_.account_names[account] +
                                " in the " + BookName(*BookFromNumber(book)) +
                                " book; settle it before closing the partner");
    }
    std::string now = store::UtcTimestamp(clock_());
    db_->sql() << "UPDATE partners SET closed_at = :t WHERE code = :c", soci::use(now), soci::use(code);
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
      db_->sql() << "UPDATE accounts SET closed_at = NULL WHERE name = :n", soci::use(name);
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
    long long book = 0, partner = 0, balance = 0;
    const long long account_id = it->second.id;
    soci::statement st =
        (db_->sql().prepare << "SELECT book, partner_id, balance FROM balances"
                               " WHERE account_id = :a AND balance <> 0 ORDER BY book, partner_id",
         soci::into(book), soci::into(partner), soci::into(balance), soci::use(account_id));
    st.execute(true);
    if (st.got_data()) {
      return FailedPrecondition("account " + name + " still has a balance of " +
                                Money::FromPence(balance).ToString() + " for partner " +
                                ref_.partner_codes[partner] + " in the " + BookName(*BookFromNumber(book)) +
                                " book; move it to another account before closing this one");
    }
    std::string now = store::UtcTimestamp(clock_());
    db_->sql() << "UPDATE accounts SET closed_at = :t WHERE name = :n", soci::use(now), soci::use(name);
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
                                ref_.closed_through->ToString() + ")");
    }
    const Date today = Today();
    if (through.LastDay() >= today) {
      return FailedPrecondition("period " + through.ToString() + " has not ended yet (its last day is " +
                                through.LastDay().ToString() + "); close it after that day");
    }
    PeriodCloseResult result{
        ref_.closed_through ? std::optional<Period>(ref_.closed_through->Next()) : std::nullopt, through};
    std::string period = through.ToString(), now = store::UtcTimestamp(clock_());
    db_->sql() << "INSERT INTO period_closes (through_period, closed_at, closed_by) VALUES (:p, :t, :u)",
        soci::use(period), soci::use(now), soci::use(user);
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
