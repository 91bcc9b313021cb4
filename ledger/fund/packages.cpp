// Packages (micro-commissioning): care bought for one person from one provider. Commissioning
// records the whole cost as a commitment (commitment book); paying an invoice records the actual
// spend (actual book) and releases the same amount of commitment, no more than remains; ending or
// shortening a package releases the commitment for the days it no longer runs. Spend is split
// across partners by the package's funder split (or the contribution shares); a release is split
// by what each partner still has committed, so no partner's commitment ever goes below zero.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "ledger/fund/chart.h"
#include "ledger/fund/financial_years.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_packages_store.h"

namespace poolbook::fund {

using internal::DaysInclusive;
using internal::Q;
using internal::RationalText;
using internal::SplitText;
using store::RecordKind::kPackage;

namespace {

const char* const kUnitNames[] = {"hour", "day", "week", "night"};

// The most units a week can hold, per unit: 168 hours, 7 days or nights, 1 week... a package
// bought by the week may buy several places, so up to 10.
Rational UnitsPerWeekMax(Unit u) {
  switch (u) {
    case Unit::kHour:
      return Rational(24 * 7 * 4);  // up to four carers around the clock
    case Unit::kDay:
    case Unit::kNight:
      return Rational(7 * 4);
    case Unit::kWeek:
      return Rational(4);
  }
  return Rational(0);
}

}  // namespace

const char* UnitName(Unit u) { return kUnitNames[static_cast<int>(u)]; }

StatusOr<Unit> ParseUnit(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    if (text == kUnitNames[i]) return static_cast<Unit>(i);
  }
  return InvalidArgument("unit " + Q(text) + " is not one of hour, day, week, night", "unit");
}

Money PackageCost(const Money& rate, const Rational& units_per_week, long days) {
  const Rational exact = Rational(rate.pence()) * units_per_week * days / 7;
  using boost::multiprecision::cpp_int;
  const cpp_int n = numerator(exact), d = denominator(exact);  // d > 0
  const cpp_int half_up = (2 * boost::multiprecision::abs(n) + d) / (2 * d);
  return Money::FromPence(Int128(n < 0 ? -half_up : half_up));
}

Money PackageCostBetween(const PackageSpec& spec, const std::vector<TermChange>& amendments, const Date& a,
                         const Date& b) {
  struct Run {
    Date from;
    Money rate;
    Rational units;
  };
  std::vector<Run> runs = {{spec.start, spec.rate, spec.units_per_week}};
  for (const TermChange& c : amendments) runs.push_back({c.from, c.rate, c.units_per_week});
  std::stable_sort(runs.begin(), runs.end(), [](const Run& x, const Run& y) { return x.from < y.from; });
  const Date first = std::max(a, spec.start), last = std::min(b, spec.end);
  Money total;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Date from = std::max(runs[i].from, first);
    const Date to = i + 1 < runs.size()
                        ? std::min(Date::FromDaysSinceEpoch(runs[i + 1].from.DaysSinceEpoch() - 1), last)
                        : last;
    if (from <= to) total += PackageCost(runs[i].rate, runs[i].units, DaysInclusive(from, to));
  }
  return total;
}

