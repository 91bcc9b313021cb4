// The pooled fund: every operation of docs/design.md §3 as a function that writes ordinary, balanced
// entries into the journal (nothing here bypasses it), together with the fund's own records
// (the agreement, packages, virements) in the same transaction.
//
// Where each rule lives:
//   fund.cpp           set-up (partners, chart, original budget), loading, each partner's position
//   contributions.cpp  instalments due and received; the contributions statement
//   virements.cpp      moving budget between lines; the lead budget holder's approval; the register
//   packages.cpp       commissioning care, amending and ending packages
//   payments.cpp       payment runs: invoices on packages, payments on PHBs
//   phb.cpp            personal health budgets, balances held, surplus
//   recoveries.cpp     recovering PHB money: decision, reconsideration, collection
//   crisis.cpp         crisis approval and the overdue list
//   transitions.cpp    dual-running overlap and its cost
//   forecast.cpp       forecast outturn per line
//   risk_share.cpp     the year-end risk share and settlement
//   risk_share_record.cpp  sign-offs kept whole, read by year; undoing a sign-off
//   corrections.cpp    voids, credit notes, cancelled crises, reversed receipts, undone virements
//   next_year.cpp      closing the year and starting the next, with what partners bring forward
//   people.cpp         registering people by pseudonym
//   fund_internal.cpp  what the operations share: stored quantities, commitments and releases
// Their records are read and written through ledger/store/ (fund_*_store.h, people_store.h).
//
// Attribution: money spent from the pool is split across partners by the package's funder split,
// or else by the partners' agreed contributions, with exact apportionment (ledger/apportion.h).
// So for every partner: contributions received - attributed spend = its pool:cash balance.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/fund/agreement.h"
#include "ledger/journal.h"
#include "ledger/limits.h"

