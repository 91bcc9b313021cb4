// Personal health budgets. A PHB is agreed for a person from a phb line in one of three modes:
// notional (the fund holds the money and pays for care on the person's behalf), third party (an
// organisation holds it for them: an individual service fund) or direct payment (the person holds
// it). Agreeing the budget commits it; each payment is an actual that releases the same amount of
// commitment. Holders of third-party budgets and direct payments report what they hold; more than
// the agreement's phb_surplus_weeks of budget is a surplus. Money may be recovered only on the
// grounds the Regulations give, after a decision the person may ask to have reconsidered.
#include <nlohmann/json.hpp>

#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"

namespace poolbook::fund {

using internal::Q;

namespace {

const char* const kModeNames[] = {"notional", "third_party", "direct_payment"};
const char* const kGroundNames[] = {"care_plan_changed", "circumstances_changed", "unspent_build_up",
                                    "used_outside_plan", "fraud_or_theft",        "death"};
const char* const kRecoveryStateNames[] = {"decided", "reconsidering", "withdrawn", "collected"};

Money RoundHalfAway(const Rational& exact) {
  using boost::multiprecision::cpp_int;
  const cpp_int n = numerator(exact), d = denominator(exact);
  const cpp_int half_up = (2 * boost::multiprecision::abs(n) + d) / (2 * d);
  return Money::FromPence(Int128(n < 0 ? -half_up : half_up));
}

constexpr const char* kRecoveryColumns =
    "SELECT CAST(id AS TEXT), phb_id, amount, ground, detail, state, decided_by, decided_at, reconsideration,"
    " entry_id, reference FROM fund_phb_recoveries";

Recovery ReadRecovery(const soci::row& r) {
  Recovery v;
  v.id = std::stoll(r.get<std::string>(0));
  v.phb_id = r.get<std::string>(1);
  v.amount = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(2)));
  v.ground = *ParseRecoveryGround(r.get<std::string>(3));
  v.detail = r.get<std::string>(4);
  const std::string state = r.get<std::string>(5);
  for (int i = 0; i < 4; ++i) {
    if (state == kRecoveryStateNames[i]) v.state = static_cast<RecoveryState>(i);
  }
  v.decided_by = r.get<std::string>(6);
  v.decided_at = r.get<std::string>(7);
  if (r.get_indicator(8) == soci::i_ok) v.reconsideration = r.get<std::string>(8);
  if (r.get_indicator(9) == soci::i_ok) v.entry_id = r.get<long long>(9);
  v.reference = r.get<std::string>(10);
  return v;
}

}  // namespace

const char* PhbModeName(PhbMode m) { return kModeNames[static_cast<int>(m)]; }
StatusOr<PhbMode> ParsePhbMode(std::string_view text) {
  for (int i = 0; i < 3; ++i) {
    if (text == kModeNames[i]) return static_cast<PhbMode>(i);
  }
  return InvalidArgument("mode " + Q(text) + " is not one of notional, third_party, direct_payment", "mode");
}
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

namespace {

constexpr const char* kPhbColumns =
    "SELECT id, person, line, mode, indicative, agreed, start_date, end_date, review_date, split FROM "
    "fund_phbs";

StatusOr<Phb> PhbFromRow(const soci::row& r) {
  Phb p;
  PhbSpec& s = p.spec;
  s.id = r.get<std::string>(0);
  s.person = r.get<std::string>(1);
  s.line = r.get<std::string>(2);
  s.mode = *ParsePhbMode(r.get<std::string>(3));
  s.indicative = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(4)));
  s.agreed = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(5)));
  s.start = *Date::Parse(r.get<std::string>(6));
  s.end = *Date::Parse(r.get<std::string>(7));
  s.review = *Date::Parse(r.get<std::string>(8));
  auto split = internal::SplitFromText(r.get<std::string>(9));
  if (!split.ok()) return split.status();
  s.split = *split;
  return p;
}

