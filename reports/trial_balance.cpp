#include "reports/trial_balance.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "reports/csv.h"

namespace poolbook::reports {

StatusOr<TrialBalance> BuildTrialBalance(Journal& journal, std::optional<Book> book) {
  TrialBalance tb;
  for (Book b : {Book::kActual, Book::kBudget, Book::kCommitment}) {
    if (book && *book != b) continue;
    auto totals = journal.AccountTotals(b);
    if (!totals.ok()) return totals.status();
    if (totals->empty()) continue;
    TrialBalanceBook out;
    out.book = b;
    for (AccountTotal& t : *totals) {
      if (t.balance.is_zero()) continue;
      TrialBalanceLine line{std::move(t.account), t.type, {}, {}};
      if (t.balance.sign() > 0) {
        line.debit = t.balance;
        out.total_debit += t.balance;
      } else {
        line.credit = -t.balance;
        out.total_credit -= t.balance;
      }
      out.lines.push_back(std::move(line));
    }
    POOLBOOK_INVARIANT(out.total_debit == out.total_credit, "a book's debits and credits differ");
    tb.books.push_back(std::move(out));
  }
  return tb;
}

namespace {
std::string Cell(const Money& m) { return m.is_zero() ? "" : m.ToString(); }
}  // namespace

std::string TrialBalanceText(const TrialBalance& tb) {
  std::string out;
  if (tb.books.empty()) return "No entries yet.\n";
  for (const TrialBalanceBook& b : tb.books) {
    std::size_t width = 7;
    for (const auto& l : b.lines) width = std::max(width, l.account.size());
    char buf[512];
    out += std::string("Trial balance, ") + BookName(b.book) + " book\n";
    std::snprintf(buf, sizeof buf, "%-*s  %-9s  %20s  %20s\n", static_cast<int>(width), "account", "type",
                  "debit", "credit");
    out += buf;
    for (const auto& l : b.lines) {
      std::snprintf(buf, sizeof buf, "%-*s  %-9s  %20s  %20s\n", static_cast<int>(width), l.account.c_str(),
                    AccountTypeName(l.type), Cell(l.debit).c_str(), Cell(l.credit).c_str());
      out += buf;
    }
    std::snprintf(buf, sizeof buf, "%-*s  %-9s  %20s  %20s\n\n", static_cast<int>(width), "total", "",
                  b.total_debit.ToString().c_str(), b.total_credit.ToString().c_str());
    out += buf;
  }
  return out;
}

std::string TrialBalanceCsv(const TrialBalance& tb) {
  std::string out = CsvRow({"book", "account", "type", "debit", "credit"});
  for (const TrialBalanceBook& b : tb.books) {
    for (const auto& l : b.lines) {
      out += CsvRow({BookName(b.book), CsvText(l.account), AccountTypeName(l.type),
                     CsvAmount(l.debit.ToString()), CsvAmount(l.credit.ToString())});
    }
  }
  return out;
}

std::string TrialBalanceJson(const TrialBalance& tb) {
  nlohmann::json books = nlohmann::json::array();
  for (const TrialBalanceBook& b : tb.books) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : b.lines) {
      lines.push_back({{"account", l.account},
                       {"type", AccountTypeName(l.type)},
                       {"debit", l.debit.ToString()},
                       {"credit", l.credit.ToString()}});
    }
    books.push_back({{"book", BookName(b.book)},
                     {"lines", lines},
                     {"total_debit", b.total_debit.ToString()},
                     {"total_credit", b.total_credit.ToString()}});
  }
  return nlohmann::json{{"books", books}}.dump(2) + "\n";
}

}  // namespace poolbook::reports
