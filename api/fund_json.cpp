#include "api/fund_json.h"

namespace poolbook::api {

using nlohmann::json;

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
  for (const fund::PartnerPosition& p : *positions) {
    out["partners"].push_back({{"partner", p.partner},
                               {"brought_forward", p.brought_forward.ToString()},
                               {"received", p.received.ToString()},
                               {"spent", p.spent.ToString()},
                               {"settled", p.settled.ToString()},
                               {"pool", p.pool.ToString()}});
  }
  auto contributions = fund.ContributionsStatement();
  if (!contributions.ok()) return contributions.status();
  out["contributions"] = json::array();
  for (const fund::ContributionLine& c : *contributions) {
    out["contributions"].push_back({{"partner", c.partner},
                                    {"agreed", c.agreed.ToString()},
                                    {"varied", c.varied.ToString()},
                                    {"due", c.due.ToString()},
                                    {"received", c.received.ToString()},
                                    {"outstanding", c.outstanding.ToString()}});
  }
  auto forecast = fund.Forecast(as_of);
  if (!forecast.ok()) return forecast.status();
  out["lines"] = json::array();
  for (const fund::LineForecast& f : *forecast) {
    out["lines"].push_back({{"line", f.line},
                            {"category", fund::CategoryName(f.category)},
                            {"original", f.original.ToString()},
                            {"virements", f.virements.ToString()},
                            {"revised", f.revised.ToString()},
                            {"actual", f.actual.ToString()},
                            {"accruals", f.accruals.ToString()},
                            {"commitments", f.commitments.ToString()},
                            {"forecast", f.forecast.ToString()},
                            {"variance", f.variance.ToString()},
                            {"variance_percent", f.variance_percent}});
  }
  auto virements = fund.VirementRegister();
  if (!virements.ok()) return virements.status();
  out["virements"] = json::array();
  for (const fund::Virement& v : *virements) {
    json j = {{"id", v.id},
              {"from_line", v.from_line},
              {"to_line", v.to_line},
              {"amount", v.amount.ToString()},
              {"reason", v.reason},
              {"date", v.date.ToString()},
              {"requested_by", v.requested_by},
              {"state", fund::VirementStateName(v.state)},
              {"decided_by", v.decided_by},
              {"decided_at", v.decided_at}};
    if (v.entry_id) j["entry_id"] = *v.entry_id;
    out["virements"].push_back(j);
  }
  auto crises = fund.UnapprovedCrises(as_of, false);
  if (!crises.ok()) return crises.status();
  out["crises_awaiting_approval"] = json::array();
  for (const fund::CrisisFlag& c : *crises) {
    out["crises_awaiting_approval"].push_back({{"package", c.package_id},
                                               {"line", c.line},
                                               {"commissioned", c.commissioned.ToString()},
                                               {"days_waiting", c.days_waiting},
                                               {"overdue", c.overdue},
                                               {"committed", c.committed.ToString()}});
  }
  auto transitions = fund.Transitions();
  if (!transitions.ok()) return transitions.status();
  out["transitions"] = json::array();
  for (const fund::Transition& t : *transitions) {
    json j = {{"id", t.spec.id},
              {"inpatient_provider", t.inpatient_provider},
              {"community_start", t.community_start.ToString()},
              {"planned_end", t.spec.planned_end.ToString()},
              {"overlap_days", t.overlap_days},
              {"overlap_cost", t.overlap_cost.ToString()},
              {"overrun", t.overrun}};
    for (const auto& [partner, part] : t.overlap_cost_by_partner)
      j["overlap_cost_by_partner"][partner] = part.ToString();
    out["transitions"].push_back(j);
  }
  auto rs = fund.RiskShare();
  if (!rs.ok()) return rs.status();
  json risk = {{"rule", rs->rule},
               {"budget", rs->budget.ToString()},
               {"actual", rs->actual.ToString()},
               {"variance", rs->variance.ToString()},
               {"capped", rs->capped.ToString()},
               {"settled", rs->entry_id.has_value()},
               {"derivation", rs->derivation},
               {"partners", json::array()}};
  for (const fund::RiskShareLine& l : rs->partners) {
    json j = {{"partner", l.partner},
              {"percent", l.percent},
              {"budget", l.budget.ToString()},
              {"spent", l.spent.ToString()},
              {"share", l.share.ToString()},
              {"share_uncapped", l.share_uncapped.ToString()},
              {"settlement", l.settlement.ToString()},
              {"received", l.received.ToString()},
              {"carried_forward", l.carried_forward.ToString()}};
    if (l.cap) j["cap"] = l.cap->ToString();
    risk["partners"].push_back(j);
  }
  out["risk_share"] = risk;
  return out;
}

}  // namespace poolbook::api