namespace poolbook::fund {

inline constexpr std::size_t kReferenceBytesMax = 48;  // invoice and remittance references
inline constexpr std::size_t kReasonBytesMax = 500;    // why a virement, why a package ended early
inline constexpr std::size_t kProviderBytesMax = 200;
inline constexpr std::size_t kPackageIdBytesMax = 32;
// References and ids become part of entry keys; the longest key a fund operation makes,
// "fund:YYYY:package:<id>:invoice:<reference>:void:recommit", must fit the journal's key limit.
static_assert(std::char_traits<char>::length("fund:2025:package::invoice::void:recommit") +
                      kPackageIdBytesMax + kReferenceBytesMax <=
                  limits::kKeyBytesMax,
              "a fund entry key could pass the journal's key limit");
static_assert(std::char_traits<char>::length("fund:2025:contribution::received::reversed") +
                      limits::kPartnerCodeBytesMax + kReferenceBytesMax <=
                  limits::kKeyBytesMax,
              "a contribution key could pass the journal's key limit");
// Payments in one payment run: each writes up to two entries, all in one transaction.
inline constexpr std::size_t kInvoicesPerRunMax = 10'000;

// One partner's money, to the penny.
struct PartnerPosition {
  std::string partner;
  Money received;         // contributions received into the pool
  Money spent;            // spend attributed to the partner (all spend:* accounts, net of recoveries)
  Money settled;          // its year-end risk-share settlement (fund:risk-share): what it bore for others
  Money brought_forward;  // what it carried into this year from the years before (fund:reserves)
  Money pool;             // its pool:cash balance: always brought_forward + received - spent - settled
};

// Forecast outturn of one budget line (forecast.cpp).
struct LineForecast {
  std::string line;
  Category category = Category::kOther;
  Money original, virements, revised;  // revised = original + virements
  Money actual;                        // spend to date
  Money accruals;                      // care delivered up to the as-at day and not yet invoiced or paid
  Money commitments;                   // the rest of what is committed: care still to come
  Money forecast;                      // actual + accruals + commitments
  Money variance;                      // revised - forecast: positive is an underspend
  std::string variance_percent;        // variance / revised, one decimal ("-2.5"); empty when revised is 0
  Money future_years;                  // care bought for days after the year end: not in the forecast
};

// Care bought for days after a financial year's end (committed to later years, not to this one),
// for one person on one line, the part one partner funds (Fund::LaterYears).
struct LaterYearCost {
  std::string person, line, partner;
  Money amount;
};

// The year-end risk share (risk_share.cpp).
struct RiskShareLine {
  std::string partner;
  Rational weight;       // its contribution (proportional) or percentage (fixed)
  std::string percent;   // weight as a percentage of all weights, two decimals
  Money budget;          // its share of the revised budget (budget book)
  Money spent;           // spend attributed to it
  Money share_uncapped;  // its share of the variance before any cap
  std::optional<Money> cap;
  Money share;            // its share of the variance after caps
  Money settlement;       // what it pays (+) or receives (-) so that it bears budget - share
  Money brought_forward;  // what it brought into the year
  Money received;         // contributions it paid into the pool
  // What it has left in the pool once settled: brought_forward + received - (budget - share).
  // This is what it carries into the next year.
  Money carried_forward;
};

struct RiskShareStatement {
  int year = 0;
  std::string rule;      // "proportional" or "fixed"
  Money budget, actual;  // the fund's revised budget and actual spend
  Money variance;        // budget - actual: positive an underspend, negative an overspend
  Money capped;          // the part of an overspend moved between partners by caps
  std::vector<RiskShareLine> partners;
  std::vector<std::string> derivation;  // how every figure was worked out, in words
  bool settled = false;                 // signed off (else a preview, worked out now)
  std::optional<long long> entry_id;    // the settlement entry, once posted (none when nothing moved)
  std::string signed_off_by, signed_off_at;
};

// One sign-off of a year's risk share, exactly as signed off, and its undo if it was undone.
struct SignOff {
  int year = 0;
  int seq = 0;  // 1 for the year's first sign-off; more after an undo
  RiskShareStatement statement;
  bool undone = false;
  std::optional<long long> undo_entry_id;
  std::string undone_by, undone_at, undo_reason;
};

struct ContributionLine {
  std::string partner;
  Money agreed;       // in the agreement
  Money varied;       // agreed plus every variation since
  Money due;          // raised so far: instalments and variations
  Money received;     // received into the pool
  Money outstanding;  // due - received (negative: the fund owes the partner a refund)
};

// A change to a partner's agreed contribution during the year.
struct ContributionVariation {
  std::string partner;
  int seq = 0;
  std::string reference;  // the variation's own reference, e.g. "VAR-2025-01": unique per partner
  Money amount;           // + more, - less
  Date due;
  std::string reason, recorded_by, recorded_at;
  long long entry_id = 0;
  bool replayed = false;  // this call found it already there (a retry); never stored
};

enum class VirementState { kPending, kApproved, kRejected, kUndone };
const char* VirementStateName(VirementState s);

struct Virement {
  long long id = 0;
  std::string reference;  // the requester's reference, unique in the fund: a retry is recognised by it
  std::string from_line, to_line;
  Money amount;
  std::string reason;
  Date date;
  std::string requested_by, requested_at;
  VirementState state = VirementState::kPending;
  std::string decided_by, decided_at, decision_note;
  std::optional<long long> entry_id;  // the budget-book entry, once applied
  // Undone (UndoVirement): the entry reversing it, and who, when and why.
  std::optional<long long> undo_entry_id;
  std::string undone_by, undone_at, undo_reason;
  bool replayed = false;  // this call found it already there (a retry); never stored
};

enum class Unit { kHour, kDay, kWeek, kNight };
const char* UnitName(Unit u);
StatusOr<Unit> ParseUnit(std::string_view text);

// The end of an open-ended package: it runs until it is ended (EndPackage).
inline constexpr Date kNoEnd{9999, 12, 31};

struct PackageSpec {
  std::string id;        // chosen by the commissioner, e.g. "PK-000123"
  std::string person;    // pseudonym
  std::string provider;  // the provider's name
  std::string line;      // a budget line of category package, transition or crisis
  Money rate;            // per unit
  Unit unit = Unit::kHour;
  Rational units_per_week;  // e.g. 37.5 hours, 7 nights
  Date start, end;          // inclusive; end is kNoEnd for an open-ended package
  // When the package is reviewed; required for an open-ended package, which commits one financial
  // year at a time until it is ended.
  std::optional<Date> review;
  bool OpenEnded() const { return end == kNoEnd; }
  // Partner -> weight (e.g. a section 117 split {"ICB": 50, "CNCL1": 50}); empty: the partners'
  // agreed contributions.
  std::map<std::string, Rational> split;
};

// A change of a package's rate or units from a day (AmendPackage): it applies from `from` until
// the next change.
struct TermChange {
  Date from;
  Money rate;
  Rational units_per_week;
  Money change;  // what it committed (+) or released (-)
  std::string reason;
};

struct Package {
  PackageSpec spec;                         // as commissioned (the end as it now stands)
  std::vector<TermChange> amendments;       // in order
  Money committed;                          // what commissioning committed: its first year's cost
  Money paid;                               // invoices paid, net of voided invoices and credit notes
  std::vector<Money> paid_by_partner;       // the same, per partner in agreement order
  Money remaining;                          // commitment not yet released
  std::vector<Money> remaining_by_partner;  // the same, per partner in agreement order
  // The cost of the days after the fund's current financial year: a future-year commitment, not
  // in the commitment book until its year starts (StartNextYear brings it in).
  Money future_years;
  bool ended = false;           // ended early (or shortened) at least once
  bool cancelled = false;       // a crisis commitment cancelled (CancelCrisis)
  Date commissioned;            // the commitment's effective date
  bool crisis = false;          // commissioned as crisis support: the lead budget holder approves it
  bool needs_approval = false;  // a crisis package the lead budget holder has not yet approved
  std::string approved_by, approved_at;
  bool replayed = false;  // this call found it already there (a retry); never stored
};

// A crisis package still waiting for the lead budget holder.
struct CrisisFlag {
  std::string package_id, person, line, provider;
  Date commissioned;
  long days_waiting = 0;
  bool overdue = false;  // waiting longer than the agreement's crisis_approval_days
  Money committed;
};

// Personal health budgets.
enum class PhbMode { kNotional, kThirdParty, kDirectPayment };
const char* PhbModeName(PhbMode m);  // notional, third_party, direct_payment
StatusOr<PhbMode> ParsePhbMode(std::string_view text);

// The grounds on which PHB money may be recovered (the NHS (Direct Payments) Regulations 2013).
enum class RecoveryGround {
  kCarePlanChanged,       // the care plan changed and the money is no longer needed
  kCircumstancesChanged,  // the person's circumstances changed
  kUnspentBuildUp,        // money has built up unspent (a surplus)
  kUsedOutsidePlan,       // money was used other than as the care plan agreed
  kFraudOrTheft,          // money was lost to fraud or theft
  kDeath,                 // the person has died
};
const char* RecoveryGroundName(RecoveryGround g);
StatusOr<RecoveryGround> ParseRecoveryGround(std::string_view text);

struct PhbSpec {
  std::string id;
  std::string person;
  std::string line;  // a phb line
  PhbMode mode = PhbMode::kNotional;
  Money indicative;  // the indicative budget first offered
  Money agreed;      // the budget agreed in the care plan, for start..end
  Date start, end, review;
  std::map<std::string, Rational> split;  // empty: the contribution shares
};

struct Phb {
  PhbSpec spec;
  Money committed, paid, remaining;  // paid: net of voided payments
  std::vector<Money> remaining_by_partner, paid_by_partner;
  Money future_years;  // the part of the agreed budget for days after the current financial year
  // Direct payments and third-party budgets: the balance the holder last reported, less what was
  // recovered since. Always zero for a notional budget (the fund holds the money).
  Money held;
  std::optional<Date> held_reported;
  Money recovered;  // recoveries collected
  // Held above phb_surplus_weeks of budget: weekly budget = agreed x 7 / days of the plan.
  Money surplus;
  Rational weeks_held;    // held / weekly budget
  bool replayed = false;  // this call found it already there (a retry); never stored
};

enum class RecoveryState { kDecided, kReconsidering, kWithdrawn, kCollected };
const char* RecoveryStateName(RecoveryState s);

struct Recovery {
  long long id = 0;
  std::string reference;  // the deciding officer's reference, unique in the fund: a retry is recognised by it
  std::string phb_id;
  Money amount;
  RecoveryGround ground = RecoveryGround::kUnspentBuildUp;
  std::string detail;
  RecoveryState state = RecoveryState::kDecided;
  std::string decided_by, decided_at, reconsideration;
  std::optional<long long> entry_id;  // the actual-book entry that collected it
  bool replayed = false;              // this call found it already there (a retry); never stored
};

enum class ReconsiderOutcome { kUphold, kVary, kWithdraw };

// Dual-running: while someone leaves hospital, an inpatient placement and a community package
// run at once. Both are packages; a transition links them.
struct TransitionSpec {
  std::string id;
  std::string person;
  std::string inpatient_package;  // on a transition line
  std::string community_package;  // on a package or transition line
  Date planned_end;               // the last day both are planned to run
};

struct Transition {
  TransitionSpec spec;
  std::string inpatient_provider;
  Date community_start;
  long overlap_days = 0;  // days both packages run (0 if they do not overlap)
  std::optional<Date> overlap_start, overlap_end;
  // The dual-running cost: what the community package costs over the overlap days, the cost on
  // top of the hospital placement. Split like the community package.
  Money overlap_cost;
  std::vector<std::pair<std::string, Money>> overlap_cost_by_partner;
  bool overrun = false;   // the overlap runs past its planned end
  bool replayed = false;  // this call found it already there (a retry); never stored
};

// A payment refused in a run: its index in the run (from 0) and why.
struct RunRefusal {
  std::size_t index = 0;
  Status status;
};

struct Invoice {
  Invoice() = default;
  Invoice(std::string package_id, const Money& amount, const Date& date, std::string reference,
          bool final = false)
      : package_id(std::move(package_id)),
        amount(amount),
        date(date),
        reference(std::move(reference)),
        final(final) {}

