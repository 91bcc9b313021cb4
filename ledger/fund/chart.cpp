#include "ledger/fund/chart.h"

namespace poolbook::fund::chart {

std::string SpendAccount(const Line& line) {
  return std::string(kSpendPrefix) + CategoryName(line.category) + ":" + line.code;
}
std::string BudgetAccount(const Line& line) { return std::string(kBudgetLines) + ":" + line.code; }
std::string CommittedAccount(const Line& line) { return std::string(kCommitted) + ":" + line.code; }

std::vector<ChartAccount> Accounts(const Agreement& agreement) {
  std::vector<ChartAccount> out = {
      {kPoolCash, AccountType::kAsset},
      {kReceivable, AccountType::kAsset},
      {kContributions, AccountType::kIncome},
      {kBudgetFunding, AccountType::kIncome},
      {kCommitmentReserve, AccountType::kLiability},
      {kRiskShare, AccountType::kExpense},
      {kReserves, AccountType::kEquity},
  };
  for (const Line& line : agreement.lines) {
    out.push_back({SpendAccount(line), AccountType::kExpense});
    out.push_back({BudgetAccount(line), AccountType::kExpense});
    out.push_back({CommittedAccount(line), AccountType::kExpense});
  }
  return out;
}

}  // namespace poolbook::fund::chart