// A PHB's history, event by event in order; Finish works out what follows from it.
struct PhbHistory {
  Money recovered_since_report;
  void Apply(Phb& p, const std::string& kind, long long pence, const std::string& date) {
    const Money amount = Money::FromPence(static_cast<std::int64_t>(pence));
    if (kind == "agreed") p.committed = amount;
    if (kind == "paid") p.paid += amount;
    if (kind == "held") {
      p.held = amount;
      p.held_reported = *Date::Parse(date);
      recovered_since_report = Money();
    }
    if (kind == "recovered") {
      p.recovered += amount;
      recovered_since_report += amount;
    }
  }
  // The balance held less what was recovered since it was reported; what remains committed, per
  // partner; and the surplus: weekly budget = agreed x 7 / days of the plan, and the surplus is
  // what is held above phb_surplus_weeks of it.
  Status Finish(Phb& p, const Agreement& agreement, std::vector<Money> by_partner) const {
    p.held -= recovered_since_report;
    if (p.held.sign() < 0) p.held = Money();
    if (!agreement.FindLine(p.spec.line)) {
      return FailedPrecondition("personal health budget " + internal::Q(p.spec.id) + " is on line " +
                                p.spec.line +
                                ", which this year's agreement does not have; load the fund again");
    }
    by_partner.resize(agreement.partners.size());
    p.remaining_by_partner = std::move(by_partner);
    for (const Money& m : p.remaining_by_partner) p.remaining += m;
    const long days = internal::DaysInclusive(p.spec.start, p.spec.end);
    const Rational weekly = Rational(p.spec.agreed.pence()) * 7 / days;
    const Money allowed = RoundHalfAway(weekly * agreement.phb_surplus_weeks);
    p.surplus = p.held > allowed ? p.held - allowed : Money();
    p.weeks_held = weekly > 0 ? Rational(p.held.pence()) / weekly : Rational(0);
    return Status::Ok();
  }
};

}  // namespace

StatusOr<Phb> Fund::GetPhb(const std::string& phb_id) {
  try {
    soci::row r;
    journal_.db().sql() << std::string(kPhbColumns) + " WHERE id = :id", soci::use(phb_id), soci::into(r);
    if (!journal_.db().sql().got_data())
      return NotFound("there is no personal health budget " + Q(phb_id), "phb");
    auto p = PhbFromRow(r);
    if (!p.ok()) return p.status();
    PhbHistory history;
    soci::rowset<soci::row> events =
        (journal_.db().sql().prepare
             << "SELECT kind, amount, effective_date FROM fund_phb_events WHERE phb_id = :id ORDER BY seq",
         soci::use(phb_id));
    for (const soci::row& e : events)
      history.Apply(*p, e.get<std::string>(0), e.get<long long>(1), e.get<std::string>(2));
    const Line* line = agreement_.FindLine(p->spec.line);
    POOLBOOK_RETURN_IF_ERROR(history.Finish(
        *p, agreement_,
        line ? internal::CommittedByPartner(journal_.db(), agreement_, "fund_phb_events", "phb_id", phb_id)
             : std::vector<Money>{}));
    return p;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading personal health budget " + Q(phb_id));
  }
}

StatusOr<std::vector<Phb>> Fund::Phbs() {
  std::vector<Phb> out;
  try {
    std::map<std::string, std::size_t> index;
    soci::rowset<soci::row> rows = (journal_.db().sql().prepare << std::string(kPhbColumns) + " ORDER BY id");
    for (const soci::row& r : rows) {
      auto p = PhbFromRow(r);
      if (!p.ok()) return p.status();
      index[p->spec.id] = out.size();
      out.push_back(std::move(*p));
    }
    std::vector<PhbHistory> history(out.size());
    // Payments (most of the events) only add up, so the database sums them; the rest in order.
    soci::rowset<soci::row> events =
        (journal_.db().sql().prepare << "SELECT phb_id, kind, amount, effective_date FROM fund_phb_events"
                                        " WHERE kind <> 'paid' ORDER BY phb_id, seq");
    for (const soci::row& e : events) {
      auto it = index.find(e.get<std::string>(0));
      if (it != index.end())
        history[it->second].Apply(out[it->second], e.get<std::string>(1), e.get<long long>(2),
                                  e.get<std::string>(3));
    }
    soci::rowset<soci::row> paid =
        (journal_.db().sql().prepare << "SELECT phb_id, CAST(SUM(amount) AS TEXT) FROM fund_phb_events"
                                        " WHERE kind = 'paid' GROUP BY phb_id");
    for (const soci::row& e : paid) {
      auto it = index.find(e.get<std::string>(0));
      if (it != index.end())
        history[it->second].Apply(out[it->second], "paid", std::stoll(e.get<std::string>(1)), "");
    }
    auto committed =
        internal::CommittedByPartnerForAll(journal_.db(), agreement_, "fund_phb_events", "phb_id");
    for (std::size_t i = 0; i < out.size(); ++i)
      POOLBOOK_RETURN_IF_ERROR(history[i].Finish(out[i], agreement_, committed[out[i].spec.id]));
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "listing personal health budgets");
  }
  return out;
}

