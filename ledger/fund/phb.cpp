// Personal health budgets. A PHB is agreed for a person from a phb line in one of three modes:
// notional (the fund holds the money and pays for care on the person's behalf), third party (an
// organisation holds it for them: an individual service fund) or direct payment (the person holds
// it). Agreeing the budget commits it; each payment is an actual that releases the same amount of
// commitment. Holders of third-party budgets and direct payments report what they hold; more than
// the agreement's phb_surplus_weeks of budget is a surplus. Recovering money is in recoveries.cpp.
#include <nlohmann/json.hpp>

#include "ledger/fund/chart.h"
#include "ledger/fund/financial_years.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_phbs_store.h"

namespace poolbook::fund {

using internal::Q;
using store::RecordKind::kPhb;

namespace {

const char* const kModeNames[] = {"notional", "third_party", "direct_payment"};

Money RoundHalfAway(const Rational& exact) {
  using boost::multiprecision::cpp_int;
  const cpp_int n = numerator(exact), d = denominator(exact);
  const cpp_int half_up = (2 * boost::multiprecision::abs(n) + d) / (2 * d);
  return Money::FromPence(Int128(n < 0 ? -half_up : half_up));
}

}  // namespace

const char* PhbModeName(PhbMode m) { return kModeNames[static_cast<int>(m)]; }
StatusOr<PhbMode> ParsePhbMode(std::string_view text) {
  for (int i = 0; i < 3; ++i) {
    if (text == kModeNames[i]) return static_cast<PhbMode>(i);
  }
  return InvalidArgument("mode " + Q(text) + " is not one of notional, third_party, direct_payment", "mode");
}

namespace {

StatusOr<Phb> PhbFromRow(const store::PhbRow& r) {
  Phb p;
  PhbSpec& s = p.spec;
  s.id = r.id;
  s.person = r.person;
  s.line = r.line;
  auto mode = ParsePhbMode(r.mode);
  if (!mode.ok())
    return Internal("personal health budget " + Q(r.id) + " has a stored mode that does not read");
  s.mode = *mode;
  s.indicative = r.indicative;
  s.agreed = r.agreed;
  s.start = r.start;
  s.end = r.end;
  s.review = r.review;
  auto split = internal::SplitFromText(r.split);
  if (!split.ok()) return split.status();
  s.split = *split;
  return p;
}

// A PHB's history, event by event in order; Finish works out what follows from it.
struct PhbHistory {
  Money recovered_since_report;
  void Apply(Phb& p, const std::string& kind, const Money& amount, const Date& date) {
    if (kind == "agreed") p.committed = amount;
    if (kind == "held") {
      p.held = amount;
      p.held_reported = date;
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
    p.future_years = p.spec.agreed - internal::PhbCostThrough(p.spec, internal::YearEnd(agreement.year));
    p.weeks_held = weekly > 0 ? Rational(p.held.pence()) / weekly : Rational(0);
    return Status::Ok();
  }
};

}  // namespace

StatusOr<Phb> Fund::GetPhb(const std::string& phb_id) {
  try {
    auto row = store::FindPhb(journal_.db(), phb_id);
    if (!row) return NotFound("there is no personal health budget " + Q(phb_id), "phb");
    auto p = PhbFromRow(*row);
    if (!p.ok()) return p.status();
    PhbHistory history;
    for (const store::RecordEventRow& e : store::RecordEvents(journal_.db(), kPhb, phb_id))
      history.Apply(*p, e.kind, e.amount, e.date);
    internal::SetPaid(*p, agreement_, internal::PaidByPartner(journal_.db(), agreement_, kPhb, phb_id));
    const Line* line = agreement_.FindLine(p->spec.line);
    POOLBOOK_RETURN_IF_ERROR(history.Finish(
        *p, agreement_,
        line ? internal::CommittedByPartner(journal_.db(), agreement_, kPhb, phb_id) : std::vector<Money>{}));
    return p;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading personal health budget " + Q(phb_id));
  }
}

StatusOr<std::vector<Phb>> Fund::Phbs(const std::optional<std::string>& as_at) {
  std::vector<Phb> out;
  try {
    std::map<std::string, std::size_t> index;
    for (const store::PhbRow& r : store::AllPhbs(journal_.db(), as_at)) {
      auto p = PhbFromRow(r);
      if (!p.ok()) return p.status();
      index[p->spec.id] = out.size();
      out.push_back(std::move(*p));
    }
    std::vector<PhbHistory> history(out.size());
    // Payments (most of the events) only add up, so the database sums them; the rest in order.
    for (const store::RecordEventRow& e : store::RecordEventsExceptPaid(journal_.db(), kPhb, as_at)) {
      auto it = index.find(e.record_id);
      if (it != index.end()) history[it->second].Apply(out[it->second], e.kind, e.amount, e.date);
    }
    auto paid = internal::PaidByPartnerForAll(journal_.db(), agreement_, kPhb, as_at);
    for (Phb& p : out) internal::SetPaid(p, agreement_, paid[p.spec.id]);
    auto committed = internal::CommittedByPartnerForAll(journal_.db(), agreement_, kPhb, as_at);
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

  // This financial year's part is committed now; the rest when its year starts.
  const Money now_part = internal::PhbCostThrough(spec, internal::YearEnd(agreement_.year));
  std::optional<Entry> entry;
  if (now_part.sign() > 0) {
    auto parts = Attribute(now_part, weights);
    if (!parts.ok()) return parts.status();
    entry = internal::CommitEntry(internal::Key(agreement_, "phb:" + spec.id + ":agreed"), date,
                                  "Personal health budget " + spec.id + " (" + PhbModeName(spec.mode) +
                                      "), " + spec.start.ToString() + " to " + spec.end.ToString(),
                                  *line, spec.person, *parts);
  }
  const std::string now = store::UtcTimestamp(journal_.Now());
  POOLBOOK_RETURN_IF_ERROR(PostOrRecord(entry, user, [&](store::Database& db, std::optional<long long> id) {
    store::PhbRow row;
    row.id = spec.id;
    row.person = spec.person;
    row.line = spec.line;
    row.mode = PhbModeName(spec.mode);
    row.indicative = spec.indicative;
    row.agreed = spec.agreed;
    row.start = spec.start;
    row.end = spec.end;
    row.review = spec.review;
    row.split = internal::SplitText(spec.split);
    store::InsertPhb(db, row, now, user);
    internal::InsertEvent(db, kPhb, spec.id, "agreed", id, std::nullopt, now_part, spec.id, date, now, user);
  }));
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
    internal::InsertEvent(journal_.db(), kPhb, phb_id, "held", std::nullopt, std::nullopt, held, "statement",
                          as_of, store::UtcTimestamp(journal_.Now()), user);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "recording the balance held on " + Q(phb_id));
  }
  return GetPhb(phb_id);
}

}  // namespace poolbook::fund