namespace {

// A package's amendments from their rows.
StatusOr<std::vector<TermChange>> AmendmentsFrom(const std::vector<store::AmendmentRow>& rows) {
  std::vector<TermChange> out;
  out.reserve(rows.size());
  for (const store::AmendmentRow& r : rows) {
    auto units = internal::RationalFromText(r.units_per_week);
    if (!units.ok()) return units.status();
    out.push_back({r.from, r.rate, *units, r.change, r.reason});
  }
  return out;
}

// A package's terms from its row.
StatusOr<Package> PackageFromRow(const store::PackageRow& r) {
  Package p;
  PackageSpec& s = p.spec;
  s.id = r.id;
  s.person = r.person;
  s.provider = r.provider;
  s.line = r.line;
  s.rate = r.rate;
  auto unit = ParseUnit(r.unit);
  if (!unit.ok()) return Internal("package " + Q(r.id) + " has a stored unit that does not read");
  s.unit = *unit;
  auto upw = internal::RationalFromText(r.units_per_week);
  if (!upw.ok()) return upw.status();
  s.units_per_week = *upw;
  s.start = r.start;
  s.end = r.end.value_or(kNoEnd);
  s.review = r.review;
  auto split = internal::SplitFromText(r.split);
  if (!split.ok()) return split.status();
  s.split = *split;
  p.crisis = r.needs_approval;  // the column records that approval was needed, once
  p.needs_approval = r.needs_approval && r.approved_by.empty();
  p.approved_by = r.approved_by;
  p.approved_at = r.approved_at;
  return p;
}

// One event of the package's history, in order (payments may come summed, as one).
void ApplyEvent(Package& p, const std::string& kind, const Money& amount, const Date& date) {
  if (kind == "commissioned") {
    p.committed = amount;
    p.commissioned = date;
  }
  if (kind == "ended") {  // the end moves by events; the row keeps the end as commissioned
    p.ended = true;
    p.spec.end = date;
  }
  if (kind == "cancelled") {
    p.cancelled = true;
    p.needs_approval = false;
  }
}

// What remains committed, per partner, summed from the package's own entries; and the cost of
// the days after the current financial year, not yet committed.
Status SetRemaining(Package& p, const Agreement& agreement, std::vector<Money> by_partner) {
  const Date year_end = internal::YearEnd(agreement.year);
  p.future_years =
      p.cancelled || p.spec.end <= year_end || p.spec.OpenEnded()
          ? Money()
          : internal::PackageCostThrough(p, p.spec.end) - internal::PackageCostThrough(p, year_end);
  if (!agreement.FindLine(p.spec.line)) {
    return FailedPrecondition("package " + internal::Q(p.spec.id) + " is on line " + p.spec.line +
                              ", which this year's agreement does not have; load the fund again");
  }
  by_partner.resize(agreement.partners.size());
  p.remaining_by_partner = std::move(by_partner);
  p.remaining = Money();
  for (const Money& m : p.remaining_by_partner) p.remaining += m;
  return Status::Ok();
}

// The rate, units and dates of a package: what it costs must be more than nothing, for at most
// five years.
Status CheckTerms(const PackageSpec& spec) {
  if (spec.rate.sign() <= 0) return InvalidArgument("the rate must be more than zero", "rate");
  if (spec.units_per_week <= 0 || spec.units_per_week > UnitsPerWeekMax(spec.unit)) {
    return InvalidArgument("units per week must be more than 0 and at most " +
                               RationalText(UnitsPerWeekMax(spec.unit)) + " for unit " + UnitName(spec.unit),
                           "units_per_week");
  }
  if (spec.review && *spec.review < spec.start)
    return InvalidArgument("the review date is before the package starts", "review");
  if (spec.OpenEnded()) {
    if (!spec.review) {
      return InvalidArgument("give the package an end date, or a review date if it runs until reviewed",
                             "end");
    }
    return Status();
  }
  if (spec.end < spec.start) return InvalidArgument("the package ends before it starts", "end");
  if (DaysInclusive(spec.start, spec.end) > 366 * 5) {
    return InvalidArgument("a package may run for at most five years; commission a new one after that",
                           "end");
  }
  return Status();
}

// "2025-06-02 to 2025-06-29", or "2025-06-02, open-ended (review 2026-01-05)".
std::string Runs(const PackageSpec& s) {
  if (!s.OpenEnded()) return s.start.ToString() + " to " + s.end.ToString();
  return s.start.ToString() + ", open-ended" + (s.review ? " (review " + s.review->ToString() + ")" : "");
}

// A new package's row.
store::PackageRow RowOf(const PackageSpec& spec, bool needs_approval) {
  store::PackageRow row;
  row.id = spec.id;
  row.person = spec.person;
  row.provider = spec.provider;
  row.line = spec.line;
  row.rate = spec.rate;
  row.unit = UnitName(spec.unit);
  row.units_per_week = RationalText(spec.units_per_week);
  row.start = spec.start;
  if (!spec.OpenEnded()) row.end = spec.end;
  row.review = spec.review;
  row.split = SplitText(spec.split);
  row.needs_approval = needs_approval;
  return row;
}

}  // namespace