  std::string package_id;  // or, in a PHB payment run, the PHB
  Money amount;
  Date date;
  std::string reference;  // the provider's invoice number, unique per package
  // The last payment on the package or PHB: it releases all the commitment that remains, so no
  // penny stays committed on care that is paid for.
  bool final = false;
  // Why a payment above what the record still has committed is made (a rate rise not yet
  // amended, say). Without it, such a payment is refused. The record's history keeps it.
  std::string over_reason;
};

// The cost of a package: rate x units per week x days / 7, rounded to the nearest penny (halves
// away from zero). Exposed for tests and reports.
Money PackageCost(const Money& rate, const Rational& units_per_week, long days);
// The cost of a package's care from `a` to `b` (inclusive, within its dates), each run of days at
// the terms in force: as commissioned, then each amendment from its day. Without amendments,
// PackageCost over the days.
Money PackageCostBetween(const PackageSpec& spec, const std::vector<TermChange>& amendments, const Date& a,
                         const Date& b);

class Fund {
 public:
  // Sets the fund up in an empty ledger: the partners, the chart of accounts, the agreement, and
  // the original budget of every line (budget book), attributed to partners by contribution.
  // Refused when a fund is already set up, and by anything Validate refuses.
  static StatusOr<std::unique_ptr<Fund>> SetUp(Journal& journal, const Agreement& agreement,
                                               const std::string& user);
  // The fund already set up in this ledger.
  static StatusOr<std::unique_ptr<Fund>> Load(Journal& journal);

