// Helpers shared by the fund's .cpp files; not part of its interface.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ledger/fund/agreement.h"
#include "ledger/journal.h"
#include "ledger/limits.h"
#include "ledger/status.h"
#include "ledger/store/database.h"
#include "ledger/store/fund_events_store.h"

namespace poolbook::fund {
class Fund;
struct RiskShareStatement;
}  // namespace poolbook::fund

namespace poolbook::fund::internal {

// The idempotency key of a fund entry: "fund:2025:" + what. A fund operation retried after a
// lost reply writes the same keys, so the journal recognises it instead of writing twice.
inline std::string Key(const Agreement& a, const std::string& what) {
  return "fund:" + std::to_string(a.year) + ":" + what;
}

// A memo cut to the journal's limit at a character boundary (the fund's own records keep the
// whole text).
inline std::string Memo(std::string text) {
  if (text.size() <= limits::kMemoBytesMax) return text;
  std::size_t n = limits::kMemoBytesMax;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // not inside a character
  text.resize(n);
  return text;
}

inline std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }

// An invoice, remittance or package reference: it becomes part of entry keys, so printable ASCII
// with no spaces, at most `bytes_max` bytes.
Status CheckReference(std::string_view text, std::size_t bytes_max, const std::string& what);

// Whether an entry with this key is already in the journal.
StatusOr<bool> EntryWithKey(store::Database& db, const std::string& key);

inline long DaysInclusive(const Date& a, const Date& b) {
  return b.DaysSinceEpoch() - a.DaysSinceEpoch() + 1;
}

// Exact quantities and funder splits as stored text: "75/2", {"ICB":"50","CNCL1":"50"}.
std::string RationalText(const Rational& r);
StatusOr<Rational> RationalFromText(const std::string& text);
std::string SplitText(const std::map<std::string, Rational>& split);
StatusOr<std::map<std::string, Rational>> SplitFromText(const std::string& text);

// Per partner (agreement order), what a package (kPackage) or PHB (kPhb) still has committed on
// its line's commitment account, as kept by InsertEvent. Throws on a database error.
std::vector<Money> CommittedByPartner(store::Database& db, const Agreement& agreement, store::RecordKind kind,
                                      const std::string& id);

// The same for every record of a kind at once: record id -> remaining per partner in agreement
// order; as at a past moment, summed from the postings of the events recorded by then
// (store/as_at.h). Throws on a database error.
std::map<std::string, std::vector<Money>> CommittedByPartnerForAll(store::Database& db,
                                                                   const Agreement& agreement,
                                                                   store::RecordKind kind,
                                                                   const store::AsAt& as_at = {});

// The same for what a package or PHB has paid (its payments' spend, net of corrections), as kept
// by InsertEvent. Throw on a database error.
std::vector<Money> PaidByPartner(store::Database& db, const Agreement& agreement, store::RecordKind kind,
                                 const std::string& id);
std::map<std::string, std::vector<Money>> PaidByPartnerForAll(store::Database& db, const Agreement& agreement,
                                                              store::RecordKind kind,
                                                              const store::AsAt& as_at = {});

// Sets a package's or PHB's paid_by_partner (agreement order) and paid, its sum.
template <class Record>
void SetPaid(Record& r, const Agreement& agreement, std::vector<Money> by_partner) {
  by_partner.resize(agreement.partners.size());
  r.paid_by_partner = std::move(by_partner);
  r.paid = Money();
  for (const Money& m : r.paid_by_partner) r.paid += m;
}

// The parts of `amount` paid on (or, negative, credited to) a record that has paid `paid` so far,
// `paid_by_partner` in agreement order: each partner's part is its share of the record's new
// running total, apportioned exactly by `weights`, less what it has paid already. So each
// partner's running total stays within 1p of its exact share, and the odd penny of one payment
// goes to whoever is short of their share, not always to the first partner. Leaves out zero parts;
// with three partners or more a part can be a penny below zero. Updates both running totals.
StatusOr<std::vector<std::pair<std::string, Money>>> RunningShares(const Agreement& agreement,
                                                                   const std::vector<Rational>& weights,
                                                                   std::vector<Money>& paid_by_partner,
                                                                   Money& paid, const Money& amount);

// The commitment-book entry committing a package's or PHB's cost on `line` for `person`, split
// into `parts` (partner, amount).
Entry CommitEntry(const std::string& key, const Date& date, const std::string& memo, const Line& line,
                  const std::string& person, const std::vector<std::pair<std::string, Money>>& parts);

// A commitment-book entry releasing `amount` of what a package or PHB has committed on `line`
// for `person`, split by what each partner still has committed (so none goes below zero);
// `remaining_by_partner` and `remaining` are reduced by it.
StatusOr<Entry> ReleaseEntry(Fund& fund, const std::string& line, const std::string& person,
                             std::vector<Money>& remaining_by_partner, Money& remaining, const Money& amount,
                             const std::string& key, const Date& date, const std::string& memo);

// Inside a write transaction: the maintained balance of exactly `account` for `partner` in
// `book` (zero when there is none). Throws on a database error.
Money BalanceNow(store::Database& db, Book book, const std::string& account, const std::string& partner);

// For before_commit hooks: throws BeforeCommitRefusal(`changed`) unless `changed_one` (a store
// update found the record still in the state the caller read).
void RequireUnchanged(bool changed_one, const std::string& changed);

// Appends an event (the next seq) to a package's or PHB's history; with an entry or a release
// entry, adds their postings on the record's commitment account to what the record still has
// committed. Inside the write that posted them (the record's row must exist). Throws on a
// database error.
void InsertEvent(store::Database& db, store::RecordKind record, const std::string& id,
                 const std::string& kind, std::optional<long long> entry_id,
                 std::optional<long long> release_id, const Money& amount, const std::string& reference,
                 const Date& date, const std::string& now, const std::string& user);
// The same for any event, corrections included (their `corrects` and `note`); with an entry of a
// payment or correction, also adds its spend postings to what the record has paid.
void InsertEvent(store::Database& db, store::RecordKind record, const std::string& id,
                 const store::NewRecordEvent& event);

// A risk-share statement as kept when signed off (JSON text), and read back: every figure, so a
// signed-off statement reads the same for ever (risk_share_record.cpp).
std::string StatementText(const RiskShareStatement& st);
StatusOr<RiskShareStatement> StatementFromText(const std::string& text, int year);

// Set-up and the next year: partners and chart accounts (already there is fine), the original
// budget entries of `agreement`, and its row in fund_agreement (inside a write).
Status OpenPartnersAndAccounts(Journal& journal, const Agreement& agreement);
StatusOr<std::vector<Entry>> OriginalBudget(const Fund& fund, const Agreement& agreement);
void InsertAgreement(store::Database& db, const Agreement& agreement, const std::string& now,
                     const std::string& user);

}  // namespace poolbook::fund::internal