StatusOr<Phb> Fund::AgreePhb(const PhbSpec& spec, const Date& date, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(spec.id, kPackageIdBytesMax, "id"));
  if (spec.person.empty()) return InvalidArgument("a PHB is for one person: give their pseudonym", "person");
  POOLBOOK_RETURN_IF_ERROR(CheckPerson(spec.person));
  POOLBOOK_RETURN_IF_ERROR(CheckRegistered(spec.person));
  const Line* line = agreement_.FindLine(spec.line);
  if (!line) return NotFound("there is no budget line " + Q(spec.line), "line");
  if (line->category != Category::kPhb) {
    return InvalidArgument("line " + spec.line + " is a " + CategoryName(line->category) +
                               " line; personal health budgets come from phb lines",
                           "line");
  }
  if (spec.indicative.sign() < 0)
    return InvalidArgument("the indicative budget cannot be negative", "indicative");
  if (spec.agreed.sign() <= 0) return InvalidArgument("the agreed budget must be more than zero", "agreed");
  if (spec.end < spec.start) return InvalidArgument("the budget ends before it starts", "end");
  if (internal::DaysInclusive(spec.start, spec.end) > 366 * 5) {
    return InvalidArgument("a PHB may be agreed for at most five years at a time", "end");
  }
  if (spec.review < spec.start)
    return InvalidArgument("the review date is before the budget starts", "review");
  POOLBOOK_RETURN_IF_ERROR(CheckSplit(spec.split));
  const std::vector<Rational> weights = Weights(spec.split);
  if (auto existing = GetPhb(spec.id); existing.ok()) {
    const PhbSpec& s = existing->spec;
    if (s.person == spec.person && s.line == spec.line && s.mode == spec.mode &&
        s.indicative == spec.indicative && s.agreed == spec.agreed && s.start == spec.start &&
        s.end == spec.end && s.review == spec.review && s.split == spec.split) {
      existing->replayed = true;  // a retry
      return existing;
    }
    return Aborted("personal health budget " + Q(spec.id) + " already exists with other terms", "id");
  } else if (existing.status().code() != Code::kNotFound) {
    return existing.status();
  }

  auto parts = Attribute(spec.agreed, weights);
  if (!parts.ok()) return parts.status();
  const Entry e = internal::CommitEntry(internal::Key(agreement_, "phb:" + spec.id + ":agreed"), date,
                                        "Personal health budget " + spec.id + " (" + PhbModeName(spec.mode) +
                                            "), " + spec.start.ToString() + " to " + spec.end.ToString(),
                                        *line, spec.person, *parts);
  const std::string now = store::UtcTimestamp(journal_.Now());
  auto written = PostTogether({e}, user, [&](store::Database& db, const std::vector<Receipt>& r) {
    const long long indicative = spec.indicative.pence64(), agreed = spec.agreed.pence64();
    const std::string mode = PhbModeName(spec.mode), start = spec.start.ToString(), end = spec.end.ToString(),
                      review = spec.review.ToString(), split = internal::SplitText(spec.split);
    db.sql() << "INSERT INTO fund_phbs (id, person, line, mode, indicative, agreed, start_date, end_date,"
                " review_date, split, created_at, created_by) VALUES (:i, :p, :l, :m, :n, :a, :s, :e, :r, "
                ":x, :t, :u)",
        soci::use(spec.id), soci::use(spec.person), soci::use(spec.line), soci::use(mode),
        soci::use(indicative), soci::use(agreed), soci::use(start), soci::use(end), soci::use(review),
        soci::use(split), soci::use(now), soci::use(user);
    internal::InsertEvent(db, "fund_phb_events", "phb_id", spec.id, "agreed", r.at(0).id, std::nullopt,
                          spec.agreed, spec.id, date, now, user);
  });
  if (!written.ok()) return written.status();
  return GetPhb(spec.id);
}

StatusOr<Phb> Fund::RecordHeldBalance(const std::string& phb_id, const Money& held, const Date& as_of,
                                      const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  auto phb = GetPhb(phb_id);
  if (!phb.ok()) return phb.status();
  if (phb->spec.mode == PhbMode::kNotional) {
    return FailedPrecondition("a notional budget is held by the fund itself; there is no balance to report",
                              "mode");
  }
  if (held.sign() < 0) return InvalidArgument("a balance held cannot be negative", "held");
  try {
    store::WriteTransaction tx(journal_.db());
    internal::InsertEvent(journal_.db(), "fund_phb_events", "phb_id", phb_id, "held", std::nullopt,
                          std::nullopt, held, "statement", as_of, store::UtcTimestamp(journal_.Now()), user);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "recording the balance held on " + Q(phb_id));
  }
  return GetPhb(phb_id);
}