StatusOr<Package> Fund::GetPackage(const std::string& package_id) {
  try {
    auto row = store::FindPackage(journal_.db(), package_id);
    if (!row) return NotFound("there is no package " + Q(package_id), "package");
    auto p = PackageFromRow(*row);
    if (!p.ok()) return p.status();
    for (const store::RecordEventRow& e : store::RecordEvents(journal_.db(), kPackage, package_id))
      ApplyEvent(*p, e.kind, e.amount, e.date);
    auto amendments = AmendmentsFrom(store::PackageAmendments(journal_.db(), package_id));
    if (!amendments.ok()) return amendments.status();
    p->amendments = std::move(*amendments);
    internal::SetPaid(*p, agreement_,
                      internal::PaidByPartner(journal_.db(), agreement_, kPackage, package_id));
    const Line* line = agreement_.FindLine(p->spec.line);
    POOLBOOK_RETURN_IF_ERROR(
        SetRemaining(*p, agreement_,
                     line ? internal::CommittedByPartner(journal_.db(), agreement_, kPackage, package_id)
                          : std::vector<Money>{}));
    return p;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading package " + Q(package_id));
  }
}

StatusOr<std::vector<Package>> Fund::Packages(const std::optional<std::string>& as_at) {
  std::vector<Package> out;
  try {
    std::map<std::string, std::size_t> index;
    for (const store::PackageRow& r : store::AllPackages(journal_.db(), as_at)) {
      auto p = PackageFromRow(r);
      if (!p.ok()) return p.status();
      index[p->spec.id] = out.size();
      out.push_back(std::move(*p));
    }
    // Payments (most of the events) only add up, so the database sums them; the rest in order.
    for (const store::RecordEventRow& e : store::RecordEventsExceptPaid(journal_.db(), kPackage, as_at)) {
      auto it = index.find(e.record_id);
      if (it != index.end()) ApplyEvent(out[it->second], e.kind, e.amount, e.date);
    }
    std::map<std::string, std::vector<store::AmendmentRow>> amended;
    for (store::AmendmentRow& a : store::AllPackageAmendments(journal_.db(), as_at))
      amended[a.package_id].push_back(a);
    for (auto& [id, rows] : amended) {
      auto it = index.find(id);
      if (it == index.end()) continue;
      auto amendments = AmendmentsFrom(rows);
      if (!amendments.ok()) return amendments.status();
      out[it->second].amendments = std::move(*amendments);
    }
    auto paid = internal::PaidByPartnerForAll(journal_.db(), agreement_, kPackage, as_at);
    auto committed = internal::CommittedByPartnerForAll(journal_.db(), agreement_, kPackage, as_at);
    for (Package& p : out) {
      internal::SetPaid(p, agreement_, paid[p.spec.id]);
      POOLBOOK_RETURN_IF_ERROR(SetRemaining(p, agreement_, committed[p.spec.id]));
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "listing packages");
  }
  return out;
}

StatusOr<Package> Fund::Commission(const PackageSpec& spec, const Date& date, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(spec.id, kPackageIdBytesMax, "id"));
  if (spec.person.empty())
    return InvalidArgument("a package is for one person: give their pseudonym", "person");
  POOLBOOK_RETURN_IF_ERROR(CheckPerson(spec.person));
  POOLBOOK_RETURN_IF_ERROR(CheckRegistered(spec.person));
  if (spec.provider.empty()) return InvalidArgument("name the provider", "provider");
  POOLBOOK_RETURN_IF_ERROR(CheckText(spec.provider, kProviderBytesMax, "provider"));
  const Line* line = agreement_.FindLine(spec.line);
  if (!line) return NotFound("there is no budget line " + Q(spec.line), "line");
  if (line->category != Category::kPackage && line->category != Category::kTransition &&
      line->category != Category::kCrisis) {
    return InvalidArgument("line " + spec.line + " is a " + CategoryName(line->category) +
                               " line; packages are bought from package, transition or crisis lines",
                           "line");
  }
  POOLBOOK_RETURN_IF_ERROR(CheckTerms(spec));
  POOLBOOK_RETURN_IF_ERROR(CheckSplit(spec.split));
  const std::vector<Rational> weights = Weights(spec.split);
  if (PackageCost(spec.rate, spec.units_per_week, spec.OpenEnded() ? 7 : DaysInclusive(spec.start, spec.end))
          .sign() <= 0)
    return InvalidArgument("the package costs nothing at this rate", "rate");
  // This financial year's part is committed now; the rest when its year starts.
  const Money cost = PackageCostBetween(spec, {}, spec.start, internal::YearEnd(agreement_.year));

  // The same package again (a retry) returns what is there; a different one under the same id is
  // a conflict.
  if (auto existing = GetPackage(spec.id); existing.ok()) {
    const PackageSpec& s = existing->spec;
    if (s.person == spec.person && s.provider == spec.provider && s.line == spec.line &&
        s.rate == spec.rate && s.unit == spec.unit && s.units_per_week == spec.units_per_week &&
        s.start == spec.start && s.review == spec.review && s.split == spec.split &&
        existing->committed == cost) {
      existing->replayed = true;
      return existing;
    }
    return Aborted("package " + Q(spec.id) + " already exists with other terms; choose another id", "id");
  } else if (existing.status().code() != Code::kNotFound) {
    return existing.status();
  }

  std::optional<Entry> entry;
  if (cost.sign() > 0) {
    auto parts = Attribute(cost, weights);
    if (!parts.ok()) return parts.status();
    entry = internal::CommitEntry(internal::Key(agreement_, "package:" + spec.id + ":commissioned"), date,
                                  "Package " + spec.id + ": " + spec.provider + ", " + Runs(spec), *line,
                                  spec.person, *parts);
  }
  const std::string now = store::UtcTimestamp(journal_.Now());
  POOLBOOK_RETURN_IF_ERROR(PostOrRecord(entry, user, [&](store::Database& db, std::optional<long long> id) {
    store::InsertPackage(db, RowOf(spec, line->category == Category::kCrisis), now, user);
    internal::InsertEvent(db, kPackage, spec.id, "commissioned", id, std::nullopt, cost, spec.id, date, now,
                          user);
  }));
  return GetPackage(spec.id);
}

