// Validate: the rules an agreement must keep before a fund is set up from it. Each part returns
// the first thing wrong, in the order the fund file lists them.
#include <set>

#include "ledger/entry.h"
#include "ledger/fund/agreement.h"
#include "ledger/limits.h"

namespace poolbook::fund {
namespace {

using Codes = std::set<std::string>;

std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }

Status ValidateName(const Agreement& a) {
  POOLBOOK_RETURN_IF_ERROR(CheckText(a.name, kFundNameBytesMax, "the fund's name"));
  if (a.name.empty()) return InvalidArgument("the fund needs a name", "name");
  if (a.year < limits::kYearMin || a.year >= limits::kYearMax) {
    return InvalidArgument("year " + std::to_string(a.year) + " is not a financial year poolbook can hold",
                           "year");
  }
  return Status();
}

// The partners, with exactly one lead budget holder and one host among them; fills `codes`.
Status ValidatePartners(const Agreement& a, Codes& codes) {
  if (a.partners.size() < 2) {
    return InvalidArgument(
        "a pooled fund needs two or more partners; this one has " + std::to_string(a.partners.size()),
        "partners");
  }
  if (a.partners.size() > kPartnersMax) {
    return InvalidArgument("a fund may have at most " + std::to_string(kPartnersMax) + " partners",
                           "partners");
  }
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
  return Status();
}

Status ValidateLines(const Agreement& a) {
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
  return Status();
}

// One contribution's instalments (`f` names it): each inside the year, in date order, summing to
// the agreed amount.
Status ValidateInstalments(const Agreement& a, const Contribution& c, const std::string& f) {
  const Date first{a.year, 4, 1}, last{a.year + 1, 3, 31};
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
  return Status();
}

// One contribution from every partner, none from anyone else.
Status ValidateContributions(const Agreement& a, const Codes& codes) {
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
    POOLBOOK_RETURN_IF_ERROR(ValidateInstalments(a, c, f));
  }
  for (const AgreementPartner& p : a.partners) {
    if (!contributors.count(p.code)) {
      return InvalidArgument("partner " + Q(p.code) + " has no contribution for the year", "contributions");
    }
  }
  return Status();
}

// The lines' budgets fit in the contributions and what was brought forward.
Status ValidateTotals(const Agreement& a, const Codes& codes) {
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
  return Status();
}

Status ValidateRiskShare(const RiskShare& rs, const Codes& codes) {
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
  return Status();
}

Status ValidateSettings(const Agreement& a) {
  if (a.phb_surplus_weeks < 1 || a.phb_surplus_weeks > 52) {
    return InvalidArgument("phb_surplus_weeks must be from 1 to 52", "phb_surplus_weeks");
  }
  if (a.crisis_approval_days < 0 || a.crisis_approval_days > 90) {
    return InvalidArgument("crisis_approval_days must be from 0 to 90", "crisis_approval_days");
  }
  return Status();
}

}  // namespace

Status Validate(const Agreement& a) {
  Codes codes;  // the partners' codes
  POOLBOOK_RETURN_IF_ERROR(ValidateName(a));
  POOLBOOK_RETURN_IF_ERROR(ValidatePartners(a, codes));
  POOLBOOK_RETURN_IF_ERROR(ValidateLines(a));
  POOLBOOK_RETURN_IF_ERROR(ValidateContributions(a, codes));
  POOLBOOK_RETURN_IF_ERROR(ValidateTotals(a, codes));
  POOLBOOK_RETURN_IF_ERROR(ValidateRiskShare(a.risk_share, codes));
  return ValidateSettings(a);
}

}  // namespace poolbook::fund
