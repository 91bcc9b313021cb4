// Transitions (dual-running): while someone is discharged from hospital, the inpatient placement
// and the community package run at once. A transition links the two packages; the overlap is the
// days both run, its cost is what the community package costs over those days (the cost on top
// of the placement the fund was already paying), and it is flagged when the overlap runs past
// its planned end. Both packages are ordinary packages: their commitments and invoices are in the
// journal, and ending the inpatient placement on discharge ends the overlap.
#include "ledger/fund/financial_years.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_care_store.h"

namespace poolbook::fund {

using internal::Q;

namespace {

StatusOr<Transition> Compute(const Fund& fund, const TransitionSpec& spec, const Package& inpatient_package,
                             const Package& community_package) {
  const Package* inpatient = &inpatient_package;
  const Package* community = &community_package;
  Transition t;
  t.spec = spec;
  t.inpatient_provider = inpatient->spec.provider;
  t.community_start = community->spec.start;
  const Date start = std::max(inpatient->spec.start, community->spec.start);
  // While both run on with no end, dual-running is counted to the end of the current year.
  const Date end = std::min({inpatient->spec.end, community->spec.end,
                             inpatient->spec.OpenEnded() && community->spec.OpenEnded()
                                 ? internal::YearEnd(fund.agreement().year)
                                 : kNoEnd});
  if (start <= end) {
    t.overlap_start = start;
    t.overlap_end = end;
    t.overlap_days = internal::DaysInclusive(start, end);
    t.overlap_cost = PackageCostBetween(community->spec, community->amendments, start, end);
    auto parts = fund.Attribute(t.overlap_cost, fund.Weights(community->spec.split));
    if (t.overlap_cost.sign() > 0) {
      if (!parts.ok()) return parts.status();
      t.overlap_cost_by_partner = *parts;
    }
    t.overrun = end > spec.planned_end;
  }
  return t;
}

// Works a transition out from its two packages as they now stand.
StatusOr<Transition> Compute(Fund& fund, const TransitionSpec& spec) {
  auto inpatient = fund.GetPackage(spec.inpatient_package);
  if (!inpatient.ok()) return inpatient.status();
  auto community = fund.GetPackage(spec.community_package);
  if (!community.ok()) return community.status();
  return Compute(fund, spec, *inpatient, *community);
}

}  // namespace

StatusOr<Transition> Fund::StartTransition(const TransitionSpec& spec, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  POOLBOOK_RETURN_IF_ERROR(internal::CheckReference(spec.id, kPackageIdBytesMax, "id"));
  if (spec.person.empty())
    return InvalidArgument("a transition is for one person: give their pseudonym", "person");
  POOLBOOK_RETURN_IF_ERROR(CheckRegistered(spec.person));
  auto inpatient = GetPackage(spec.inpatient_package);
  if (!inpatient.ok()) return inpatient.status().WithContext("inpatient_package");
  auto community = GetPackage(spec.community_package);
  if (!community.ok()) return community.status().WithContext("community_package");
  if (spec.inpatient_package == spec.community_package) {
    return InvalidArgument("the inpatient placement and the community package must be two packages",
                           "community_package");
  }
  if (agreement_.FindLine(inpatient->spec.line)->category != Category::kTransition) {
    return InvalidArgument("the inpatient placement " + spec.inpatient_package + " is on line " +
                               inpatient->spec.line + ", not a transition line",
                           "inpatient_package");
  }
  const Category cc = agreement_.FindLine(community->spec.line)->category;
  if (cc != Category::kPackage && cc != Category::kTransition) {
    return InvalidArgument("the community package must be on a package or transition line",
                           "community_package");
  }
  for (const Package* p : {&*inpatient, &*community}) {
    if (p->spec.person != spec.person) {
      return InvalidArgument("package " + p->spec.id + " is for " + p->spec.person + ", not " + spec.person,
                             "person");
    }
  }
  if (spec.planned_end < community->spec.start) {
    return InvalidArgument("the planned end of dual-running (" + spec.planned_end.ToString() +
                               ") is before the community package starts (" +
                               community->spec.start.ToString() + ")",
                           "planned_end");
  }
  if (auto existing = GetTransition(spec.id); existing.ok()) {
    const TransitionSpec& s = existing->spec;
    if (s.person == spec.person && s.inpatient_package == spec.inpatient_package &&
        s.community_package == spec.community_package && s.planned_end == spec.planned_end) {
      existing->replayed = true;  // a retry
      return existing;
    }
    return Aborted("transition " + Q(spec.id) + " already exists with other terms", "id");
  } else if (existing.status().code() != Code::kNotFound) {
    return existing.status();
  }
  try {
    store::WriteTransaction tx(journal_.db());
    const store::TransitionRow row{spec.id, spec.person, spec.inpatient_package, spec.community_package,
                                   spec.planned_end};
    store::InsertTransition(journal_.db(), row, store::UtcTimestamp(journal_.Now()), user);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "recording transition " + Q(spec.id));
  }
  return Compute(*this, spec);
}

StatusOr<Transition> Fund::GetTransition(const std::string& id) {
  TransitionSpec spec;
  try {
    auto row = store::FindTransition(journal_.db(), id);
    if (!row) return NotFound("there is no transition " + Q(id), "id");
    spec = TransitionSpec{row->id, row->person, row->inpatient_package, row->community_package,
                          row->planned_end};
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading transition " + Q(id));
  }
  return Compute(*this, spec);
}

StatusOr<std::vector<Transition>> Fund::Transitions(const std::optional<std::string>& as_at) {
  std::vector<store::TransitionRow> rows;
  try {
    rows = store::AllTransitions(journal_.db(), as_at);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "listing transitions");
  }
  std::vector<Transition> out;
  if (rows.empty()) return out;
  auto packages = Packages(as_at);
  if (!packages.ok()) return packages.status();
  std::map<std::string, const Package*> by_id;
  for (const Package& p : *packages) by_id[p.spec.id] = &p;
  for (const store::TransitionRow& r : rows) {
    const TransitionSpec spec{r.id, r.person, r.inpatient_package, r.community_package, r.planned_end};
    const auto inpatient = by_id.find(r.inpatient_package), community = by_id.find(r.community_package);
    if (inpatient == by_id.end() || community == by_id.end())
      return NotFound("transition " + Q(r.id) + " names a package there is no record of");
    auto t = Compute(*this, spec, *inpatient->second, *community->second);
    if (!t.ok()) return t.status();
    out.push_back(std::move(*t));
  }
  return out;
}

}  // namespace poolbook::fund