StatusOr<Package> Fund::EndPackage(const std::string& package_id, const Date& end, const std::string& reason,
                                   const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  if (reason.empty()) return InvalidArgument("say why the package ends", "reason");
  POOLBOOK_RETURN_IF_ERROR(CheckText(reason, kReasonBytesMax, "reason"));
  auto package = GetPackage(package_id);
  if (!package.ok()) return package.status();
  const PackageSpec& s = package->spec;
  if (end == s.end && package->ended) return package;  // ended on this day already: a retry
  if (end >= s.end) {
    return InvalidArgument("package " + package_id + " already ends on " + s.end.ToString() +
                               "; an end date can only bring it forward",
                           "end");
  }
  if (end.DaysSinceEpoch() < s.start.DaysSinceEpoch() - 1) {
    return InvalidArgument("the end date is before the package starts (" + s.start.ToString() +
                               "); end it on the day before its start to cancel it",
                           "end");
  }
  // What the package now costs in this financial year and before, less what is paid, is what
  // should stay committed.
  const Money cost =
      PackageCostBetween(s, package->amendments, s.start, std::min(end, internal::YearEnd(agreement_.year)));
  Money keep = cost - package->paid;
  if (keep.sign() < 0) keep = Money();
  const Money release = package->remaining > keep ? package->remaining - keep : Money();
  const std::string new_end = end.ToString();
  const std::string key = internal::Key(agreement_, "package:" + package_id + ":ends:" + new_end);
  // The release is dated the day the package ends, or, if that month is closed, the first day
  // of the first open month.
  const Period open = journal_.CurrentOpenPeriod(Period::Of(end));
  const Date dated = Period::Of(end) < open ? open.FirstDay() : end;
  const std::string now = store::UtcTimestamp(journal_.Now());
  const std::optional<Date> old_end = s.OpenEnded() ? std::nullopt : std::optional<Date>(s.end);
  auto record = [&](store::Database& db, std::optional<long long> release_id) {
    internal::RequireUnchanged(store::PackageEndsOn(db, package_id, old_end),
                               "package " + package_id + " was changed by someone else meanwhile");
    internal::InsertEvent(db, kPackage, package_id, "ended", std::nullopt, release_id, release, reason, end,
                          now, user);
    // An invoice paid meanwhile may have released some of the same commitment.
    for (const Money& m : internal::CommittedByPartner(db, agreement_, kPackage, package_id)) {
      if (m.sign() < 0)
        throw BeforeCommitRefusal("package " + package_id + " was paid meanwhile; end it again");
    }
  };
  std::optional<Entry> entry;
  if (release.sign() > 0) {
    auto e = internal::ReleaseEntry(*this, package->spec.line, package->spec.person,
                                    package->remaining_by_partner, package->remaining, release, key, dated,
                                    "Package " + package_id + " ends " + new_end + ": commitment released");
    if (!e.ok()) return e.status();
    entry = std::move(*e);
  }
  POOLBOOK_RETURN_IF_ERROR(PostOrRecord(entry, user, record));
  return GetPackage(package_id);
}

