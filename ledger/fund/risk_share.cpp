// The year-end risk share. The fund's variance (revised budget - actual spend) is split between
// the partners by the agreement's rule: in proportion to their agreed contributions, or by fixed
// percentages, with exact apportionment. A cap limits what a partner bears of an overspend; what
// a cap holds back is shared among the partners below their caps in proportion to their weights,
// and, if every partner is at its cap, borne by the lead budget holder.
//
// Each partner should end the year having borne (its share of the budget - its share of the
// variance). It has borne its attributed spend so far, so the settlement moves the difference
// between partners' pool balances: settlement = budget share - variance share - spent. The
// settlements sum to zero, so the settlement entry balances.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_agreement_store.h"
#include "ledger/store/report_totals_store.h"

namespace poolbook::fund {

namespace {

std::string PercentTwoDecimals(const Rational& part, const Rational& whole) {
  using boost::multiprecision::cpp_int;
  const Rational exact = part * 10000 / whole;  // hundredths of a percent
  const cpp_int n = numerator(exact), d = denominator(exact);
  const cpp_int h = (2 * n + d) / (2 * d);
  std::string frac = cpp_int(h % 100).str();
  if (frac.size() < 2) frac = "0" + frac;
  return cpp_int(h / 100).str() + "." + frac;
}

// The weights the rule shares the variance by, in agreement partner order.
std::vector<Rational> RiskWeights(const Agreement& a) {
  const fund::RiskShare& rule = a.risk_share;
  if (rule.rule != RiskRule::kFixed) return a.ContributionShares();
  std::vector<Rational> weights;
  for (const AgreementPartner& p : a.partners) weights.push_back(rule.percent.at(p.code));
  return weights;
}

// The balance of an account (with its sub-accounts) for one partner in one book.
using BalanceOf =
    std::function<StatusOr<Money>(Book, const std::string& account, const std::string& partner)>;

// Balances as they stood at `as_at`: summed from the totals of the entries recorded by then, over
// every period.
StatusOr<BalanceOf> BalancesAsAt(Journal& journal, const std::string& as_at) {
  auto rows = store::TotalsReaderFor(journal.db())->Fund({"0000-01", "9999-12", as_at});
  if (!rows.ok()) return rows.status();
  auto totals = std::make_shared<std::vector<store::TotalRow>>(std::move(*rows));
  return BalanceOf([totals](Book book, const std::string& account, const std::string& partner) {
    Money sum;
    for (const store::TotalRow& r : *totals) {
      if (r.book != BookName(book) || r.partner != partner) continue;
      if (r.account == account || r.account.rfind(account + ":", 0) == 0) sum += Money::FromPence(r.pence);
    }
    return StatusOr<Money>(sum);
  });
}

// Each partner's budget, spend, receipts and what it brought forward, from one snapshot (now, or
// as at a past moment); the fund's budget and actual spend.
Status ReadFigures(Journal& journal, const Agreement& a, const std::optional<std::string>& as_at,
                   RiskShareStatement& st) {
  try {
    store::ReadTransaction snapshot(journal.db());
    BalanceOf balance = [&journal](Book book, const std::string& account, const std::string& partner) {
      return journal.Balance(book, account, partner);
    };
    if (as_at) {
      auto then = BalancesAsAt(journal, *as_at);
      if (!then.ok()) return then.status();
      balance = std::move(*then);
    }
    for (const AgreementPartner& p : a.partners) {
      RiskShareLine line;
      line.partner = p.code;
      auto budget = balance(Book::kBudget, chart::kBudgetLines, p.code);
      auto spent = balance(Book::kActual, "spend", p.code);
      auto raised = balance(Book::kActual, chart::kContributions, p.code);
      auto receivable = balance(Book::kActual, chart::kReceivable, p.code);
      for (const auto* s : {&budget, &spent, &raised, &receivable}) {
        if (!s->ok()) return s->status();
      }
      line.received = -*raised - *receivable;
      auto reserves = balance(Book::kActual, chart::kReserves, p.code);
      if (!reserves.ok()) return reserves.status();
      line.brought_forward = -*reserves;
      line.budget = *budget;
      line.spent = *spent;
      st.budget += line.budget;
      st.actual += line.spent;
      st.partners.push_back(line);
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the year's figures");
  }
  return Status();
}

// The variance, each partner's weight, and the rule, in words.
void DescribeVarianceAndRule(const Agreement& a, const std::vector<Rational>& weights,
                             RiskShareStatement& st) {
  st.variance = st.budget - st.actual;
  const bool overspend = st.variance.sign() < 0;
  st.derivation.push_back("Budget: the revised budgets of all " + std::to_string(a.lines.size()) +
                          " lines add up to " + st.budget.ToString() + ".");
  st.derivation.push_back("Actual: spend to date on all lines, net of recoveries, is " +
                          st.actual.ToString() + ".");
  st.derivation.push_back("Variance = budget - actual = " + st.variance.ToString() +
                          (overspend               ? " (an overspend)."
                           : st.variance.is_zero() ? "."
                                                   : " (an underspend)."));
  Rational total_weight(0);
  for (const Rational& w : weights) total_weight += w;
  std::string weights_text;
  for (std::size_t i = 0; i < st.partners.size(); ++i) {
    RiskShareLine& l = st.partners[i];
    l.weight = weights[i];
    l.percent = PercentTwoDecimals(weights[i], total_weight);
    weights_text += (i ? ", " : "") + l.partner + " " + l.percent + "%";
  }
  st.derivation.push_back(a.risk_share.rule == RiskRule::kFixed
                              ? "Rule: fixed percentages agreed in the fund: " + weights_text + "."
                              : "Rule: in proportion to each partner's agreed contribution: " + weights_text +
                                    ".");
}

// Each partner's share of the variance by weight, before caps.
StatusOr<std::vector<Money>> ShareVariance(const std::vector<Rational>& weights, RiskShareStatement& st) {
  const std::size_t n = st.partners.size();
  std::vector<Money> share(n);
  if (!st.variance.is_zero()) {
    auto parts = Apportion(st.variance, weights);
    if (!parts.ok()) return parts.status();
    share = *parts;
  }
  std::string shares_text;
  for (std::size_t i = 0; i < n; ++i) {
    st.partners[i].share_uncapped = share[i];
    shares_text += (i ? ", " : "") + st.partners[i].partner + " " + share[i].ToString();
  }
  st.derivation.push_back(
      "Each partner's share of the variance, split exactly (largest remainder): " + shares_text + ".");
  return share;
}

// Caps: only an overspend is capped. Moves what is over a cap to the partners still below theirs,
// in proportion to their weights; when every partner is at its cap, the lead budget holder bears
// the rest.
Status ApplyCaps(const Agreement& a, const std::vector<Rational>& weights, std::vector<Money>& share,
                 RiskShareStatement& st) {
  const std::size_t n = st.partners.size();
  for (std::size_t i = 0; i < n; ++i) {
    auto c = a.risk_share.cap.find(st.partners[i].partner);
    if (c != a.risk_share.cap.end()) st.partners[i].cap = c->second;
  }
  for (int round = 0; round <= static_cast<int>(n); ++round) {
    Money over;
    std::vector<Rational> free_weights(n, Rational(0));
    bool any_free = false;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& cap = st.partners[i].cap;
      if (cap && -share[i] > *cap) {
        over += -share[i] - *cap;  // what it bears beyond its cap (positive)
        share[i] = -*cap;
      } else if (!cap || -share[i] < *cap) {
        free_weights[i] = weights[i];
        any_free = any_free || weights[i] > 0;
      }
    }
    if (over.is_zero()) break;
    st.capped += over;
    if (!any_free) {
      for (std::size_t i = 0; i < n; ++i) {
        if (a.partners[i].code == a.lead_budget_holder) share[i] -= over;
      }
      st.derivation.push_back("Every partner is at its cap; the lead budget holder (" + a.lead_budget_holder +
                              ") bears the remaining " + over.ToString() + ".");
      break;
    }
    auto moved = Apportion(-over, free_weights);
    if (!moved.ok()) return moved.status();
    for (std::size_t i = 0; i < n; ++i) share[i] += (*moved)[i];
    st.derivation.push_back("Caps: " + over.ToString() +
                            " above partners' caps is shared among the partners below their caps, in the same"
                            " proportions.");
  }
  return Status();
}

// Each partner's settlement and what it carries forward, in figures and words. The shares add up
// to the variance and the settlements to zero, or the statement is wrong.
void Settle(const std::vector<Money>& share, RiskShareStatement& st) {
  Money settlement_sum, share_sum;
  for (std::size_t i = 0; i < st.partners.size(); ++i) {
    RiskShareLine& l = st.partners[i];
    l.share = share[i];
    share_sum += l.share;
    l.settlement = l.budget - l.share - l.spent;
    l.carried_forward = l.brought_forward + l.received - (l.budget - l.share);
    settlement_sum += l.settlement;
    st.derivation.push_back(l.partner + ": bears budget " + l.budget.ToString() + " - variance share " +
                            l.share.ToString() + " = " + (l.budget - l.share).ToString() +
                            "; has borne spend " + l.spent.ToString() + "; settlement " +
                            l.settlement.ToString() +
                            (l.settlement.sign() > 0   ? " (pays into the other partners' pool)"
                             : l.settlement.sign() < 0 ? " (receives)"
                                                       : "") +
                            "; it paid in " + l.received.ToString() + " and so carries " +
                            l.carried_forward.ToString() + " into the next year.");
  }
  POOLBOOK_INVARIANT(share_sum == st.variance, "the variance shares do not add up to the variance");
  POOLBOOK_INVARIANT(settlement_sum.is_zero(), "the risk-share settlements do not sum to zero");
}

}  // namespace

StatusOr<RiskShareStatement> Fund::ComputeRiskShare(const Agreement& agreement,
                                                    const std::optional<std::string>& as_at) {
  RiskShareStatement st;
  st.year = agreement.year;
  st.rule = agreement.risk_share.rule == RiskRule::kFixed ? "fixed" : "proportional";
  const std::vector<Rational> weights = RiskWeights(agreement);
  POOLBOOK_RETURN_IF_ERROR(ReadFigures(journal_, agreement, as_at, st));
  DescribeVarianceAndRule(agreement, weights, st);
  auto share = ShareVariance(weights, st);
  if (!share.ok()) return share.status();
  if (st.variance.sign() < 0) POOLBOOK_RETURN_IF_ERROR(ApplyCaps(agreement, weights, *share, st));
  Settle(*share, st);
  return st;
}

// The risk share is signed off at the year end, not before: dated the year's last day, with every
// month before the last closed. The settlement is then the last entry of the year's final month,
// which is closed after it; until then GET risk-share is a preview (its entry_id is null).
Status Fund::CheckYearReadyToSettle(const Date& date) {
  const std::string label = Period{agreement_.year, 4}.FinancialYearLabel();
  const Date last{agreement_.year + 1, 3, 31};
  if (date != last) {
    return FailedPrecondition("the risk share for " + label + " is signed off on the year's last day, " +
                                  last.ToString() + ", not " + date.ToString(),
                              "date");
  }
  const Period february{agreement_.year + 1, 2};
  const std::optional<Period> closed = journal_.ClosedThrough();
  if (!closed || *closed < february) {
    return FailedPrecondition(
        "the risk share for " + label + " can be signed off only when every month up to " +
            february.ToString() +
            " is closed; closed so far: " + (closed ? "up to " + closed->ToString() : std::string("none")) +
            ". Until then the statement is a preview",
        "date");
  }
  return Status::Ok();
}

StatusOr<RiskShareStatement> Fund::SettleYear(const Date& date, const std::string& approver,
                                              const std::string& approver_partner) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(approver));
  if (approver_partner != agreement_.lead_budget_holder) {
    return FailedPrecondition("only the lead budget holder (" + agreement_.lead_budget_holder +
                                  ") signs off the year-end risk share",
                              "approver");
  }
  POOLBOOK_RETURN_IF_ERROR(CheckYearReadyToSettle(date));
  try {
    if (store::YearSettled(journal_.db(), agreement_.year)) {
      return FailedPrecondition("the risk share for " + Period{agreement_.year, 4}.FinancialYearLabel() +
                                " is already settled");
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the settlement");
  }
  auto signed_off = SignOffs();
  if (!signed_off.ok()) return signed_off.status();
  int seq = 1;  // after an undo, the year's next sign-off
  for (const SignOff& s : *signed_off) seq += s.year == agreement_.year ? 1 : 0;
  auto st = ComputeRiskShare(agreement_);
  if (!st.ok()) return st.status();
  const std::string now = store::UtcTimestamp(journal_.Now());
  st->settled = true;
  st->signed_off_by = approver;
  st->signed_off_at = now;
  const std::string statement = internal::StatementText(*st);
  const int year = agreement_.year;
  auto record = [&](store::Database& db, std::optional<long long> entry_id) {
    if (store::YearSettled(db, year))
      throw BeforeCommitRefusal("the risk share was signed off by someone else meanwhile");
    store::InsertSettlement(db, year, statement, entry_id, now, approver);
  };
  Entry e;
  e.key =
      internal::Key(agreement_, seq == 1 ? std::string("risk-share") : "risk-share:" + std::to_string(seq));
  e.book = Book::kActual;
  e.date = date;
  e.memo = "Year-end risk share " + Period{year, 4}.FinancialYearLabel() + " (" + st->rule + ")";
  for (const RiskShareLine& l : st->partners) {
    if (l.settlement.is_zero()) continue;
    e.postings.push_back({chart::kRiskShare, l.partner, "", "", l.settlement});
    e.postings.push_back({chart::kPoolCash, l.partner, "", "", -l.settlement});
  }
  if (e.postings.empty()) {
    try {
      store::WriteTransaction tx(journal_.db());
      record(journal_.db(), std::nullopt);
      tx.Commit();
    } catch (const std::exception& ex) {
      return store::FromDatabaseError(ex, "recording the settlement");
    }
    return st;
  }
  auto written = PostTogether(
      {e}, approver, [&](store::Database& db, const std::vector<Receipt>& r) { record(db, r.at(0).id); });
  if (!written.ok()) return written.status();
  st->entry_id = written->at(0).id;
  return st;
}

}  // namespace poolbook::fund