  const Agreement& agreement() const { return agreement_; }
  Journal& journal() { return journal_; }

  // Contributions (contributions.cpp).
  // Raises instalment `index` (0-based) of `partner`'s contribution: it becomes due.
  StatusOr<Receipt> RaiseInstalment(const std::string& partner, std::size_t index, const std::string& user);
  // Records money received from a partner against what it owes; `reference` is the remittance.
  StatusOr<Receipt> ReceiveContribution(const std::string& partner, const Money& amount, const Date& date,
                                        const std::string& reference, const std::string& user);
  StatusOr<std::vector<ContributionLine>> ContributionsStatement();
  // Varies a partner's contribution by `amount` (more, or with a negative amount less), due on
  // `due`: raised at once, so what the partner owes changes with it. The varied contribution can
  // never fall below zero. Contribution shares for attribution stay those of the agreement. The
  // same reference again with the same amount and date is a retry; otherwise a conflict.
  StatusOr<ContributionVariation> VaryContribution(const std::string& partner, const Money& amount,
                                                   const Date& due, const std::string& reference,
                                                   const std::string& reason, const std::string& user);
  StatusOr<std::vector<ContributionVariation>> ContributionVariations();

  // Budget book and virements (virements.cpp).
  StatusOr<std::map<std::string, Money>> RevisedBudgets();  // line -> budget now
  // Asks to move budget. At or below the threshold it is applied at once; above it waits for the
  // lead budget holder.
  StatusOr<Virement> RequestVirement(const std::string& from_line, const std::string& to_line,
                                     const Money& amount, const Date& date, const std::string& reference,
                                     const std::string& reason, const std::string& user);
  // The lead budget holder's decision. `approver_partner` is the partner the approver acts for:
  // only the lead budget holder may decide, and never the officer who asked.
  // One virement of the register; NotFound naming `id` when there is none.
  StatusOr<Virement> GetVirement(long long id);
  StatusOr<Virement> DecideVirement(long long id, bool approve, const std::string& approver,
                                    const std::string& approver_partner, const std::string& note);
  StatusOr<std::vector<Virement>> VirementRegister();