namespace {

// The entry an amendment writes: the difference committed (more) or released (less, no more than
// remains); none when the cost does not change.
StatusOr<std::optional<Entry>> AmendmentEntry(Fund& fund, Package& package, const Money& change,
                                              const std::string& key, const Date& dated,
                                              const std::string& memo) {
  const Agreement& agreement = fund.agreement();
  const Line& line = *agreement.FindLine(package.spec.line);
  if (change.sign() > 0) {
    auto parts = fund.Attribute(change, fund.Weights(package.spec.split));
    if (!parts.ok()) return parts.status();
    return std::optional<Entry>(internal::CommitEntry(key, dated, memo, line, package.spec.person, *parts));
  }
  const Money release = std::min(-change, package.remaining);
  if (release.sign() <= 0) return std::optional<Entry>();
  auto e = internal::ReleaseEntry(fund, package.spec.line, package.spec.person, package.remaining_by_partner,
                                  package.remaining, release, key, dated, memo);
  if (!e.ok()) return e.status();
  return std::optional<Entry>(std::move(*e));
}

}  // namespace

StatusOr<Package> Fund::AmendPackage(const std::string& package_id, const Date& from, const Money& rate,
                                     const Rational& units_per_week, const std::string& reason,
                                     const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  if (reason.empty()) return InvalidArgument("say why the package's terms change", "reason");
  POOLBOOK_RETURN_IF_ERROR(CheckText(reason, kReasonBytesMax, "reason"));
  auto package = GetPackage(package_id);
  if (!package.ok()) return package.status();
  const PackageSpec& s = package->spec;
  for (const TermChange& c : package->amendments) {
    if (c.from == from && c.rate == rate && c.units_per_week == units_per_week) return package;  // a retry
  }
  if (package->cancelled) return FailedPrecondition("package " + package_id + " was cancelled", "package");
  if (from < s.start || from > s.end) {
    return InvalidArgument(
        "package " + package_id + " runs " + Runs(s) + "; a change of terms takes effect on a day it runs",
        "from");
  }
  PackageSpec changed = s;
  changed.rate = rate;
  changed.units_per_week = units_per_week;
  POOLBOOK_RETURN_IF_ERROR(CheckTerms(changed));
  std::vector<TermChange> after = package->amendments;
  after.push_back({from, rate, units_per_week, Money(), reason});
  // Only this financial year's part changes the commitment book; later years are brought in at
  // their own start, at the terms then in force. Both costs run from the start, on the running
  // total, as invoices paid month by month do: what is committed is then exactly what they add up
  // to (the days before `from` cost the same under both).
  const Date through = internal::YearEnd(agreement_.year);
  const Money change = PackageCostBetween(s, after, s.start, through) -
                       PackageCostBetween(s, package->amendments, s.start, through);
  const std::string key = internal::Key(
      agreement_, "package:" + package_id + ":amended:" + std::to_string(package->amendments.size() + 1));
  const Period open = journal_.CurrentOpenPeriod(Period::Of(from));
  const Date dated = Period::Of(from) < open ? open.FirstDay() : from;
  auto entry =
      AmendmentEntry(*this, *package, change, key, dated,
                     "Package " + package_id + " from " + from.ToString() + ": " + rate.ToString() + " per " +
                         UnitName(s.unit) + ", " + RationalText(units_per_week) + " a week");
  if (!entry.ok()) return entry.status();
  const std::string now = store::UtcTimestamp(journal_.Now());
  auto record = [&](store::Database& db, std::optional<long long> entry_id) {
    store::NewRecordEvent event;
    event.kind = "amended";
    (change.sign() > 0 ? event.entry_id : event.release_id) = entry_id;
    event.amount = change;
    event.reference = from.ToString();
    event.note = reason;
    event.date = from;
    event.recorded_at = now;
    event.recorded_by = user;
    event.rate = rate;
    event.units_per_week = RationalText(units_per_week);
    internal::InsertEvent(db, kPackage, package_id, event);
  };
  POOLBOOK_RETURN_IF_ERROR(PostOrRecord(*entry, user, record));
  return GetPackage(package_id);
}

}  // namespace poolbook::fund
