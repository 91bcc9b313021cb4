#include "ledger/fund/agreement_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ledger/limits.h"

namespace poolbook::fund {
namespace {

using json = nlohmann::json;

std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Reads typed members of one JSON object, remembering the path for messages
// ("contributions[1].instalments[0].amount: ...").
class Reader {
 public:
  Reader(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  Status Object() const {
    if (!j_.is_object()) return InvalidArgument(Where() + "must be an object", path_);
    return Status();
  }
  std::string Field(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }
  const json* Find(std::string_view name) const {
    auto it = j_.find(std::string(name));
    return it == j_.end() ? nullptr : &*it;
  }
  Status String(std::string_view name, std::string& out, bool required = true) const {
    const json* v = Find(name);
    if (!v) return required ? InvalidArgument(Field(name) + " is missing", Field(name)) : Status();
    if (!v->is_string()) return InvalidArgument(Field(name) + " must be text", Field(name));
    out = v->get<std::string>();
    return Status();
  }
  Status Amount(std::string_view name, Money& out, bool required = true) const {
    const json* v = Find(name);
    if (!v) return required ? InvalidArgument(Field(name) + " is missing", Field(name)) : Status();
    if (v->is_number()) {
      return InvalidArgument(
          Field(name) + " must be an amount in a string, like \"12.50\", not a JSON number", Field(name));
    }
    if (!v->is_string())
      return InvalidArgument(Field(name) + " must be an amount like \"12.50\"", Field(name));
    auto m = Money::Parse(v->get<std::string>());
    if (!m.ok()) return InvalidArgument(Field(name) + ": " + m.status().message(), Field(name));
    out = *m;
    return Status();
  }
  Status Int(std::string_view name, int& out, int lo, int hi, bool required = true) const {
    const json* v = Find(name);
    if (!v) return required ? InvalidArgument(Field(name) + " is missing", Field(name)) : Status();
    if (!v->is_number_integer() || v->get<long long>() < lo || v->get<long long>() > hi) {
      return InvalidArgument(
          Field(name) + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi),
          Field(name));
    }
    out = static_cast<int>(v->get<long long>());
    return Status();
  }
  Status Bool(std::string_view name, bool& out) const {
    const json* v = Find(name);
    if (!v) return Status();
    if (!v->is_boolean()) return InvalidArgument(Field(name) + " must be true or false", Field(name));
    out = v->get<bool>();
    return Status();
  }
  Status Array(std::string_view name, const json*& out, std::size_t max) const {
    const json* v = Find(name);
    if (!v) return InvalidArgument(Field(name) + " is missing", Field(name));
    if (!v->is_array()) return InvalidArgument(Field(name) + " must be a list", Field(name));
    if (v->size() > max) {
      return InvalidArgument(Field(name) + " has " + std::to_string(v->size()) + " items; at most " +
                                 std::to_string(max) + " are allowed",
                             Field(name));
    }
    out = v;
    return Status();
  }
  // Refuses members the format does not know, so a misspelt "lead_budget_holdr" is not ignored.
  Status OnlyKnown(std::initializer_list<std::string_view> known) const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || it.key() == k;
      if (!ok)
        return InvalidArgument(Field(it.key()) + " is not a setting the fund file knows", Field(it.key()));
    }
    return Status();
  }

 private:
  std::string Where() const { return path_.empty() ? "the fund file " : path_ + " "; }
  const json& j_;
  std::string path_;
};

// "60", "33.5", "12.125": a non-negative decimal with up to four places, as an exact rational.
StatusOr<Rational> ParsePercent(const std::string& text, const std::string& field) {
  std::size_t dot = text.find('.');
  std::string whole = text.substr(0, dot), frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 3 || !digits(whole) || frac.size() > 4 || !digits(frac) ||
      (dot != std::string::npos && frac.empty())) {
    return InvalidArgument(field + ": " + Q(text) + " is not a percentage like \"60\" or \"33.5\"", field);
  }
  Rational r(std::stoi(whole));
  if (!frac.empty()) {
    long long den = 1;
    for (std::size_t i = 0; i < frac.size(); ++i) den *= 10;
    r += Rational(std::stoll(frac), den);
  }
  return r;
}

