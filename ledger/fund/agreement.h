// The pooled fund's agreement (the model): who the partners are, who hosts and who holds the budget, the
// budget lines, each partner's contribution for the year, the virement threshold and the year-end risk-share
// rule. Read from a JSON file (config/example-fund.json is the example) and stored in the ledger at set-up,
// so every later operation works from the agreement the fund was set up with.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/apportion.h"
#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/status.h"

namespace poolbook::fund {

// Limits of an agreement; docs/limits.md lists them.
inline constexpr std::size_t kPartnersMax = 20;
inline constexpr std::size_t kLinesMax = 200;
inline constexpr std::size_t kInstalmentsMax = 12;  // per partner per year
inline constexpr std::size_t kAgreementBytesMax = 1024 * 1024;
inline constexpr std::size_t kFundNameBytesMax = 200;
inline constexpr std::size_t kLineNameBytesMax = 200;

enum class Category { kPhb, kPackage, kTransition, kCrisis, kOther };
const char* CategoryName(Category c);
StatusOr<Category> ParseCategory(std::string_view text);

enum class PartnerKind { kIcb, kCouncil, kOther };

struct AgreementPartner {
  std::string code;  // as in postings: "ICB", "CNCL1"
  std::string name;
  PartnerKind kind = PartnerKind::kOther;
};

struct Line {
  std::string code;  // as in postings: "LD-PKG"
  std::string name;
  Category category = Category::kOther;
  Money budget;  // original budget for the year, >= 0
};

struct Instalment {
  Date due;
  Money amount;  // > 0
};

struct Contribution {
  std::string partner;
  Money agreed;                         // > 0; the instalments sum to it
  std::vector<Instalment> instalments;  // in date order, inside the year
};

enum class RiskRule {
  kProportional,  // each partner bears the variance in proportion to its agreed contribution
  kFixed,         // each partner bears a fixed percentage (they sum to 100)
};

struct RiskShare {
  RiskRule rule = RiskRule::kProportional;
  std::map<std::string, Rational> percent;  // kFixed: partner -> percentage, e.g. 60, 40, 33.5
  std::map<std::string, Money> cap;         // optional: the most a partner bears of an overspend
};

struct Agreement {
  std::string name;
  int year = 0;  // the financial year that starts in April of this year
  std::vector<AgreementPartner> partners;
  std::string host;                // the host partner: keeps the pool's bank account and the ledger
  std::string lead_budget_holder;  // the one partner whose officer approves virements and crises
  std::vector<Line> lines;
  std::vector<Contribution> contributions;
  Money virement_threshold;  // virements above this need the lead budget holder's approval
  RiskShare risk_share;
  int phb_surplus_weeks = 12;    // a PHB holding more than this many weeks of budget has a surplus
  int crisis_approval_days = 3;  // crises unapproved for longer than this are listed
  // What each partner brought forward from the year before (filled in by Fund::StartNextYear;
  // empty in a fund's first year). It may be budgeted: the lines' budgets may add up to the
  // contributions plus what was brought forward.
  std::map<std::string, Money> brought_forward;

  const Line* FindLine(std::string_view code) const;
  const Contribution* FindContribution(std::string_view partner) const;
  // Each partner's agreed contribution as a weight, in partner order: the default funder split.
  std::vector<Rational> ContributionShares() const;
  // Each partner's share of the budget, in partner order: its contribution plus what it brought
  // forward (never below zero).
  std::vector<Rational> BudgetShares() const;
};

// Checks everything set-up relies on; the message says what is wrong and where
// ("lines[3].category: ..."). Among the rules: two or more partners, exactly one lead budget
// holder, a host that is a partner, unique codes, instalments inside the year summing to the
// agreed contribution, fixed percentages summing to 100.
Status Validate(const Agreement& a);

// A percentage of the risk share as the fund file writes it: "60", "33.5" (exact for the up to
// four decimal places the file accepts).
std::string PercentText(const Rational& r);

// The agreement's JSON is in agreement_json.h, its validation in agreement_validate.cpp.

}  // namespace poolbook::fund
