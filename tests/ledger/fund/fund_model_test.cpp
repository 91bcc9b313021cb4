// A randomised model test of the fund: a seeded generator drives thousands of operations, valid
// and invalid, against both the fund and a simple in-memory model of every figure (contributions
// due, varied and received, spend and pool per partner, budget per line, commitment per package
// and PHB). After
// each step the verdict (done or refused) and the figures must agree. The seed is printed; replay
// one with POOLBOOK_SEED=<n>.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"
#include "testing/seed.h"

namespace poolbook::fund {
namespace {

// The model fund's financial year ends here: packages commit only what falls before.
const Date kYearEnd{2026, 3, 31};

using testing::M;

struct ModelPayment {
  Money amount;
  std::map<std::string, Money> actual, release;  // per partner: the spend and the release it made
  bool voided = false;
  Money credited;
  std::map<std::string, std::pair<std::string, Money>> credits;  // credit note -> (invoice, amount)
};

struct ModelPackage {
  PackageSpec spec;
  std::map<std::string, Money> remaining;  // per partner
  Money paid;
  std::map<std::string, Money> paid_by;  // per partner: the running split of what is paid
  bool ended = false;
  bool cancelled = false;
  std::map<std::string, ModelPayment> invoices;       // reference -> the payment
  std::map<std::string, std::string> credit_invoice;  // credit note -> the invoice it credits
};

struct ModelVirement {
  std::string from, to, requested_by;
  Money amount;
  bool pending = false;
  bool applied = false, undone = false;
  std::map<std::string, Money> moved;  // per partner, as applied
};

class Model {
 public:
  explicit Model(const Agreement& a) : a_(a) {
    for (const auto& p : a.partners) partners_.push_back(p.code);
    for (const Line& l : a.lines) {
      auto parts = Apportion(l.budget, a.ContributionShares());
      for (std::size_t i = 0; i < partners_.size(); ++i) budget_[l.code][partners_[i]] += (*parts)[i];
    }
  }

  std::map<std::string, Money> Split(const Money& amount, const std::vector<Rational>& w) const {
    std::map<std::string, Money> out;
    auto parts = Apportion(amount, w);
    EXPECT_TRUE(parts.ok()) << parts.status().message();
    if (!parts.ok()) return out;
    for (std::size_t i = 0; i < partners_.size(); ++i) out[partners_[i]] = (*parts)[i];
    return out;
  }
  std::vector<Rational> Weights(const std::map<std::string, Rational>& split) const {
    if (split.empty()) return a_.ContributionShares();
    std::vector<Rational> w;
    for (const auto& p : partners_) w.push_back(split.count(p) ? split.at(p) : Rational(0));
    return w;
  }
  Money LineBudget(const std::string& line) const {
    Money m;
    for (const auto& [p, v] : budget_.at(line)) m += v;
    return m;
  }
  std::map<std::string, Money> MoveBudget(const std::string& from, const std::string& to,
                                          const Money& amount) {
    std::vector<Rational> w;
    for (const auto& p : partners_) {
      const Money& b = budget_[from][p];
      w.push_back(b.sign() > 0 ? Rational(b.pence()) : Rational(0));
    }
    const std::map<std::string, Money> parts = Split(amount, w);
    for (const auto& [p, part] : parts) {
      budget_[from][p] -= part;
      budget_[to][p] += part;
    }
    return parts;
  }
  std::map<std::string, Money> Release(ModelPackage& pkg, const Money& amount) {
    if (amount.is_zero()) return {};
    std::vector<Rational> w;
    for (const auto& p : partners_) {
      const Money& r = pkg.remaining[p];
      w.push_back(r.sign() > 0 ? Rational(r.pence()) : Rational(0));
    }
    const std::map<std::string, Money> parts = Split(amount, w);
    for (const auto& [p, part] : parts) pkg.remaining[p] -= part;
    return parts;
  }
  // Spend of `amount` (negative: a credit) on a record, split on its running total: each partner
  // ends with its exact share of the new total, apportioned.
  std::map<std::string, Money> Spend(ModelPackage& pkg, const Money& amount) {
    std::map<std::string, Money> parts;
    for (const auto& [p, target] : Split(pkg.paid + amount, Weights(pkg.spec.split))) {
      parts[p] = target - pkg.paid_by[p];
      pkg.paid_by[p] = target;
      spent_[p] += parts[p];
    }
    pkg.paid += amount;
    return parts;
  }
  // A new payment: spend on the running split, and the release of as much commitment, or (final)
  // all of it.
  void Pay(ModelPackage& pkg, const std::string& ref, const Money& amount) {
    ModelPayment& pay = pkg.invoices[ref];
    pay.amount = amount;
    pay.actual = Spend(pkg, amount);
    pay.release = Release(pkg, std::min(amount, Total(pkg.remaining)));
  }
  // A void: the payment's own spend and release undone exactly.
  void Void(ModelPackage& pkg, ModelPayment& pay) {
    for (const auto& [p, part] : pay.actual) {
      pkg.paid_by[p] -= part;
      spent_[p] -= part;
    }
    for (const auto& [p, part] : pay.release) pkg.remaining[p] += part;
    pkg.paid -= pay.amount;
    pay.voided = true;
  }
  static Money Total(const std::map<std::string, Money>& m) {
    Money t;
    for (const auto& [k, v] : m) t += v;
    return t;
  }

