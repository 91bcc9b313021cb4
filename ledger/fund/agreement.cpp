#include "ledger/fund/agreement.h"

#include <nlohmann/json.hpp>
#include <set>

#include "ledger/entry.h"
#include "ledger/limits.h"

namespace poolbook::fund {
namespace {

using json = nlohmann::json;

std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }

const char* const kCategoryNames[] = {"phb", "package", "transition", "crisis", "other"};

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

std::string PercentText(const Rational& r) {
  // Exact for the up-to-four-places values ParsePercent accepts.
  using boost::multiprecision::cpp_int;
  cpp_int scaled = numerator(r) * 10000 / denominator(r);
  std::string whole = cpp_int(scaled / 10000).str(), frac = cpp_int(scaled % 10000).str();
  if (frac == "0") return whole;
  frac = std::string(4 - frac.size(), '0') + frac;
  while (frac.back() == '0') frac.pop_back();
  return whole + "." + frac;
}

}  // namespace

const char* CategoryName(Category c) { return kCategoryNames[static_cast<int>(c)]; }

StatusOr<Category> ParseCategory(std::string_view text) {
  for (int i = 0; i < 5; ++i) {
    if (text == kCategoryNames[i]) return static_cast<Category>(i);
  }
  return InvalidArgument("category " + Q(text) + " is not one of phb, package, transition, crisis, other");
}