StatusOr<PartnerKind> ParseKind(const Reader& r) {
  std::string kind = "other";
  POOLBOOK_RETURN_IF_ERROR(r.String("kind", kind, /*required=*/false));
  if (kind == "icb") return PartnerKind::kIcb;
  if (kind == "council") return PartnerKind::kCouncil;
  if (kind == "other") return PartnerKind::kOther;
  return InvalidArgument(r.Field("kind") + ": " + Q(kind) + " is not one of icb, council, other",
                         r.Field("kind"));
}

// The only partner marked `what` ("host"), if any; two are refused.
StatusOr<std::string> OnlyOne(const std::vector<std::string>& marked, const std::string& what) {
  if (marked.size() > 1) {
    return InvalidArgument("partners " + Q(marked[0]) + " and " + Q(marked[1]) + " are both marked as " +
                               what + "; a fund has exactly one",
                           "partners");
  }
  return marked.empty() ? std::string() : marked[0];
}

Status ReadPartners(const Reader& top, Agreement& a) {
  const json* partners = nullptr;
  POOLBOOK_RETURN_IF_ERROR(top.Array("partners", partners, kPartnersMax));
  std::vector<std::string> leads, hosts;
  for (std::size_t i = 0; i < partners->size(); ++i) {
    Reader r((*partners)[i], "partners[" + std::to_string(i) + "]");
    POOLBOOK_RETURN_IF_ERROR(r.Object());
    POOLBOOK_RETURN_IF_ERROR(r.OnlyKnown({"code", "name", "kind", "host", "lead_budget_holder"}));
    AgreementPartner p;
    POOLBOOK_RETURN_IF_ERROR(r.String("code", p.code));
    POOLBOOK_RETURN_IF_ERROR(r.String("name", p.name));
    auto kind = ParseKind(r);
    if (!kind.ok()) return kind.status();
    p.kind = *kind;
    bool host = false, lead = false;
    POOLBOOK_RETURN_IF_ERROR(r.Bool("host", host));
    POOLBOOK_RETURN_IF_ERROR(r.Bool("lead_budget_holder", lead));
    if (host) hosts.push_back(p.code);
    if (lead) leads.push_back(p.code);
    a.partners.push_back(std::move(p));
  }
  auto lead = OnlyOne(leads, "lead budget holder");
  if (!lead.ok()) return lead.status();
  auto host = OnlyOne(hosts, "host");
  if (!host.ok()) return host.status();
  a.lead_budget_holder = *lead;
  a.host = *host;
  return Status();
}

Status ReadLines(const Reader& top, Agreement& a) {
  const json* lines = nullptr;
  POOLBOOK_RETURN_IF_ERROR(top.Array("lines", lines, kLinesMax));
  for (std::size_t i = 0; i < lines->size(); ++i) {
    Reader r((*lines)[i], "lines[" + std::to_string(i) + "]");
    POOLBOOK_RETURN_IF_ERROR(r.Object());
    POOLBOOK_RETURN_IF_ERROR(r.OnlyKnown({"code", "name", "category", "budget"}));
    Line l;
    std::string category;
    POOLBOOK_RETURN_IF_ERROR(r.String("code", l.code));
    POOLBOOK_RETURN_IF_ERROR(r.String("name", l.name));
    POOLBOOK_RETURN_IF_ERROR(r.String("category", category));
    auto c = ParseCategory(category);
    if (!c.ok())
      return InvalidArgument(r.Field("category") + ": " + c.status().message(), r.Field("category"));
    l.category = *c;
    POOLBOOK_RETURN_IF_ERROR(r.Amount("budget", l.budget));
    a.lines.push_back(std::move(l));
  }
  return Status();
}