  const Agreement& a_;
  std::vector<std::string> partners_;
  std::map<std::string, std::set<std::size_t>> raised_;  // partner -> instalment indexes raised
  std::map<std::string, Money> due_, received_, spent_, varied_;
  std::map<std::string, std::map<std::string, Money>> budget_;  // line -> partner -> budget
  std::map<std::string, ModelPackage> packages_;
  std::map<std::string, ModelPackage> phbs_;  // the same bookkeeping: agreed = committed
  std::vector<ModelVirement> virements_;      // index = id - 1
};

TEST(FundModel, ThousandsOfOperationsAgreeWithASimpleModel) {
  const std::uint64_t seed = testing::TestSeed();
  SCOPED_TRACE(testing::SeedNote(seed));
  std::cout << "[ seed     ] " << testing::SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  auto below = [&](std::uint64_t n) { return static_cast<std::size_t>(rng() % n); };
  auto pence = [&](std::int64_t lo, std::int64_t hi) {
    return Money::FromPence(lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1)));
  };

  testing::TempDir dir;
  auto journal = Journal::Open(dir.File("model.db"), testing::FixedClock());
  ASSERT_TRUE(journal.ok());
  Agreement agreement = testing::SmallAgreement();
  // Budgets large enough for virements to move often.
  agreement.contributions = {
      {"ICB", M("60000.00"), {{Date{2025, 4, 15}, M("30000.00")}, {Date{2025, 10, 15}, M("30000.00")}}},
      {"CNCL1", M("30000.00"), {{Date{2025, 4, 15}, M("30000.00")}}},
      {"CNCL2", M("10000.00"), {{Date{2025, 4, 30}, M("6000.00")}, {Date{2026, 1, 31}, M("4000.00")}}}};
  agreement.lines[0].budget = M("50000.00");
  agreement.lines[1].budget = M("20000.00");
  agreement.lines[2].budget = M("10000.00");
  agreement.virement_threshold = M("500.00");
  auto made = Fund::SetUp(**journal, agreement, "officer");
  ASSERT_TRUE(made.ok()) << made.status().message();
  Fund& fund = **made;
  for (int k = 0; k < 50; ++k) {
    ASSERT_TRUE(fund.RegisterPerson("P-" + std::to_string(1000 + k), "", "", "officer").ok());
  }
  Model model(fund.agreement());
  const std::vector<std::string> users = {"officer-a", "officer-b", "lead-1"};
  const std::vector<std::string> partners = model.partners_;
  const std::vector<std::string> lines = {"PKG", "PHB", "CRISIS", "OTHER", "NOPE"};
  int refused = 0, done = 0;

