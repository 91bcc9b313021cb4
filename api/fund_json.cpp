#include "api/fund_json.h"

namespace poolbook::api {

using nlohmann::json;

namespace {

// A decimal ("37.5") when the quantity has one of at most 6 places, so it reads back as given;
// otherwise the exact fraction ("100/3").
std::string RationalText(const Rational& r) {
  if (denominator(r) == 1) return numerator(r).str();
  boost::multiprecision::cpp_int scale = 1;
  for (int places = 1; places <= 6; ++places) {
    scale *= 10;
    const Rational scaled = r * scale;
    if (denominator(scaled) != 1) continue;
    const boost::multiprecision::cpp_int whole = boost::multiprecision::abs(numerator(scaled));
    std::string digits = whole.str();
    if (digits.size() <= static_cast<std::size_t>(places)) digits.insert(0, places + 1 - digits.size(), '0');
    digits.insert(digits.size() - places, ".");
    return (r < 0 ? "-" : "") + digits;
  }
  return numerator(r).str() + "/" + denominator(r).str();
}

json SplitJson(const std::map<std::string, Rational>& split) {
  json j = json::object();
  for (const auto& [partner, w] : split) j[partner] = RationalText(w);
  return j;
}

json Opt(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json PositionJson(const fund::PartnerPosition& p) {
  return {{"partner", p.partner},
          {"brought_forward", p.brought_forward.ToString()},
          {"received", p.received.ToString()},
          {"spent", p.spent.ToString()},
          {"settled", p.settled.ToString()},
          {"pool", p.pool.ToString()}};
}

json ContributionJson(const fund::ContributionLine& c) {
  return {{"partner", c.partner},
          {"agreed", c.agreed.ToString()},
          {"varied", c.varied.ToString()},
          {"due", c.due.ToString()},
          {"received", c.received.ToString()},
          {"outstanding", c.outstanding.ToString()}};
}

json VariationJson(const fund::ContributionVariation& v) {
  return {{"partner", v.partner},         {"seq", v.seq},
          {"reference", v.reference},     {"amount", v.amount.ToString()},
          {"due", v.due.ToString()},      {"reason", v.reason},
          {"recorded_by", v.recorded_by}, {"recorded_at", v.recorded_at},
          {"entry_id", v.entry_id}};
}

json ForecastJson(const fund::LineForecast& f) {
  return {{"line", f.line},
          {"category", fund::CategoryName(f.category)},
          {"original", f.original.ToString()},
          {"virements", f.virements.ToString()},
          {"revised", f.revised.ToString()},
          {"actual", f.actual.ToString()},
          {"accruals", f.accruals.ToString()},
          {"commitments", f.commitments.ToString()},
          {"forecast", f.forecast.ToString()},
          {"variance", f.variance.ToString()},
          {"variance_percent", f.variance_percent},
          {"future_years", f.future_years.ToString()}};
}

json VirementJson(const fund::Virement& v) {
  json j = {{"id", v.id},
            {"reference", v.reference},
            {"from_line", v.from_line},
            {"to_line", v.to_line},
            {"amount", v.amount.ToString()},
            {"reason", v.reason},
            {"date", v.date.ToString()},
            {"requested_by", v.requested_by},
            {"requested_at", v.requested_at},
            {"state", fund::VirementStateName(v.state)},
            {"decided_by", Opt(v.decided_by)},
            {"decided_at", Opt(v.decided_at)},
            {"decision_note", Opt(v.decision_note)}};
  j["entry_id"] = v.entry_id ? json(*v.entry_id) : json(nullptr);
  j["undo_entry_id"] = v.undo_entry_id ? json(*v.undo_entry_id) : json(nullptr);
  j["undone_by"] = Opt(v.undone_by);
  j["undone_at"] = Opt(v.undone_at);
  j["undo_reason"] = Opt(v.undo_reason);
  return j;
}

json RiskShareJson(const fund::RiskShareStatement& rs) {
  json risk = {{"year", Period{rs.year, 4}.FinancialYearLabel()},
               {"rule", rs.rule},
               {"budget", rs.budget.ToString()},
               {"actual", rs.actual.ToString()},
               {"variance", rs.variance.ToString()},
               {"capped", rs.capped.ToString()},
               {"settled", rs.settled},
               {"preview", !rs.settled},
               {"signed_off_by", rs.settled ? json(rs.signed_off_by) : json(nullptr)},
               {"signed_off_at", rs.settled ? json(rs.signed_off_at) : json(nullptr)},
               {"derivation", rs.derivation},
               {"partners", json::array()}};
  if (rs.entry_id) risk["entry_id"] = *rs.entry_id;
  for (const fund::RiskShareLine& l : rs.partners) {
    json j = {{"partner", l.partner},
              {"percent", l.percent},
              {"budget", l.budget.ToString()},
              {"spent", l.spent.ToString()},
              {"share", l.share.ToString()},
              {"share_uncapped", l.share_uncapped.ToString()},
              {"settlement", l.settlement.ToString()},
              {"received", l.received.ToString()},
              {"brought_forward", l.brought_forward.ToString()},
              {"carried_forward", l.carried_forward.ToString()}};
    j["cap"] = l.cap ? json(l.cap->ToString()) : json(nullptr);
    risk["partners"].push_back(j);
  }
  return risk;
}

json PackageJson(const fund::Package& p) {
  const fund::PackageSpec& s = p.spec;
  json amendments = json::array();
  for (const fund::TermChange& c : p.amendments) {
    amendments.push_back({{"from", c.from.ToString()},
                          {"rate", c.rate.ToString()},
                          {"units_per_week", RationalText(c.units_per_week)},
                          {"change", c.change.ToString()},
                          {"reason", c.reason}});
  }
  return {{"id", s.id},
          {"person", s.person},
          {"provider", s.provider},
          {"line", s.line},
          {"rate", s.rate.ToString()},
          {"unit", fund::UnitName(s.unit)},
          {"units_per_week", RationalText(s.units_per_week)},
          {"start", s.start.ToString()},
          {"end", s.OpenEnded() ? json(nullptr) : json(s.end.ToString())},
          {"open_ended", s.OpenEnded()},
          {"review", s.review ? json(s.review->ToString()) : json(nullptr)},
          {"split", SplitJson(s.split)},
          {"committed", p.committed.ToString()},
          {"paid", p.paid.ToString()},
          {"remaining", p.remaining.ToString()},
          {"future_years", p.future_years.ToString()},
          {"ended", p.ended},
          {"cancelled", p.cancelled},
          {"commissioned", p.commissioned.ToString()},
          {"crisis", p.crisis},
          {"needs_approval", p.needs_approval},
          {"approved_by", Opt(p.approved_by)},
          {"approved_at", Opt(p.approved_at)},
          {"amendments", amendments}};
}

json PhbJson(const fund::Phb& p) {
  const fund::PhbSpec& s = p.spec;
  json j = {{"id", s.id},
            {"person", s.person},
            {"line", s.line},
            {"mode", fund::PhbModeName(s.mode)},
            {"indicative", s.indicative.ToString()},
            {"agreed", s.agreed.ToString()},
            {"start", s.start.ToString()},
            {"end", s.end.ToString()},
            {"review", s.review.ToString()},
            {"split", SplitJson(s.split)},
            {"committed", p.committed.ToString()},
            {"paid", p.paid.ToString()},
            {"remaining", p.remaining.ToString()},
            {"future_years", p.future_years.ToString()},
            {"held", p.held.ToString()},
            {"recovered", p.recovered.ToString()},
            {"surplus", p.surplus.ToString()},
            {"weeks_held", RationalText(p.weeks_held)}};
  j["held_reported"] = p.held_reported ? json(p.held_reported->ToString()) : json(nullptr);
  return j;
}

json RecoveryJson(const fund::Recovery& r) {
  json j = {{"id", r.id},
            {"reference", r.reference},
            {"phb", r.phb_id},
            {"amount", r.amount.ToString()},
            {"ground", fund::RecoveryGroundName(r.ground)},
            {"detail", r.detail},
            {"state", fund::RecoveryStateName(r.state)},
            {"decided_by", r.decided_by},
            {"decided_at", r.decided_at},
            {"reconsideration", Opt(r.reconsideration)}};
  j["entry_id"] = r.entry_id ? json(*r.entry_id) : json(nullptr);
  return j;
}

json CrisisJson(const fund::CrisisFlag& c, bool with_person) {
  json j = {{"package", c.package_id},
            {"line", c.line},
            {"provider", c.provider},
            {"commissioned", c.commissioned.ToString()},
            {"days_waiting", c.days_waiting},
            {"overdue", c.overdue},
            {"committed", c.committed.ToString()}};
  if (with_person) j["person"] = c.person;
  return j;
}

json TransitionJson(const fund::Transition& t, bool with_person) {
  json j = {{"id", t.spec.id},
            {"inpatient_package", t.spec.inpatient_package},
            {"community_package", t.spec.community_package},
            {"inpatient_provider", t.inpatient_provider},
            {"community_start", t.community_start.ToString()},
            {"planned_end", t.spec.planned_end.ToString()},
            {"overlap_days", t.overlap_days},
            {"overlap_cost", t.overlap_cost.ToString()},
            {"overrun", t.overrun}};
  j["overlap_start"] = t.overlap_start ? json(t.overlap_start->ToString()) : json(nullptr);
  j["overlap_end"] = t.overlap_end ? json(t.overlap_end->ToString()) : json(nullptr);
  j["overlap_cost_by_partner"] = json::object();
  for (const auto& [partner, part] : t.overlap_cost_by_partner)
    j["overlap_cost_by_partner"][partner] = part.ToString();
  if (with_person) j["person"] = t.spec.person;
  return j;
}

json ReceiptJson(const Receipt& r) { return {{"id", r.id}, {"hash", r.hash}, {"replayed", r.replayed}}; }

StatusOr<json> FundStatusJson(fund::Fund& fund, const Date& as_of) {
  const fund::Agreement& a = fund.agreement();
  json out;
  out["fund"] = {{"name", a.name},
                 {"year", Period{a.year, 4}.FinancialYearLabel()},
                 {"host", a.host},
                 {"lead_budget_holder", a.lead_budget_holder},
                 {"as_at", as_of.ToString()}};
  auto positions = fund.Positions();
  if (!positions.ok()) return positions.status();
  out["partners"] = json::array();
  for (const auto& p : *positions) out["partners"].push_back(PositionJson(p));
  auto contributions = fund.ContributionsStatement();
  if (!contributions.ok()) return contributions.status();
  out["contributions"] = json::array();
  for (const auto& c : *contributions) out["contributions"].push_back(ContributionJson(c));
  auto forecast = fund.Forecast(as_of);
  if (!forecast.ok()) return forecast.status();
  out["lines"] = json::array();
  for (const auto& f : *forecast) out["lines"].push_back(ForecastJson(f));
  auto virements = fund.VirementRegister();
  if (!virements.ok()) return virements.status();
  out["virements"] = json::array();
  for (const auto& v : *virements) out["virements"].push_back(VirementJson(v));
  auto crises = fund.UnapprovedCrises(as_of, false);
  if (!crises.ok()) return crises.status();
  out["crises_awaiting_approval"] = json::array();
  for (const auto& c : *crises) out["crises_awaiting_approval"].push_back(CrisisJson(c, false));
  auto transitions = fund.Transitions();
  if (!transitions.ok()) return transitions.status();
  out["transitions"] = json::array();
  for (const auto& t : *transitions) out["transitions"].push_back(TransitionJson(t, false));
  auto rs = fund.RiskShare();
  if (!rs.ok()) return rs.status();
  out["risk_share"] = RiskShareJson(*rs);
  return out;
}

}  // namespace poolbook::api