  // People (people.cpp). A person is registered by an NHS number, which is checked and turned
  // into a keyed pseudonym with `secret` and never stored, or by a local pseudonym. Registering
  // the same person again gives the same pseudonym. Packages, PHBs and transitions name
  // registered people only.
  StatusOr<std::string> RegisterPerson(const std::string& pseudonym, const std::string& nhs_number,
                                       std::string_view secret, const std::string& user);
  Status CheckRegistered(const std::string& pseudonym);
  // Registers many local pseudonyms in one transaction (those already registered are fine).
  Status RegisterPeople(const std::vector<std::string>& pseudonyms, const std::string& user);

  // Packages (packages.cpp). Commissioning commits the cost of the days in the fund's current
  // financial year; the cost of later years is the package's future_years, brought into the
  // commitment book when its year starts (StartNextYear).
  StatusOr<Package> Commission(const PackageSpec& spec, const Date& date, const std::string& user);
  // Pays an invoice: the actual spend, split by the package's funders, and the release of the same
  // amount of commitment (no more than remains).
  StatusOr<Receipt> PayInvoice(const std::string& package_id, const Money& amount, const Date& date,
                               const std::string& invoice, const std::string& user);
  // A payment run: every invoice paid, or (if any is refused) none. One receipt per invoice, for
  // its actual entry; an invoice already paid with the same amount is answered as a retry. Every
  // invoice is checked: when some are refused, `refusals` (if given) names each.
  StatusOr<std::vector<Receipt>> PayInvoices(const std::vector<Invoice>& run, const std::string& user,
                                             std::vector<RunRefusal>* refusals = nullptr);
  // Ends (or shortens) a package on `end`: releases the commitment for the days after it.
  StatusOr<Package> EndPackage(const std::string& package_id, const Date& end, const std::string& reason,
                               const std::string& user);
  StatusOr<Package> GetPackage(const std::string& package_id);
  // Every package, ordered by id: the same as GetPackage for each, in three queries. Given
  // `as_at` (a UTC timestamp, as recorded times are written), every package as it stood then: those
  // commissioned by then, with the events, approvals, payments and commitments recorded by then.
  StatusOr<std::vector<Package>> Packages(const std::optional<std::string>& as_at = std::nullopt);