StatusOr<std::vector<Recovery>> Fund::Recoveries(const std::string& phb_id) {
  std::vector<Recovery> out;
  try {
    const std::string sql =
        std::string(kRecoveryColumns) + (phb_id.empty() ? "" : " WHERE phb_id = :p") + " ORDER BY id";
    soci::rowset<soci::row> rows = phb_id.empty() ? (journal_.db().sql().prepare << sql)
                                                  : (journal_.db().sql().prepare << sql, soci::use(phb_id));
    for (const soci::row& r : rows) out.push_back(ReadRecovery(r));
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading recoveries");
  }
  return out;
}

namespace {

StatusOr<Recovery> LoadRecovery(Journal& journal, long long id) {
  try {
    soci::row r;
    journal.db().sql() << std::string(kRecoveryColumns) + " WHERE id = :id", soci::use(id), soci::into(r);
    if (!journal.db().sql().got_data())
      return NotFound("there is no recovery " + std::to_string(id), "recovery");
    return ReadRecovery(r);
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
    long long last = 0;
    soci::indicator ind;
    journal_.db().sql() << "SELECT MAX(id) FROM fund_phb_recoveries", soci::into(last, ind);
    v.id = (ind == soci::i_ok ? last : 0) + 1;
    const long long pence = amount.pence64();
    const std::string g = RecoveryGroundName(ground);
    journal_.db().sql() << "INSERT INTO fund_phb_recoveries (id, reference, phb_id, amount, ground, detail, "
                           "state, decided_by,"
                           " decided_at) VALUES (:i, :f, :p, :a, :g, :d, 'decided', :u, :t)",
        soci::use(v.id), soci::use(reference), soci::use(phb_id), soci::use(pence), soci::use(g),
        soci::use(detail), soci::use(user), soci::use(v.decided_at);
    // Checked again under the write lock: all claims together never exceed what was paid.
    long long paid = 0, claims = 0;
    soci::indicator paid_ind, claims_ind;
    journal_.db().sql() << "SELECT SUM(amount) FROM fund_phb_events WHERE phb_id = :p AND kind = 'paid'",
        soci::use(phb_id), soci::into(paid, paid_ind);
    journal_.db().sql()
        << "SELECT SUM(amount) FROM fund_phb_recoveries WHERE phb_id = :p AND state <> 'withdrawn'",
        soci::use(phb_id), soci::into(claims, claims_ind);
    if ((claims_ind == soci::i_ok ? claims : 0) > (paid_ind == soci::i_ok ? paid : 0)) {
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
    soci::statement update =
        (journal_.db().sql().prepare
             << "UPDATE fund_phb_recoveries SET state = 'reconsidering', reconsideration = :r"
                " WHERE id = :id AND state = 'decided'",
         soci::use(reason), soci::use(recovery_id));
    internal::UpdateOne(update,
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
    const long long pence = new_amount.pence64();
    soci::statement update =
        (journal_.db().sql().prepare
             << "UPDATE fund_phb_recoveries SET state = :s, amount = :a, reconsideration = :r"
                " WHERE id = :id AND state = 'reconsidering'",
         soci::use(state), soci::use(pence), soci::use(record), soci::use(recovery_id));
    internal::UpdateOne(update,
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
    const long long pence = v->amount.pence64();
    // Only a recovery still decided, for the amount read, is collected.
    soci::statement update =
        (db.sql().prepare << "UPDATE fund_phb_recoveries SET state = 'collected', entry_id = :e"
                             " WHERE id = :id AND state = 'decided' AND amount = :a",
         soci::use(entry_id), soci::use(recovery_id), soci::use(pence));
    internal::UpdateOne(update,
                        "recovery " + std::to_string(recovery_id) +
                            " was changed meanwhile (reconsidered or withdrawn); nothing was collected");
    internal::InsertEvent(db, "fund_phb_events", "phb_id", v->phb_id, "recovered", entry_id, std::nullopt,
                          v->amount, "recovery-" + std::to_string(recovery_id), date, now, user);
    // Never more recovered than paid.
    long long paid = 0, recovered = 0;
    soci::indicator paid_ind, recovered_ind;
    db.sql()
        << "SELECT SUM(CASE WHEN kind = 'paid' THEN amount ELSE 0 END),"
           " SUM(CASE WHEN kind = 'recovered' THEN amount ELSE 0 END) FROM fund_phb_events WHERE phb_id = :p",
        soci::use(v->phb_id), soci::into(paid, paid_ind), soci::into(recovered, recovered_ind);
    if (recovered > paid) {
      throw BeforeCommitRefusal("recovering " + v->amount.ToString() + " would recover more from " +
                                v->phb_id + " than was paid on it");
    }
  });
  if (!written.ok()) return written.status();
  return written->at(0);
}

}  // namespace poolbook::fund