  auto compare = [&](int step) {
    SCOPED_TRACE("after step " + std::to_string(step));
    auto pos = fund.Positions();
    ASSERT_TRUE(pos.ok());
    for (const PartnerPosition& p : *pos) {
      SCOPED_TRACE(p.partner);
      ASSERT_EQ(p.received, model.received_[p.partner]);
      ASSERT_EQ(p.spent, model.spent_[p.partner]);
      ASSERT_EQ(p.pool, p.brought_forward + p.received - p.spent - p.settled);  // the partner identity
    }
    auto st = fund.ContributionsStatement();
    ASSERT_TRUE(st.ok());
    for (const ContributionLine& c : *st) {
      ASSERT_EQ(c.due, model.due_[c.partner]) << c.partner;
      ASSERT_EQ(c.varied, c.agreed + model.varied_[c.partner]) << c.partner;
    }
    auto budgets = fund.RevisedBudgets();
    ASSERT_TRUE(budgets.ok());
    for (const auto& [line, amount] : *budgets) ASSERT_EQ(amount, model.LineBudget(line)) << line;
    for (auto& [id, mp] : model.packages_) {
      auto p = fund.GetPackage(id);
      ASSERT_TRUE(p.ok()) << id;
      ASSERT_EQ(p->remaining, Model::Total(mp.remaining)) << id;
      ASSERT_EQ(p->paid, mp.paid) << id;
      ASSERT_EQ(p->ended, mp.ended) << id;
      ASSERT_EQ(p->cancelled, mp.cancelled) << id;
    }
    for (auto& [id, mp] : model.phbs_) {
      auto p = fund.GetPhb(id);
      ASSERT_TRUE(p.ok()) << id;
      ASSERT_EQ(p->remaining, Model::Total(mp.remaining)) << id;
      ASSERT_EQ(p->paid, mp.paid) << id;
    }
  };