  // Crisis support (crisis.cpp). A package on a crisis line is committed at once and flagged
  // until the lead budget holder approves it.
  StatusOr<Package> ApproveCrisis(const std::string& package_id, const std::string& approver,
                                  const std::string& approver_partner);
  // Crises not yet approved on `as_of`, oldest first; with only_overdue, those waiting longer
  // than crisis_approval_days.
  StatusOr<std::vector<CrisisFlag>> UnapprovedCrises(const Date& as_of, bool only_overdue);

  // Personal health budgets (phb.cpp). Agreeing a PHB commits its budget; payments are actuals
  // that release commitment, like invoices; holders of direct payments and third-party budgets
  // report the balance they hold, from which the surplus is worked out. Like a package, a PHB
  // commits this financial year's part of its budget (the budget falls due evenly over its days).
  StatusOr<Phb> AgreePhb(const PhbSpec& spec, const Date& date, const std::string& user);
  StatusOr<Receipt> PayPhb(const std::string& phb_id, const Money& amount, const Date& date,
                           const std::string& reference, const std::string& user);
  // A run of PHB payments (Invoice::package_id names the PHB), all or none, like PayInvoices.
  StatusOr<std::vector<Receipt>> PayPhbs(const std::vector<Invoice>& run, const std::string& user,
                                         std::vector<RunRefusal>* refusals = nullptr);
  StatusOr<Phb> RecordHeldBalance(const std::string& phb_id, const Money& held, const Date& as_of,
                                  const std::string& user);
  StatusOr<Phb> GetPhb(const std::string& phb_id);
  // Every PHB, ordered by id; as at a past moment as Packages is.
  StatusOr<std::vector<Phb>> Phbs(const std::optional<std::string>& as_at = std::nullopt);
  // Recovery: decided on a ground, open to reconsideration at the person's request, and collected
  // (money back into the pool) only when decided and not under reconsideration.
  StatusOr<Recovery> DecideRecovery(const std::string& phb_id, const Money& amount, RecoveryGround ground,
                                    const std::string& reference, const std::string& detail,
                                    const std::string& user);
  StatusOr<Recovery> RequestReconsideration(long long recovery_id, const std::string& reason,
                                            const std::string& user);
  // The lead budget holder's reconsideration: uphold, vary the amount (to `amount`), or withdraw.
  StatusOr<Recovery> Reconsider(long long recovery_id, ReconsiderOutcome outcome, const Money& amount,
                                const std::string& approver, const std::string& approver_partner,
                                const std::string& note);
  StatusOr<Receipt> CollectRecovery(long long recovery_id, const Date& date, const std::string& user);
  StatusOr<std::vector<Recovery>> Recoveries(const std::string& phb_id);  // empty id: all

  // Transitions (transitions.cpp).
  StatusOr<Transition> StartTransition(const TransitionSpec& spec, const std::string& user);
  StatusOr<Transition> GetTransition(const std::string& id);
  // Every transition, ordered by id; as at a past moment, those recorded by then, on their
  // packages as they stood then (Packages).
  StatusOr<std::vector<Transition>> Transitions(const std::optional<std::string>& as_at = std::nullopt);

