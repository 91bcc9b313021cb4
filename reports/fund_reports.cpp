// Fund-level reports: transparency, budget monitoring, contributions, the virement register, the
// trial balance and the risk share.
#include <map>

#include "ledger/fund/chart.h"
#include "reports/figures.h"
#include "reports/reports.h"

namespace poolbook::reports {

using internal::Amount;
using internal::Cumulative;
using internal::Figures;
using internal::Of;
using internal::Pct;
using internal::Percent;
using internal::Read;
using internal::ReadBasis;
using internal::S;
using internal::Slice;
using internal::Start;
using internal::Text;

namespace {

// The sums of the transparency report's partner rows (its total row and its summary).
struct PartnerSums {
  Money raised, received, allocated, committed, actual, remaining, later;
};

// What is committed to later years, by line and partner ("" for every line, or every partner).
class LaterYears {
 public:
  explicit LaterYears(const std::vector<fund::LaterYearCost>& costs) {
    for (const fund::LaterYearCost& c : costs) {
      for (const std::string& line : {c.line, std::string()})
        for (const std::string& partner : {c.partner, std::string()}) sums_[{line, partner}] += c.amount;
    }
  }
  Money Of(const std::string& line, const std::string& partner) const {
    auto it = sums_.find({line, partner});
    return it == sums_.end() ? Money() : it->second;
  }