  const int kSteps = 1500;
  for (int step = 0; step < kSteps; ++step) {
    const std::string user = users[below(users.size())];
    const std::size_t kind = below(14);
    Status got;
    bool expect_ok = false;
    switch (kind) {
      case 0: {  // raise an instalment (index 2 never exists for CNCL1)
        const std::string p = partners[below(partners.size())];
        const std::size_t i = below(3);
        const std::size_t n = fund.agreement().FindContribution(p)->instalments.size();
        expect_ok = i < n;
        got = fund.RaiseInstalment(p, i, user).status();
        if (expect_ok && got.ok() && model.raised_[p].insert(i).second) {
          model.due_[p] += fund.agreement().FindContribution(p)->instalments[i].amount;
        }
        break;
      }
      case 1: {  // receive, sometimes more than is owed
        const std::string p = partners[below(partners.size())];
        const Money owed = model.due_[p] - model.received_[p];
        const Money amount =
            below(4) == 0 ? owed + pence(1, 1000) : pence(0, std::max<std::int64_t>(1, owed.pence64()));
        expect_ok = amount.sign() > 0 && amount <= owed;
        got =
            fund.ReceiveContribution(p, amount, Date{2025, 5, 1}, "R" + std::to_string(step), user).status();
        if (expect_ok && got.ok()) model.received_[p] += amount;
        break;
      }
      case 2: {  // commission
        PackageSpec s;
        s.id = "PK-" + std::to_string(step);
        s.person = "P-" + std::to_string(1000 + below(50));
        s.provider = "Provider " + std::to_string(below(5));
        s.line = lines[below(lines.size())];
        s.rate = pence(0, 5000);
        s.unit = Unit::kHour;
        s.units_per_week = Rational(static_cast<long long>(below(41)), 2);  // 0 to 20 hours in halves
        s.start = Date::FromDaysSinceEpoch(Date{2025, 4, 1}.DaysSinceEpoch() + static_cast<long>(below(300)));
        s.end = Date::FromDaysSinceEpoch(s.start.DaysSinceEpoch() + static_cast<long>(below(120)));
        switch (below(3)) {
          case 0:
            break;
          case 1:
            s.split = {{"ICB", 50}, {"CNCL1", 50}};
            break;
          default:
            s.split = {{"CNCL2", 1}};
        }
        const Line* line = fund.agreement().FindLine(s.line);
        const bool line_ok =
            line && (line->category == Category::kPackage || line->category == Category::kCrisis);
        const Money cost =
            PackageCost(s.rate, s.units_per_week, s.end.DaysSinceEpoch() - s.start.DaysSinceEpoch() + 1);
        expect_ok = line_ok && s.rate.sign() > 0 && s.units_per_week > 0 && cost.sign() > 0;
        got = fund.Commission(s, Date{2025, 5, 1}, user).status();
        if (expect_ok && got.ok()) {
          ModelPackage mp;
          mp.spec = s;
          // Only the cost of the days up to the year end is committed; the rest waits for its year.
          const Money this_year =
              PackageCost(s.rate, s.units_per_week,
                          std::min(s.end, kYearEnd).DaysSinceEpoch() - s.start.DaysSinceEpoch() + 1);
          mp.remaining = model.Split(this_year, model.Weights(s.split));
          model.packages_[s.id] = mp;
        }
        break;
      }
      case 3:
      case 4: {  // pay an invoice: new, repeated, or repeated with another amount
        if (model.packages_.empty()) continue;
        auto it = model.packages_.begin();
        std::advance(it, static_cast<long>(below(model.packages_.size())));
        ModelPackage& mp = it->second;
        std::string ref = "INV-" + std::to_string(step);
        Money amount = pence(0, 200000);
        const std::size_t how = below(5);
        if (how == 0 && !mp.invoices.empty()) {
          ref = mp.invoices.begin()->first;
          amount = mp.invoices.begin()->second.amount;  // a retry
        } else if (how == 1 && !mp.invoices.empty()) {
          ref = mp.invoices.begin()->first;
          amount = mp.invoices.begin()->second.amount + M("0.01");  // a clash
        }
        const bool known = mp.invoices.count(ref) > 0;
        // A payment above what remains committed needs a reason (PayInvoice gives none).
        expect_ok =
            amount.sign() > 0 && (known ? !mp.invoices[ref].voided && mp.invoices[ref].amount == amount
                                        : amount <= Model::Total(mp.remaining));
        got = fund.PayInvoice(it->first, amount, Date{2025, 9, 30}, ref, user).status();
        if (expect_ok && got.ok() && !known) model.Pay(mp, ref, amount);
        break;
      }
      case 5: {  // end a package early (or try to end it late)
        if (model.packages_.empty()) continue;
        auto it = model.packages_.begin();
        std::advance(it, static_cast<long>(below(model.packages_.size())));
        ModelPackage& mp = it->second;
        const long start = mp.spec.start.DaysSinceEpoch(), end = mp.spec.end.DaysSinceEpoch();
        const Date new_end = Date::FromDaysSinceEpoch(start - 2 + static_cast<long>(below(end - start + 4)));
        const long nd = new_end.DaysSinceEpoch();
        const bool retry = nd == end && mp.ended;  // ended on this day already
        expect_ok = (nd < end && nd >= start - 1) || retry;
        got = fund.EndPackage(it->first, new_end, "review", user).status();
        if (expect_ok && got.ok() && !retry) {
          const long through = std::min(nd, kYearEnd.DaysSinceEpoch());
          Money keep = PackageCost(mp.spec.rate, mp.spec.units_per_week, through - start + 1) - mp.paid;
          if (keep.sign() < 0) keep = Money();
          const Money rem = Model::Total(mp.remaining);
          if (rem > keep) model.Release(mp, rem - keep);
          mp.ended = true;
          mp.spec.end = new_end;
        }
        break;
      }
      case 7: {  // vary a contribution, sometimes below zero
        const std::string p = partners[below(partners.size())];
        const Money agreed = fund.agreement().FindContribution(p)->agreed;
        const Money amount = below(3) == 0 ? -pence(0, agreed.pence64() * 2) : pence(-50000, 50000);
        expect_ok = !amount.is_zero() && (agreed + model.varied_[p] + amount).sign() >= 0;
        got = fund.VaryContribution(p, amount, Date{2025, 9, 1}, "V" + std::to_string(step), "model", user)
                  .status();
        if (expect_ok && got.ok()) {
          model.varied_[p] += amount;
          model.due_[p] += amount;
        }
        break;
      }
      case 8: {  // agree a PHB, sometimes on a line that is not a PHB line
        PhbSpec s;
        s.id = "PHB-" + std::to_string(step);
        s.person = "P-" + std::to_string(1000 + below(50));
        s.line = below(5) == 0 ? "PKG" : "PHB";
        s.mode = static_cast<PhbMode>(below(3));
        s.indicative = pence(0, 1000000);
        s.agreed = pence(0, 1000000);
        s.start = Date{2025, 4, 1};
        s.end = Date{2026, 3, 31};
        s.review = Date{2025, 10, 1};
        if (below(3) == 0) s.split = {{"ICB", 50}, {"CNCL1", 50}};
        expect_ok = s.line == "PHB" && s.agreed.sign() > 0;
        got = fund.AgreePhb(s, Date{2025, 4, 1}, user).status();
        if (expect_ok && got.ok()) {
          ModelPackage mp;
          mp.spec.split = s.split;
          mp.remaining = model.Split(s.agreed, model.Weights(s.split));
          model.phbs_[s.id] = mp;
        }
        break;
      }
      case 9: {  // pay a PHB: new, a retry, or a clash
        if (model.phbs_.empty()) continue;
        auto it = model.phbs_.begin();
        std::advance(it, static_cast<long>(below(model.phbs_.size())));
        ModelPackage& mp = it->second;
        std::string ref = "PAY-" + std::to_string(step);
        Money amount = pence(0, 200000);
        if (below(4) == 0 && !mp.invoices.empty()) {
          ref = mp.invoices.begin()->first;
          amount = mp.invoices.begin()->second.amount + (below(2) == 0 ? Money() : M("0.01"));
        }
        const bool known = mp.invoices.count(ref) > 0;
        expect_ok =
            amount.sign() > 0 && (known ? !mp.invoices[ref].voided && mp.invoices[ref].amount == amount
                                        : amount <= Model::Total(mp.remaining));
        got = fund.PayPhb(it->first, amount, Date{2025, 9, 30}, ref, user).status();
        if (expect_ok && got.ok() && !known) model.Pay(mp, ref, amount);
        break;
      }
      case 10: {  // void a package invoice or a PHB payment: new, a retry, or refused
        const bool phb = below(3) == 0;
        auto& records = phb ? model.phbs_ : model.packages_;
        if (records.empty()) continue;
        auto it = records.begin();
        std::advance(it, static_cast<long>(below(records.size())));
        ModelPackage& mp = it->second;
        std::string ref = "NONE";
        if (!mp.invoices.empty() && below(6) != 0) {
          auto inv = mp.invoices.begin();
          std::advance(inv, static_cast<long>(below(mp.invoices.size())));
          ref = inv->first;
        }
        const auto found = mp.invoices.find(ref);
        expect_ok = found != mp.invoices.end() && found->second.credited.is_zero();
        got = (phb ? fund.VoidPhbPayment(it->first, ref, Date{2025, 10, 2}, "model", user)
                   : fund.VoidInvoice(it->first, ref, Date{2025, 10, 2}, "model", user))
                  .status();
        if (expect_ok && got.ok() && !found->second.voided) model.Void(mp, found->second);
        break;
      }
      case 11: {  // a credit note against a package invoice: new, a retry, a clash, or too much
        if (model.packages_.empty()) continue;
        auto it = model.packages_.begin();
        std::advance(it, static_cast<long>(below(model.packages_.size())));
        ModelPackage& mp = it->second;
        if (mp.invoices.empty()) continue;
        auto inv = mp.invoices.begin();
        std::advance(inv, static_cast<long>(below(mp.invoices.size())));
        ModelPayment& pay = inv->second;
        std::string credit = "CN-" + std::to_string(step);
        Money amount = pence(1, std::max<std::int64_t>(1, pay.amount.pence64() / 2 + 1));
        if (below(4) == 0 && !mp.credit_invoice.empty()) {
          credit = mp.credit_invoice.begin()->first;  // the same credit note again
          const ModelPayment& of = mp.invoices[mp.credit_invoice.begin()->second];
          amount = of.credits.at(credit).second + (below(2) == 0 ? Money() : M("0.01"));
        }
        const auto known = mp.credit_invoice.find(credit);
        if (known != mp.credit_invoice.end()) {
          const ModelPayment& of = mp.invoices[known->second];
          expect_ok = known->second == inv->first && of.credits.at(credit).second == amount;
        } else {
          expect_ok = !pay.voided && amount <= pay.amount - pay.credited;
        }
        got =
            fund.CreditNote(it->first, inv->first, credit, amount, Date{2025, 10, 3}, "model", user).status();
        if (expect_ok && got.ok() && known == mp.credit_invoice.end()) {
          model.Spend(mp, -amount);
          pay.credited += amount;
          pay.credits[credit] = {inv->first, amount};
          mp.credit_invoice[credit] = inv->first;
        }
        break;
      }
      case 12: {  // cancel a crisis commitment (a package on another line is refused)
        if (model.packages_.empty()) continue;
        auto it = model.packages_.begin();
        std::advance(it, static_cast<long>(below(model.packages_.size())));
        ModelPackage& mp = it->second;
        expect_ok = mp.spec.line == "CRISIS" && (mp.cancelled || mp.paid.is_zero());
        got = fund.CancelCrisis(it->first, Date{2025, 10, 4}, "model", user).status();
        if (expect_ok && got.ok() && !mp.cancelled) {
          model.Release(mp, Model::Total(mp.remaining));
          mp.cancelled = true;
        }
        break;
      }
      case 13: {  // undo a virement: only an applied one, only by the lead budget holder
        if (model.virements_.empty()) continue;
        const std::size_t index = below(model.virements_.size());
        ModelVirement& mv = model.virements_[index];
        const std::string partner = below(4) == 0 ? "CNCL1" : "ICB";
        expect_ok = mv.undone || (mv.applied && partner == "ICB");
        got = fund.UndoVirement(static_cast<long long>(index + 1), Date{2025, 10, 5}, "model", user, partner)
                  .status();
        if (expect_ok && got.ok() && !mv.undone) {
          for (const auto& [p, part] : mv.moved) {
            model.budget_[mv.from][p] += part;
            model.budget_[mv.to][p] -= part;
          }
          mv.undone = true;
        }
        break;
      }
      default: {  // a virement, or a decision on a pending one
        if (below(2) == 0 || model.virements_.empty()) {
          const std::string from = lines[below(4)], to = lines[below(4)];
          const Money amount = below(2) == 0 ? pence(0, 50000) : pence(50001, 3000000);
          const bool within = amount <= fund.agreement().virement_threshold;
          expect_ok = from != to && amount.sign() > 0 && (!within || amount <= model.LineBudget(from));
          auto v = fund.RequestVirement(from, to, amount, Date{2025, 8, 1}, "V" + std::to_string(step),
                                        "model", user);
          got = v.status();
          if (expect_ok && got.ok()) {
            model.virements_.push_back({from, to, user, amount, !within, within, false, {}});
            if (within) model.virements_.back().moved = model.MoveBudget(from, to, amount);
            EXPECT_EQ(v->id, static_cast<long long>(model.virements_.size()));
          }
        } else {
          const std::size_t index = below(model.virements_.size());
          ModelVirement& mv = model.virements_[index];
          const bool approve = below(4) != 0;
          const std::string partner = below(4) == 0 ? "CNCL1" : "ICB";
          expect_ok = mv.pending && partner == "ICB" && user != mv.requested_by &&
                      (!approve || mv.amount <= model.LineBudget(mv.from));
          got = fund.DecideVirement(static_cast<long long>(index + 1), approve, user, partner, "").status();
          if (expect_ok && got.ok()) {
            mv.pending = false;
            mv.applied = approve;
            if (approve) mv.moved = model.MoveBudget(mv.from, mv.to, mv.amount);
          }
        }
      }
    }
    ASSERT_EQ(got.ok(), expect_ok) << "step " << step << " (operation " << kind << "): " << got.message();
    (got.ok() ? done : refused) += 1;
    if (step % 10 == 0 || step == kSteps - 1) compare(step);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::cout << "[ model    ] " << done << " operations done, " << refused << " refused\n";
  EXPECT_GT(done, kSteps / 3);
  EXPECT_GT(refused, kSteps / 20);
  const VerifyReport report = Verify((*journal)->db());
  EXPECT_TRUE(report.ok) << report.problem;
}

}  // namespace
}  // namespace poolbook::fund