const Line* Agreement::FindLine(std::string_view code) const {
  for (const Line& l : lines) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

const Contribution* Agreement::FindContribution(std::string_view partner) const {
  for (const Contribution& c : contributions) {
    if (c.partner == partner) return &c;
  }
  return nullptr;
}

std::vector<Rational> Agreement::ContributionShares() const {
  std::vector<Rational> w;
  for (const AgreementPartner& p : partners) {
    const Contribution* c = FindContribution(p.code);
    w.emplace_back(c ? Rational(c->agreed.pence()) : Rational(0));
  }
  return w;
}

std::vector<Rational> Agreement::BudgetShares() const {
  std::vector<Rational> w;
  for (const AgreementPartner& p : partners) {
    const Contribution* c = FindContribution(p.code);
    Money m = c ? c->agreed : Money();
    if (auto it = brought_forward.find(p.code); it != brought_forward.end()) m += it->second;
    w.emplace_back(m.sign() > 0 ? Rational(m.pence()) : Rational(0));
  }
  return w;
}

Status Validate(const Agreement& a) {
  POOLBOOK_RETURN_IF_ERROR(CheckText(a.name, kFundNameBytesMax, "the fund's name"));
  if (a.name.empty()) return InvalidArgument("the fund needs a name", "name");
  if (a.year < limits::kYearMin || a.year >= limits::kYearMax) {
    return InvalidArgument("year " + std::to_string(a.year) + " is not a financial year poolbook can hold",
                           "year");
  }
  if (a.partners.size() < 2) {
    return InvalidArgument(
        "a pooled fund needs two or more partners; this one has " + std::to_string(a.partners.size()),
        "partners");
  }
  if (a.partners.size() > kPartnersMax) {
    return InvalidArgument("a fund may have at most " + std::to_string(kPartnersMax) + " partners",
                           "partners");
  }
  std::set<std::string> codes;
  for (std::size_t i = 0; i < a.partners.size(); ++i) {
    const std::string f = "partners[" + std::to_string(i) + "]";
    POOLBOOK_RETURN_IF_ERROR(CheckPartnerCode(a.partners[i].code).WithContext(f + ".code"));
    POOLBOOK_RETURN_IF_ERROR(CheckText(a.partners[i].name, limits::kPartnerNameBytesMax, "the partner's name")
                                 .WithContext(f + ".name"));
    if (!codes.insert(a.partners[i].code).second) {
      return InvalidArgument(f + ".code: partner " + Q(a.partners[i].code) + " is listed twice", f + ".code");
    }
  }
  if (a.lead_budget_holder.empty()) {
    return InvalidArgument(
        "no partner is marked as lead budget holder; a fund has exactly one (set \"lead_budget_holder\": "
        "true "
        "on one partner)",
        "partners");
  }
  if (!codes.count(a.lead_budget_holder)) {
    return InvalidArgument("the lead budget holder " + Q(a.lead_budget_holder) + " is not a partner",
                           "partners");
  }
  if (a.host.empty()) {
    return InvalidArgument(
        "no partner is marked as host; a fund has exactly one (set \"host\": true on one partner)",
        "partners");
  }
  if (!codes.count(a.host)) return InvalidArgument("the host " + Q(a.host) + " is not a partner", "partners");

  if (a.lines.empty()) return InvalidArgument("the fund needs at least one budget line", "lines");
  if (a.lines.size() > kLinesMax) {
    return InvalidArgument("a fund may have at most " + std::to_string(kLinesMax) + " budget lines", "lines");
  }
  std::set<std::string> line_codes;
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    const Line& l = a.lines[i];
    const std::string f = "lines[" + std::to_string(i) + "]";
    POOLBOOK_RETURN_IF_ERROR(CheckLineCode(l.code).WithContext(f + ".code"));
    POOLBOOK_RETURN_IF_ERROR(
        CheckText(l.name, kLineNameBytesMax, "the line's name").WithContext(f + ".name"));
    if (!line_codes.insert(l.code).second) {
      return InvalidArgument(f + ".code: line " + Q(l.code) + " is listed twice", f + ".code");
    }
    if (l.budget.sign() < 0) {
      return InvalidArgument(f + ".budget: a line's budget cannot be negative", f + ".budget");
    }
  }

  const Date first{a.year, 4, 1}, last{a.year + 1, 3, 31};
  std::set<std::string> contributors;
  for (std::size_t i = 0; i < a.contributions.size(); ++i) {
    const Contribution& c = a.contributions[i];
    const std::string f = "contributions[" + std::to_string(i) + "]";
    if (!codes.count(c.partner)) {
      return InvalidArgument(f + ".partner: " + Q(c.partner) + " is not a partner of the fund",
                             f + ".partner");
    }
    if (!contributors.insert(c.partner).second) {
      return InvalidArgument(f + ".partner: " + Q(c.partner) + " has two contributions for the year",
                             f + ".partner");
    }
    if (c.agreed.sign() <= 0) {
      return InvalidArgument(f + ".agreed: a contribution must be more than zero", f + ".agreed");
    }
    if (c.instalments.empty() || c.instalments.size() > kInstalmentsMax) {
      return InvalidArgument(
          f + ".instalments: give from 1 to " + std::to_string(kInstalmentsMax) + " instalments",
          f + ".instalments");
    }
    Money sum;
    for (std::size_t k = 0; k < c.instalments.size(); ++k) {
      const Instalment& in = c.instalments[k];
      const std::string g = f + ".instalments[" + std::to_string(k) + "]";
      if (in.amount.sign() <= 0) return InvalidArgument(g + ".amount: must be more than zero", g + ".amount");
      if (in.due < first || in.due > last) {
        return InvalidArgument(g + ".due: " + in.due.ToString() + " is outside the financial year " +
                                   first.ToString() + " to " + last.ToString(),
                               g + ".due");
      }
      if (k > 0 && in.due < c.instalments[k - 1].due) {
        return InvalidArgument(g + ".due: instalments must be in date order", g + ".due");
      }
      sum += in.amount;
    }
    if (sum != c.agreed) {
      return InvalidArgument(f + ".instalments add up to " + sum.ToString() +
                                 " but the agreed contribution is " + c.agreed.ToString(),
                             f + ".instalments");
    }
  }
  for (const AgreementPartner& p : a.partners) {
    if (!contributors.count(p.code)) {
      return InvalidArgument("partner " + Q(p.code) + " has no contribution for the year", "contributions");
    }
  }
  Money total_budget, total_contributions, total_brought_forward;
  for (const Line& l : a.lines) total_budget += l.budget;
  for (const Contribution& c : a.contributions) total_contributions += c.agreed;
  for (const auto& [partner, m] : a.brought_forward) {
    if (!codes.count(partner)) {
      return InvalidArgument("brought_forward: " + Q(partner) + " is not a partner", "brought_forward");
    }
    total_brought_forward += m;
  }
  if (total_budget > total_contributions + total_brought_forward) {
    return InvalidArgument("the lines' budgets add up to " + total_budget.ToString() +
                               ", more than the contributions (" + total_contributions.ToString() + ")" +
                               (a.brought_forward.empty() ? ""
                                                          : " and what was brought forward (" +
                                                                total_brought_forward.ToString() + ")"),
                           "lines");
  }
  if (a.virement_threshold.sign() < 0) {
    return InvalidArgument("the virement threshold cannot be negative", "virement_threshold");
  }

  const RiskShare& rs = a.risk_share;
  if (rs.rule == RiskRule::kFixed) {
    Rational total(0);
    for (const auto& [partner, pct] : rs.percent) {
      if (!codes.count(partner)) {
        return InvalidArgument("risk_share.percent: " + Q(partner) + " is not a partner",
                               "risk_share.percent");
      }
      total += pct;
    }
    if (rs.percent.size() != codes.size()) {
      return InvalidArgument("risk_share.percent: give a percentage for every partner", "risk_share.percent");
    }
    if (total != 100) {
      return InvalidArgument(
          "risk_share.percent: the percentages add up to " + PercentText(total) + ", not 100",
          "risk_share.percent");
    }
  } else if (!rs.percent.empty()) {
    return InvalidArgument("risk_share.percent: only the fixed rule takes percentages", "risk_share.percent");
  }
  for (const auto& [partner, cap] : rs.cap) {
    if (!codes.count(partner)) {
      return InvalidArgument("risk_share.cap: " + Q(partner) + " is not a partner", "risk_share.cap");
    }
    if (cap.sign() < 0) return InvalidArgument("risk_share.cap: a cap cannot be negative", "risk_share.cap");
  }
  if (a.phb_surplus_weeks < 1 || a.phb_surplus_weeks > 52) {
    return InvalidArgument("phb_surplus_weeks must be from 1 to 52", "phb_surplus_weeks");
  }
  if (a.crisis_approval_days < 0 || a.crisis_approval_days > 90) {
    return InvalidArgument("crisis_approval_days must be from 0 to 90", "crisis_approval_days");
  }
  return Status();
}

