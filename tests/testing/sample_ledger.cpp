#include "testing/sample_ledger.h"

#include "ledger/apportion.h"

namespace poolbook::testing {
namespace {

Money M(const char* text) { return *Money::Parse(text); }

// Postings that split `amount` between partners by their contributions, debiting `debit` and
// crediting `credit`.
StatusOr<std::vector<Posting>> Split(const Money& amount, const std::string& debit, const std::string& credit,
                                     const std::string& person, const std::string& line) {
  const std::vector<std::string> partners = {"ICB", "CNCL"};
  auto parts = Apportion(amount, {Rational(600000), Rational(400000)});  // contributions, in pounds
  if (!parts.ok()) return parts.status();
  std::vector<Posting> out;
  for (std::size_t i = 0; i < partners.size(); ++i)
    out.push_back({debit, partners[i], person, line, (*parts)[i]});
  for (std::size_t i = 0; i < partners.size(); ++i)
    out.push_back({credit, partners[i], "", "", -(*parts)[i]});
  return out;
}

}  // namespace

Status WriteSampleLedger(Journal& journal, const std::string& user) {
  for (auto [code, name] :
       {std::pair{"ICB", "NHS Example Integrated Care Board"}, std::pair{"CNCL", "Example County Council"}}) {
    Status st = journal.AddPartner(code, name);
    if (!st.ok() && st.code() != Code::kAlreadyExists) return st;
  }
  for (auto [name, type] :
       {std::pair{"pool:cash", AccountType::kAsset}, std::pair{"income:contributions", AccountType::kIncome},
        std::pair{"spend:package", AccountType::kExpense}, std::pair{"budget:lines", AccountType::kExpense},
        std::pair{"budget:pool", AccountType::kEquity},
        std::pair{"commitments:package", AccountType::kExpense},
        std::pair{"commitments:reserve", AccountType::kLiability}}) {
    Status st = journal.OpenAccount(name, type);
    if (!st.ok() && st.code() != Code::kAlreadyExists) return st;
  }
  std::vector<Entry> entries;
  auto add = [&](const char* key, Book book, const char* date, const char* memo,
                 std::vector<Posting> postings) {
    entries.push_back(Entry{key, book, *Date::Parse(date), memo, std::move(postings), std::nullopt});
  };
  add("sample-contrib-icb-2025", Book::kActual, "2025-04-01", "ICB contribution 2025-26",
      {{"pool:cash", "ICB", "", "", M("600000.00")},
       {"income:contributions", "ICB", "", "", M("-600000.00")}});
  add("sample-contrib-cncl-2025", Book::kActual, "2025-04-01", "Council contribution 2025-26",
      {{"pool:cash", "CNCL", "", "", M("400000.00")},
       {"income:contributions", "CNCL", "", "", M("-400000.00")}});
  add("sample-budget-ld-pkg-2025", Book::kBudget, "2025-04-01", "Original budget, LD packages",
      {{"budget:lines", "ICB", "", "LD-PKG", M("300000.00")},
       {"budget:lines", "CNCL", "", "LD-PKG", M("200000.00")},
       {"budget:pool", "ICB", "", "", M("-300000.00")},
       {"budget:pool", "CNCL", "", "", M("-200000.00")}});
  auto commit = Split(M("12345.67"), "commitments:package", "commitments:reserve", "P-3F9A0C", "LD-PKG");
  if (!commit.ok()) return commit.status();
  add("sample-commit-pkg-0001", Book::kCommitment, "2025-05-01", "Package 0001, Acme Care, 12 weeks",
      *commit);
  auto invoice = Split(M("1234.56"), "spend:package", "pool:cash", "P-3F9A0C", "LD-PKG");
  if (!invoice.ok()) return invoice.status();
  add("sample-inv-2025-000123", Book::kActual, "2025-06-30", "Invoice 123, Acme Care, June", *invoice);
  auto release = Split(M("-1234.56"), "commitments:package", "commitments:reserve", "P-3F9A0C", "LD-PKG");
  if (!release.ok()) return release.status();
  add("sample-release-inv-000123", Book::kCommitment, "2025-06-30", "Commitment released by invoice 123",
      *release);

  PostOptions o;
  o.user = user;
  o.mode = BatchMode::kAllOrNothing;
  BatchResult r = journal.PostBatch(entries, o);
  for (std::size_t i = 0; i < r.results.size(); ++i) {
    if (!r.results[i].ok()) return r.results[i].status().WithContext("sample entry " + entries[i].key);
  }
  return Status::Ok();
}

}  // namespace poolbook::testing