  // Corrections (corrections.cpp). Each writes new entries, each linked to the entry it corrects
  // (Entry::reverses) or to the invoice it credits, and keeps the record's figures the sums of its
  // entries; each is dated `date`, in an open period, and says why (`reason`). A retry (the same
  // correction again) answers what was written the first time.
  //
  // Voids a paid invoice (a payment on the wrong package, an invoice paid twice under two
  // numbers): its spend is reversed and the commitment it released is committed again. The
  // invoice stays in the package's history, marked void; its number cannot be paid again, so a
  // corrected invoice needs a new number. Refused once a credit note was recorded against it.
  StatusOr<Receipt> VoidInvoice(const std::string& package_id, const std::string& invoice, const Date& date,
                                const std::string& reason, const std::string& user);
  // The same for a payment on a PHB.
  StatusOr<Receipt> VoidPhbPayment(const std::string& phb_id, const std::string& reference, const Date& date,
                                   const std::string& reason, const std::string& user);
  // A provider's credit note `credit` for part of paid invoice `invoice`: the spend falls by
  // `amount`, split on the package's running total. The care was delivered at a lower cost, so
  // no commitment comes back. At most what the invoice still stands at after earlier credits.
  StatusOr<Receipt> CreditNote(const std::string& package_id, const std::string& invoice,
                               const std::string& credit, const Money& amount, const Date& date,
                               const std::string& reason, const std::string& user);
  // Amends a package's rate and units per week from `from` (a day it runs): the commitment for the
  // days from then to its end moves by the difference, committed or released (no more than
  // remains). The terms before `from` stay. The same amendment again is a retry.
  StatusOr<Package> AmendPackage(const std::string& package_id, const Date& from, const Money& rate,
                                 const Rational& units_per_week, const std::string& reason,
                                 const std::string& user);
  // Cancels a crisis commitment that should not have been made (or that the lead budget holder
  // turns down): releases all it still has committed, and takes it off the approvals list.
  // Refused while it has payments (void them first) and for a package that is not crisis support.
  StatusOr<Package> CancelCrisis(const std::string& package_id, const Date& date, const std::string& reason,
                                 const std::string& user);
  // Reverses a contribution receipt recorded in error: the money leaves the pool and the partner
  // owes it again.
  StatusOr<Receipt> ReverseReceipt(const std::string& partner, const std::string& reference, const Date& date,
                                   const std::string& reason, const std::string& user);
  // Undoes an applied virement (approved, or applied at once under the threshold): the budget
  // moves back. Only the lead budget holder (`approver_partner`) may, and once.
  StatusOr<Virement> UndoVirement(long long id, const Date& date, const std::string& reason,
                                  const std::string& approver, const std::string& approver_partner);

  // Forecast outturn per line as at `as_of` (forecast.cpp).
  // Given `as_at`, the accruals and later years' costs of the packages and PHBs as they stood at
  // that moment (as Packages).
  StatusOr<std::vector<LineForecast>> Forecast(const Date& as_of,
                                               const std::optional<std::string>& as_at = std::nullopt);
  // What every package and PHB (only `person`'s, unless empty) costs after the end of `as_of`'s
  // financial year, per person, line and partner (split like its spend): per line, the forecast's
  // future_years. As at a past moment as Packages (forecast.cpp).
  StatusOr<std::vector<LaterYearCost>> LaterYears(const Date& as_of,
                                                  const std::optional<std::string>& as_at = std::nullopt,
                                                  const std::string& person = "");