Status ReadInstalments(const Reader& r, Contribution& c) {
  const json* ins = nullptr;
  POOLBOOK_RETURN_IF_ERROR(r.Array("instalments", ins, kInstalmentsMax));
  for (std::size_t k = 0; k < ins->size(); ++k) {
    Reader ri((*ins)[k], r.Field("instalments") + "[" + std::to_string(k) + "]");
    POOLBOOK_RETURN_IF_ERROR(ri.Object());
    POOLBOOK_RETURN_IF_ERROR(ri.OnlyKnown({"due", "amount"}));
    Instalment in;
    std::string due;
    POOLBOOK_RETURN_IF_ERROR(ri.String("due", due));
    auto d = Date::Parse(due);
    if (!d.ok()) return InvalidArgument(ri.Field("due") + ": " + d.status().message(), ri.Field("due"));
    in.due = *d;
    POOLBOOK_RETURN_IF_ERROR(ri.Amount("amount", in.amount));
    c.instalments.push_back(in);
  }
  return Status();
}

Status ReadContributions(const Reader& top, Agreement& a) {
  const json* contributions = nullptr;
  POOLBOOK_RETURN_IF_ERROR(top.Array("contributions", contributions, kPartnersMax));
  for (std::size_t i = 0; i < contributions->size(); ++i) {
    Reader r((*contributions)[i], "contributions[" + std::to_string(i) + "]");
    POOLBOOK_RETURN_IF_ERROR(r.Object());
    POOLBOOK_RETURN_IF_ERROR(r.OnlyKnown({"partner", "agreed", "instalments"}));
    Contribution c;
    POOLBOOK_RETURN_IF_ERROR(r.String("partner", c.partner));
    POOLBOOK_RETURN_IF_ERROR(r.Amount("agreed", c.agreed));
    POOLBOOK_RETURN_IF_ERROR(ReadInstalments(r, c));
    a.contributions.push_back(std::move(c));
  }
  return Status();
}

// An object of partner -> amount ("brought_forward", "risk_share.cap") into `out`.
Status ReadAmounts(const json& j, const std::string& path, std::map<std::string, Money>& out) {
  Reader r(j, path);
  for (auto it = j.begin(); it != j.end(); ++it) {
    Money m;
    POOLBOOK_RETURN_IF_ERROR(r.Amount(it.key(), m));
    out[it.key()] = m;
  }
  return Status();
}

Status ReadPercentages(const json& pct, RiskShare& rs) {
  if (!pct.is_object()) return InvalidArgument("risk_share.percent must map partners to percentages");
  for (auto it = pct.begin(); it != pct.end(); ++it) {
    const std::string f = "risk_share.percent." + it.key();
    if (!it->is_string()) return InvalidArgument(f + " must be a percentage in a string, like \"60\"", f);
    auto p = ParsePercent(it->get<std::string>(), f);
    if (!p.ok()) return p.status();
    rs.percent[it.key()] = *p;
  }
  return Status();
}

Status ReadRiskShare(const Reader& top, Agreement& a) {
  const json* rs = top.Find("risk_share");
  if (!rs)
    return InvalidArgument("risk_share is missing: say how a year-end variance is shared", "risk_share");
  Reader r(*rs, "risk_share");
  POOLBOOK_RETURN_IF_ERROR(r.Object());
  POOLBOOK_RETURN_IF_ERROR(r.OnlyKnown({"rule", "percent", "cap"}));
  std::string rule;
  POOLBOOK_RETURN_IF_ERROR(r.String("rule", rule));
  if (rule == "proportional") {
    a.risk_share.rule = RiskRule::kProportional;
  } else if (rule == "fixed") {
    a.risk_share.rule = RiskRule::kFixed;
  } else {
    return InvalidArgument("risk_share.rule: " + Q(rule) + " is not one of proportional, fixed",
                           "risk_share.rule");
  }
  if (const json* pct = r.Find("percent")) POOLBOOK_RETURN_IF_ERROR(ReadPercentages(*pct, a.risk_share));
  if (const json* cap = r.Find("cap")) {
    if (!cap->is_object()) return InvalidArgument("risk_share.cap must map partners to amounts");
    POOLBOOK_RETURN_IF_ERROR(ReadAmounts(*cap, "risk_share.cap", a.risk_share.cap));
  }
  return Status();
}

}  // namespace

