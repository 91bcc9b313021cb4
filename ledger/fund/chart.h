// The fund's chart of accounts (docs/fund.md explains each). Set-up opens all of them; every fund
// operation posts only to these. Each posting also names the partner whose money it is, and, where
// it applies, the budget line and the person.
#pragma once

#include <string>
#include <vector>

#include "ledger/entry.h"
#include "ledger/fund/agreement.h"

namespace poolbook::fund::chart {

// Actual book.
inline constexpr const char* kPoolCash = "pool:cash";          // asset: each partner's money in the pool
inline constexpr const char* kReceivable = "pool:receivable";  // asset: contributions due, not yet received
inline constexpr const char* kContributions = "fund:contributions";  // income: contributions raised
inline constexpr const char* kReserves =
    "fund:reserves";  // equity: what partners brought forward from past years
inline constexpr const char* kRiskShare = "fund:risk-share";  // expense: year-end settlement between partners
// Spend: one expense account per line, under its category: "spend:package:LD-PKG". So
// "spend:package" sums a category and "spend" all spend, from maintained balances.
std::string SpendAccount(const Line& line);
inline constexpr const char* kSpendPrefix = "spend:";  // every spend account begins with it

// Budget book: a line's budget is the debit balance of budget:lines for that line.
inline constexpr const char* kBudgetLines = "budget:lines";      // expense: budget given to lines
std::string BudgetAccount(const Line& line);                     // "budget:lines:LD-PKG"
inline constexpr const char* kBudgetFunding = "budget:funding";  // income: the contributions budgeted

// Commitment book: what has been promised and not yet paid.
inline constexpr const char* kCommitted = "commitment:care";  // expense: care committed, by line and person
std::string CommittedAccount(const Line& line);               // "commitment:care:LD-PKG"
inline constexpr const char* kCommitmentReserve = "commitment:reserve";  // liability: the other side

struct ChartAccount {
  std::string name;
  AccountType type;
};
// Every account the fund uses: the fixed ones and three per line.
std::vector<ChartAccount> Accounts(const Agreement& agreement);

}  // namespace poolbook::fund::chart