 private:
  std::map<std::pair<std::string, std::string>, Money> sums_;
};

// Each partner: contributions, allocation, commitments and spend; `t` receives the totals.
Table TransparencyPartners(const Figures& f, const fund::Agreement& a, const LaterYears& later,
                           PartnerSums& t) {
  Table partners{
      "partners",
      "Each partner: contributions, allocation, commitments and spend",
      {Text("partner", "Partner"), Text("name", "Name"),
       Amount("contributions_raised", "Contributions raised"),
       Amount("contributions_received", "Contributions received"), Amount("allocated", "Allocated to lines"),
       Amount("committed", "Committed"), Amount("actual", "Spent"), Amount("remaining", "Remaining"),
       Pct("share_of_spend", "Share of spend (%)"), Amount("later_years", "Committed to later years")},
      {},
      {}};
  const Money all_actual = Of(f.flows, "actual", "spend");
  for (const auto& p : a.partners) {
    const Money raised = -Of(f.flows, "actual", fund::chart::kContributions, "", p.code);
    const Money received = raised - Of(f.flows, "actual", fund::chart::kReceivable, "", p.code);
    const Money allocated = Of(f.year_to_date, "budget", fund::chart::kBudgetLines, "", p.code);
    const Money committed = Of(f.positions, "commitment", fund::chart::kCommitted, "", p.code);
    const Money actual = Of(f.flows, "actual", "spend", "", p.code);
    const Money remaining = allocated - committed - Of(f.year_to_date, "actual", "spend", "", p.code);
    partners.rows.push_back({p.code, p.name, S(raised), S(received), S(allocated), S(committed), S(actual),
                             S(remaining), Percent(actual, all_actual), S(later.Of("", p.code))});
    t.later += later.Of("", p.code);
    t.remaining += remaining;
    t.raised += raised;
    t.received += received;
    t.allocated += allocated;
    t.committed += committed;
    t.actual += actual;
  }
  partners.total = {"total",
                    "",
                    S(t.raised),
                    S(t.received),
                    S(t.allocated),
                    S(t.committed),
                    S(t.actual),
                    S(t.remaining),
                    Percent(t.actual, all_actual),
                    S(t.later)};
  return partners;
}

// Each line, by partner, with the line rows' own totals.
Table TransparencyLines(const Figures& f, const fund::Agreement& a, const LaterYears& later) {
  Table lines{"lines",
              "Each line, by partner",
              {Text("line", "Line"), Text("name", "Name"), Text("category", "Category"),
               Text("partner", "Partner"), Amount("allocated", "Allocated"), Amount("committed", "Committed"),
               Amount("actual", "Spent"), Amount("remaining", "Remaining"),
               Pct("share_of_line_spend", "Partner's share of the line's spend (%)"),
               Amount("later_years", "Committed to later years")},
              {},
              {}};
  Money l_allocated, l_committed, l_actual, l_remaining, l_later;
  for (const fund::Line& l : a.lines) {
    const Money line_actual = Of(f.flows, "actual", "spend", l.code);
    for (const auto& p : a.partners) {
      const Money allocated = Of(f.year_to_date, "budget", fund::chart::kBudgetLines, l.code, p.code);
      const Money committed = Of(f.positions, "commitment", fund::chart::kCommitted, l.code, p.code);
      const Money actual = Of(f.flows, "actual", "spend", l.code, p.code);
      const Money remaining = allocated - committed - Of(f.year_to_date, "actual", "spend", l.code, p.code);
      lines.rows.push_back({l.code, l.name, fund::CategoryName(l.category), p.code, S(allocated),
                            S(committed), S(actual), S(remaining), Percent(actual, line_actual),
                            S(later.Of(l.code, p.code))});
      l_later += later.Of(l.code, p.code);
      l_allocated += allocated;
      l_committed += committed;
      l_actual += actual;
      l_remaining += remaining;
    }
  }
  lines.total = {"total",        "", "",        "", S(l_allocated), S(l_committed), S(l_actual),
                 S(l_remaining), "", S(l_later)};
  return lines;
}

}  // namespace

// Where every partner's money went: contributions raised and received, the budget allocated to
// lines, and what is committed, spent and left — per partner, and per line and partner, so each
// partner's share of every figure is shown and the partners' figures add up to the fund's.
StatusOr<Report> Transparency(fund::Fund& fund, const ReportRequest& req) {
  auto f = Read(fund, req.scope);
  if (!f.ok()) return f.status();
  auto costs = fund.LaterYears(req.scope.Day(), req.scope.as_at);
  if (!costs.ok()) return costs.status();
  const LaterYears later(*costs);
  const fund::Agreement& a = fund.agreement();
  Report r = Start("transparency", "Allocation transparency: where each partner's money went", req);
  PartnerSums t;
  Table partners = TransparencyPartners(*f, a, later, t);
  Table lines = TransparencyLines(*f, a, later);
  r.summary = "Contributions received " + S(t.received) + "; spent " + S(t.actual) + "; committed " +
              S(t.committed) + "; remaining " + S(t.remaining) + ".";
  r.tables = {std::move(partners), std::move(lines)};
  r.notes = {
      "Contributions and spend are summed over the periods shown; allocations are the financial year's "
      "budgets and commitments the position, both at the end of the last period; remaining = allocated - "
      "committed - spend in the financial year to the end of the last period.",
      "Year-end closing entries (which move a closed year's income and spend into reserves) are left out.",
      "Spend is attributed to partners by each package's funder split, or else by the agreed "
      "contributions, to the penny: the partners' rows add up exactly to the totals.",
      "Committed to later years: the cost of care bought for days after the financial year's end, split "
      "like its spend, " +
          std::string(req.scope.as_at ? "as recorded at " + *req.scope.as_at : "as recorded now") +
          ". It is not in committed nor remaining; it joins the commitments when its year starts."};
  return r;
}

namespace {

std::vector<std::string> BudgetMonitoringNotes(const ReportRequest& req, const Scope& before) {
  const std::string recorded = req.scope.as_at ? "as recorded at " + *req.scope.as_at : "as recorded now";
  const std::string later =
      "Committed to later years: the cost of care bought for days after this financial "
      "year's end, " +
      recorded +
      ". It is not in the commitments nor the forecast; it joins the commitments when its "
      "year starts.";
  return {
      "Actual is the financial year's spend to the end of " + req.scope.to.ToString() +
          ", whatever the first period asked: budgets are for the year.",
      "Forecast outturn = actual to date + everything still committed (accruals for care delivered up to " +
          req.scope.Day().ToString() + " and not yet paid, plus care still to come).",
      "Variance = revised budget - forecast outturn; its percentage is of the revised budget.",
      "Change in forecast: this report's forecast outturn less the same report ending " +
          before.to.ToString() + ".",
      "Accruals are worked out from the packages and PHBs " + recorded + ".",
      later};
}

}  // namespace

// Per line: original budget, virements, revised budget, actual to date, commitments (split into
// accruals and care still to come), forecast outturn, variance, and the change in the forecast
// since the period before.
StatusOr<Report> BudgetMonitoring(fund::Fund& fund, const ReportRequest& req) {
  auto basis = ReadBasis(fund, req.scope);
  if (!basis.ok()) return basis.status();
  const Figures f = Slice(*basis, req.scope);
  Scope before = req.scope;
  before.to = Period{req.scope.to.month == 1 ? req.scope.to.year - 1 : req.scope.to.year,
                     req.scope.to.month == 1 ? 12 : req.scope.to.month - 1};
  const bool first_month = req.scope.to.FinancialPeriodNumber() == 1;
  const Figures prev = Slice(*basis, before);
  auto forecast = fund.Forecast(req.scope.Day(), req.scope.as_at);
  if (!forecast.ok()) return forecast.status();
  std::map<std::string, Money> accruals, future;
  for (const fund::LineForecast& lf : *forecast) {
    accruals[lf.line] = lf.accruals;
    future[lf.line] = lf.future_years;
  }

  Report r = Start("budget-monitoring", "Budget monitoring", req);
  Table t{"lines",
          "Each line: budget, spend, commitments and forecast outturn",
          {Text("line", "Line"), Text("name", "Name"), Text("category", "Category"),
           Amount("original", "Original budget"), Amount("virements", "Virements"),
           Amount("revised", "Revised budget"), Amount("actual", "Actual, year to date"),
           Amount("accruals", "Accruals"), Amount("commitments", "Commitments (care to come)"),
           Amount("forecast", "Forecast outturn"), Amount("variance", "Variance (under +, over -)"),
           Pct("variance_percent", "Variance (%)"),
           Amount("forecast_change", "Change in forecast since the period before"),
           Amount("future_years", "Committed to later years")},
          {},
          {}};
  Money o_t, v_t, rev_t, act_t, acc_t, com_t, fc_t, var_t, chg_t, fut_t;
  for (const fund::Line& l : fund.agreement().lines) {
    const Money original = l.budget;
    const Money revised = Of(f.year_to_date, "budget", fund::chart::kBudgetLines, l.code);
    const Money actual = Of(f.year_to_date, "actual", "spend", l.code);
    const Money committed = Of(f.positions, "commitment", fund::chart::kCommitted, l.code);
    const Money accrued = std::min(accruals[l.code], committed);
    const Money forecast_outturn = actual + committed;
    const Money variance = revised - forecast_outturn;
    // The forecast a period earlier, within the same financial year: in its first month, nothing
    // spent yet, only what was committed at the end of the year before.
    const Money prev_actual = first_month ? Money() : Of(prev.year_to_date, "actual", "spend", l.code);
    const Money prev_forecast =
        prev_actual + Of(prev.positions, "commitment", fund::chart::kCommitted, l.code);
    t.rows.push_back({l.code, l.name, fund::CategoryName(l.category), S(original), S(revised - original),
                      S(revised), S(actual), S(accrued), S(committed - accrued), S(forecast_outturn),
                      S(variance), Percent(variance, revised), S(forecast_outturn - prev_forecast),
                      S(future[l.code])});
    fut_t += future[l.code];
    o_t += original;
    v_t += revised - original;
    rev_t += revised;
    act_t += actual;
    acc_t += accrued;
    com_t += committed - accrued;
    fc_t += forecast_outturn;
    var_t += variance;
    chg_t += forecast_outturn - prev_forecast;
  }
  t.total = {"total",  "",       "",       S(o_t),  S(v_t),   S(rev_t),
             S(act_t), S(acc_t), S(com_t), S(fc_t), S(var_t), Percent(var_t, rev_t),
             S(chg_t), S(fut_t)};
  r.summary = "Revised budget " + S(rev_t) + "; forecast outturn " + S(fc_t) + "; variance " + S(var_t) +
              (var_t.sign() < 0 ? " (an overspend)." : " (an underspend).");
  r.tables = {std::move(t)};
  r.notes = BudgetMonitoringNotes(req, before);
  return r;
}

// Per partner: agreed, varied, raised, received and outstanding.
StatusOr<Report> Contributions(fund::Fund& fund, const ReportRequest& req) {
  auto f = Read(fund, req.scope);
  if (!f.ok()) return f.status();
  auto variations = fund.ContributionVariations();
  if (!variations.ok()) return variations.status();
  Report r = Start("contributions", "Contributions statement", req);
  Table t{"partners",
          "Each partner's contribution",
          {Text("partner", "Partner"), Amount("agreed", "Agreed"), Amount("varied", "Agreed and varied"),
           Amount("raised", "Raised in the periods"), Amount("received", "Received in the periods"),
           Amount("outstanding", "Outstanding at the end")},
          {},
          {}};
  Money ag_t, va_t, ra_t, re_t, ou_t;
  for (const fund::Contribution& c : fund.agreement().contributions) {
    Money varied = c.agreed;
    for (const fund::ContributionVariation& v : *variations) {
      if (v.partner != c.partner || v.due > req.scope.Day()) continue;
      if (req.scope.as_at && v.recorded_at > *req.scope.as_at) continue;
      varied += v.amount;
    }
    const Money raised = -Of(f->flows, "actual", fund::chart::kContributions, "", c.partner);
    const Money received = raised - Of(f->flows, "actual", fund::chart::kReceivable, "", c.partner);
    const Money outstanding = Of(f->positions, "actual", fund::chart::kReceivable, "", c.partner);
    t.rows.push_back({c.partner, S(c.agreed), S(varied), S(raised), S(received), S(outstanding)});
    ag_t += c.agreed;
    va_t += varied;
    ra_t += raised;
    re_t += received;
    ou_t += outstanding;
  }
  t.total = {"total", S(ag_t), S(va_t), S(ra_t), S(re_t), S(ou_t)};
  r.summary = "Received " + S(re_t) + " of " + S(ra_t) + " raised; " + S(ou_t) + " outstanding.";
  r.tables = {std::move(t)};
  r.notes = {
      "Outstanding is what has been raised and not received, at the end of the last period; a negative "
      "figure is owed back to the partner."};
  return r;
}

// Every virement dated in the periods, in the state it had at the as-at moment.
StatusOr<Report> VirementRegister(fund::Fund& fund, const ReportRequest& req) {
  auto all = fund.VirementRegister();
  if (!all.ok()) return all.status();
  Report r = Start("virements", "Virement register", req);
  Table t{"virements",
          "Virements between budget lines",
          {{"id", "Id", Kind::kCount},
           Text("reference", "Reference"),
           {"date", "Date", Kind::kDate},
           Text("from_line", "From line"),
           Text("to_line", "To line"),
           Amount("amount", "Amount"),
           Text("reason", "Reason"),
           Text("requested_by", "Requested by"),
           Text("state", "State"),
           Text("decided_by", "Decided by"),
           Text("decided_at", "Decided at"),
           Text("note", "Decision note")},
          {},
          {}};
  Money applied;
  for (const fund::Virement& v : *all) {
    if (v.date < req.scope.from.FirstDay() || v.date > req.scope.Day()) continue;
    if (req.scope.as_at && v.requested_at > *req.scope.as_at) continue;
    const bool decided =
        v.state != fund::VirementState::kPending && !(req.scope.as_at && v.decided_at > *req.scope.as_at);
    const std::string state = decided ? fund::VirementStateName(v.state) : "pending";
    if (decided && v.state == fund::VirementState::kApproved) applied += v.amount;
    t.rows.push_back({std::to_string(v.id), v.reference, v.date.ToString(), v.from_line, v.to_line,
                      S(v.amount), v.reason, v.requested_by, state, decided ? v.decided_by : "",
                      decided ? v.decided_at : "", decided ? v.decision_note : ""});
  }
  r.summary = std::to_string(t.rows.size()) + " virements; " + S(applied) + " moved between lines.";
  r.tables = {std::move(t)};
  r.notes = {"Virements at or below the agreement's threshold (" + S(fund.agreement().virement_threshold) +
             ") are applied at once; larger ones wait for the lead budget holder (" +
             fund.agreement().lead_budget_holder + ")."};
  return r;
}

// Per book, every account's balance at the end of the last period, as debit or credit.
StatusOr<Report> TrialBalanceReport(fund::Fund& fund, const ReportRequest& req) {
  auto positions = ReadTotals(fund.journal().db(), Cumulative(req.scope));
  if (!positions.ok()) return positions.status();
  Report r = Start("trial-balance", "Trial balance", req);
  for (const char* book : {"actual", "budget", "commitment"}) {
    std::map<std::string, Money> by_account;
    for (const Total& t : *positions)
      if (t.book == book) by_account[t.account] += t.amount;
    Table t{book,
            std::string("The ") + book + " book",
            {Text("account", "Account"), Amount("debit", "Debit"), Amount("credit", "Credit")},
            {},
            {}};
    Money debit, credit;
    for (const auto& [account, m] : by_account) {
      if (m.is_zero()) continue;
      t.rows.push_back({account, m.sign() > 0 ? S(m) : "", m.sign() < 0 ? S(-m) : ""});
      (m.sign() > 0 ? debit : credit) += m.sign() > 0 ? m : -m;
    }
    if (by_account.empty()) continue;  // a book with no postings; one whose balances are all zero is shown
    if (!(debit == credit))
      return Internal(std::string("the ") + book + " book does not balance: the ledger is damaged");
    t.total = {"total", S(debit), S(credit)};
    r.tables.push_back(std::move(t));
  }
  r.summary = "Balances at the end of " + req.scope.to.ToString() + ", summed over partners.";
  return r;
}

// The year-end risk share with its derivation.
StatusOr<Report> RiskShareReport(fund::Fund& fund, const ReportRequest& req) {
  // The year the periods asked end in: a year signed off reads exactly as signed off; as at a past
  // moment, the sign-off standing then, or the preview on what was recorded by then.
  const int year = req.scope.to.FinancialYearStart();
  auto st = fund.RiskShareOf(year, req.scope.as_at);
  if (!st.ok()) return st.status();
  Report r = Start("risk-share", "Risk-share statement", req);
  Table t{"partners",
          "Each partner's share of the variance",
          {Text("partner", "Partner"), Pct("percent", "Share (%)"), Amount("budget", "Budget"),
           Amount("spent", "Spent"), Amount("share_uncapped", "Share before caps"), Amount("cap", "Cap"),
           Amount("share", "Share after caps"), Amount("settlement", "Settlement (pays +, receives -)"),
           Amount("carried_forward", "Carried forward")},
          {},
          {}};
  Money b, s, su, sh, se, cf;
  for (const fund::RiskShareLine& l : st->partners) {
    t.rows.push_back({l.partner, l.percent, S(l.budget), S(l.spent), S(l.share_uncapped),
                      l.cap ? S(*l.cap) : "", S(l.share), S(l.settlement), S(l.carried_forward)});
    b += l.budget;
    s += l.spent;
    su += l.share_uncapped;
    sh += l.share;
    se += l.settlement;
    cf += l.carried_forward;
  }
  t.total = {"total", "", S(b), S(s), S(su), "", S(sh), S(se), S(cf)};
  r.summary = "Rule: " + st->rule + ". Budget " + S(st->budget) + ", actual " + S(st->actual) +
              ", variance " + S(st->variance) +
              (st->variance.sign() < 0 ? " (an overspend)" : " (an underspend)") + "; moved by caps " +
              S(st->capped) +
              (st->settled ? "; signed off by " + st->signed_off_by + " at " + st->signed_off_at + "."
                           : "; not yet signed off (a preview).");
  r.tables = {std::move(t)};
  r.notes = st->derivation;
  r.notes.push_back(st->settled ? "The statement of " + Period{st->year, 4}.FinancialYearLabel() +
                                      " exactly as it was signed off, whatever the periods asked."
                                : "The risk share is worked out on the year's figures " +
                                      std::string(req.scope.as_at ? "as recorded at " + *req.scope.as_at
                                                                  : "as recorded now") +
                                      ", whatever the periods asked.");
  return r;
}

}  // namespace poolbook::reports