StatusOr<Agreement> AgreementFromJson(const json& j) {
  Agreement a;
  Reader top(j, "");
  POOLBOOK_RETURN_IF_ERROR(top.Object());
  POOLBOOK_RETURN_IF_ERROR(
      top.OnlyKnown({"name", "year", "partners", "lines", "contributions", "virement_threshold", "risk_share",
                     "phb_surplus_weeks", "crisis_approval_days", "brought_forward"}));
  POOLBOOK_RETURN_IF_ERROR(top.String("name", a.name));
  POOLBOOK_RETURN_IF_ERROR(top.Int("year", a.year, limits::kYearMin, limits::kYearMax - 1));
  POOLBOOK_RETURN_IF_ERROR(ReadPartners(top, a));
  POOLBOOK_RETURN_IF_ERROR(ReadLines(top, a));
  POOLBOOK_RETURN_IF_ERROR(ReadContributions(top, a));
  POOLBOOK_RETURN_IF_ERROR(top.Amount("virement_threshold", a.virement_threshold));
  POOLBOOK_RETURN_IF_ERROR(ReadRiskShare(top, a));
  POOLBOOK_RETURN_IF_ERROR(top.Int("phb_surplus_weeks", a.phb_surplus_weeks, 1, 52, /*required=*/false));
  POOLBOOK_RETURN_IF_ERROR(
      top.Int("crisis_approval_days", a.crisis_approval_days, 0, 90, /*required=*/false));
  if (const json* bf = top.Find("brought_forward")) {
    if (!bf->is_object())
      return InvalidArgument("brought_forward must map partners to amounts", "brought_forward");
    POOLBOOK_RETURN_IF_ERROR(ReadAmounts(*bf, "brought_forward", a.brought_forward));
  }
  POOLBOOK_RETURN_IF_ERROR(Validate(a));
  return a;
}

json AgreementToJson(const Agreement& a) {
  json j;
  j["name"] = a.name;
  j["year"] = a.year;
  j["partners"] = json::array();
  for (const AgreementPartner& p : a.partners) {
    json jp = {{"code", p.code}, {"name", p.name}};
    jp["kind"] = p.kind == PartnerKind::kIcb ? "icb" : p.kind == PartnerKind::kCouncil ? "council" : "other";
    if (p.code == a.host) jp["host"] = true;
    if (p.code == a.lead_budget_holder) jp["lead_budget_holder"] = true;
    j["partners"].push_back(jp);
  }
  j["lines"] = json::array();
  for (const Line& l : a.lines) {
    j["lines"].push_back({{"code", l.code},
                          {"name", l.name},
                          {"category", CategoryName(l.category)},
                          {"budget", l.budget.ToString()}});
  }
  j["contributions"] = json::array();
  for (const Contribution& c : a.contributions) {
    json jc = {{"partner", c.partner}, {"agreed", c.agreed.ToString()}, {"instalments", json::array()}};
    for (const Instalment& in : c.instalments) {
      jc["instalments"].push_back({{"due", in.due.ToString()}, {"amount", in.amount.ToString()}});
    }
    j["contributions"].push_back(jc);
  }
  j["virement_threshold"] = a.virement_threshold.ToString();
  json rs = {{"rule", a.risk_share.rule == RiskRule::kFixed ? "fixed" : "proportional"}};
  if (!a.risk_share.percent.empty()) {
    for (const auto& [p, pct] : a.risk_share.percent) rs["percent"][p] = PercentText(pct);
  }
  if (!a.risk_share.cap.empty()) {
    for (const auto& [p, cap] : a.risk_share.cap) rs["cap"][p] = cap.ToString();
  }
  j["risk_share"] = rs;
  j["phb_surplus_weeks"] = a.phb_surplus_weeks;
  j["crisis_approval_days"] = a.crisis_approval_days;
  for (const auto& [p, m] : a.brought_forward) j["brought_forward"][p] = m.ToString();
  return j;
}

}  // namespace poolbook::fund