  // Year end (risk_share.cpp). The statement on the actuals so far (a preview until settled);
  // SettleYear, signed off by the lead budget holder, posts it (once per year) dated `date`, which
  // must be the year's last day, with every month before the last closed. Given `as_at`, the
  // statement as it stood at that moment: the sign-off standing then, else the preview on the
  // entries recorded by then.
  StatusOr<RiskShareStatement> RiskShare(const std::optional<std::string>& as_at = std::nullopt);
  StatusOr<RiskShareStatement> SettleYear(const Date& date, const std::string& approver,
                                          const std::string& approver_partner);
  // The statement of `year` (risk_share_record.cpp): exactly as signed off, for any year signed
  // off (also once later years have started); for this year, not yet signed off, the preview.
  // NotFound for an earlier year never signed off.
  // As at a past moment (as RiskShare): the sign-off standing then, else the preview of that year
  // on the entries recorded by then (an earlier year was the current one until it was signed off).
  StatusOr<RiskShareStatement> RiskShareOf(int year, const std::optional<std::string>& as_at = std::nullopt);
  // Every sign-off of every year, in order, with the undone ones.
  StatusOr<std::vector<SignOff>> SignOffs();
  // The lead budget holder undoes this year's sign-off, saying why: the settlement entry is
  // reversed (on the year's last day, so March must still be open) and the statement is a preview
  // again, to be signed off again. Not possible once the next year has started.
  StatusOr<RiskShareStatement> UndoSignOff(const std::string& reason, const std::string& approver,
                                           const std::string& approver_partner);

  // The next year (next_year.cpp). Once this year's risk share is settled and every contribution
  // received, closes the year and starts `next` (the same partners and lines, and perhaps more):
  // each partner's income and spend for the year are closed into fund:reserves, so what it has
  // left in the pool is brought forward; the budget book is closed; commitments carry on; and the
  // next year's original budget is posted, split by contribution plus what was brought forward.
  // All in one transaction. Returns the fund for the next year.
  StatusOr<std::unique_ptr<Fund>> StartNextYear(Agreement next, const std::string& user);

  // Each partner's position (fund.cpp): brought_forward + received - spent - settled = pool holds
  // for each, checked in every build type (POOLBOOK_INVARIANT: a broken identity stops the process).
  StatusOr<std::vector<PartnerPosition>> Positions();

  // Refuses a funder split naming a stranger, a negative share, or giving every partner nothing.
  Status CheckSplit(const std::map<std::string, Rational>& split) const;
  // The weights a split uses, in agreement partner order (empty split: contribution shares).
  std::vector<Rational> Weights(const std::map<std::string, Rational>& split) const;
  // Splits `amount` across partners by `weights` (agreement partner order): partner -> part,
  // leaving out zero parts.
  StatusOr<std::vector<std::pair<std::string, Money>>> Attribute(const Money& amount,
                                                                 const std::vector<Rational>& weights) const;

 private:
  Fund(Journal& journal, Agreement agreement) : journal_(journal), agreement_(std::move(agreement)) {}
  // Posts `entry` with `record` in the same transaction (record gets its id), or, with no entry,
  // runs `record` alone in a write transaction. A BeforeCommitRefusal becomes Aborted.
  Status PostOrRecord(const std::optional<Entry>& entry, const std::string& user,
                      const std::function<void(store::Database&, std::optional<long long>)>& record);
  // Voids a payment on a package (invoice) or PHB (corrections.cpp).
  StatusOr<Receipt> VoidPayment(bool phb, const std::string& id, const std::string& reference,
                                const Date& date, const std::string& reason, const std::string& user);
  // The risk share of `agreement`'s year worked out from the journal, now or as at a past moment
  // (risk_share.cpp).
  StatusOr<RiskShareStatement> ComputeRiskShare(const Agreement& agreement,
                                                const std::optional<std::string>& as_at = std::nullopt);
  // Refuses a sign-off of the risk share before the year end (SettleYear).
  Status CheckYearReadyToSettle(const Date& date);
  // Posts `entries` all or nothing, running `records` in the same transaction.
  StatusOr<std::vector<Receipt>> PostTogether(
      const std::vector<Entry>& entries, const std::string& user,
      std::function<void(store::Database&, const std::vector<Receipt>&)> records);

  Journal& journal_;
  Agreement agreement_;
};

}  // namespace poolbook::fund
