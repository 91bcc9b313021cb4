// Trial balance: per book, every account with a non-zero balance (summed over partners), shown as
// a debit (positive) or a credit (negative), with column totals that must agree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/journal.h"

namespace poolbook::reports {

struct TrialBalanceLine {
  std::string account;
  AccountType type = AccountType::kAsset;
  Money debit;   // >= 0
  Money credit;  // >= 0, shown without sign
};

struct TrialBalanceBook {
  Book book = Book::kActual;
  std::vector<TrialBalanceLine> lines;  // ordered by account
  Money total_debit;
  Money total_credit;
};

struct TrialBalance {
  std::vector<TrialBalanceBook> books;  // actual, budget, commitment order; only books with entries
};

// Reads the maintained balances only (never the postings). Asserts each book's totals agree.
StatusOr<TrialBalance> BuildTrialBalance(Journal& journal, std::optional<Book> book);

std::string TrialBalanceText(const TrialBalance& tb);
std::string TrialBalanceCsv(const TrialBalance& tb);
std::string TrialBalanceJson(const TrialBalance& tb);

}  // namespace poolbook::reports