StatusOr<Agreement> AgreementFromJson(const json& j) {
  Agreement a;
  Reader top(j, "");
  POOLBOOK_RETURN_IF_ERROR(top.Object());
  POOLBOOK_RETURN_IF_ERROR(
      top.OnlyKnown({"name", "year", "partners", "lines", "contributions", "virement_threshold", "risk_share",
                     "phb_surplus_weeks", "crisis_approval_days", "brought_forward"}));
  POOLBOOK_RETURN_IF_ERROR(top.String("name", a.name));
  POOLBOOK_RETURN_IF_ERROR(top.Int("year", a.year, limits::kYearMin, limits::kYearMax - 1));

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
    std::string kind = "other";
    POOLBOOK_RETURN_IF_ERROR(r.String("kind", kind, /*required=*/false));
    if (kind == "icb") {
      p.kind = PartnerKind::kIcb;
    } else if (kind == "council") {
      p.kind = PartnerKind::kCouncil;
    } else if (kind != "other") {
      return InvalidArgument(r.Field("kind") + ": " + Q(kind) + " is not one of icb, council, other",
                             r.Field("kind"));
    }
    bool host = false, lead = false;
    POOLBOOK_RETURN_IF_ERROR(r.Bool("host", host));
    POOLBOOK_RETURN_IF_ERROR(r.Bool("lead_budget_holder", lead));
    if (host) hosts.push_back(p.code);
    if (lead) leads.push_back(p.code);
    a.partners.push_back(std::move(p));
  }
  if (leads.size() > 1) {
    return InvalidArgument("partners " + Q(leads[0]) + " and " + Q(leads[1]) +
                               " are both marked as lead budget holder; a fund has exactly one",
                           "partners");
  }
  if (hosts.size() > 1) {
    return InvalidArgument("partners " + Q(hosts[0]) + " and " + Q(hosts[1]) +
                               " are both marked as host; a fund has exactly one",
                           "partners");
  }
  if (!leads.empty()) a.lead_budget_holder = leads[0];
  if (!hosts.empty()) a.host = hosts[0];

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

  const json* contributions = nullptr;
  POOLBOOK_RETURN_IF_ERROR(top.Array("contributions", contributions, kPartnersMax));
  for (std::size_t i = 0; i < contributions->size(); ++i) {
    Reader r((*contributions)[i], "contributions[" + std::to_string(i) + "]");
    POOLBOOK_RETURN_IF_ERROR(r.Object());
    POOLBOOK_RETURN_IF_ERROR(r.OnlyKnown({"partner", "agreed", "instalments"}));
    Contribution c;
    POOLBOOK_RETURN_IF_ERROR(r.String("partner", c.partner));
    POOLBOOK_RETURN_IF_ERROR(r.Amount("agreed", c.agreed));
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
    a.contributions.push_back(std::move(c));
  }
  POOLBOOK_RETURN_IF_ERROR(top.Amount("virement_threshold", a.virement_threshold));

  if (const json* rs = top.Find("risk_share")) {
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
    if (const json* pct = r.Find("percent")) {
      if (!pct->is_object()) return InvalidArgument("risk_share.percent must map partners to percentages");
      for (auto it = pct->begin(); it != pct->end(); ++it) {
        const std::string f = "risk_share.percent." + it.key();
        if (!it->is_string()) return InvalidArgument(f + " must be a percentage in a string, like \"60\"", f);
        auto p = ParsePercent(it->get<std::string>(), f);
        if (!p.ok()) return p.status();
        a.risk_share.percent[it.key()] = *p;
      }
    }
    if (const json* cap = r.Find("cap")) {
      if (!cap->is_object()) return InvalidArgument("risk_share.cap must map partners to amounts");
      Reader rc(*cap, "risk_share.cap");
      for (auto it = cap->begin(); it != cap->end(); ++it) {
        Money m;
        POOLBOOK_RETURN_IF_ERROR(rc.Amount(it.key(), m));
        a.risk_share.cap[it.key()] = m;
      }
    }
  } else {
    return InvalidArgument("risk_share is missing: say how a year-end variance is shared", "risk_share");
  }
  POOLBOOK_RETURN_IF_ERROR(top.Int("phb_surplus_weeks", a.phb_surplus_weeks, 1, 52, /*required=*/false));
  POOLBOOK_RETURN_IF_ERROR(
      top.Int("crisis_approval_days", a.crisis_approval_days, 0, 90, /*required=*/false));
  if (const json* bf = top.Find("brought_forward")) {
    if (!bf->is_object())
      return InvalidArgument("brought_forward must map partners to amounts", "brought_forward");
    Reader rb(*bf, "brought_forward");
    for (auto it = bf->begin(); it != bf->end(); ++it) {
      Money m;
      POOLBOOK_RETURN_IF_ERROR(rb.Amount(it.key(), m));
      a.brought_forward[it.key()] = m;
    }
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
