// A small pooled fund in a temporary ledger: three partners (ICB the lead budget holder, CNCL1 the
// host, CNCL2), contributions of 600.00, 300.00 and 100.00 (shares 60/30/10), five lines and a
// virement threshold of 50.00. Helpers read balances and snapshots.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ledger/fund/fund.h"
#include "testing/ledger_fixture.h"
#include "testing/temp_dir.h"

namespace poolbook::testing {

inline fund::Agreement SmallAgreement() {
  fund::Agreement a;
  a.name = "Test pooled fund";
  a.year = 2025;
  a.partners = {{"ICB", "Test ICB", fund::PartnerKind::kIcb},
                {"CNCL1", "Test City Council", fund::PartnerKind::kCouncil},
                {"CNCL2", "Test County Council", fund::PartnerKind::kCouncil}};
  a.host = "CNCL1";
  a.lead_budget_holder = "ICB";
  a.lines = {{"PKG", "Care packages", fund::Category::kPackage, M("500.00")},
             {"PHB", "Personal health budgets", fund::Category::kPhb, M("200.00")},
             {"CRISIS", "Crisis support", fund::Category::kCrisis, M("100.00")},
             {"OTHER", "Other", fund::Category::kOther, M("0.00")},
             {"TRANS", "Transitions", fund::Category::kTransition, M("100.00")}};
  a.contributions = {
      {"ICB", M("600.00"), {{Date{2025, 4, 15}, M("300.00")}, {Date{2025, 10, 15}, M("300.00")}}},
      {"CNCL1", M("300.00"), {{Date{2025, 4, 15}, M("300.00")}}},
      {"CNCL2", M("100.00"), {{Date{2025, 4, 30}, M("60.00")}, {Date{2026, 1, 31}, M("40.00")}}}};
  a.virement_threshold = M("50.00");
  return a;
}

// The year after `a`: the same partners and lines (and a new line "NEW" of 50.00), contributions
// due a year later.
inline fund::Agreement NextYearOf(const fund::Agreement& a) {
  fund::Agreement n = a;
  n.year = a.year + 1;
  for (fund::Contribution& c : n.contributions) {
    for (fund::Instalment& in : c.instalments) in.due.year += 1;
  }
  n.lines.push_back({"NEW", "A new line", fund::Category::kOther, M("50.00")});
  return n;
}

class FundTest : public ::testing::Test {
 protected:
  // The agreement the fund is set up with; a test class may change it.
  virtual fund::Agreement MakeAgreement() { return SmallAgreement(); }
  void SetUp() override {
    auto j = Journal::Open(dir_.File("fund.db"), FixedClock());
    ASSERT_TRUE(j.ok()) << j.status().message();
    journal_ = std::move(*j);
    auto f = fund::Fund::SetUp(*journal_, MakeAgreement(), "officer");
    ASSERT_TRUE(f.ok()) << f.status().message();
    fund_ = std::move(*f);
    ASSERT_TRUE(fund_->RegisterPerson("P-1A2B3C", "", "", "officer").ok());
  }
  Money Bal(const std::string& account, const std::string& partner = "", Book book = Book::kActual) {
    auto m = journal_->Balance(book, account, partner);
    EXPECT_TRUE(m.ok()) << account << ": " << m.status().message();
    return m.ok() ? *m : Money();
  }
  std::string Snap() {
    std::string s = Snapshot(journal_->db());
    for (const char* q :
         {"SELECT id || '|' || state FROM fund_virements ORDER BY id",
          "SELECT id || '|' || end_date FROM fund_packages ORDER BY id",
          "SELECT package_id || '|' || seq FROM fund_package_events ORDER BY 1",
          "SELECT id || '|' || agreed FROM fund_phbs ORDER BY id",
          "SELECT phb_id || '|' || seq || '|' || amount FROM fund_phb_events ORDER BY 1",
          "SELECT id || '|' || state || '|' || amount FROM fund_phb_recoveries ORDER BY id",
          "SELECT id || '|' || planned_end FROM fund_transitions ORDER BY id",
          "SELECT pseudonym FROM fund_people ORDER BY 1",
          "SELECT id || '|' || COALESCE(approved_by, '-') FROM fund_packages ORDER BY id",
          "SELECT partner || '|' || seq || '|' || amount FROM fund_contribution_variations ORDER BY 1"}) {
      soci::rowset<std::string> rows = (journal_->db().sql().prepare << q);
      for (const std::string& r : rows) s += r + "\n";
    }
    return s;
  }
  // The lead budget holder signs the year off as at the year end: every month up to February
  // closed, dated 31 March.
  StatusOr<fund::RiskShareStatement> SignOff(fund::Fund& f) {
    const int year = f.agreement().year;
    auto closed = f.journal().ClosePeriod(Period{year + 1, 2}, "lead");
    if (!closed.ok() && closed.status().reason() != Reason::kPeriodAlreadyClosed) return closed.status();
    return f.SettleYear(Date{year + 1, 3, 31}, "lead", "ICB");
  }
  StatusOr<fund::RiskShareStatement> SignOff() { return SignOff(*fund_); }
  // Raises and receives every instalment.
  void FundEverything() {
    for (const auto& c : fund_->agreement().contributions) {
      for (std::size_t i = 0; i < c.instalments.size(); ++i) {
        ASSERT_TRUE(fund_->RaiseInstalment(c.partner, i, "officer").ok());
        auto r = fund_->ReceiveContribution(c.partner, c.instalments[i].amount, c.instalments[i].due,
                                            "REM-" + c.partner + "-" + std::to_string(i + 1), "officer");
        ASSERT_TRUE(r.ok()) << r.status().message();
      }
    }
  }
  fund::PackageSpec Spec(const std::string& id, const char* rate = "20.00", int hours = 10) {
    fund::PackageSpec s;
    s.id = id;
    s.person = "P-1A2B3C";
    s.provider = "Acme Care";
    s.line = "PKG";
    s.rate = M(rate);
    s.unit = fund::Unit::kHour;
    s.units_per_week = hours;
    s.start = Date{2025, 6, 2};
    s.end = Date{2025, 6, 29};  // four weeks
    return s;
  }

  TempDir dir_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<fund::Fund> fund_;
};

}  // namespace poolbook::testing
