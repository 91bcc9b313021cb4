// Entries and postings: the values every interface shares (docs/design.md §4), and the checks that need
// nothing but the entry itself. Checks against the ledger's state (accounts, partners, periods,
// idempotency) are the journal's (journal.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/status.h"

namespace poolbook {

// Each entry belongs to exactly one book and balances within it.
enum class Book { kActual, kBudget, kCommitment };
const char* BookName(Book b);
// The number that stands for a book in the balances table: 1 actual, 2 budget, 3 commitment.
int BookNumber(Book b);
StatusOr<Book> BookFromNumber(long long n);
StatusOr<Book> ParseBook(std::string_view text);

enum class AccountType { kAsset, kLiability, kIncome, kExpense, kEquity };
const char* AccountTypeName(AccountType t);
StatusOr<AccountType> ParseAccountType(std::string_view text);
// For `import --create-accounts`: the type implied by an account name's first segment, from a fixed
// table of words (docs/accounts.md); refused when the first segment names no type.
StatusOr<AccountType> InferAccountType(std::string_view account);

// Names. Each returns OK or an InvalidArgument naming what is wrong.
Status CheckAccountName(std::string_view name);  // "pool:cash": segments of [A-Za-z0-9_.-], ':'-separated
Status CheckPartnerCode(std::string_view code);  // "ICB", "CNCL-1": [A-Za-z0-9_-]
Status CheckPerson(std::string_view person);     // a pseudonym; never something shaped like an NHS number
Status CheckLineCode(std::string_view line);     // "LD-PKG": [A-Za-z0-9_.-]
Status CheckKey(std::string_view key);           // printable ASCII, no spaces
Status CheckUser(std::string_view user);         // who posts: 1..kUserNameBytesMax of text, no controls
Status CheckText(std::string_view text, std::size_t bytes_max,
                 const std::string& what);  // UTF-8, no controls

struct Posting {
  std::string account;
  std::string partner;
  std::string person;  // empty: none
  std::string line;    // empty: none
  Money amount;        // debit positive, credit negative; never zero
  bool operator==(const Posting&) const = default;
};

struct Entry {
  std::string key;  // client-chosen idempotency key, unique in the ledger
  Book book = Book::kActual;
  Date date;  // effective date
  std::string memo;
  std::vector<Posting> postings;
  std::optional<long long> reverses;  // the id of the entry this one reverses
  bool operator==(const Entry&) const = default;
};

// Checks the entry on its own: key, memo, at least two and at most limits::kPostingsPerEntryMax
// postings, no zero amount, names well-formed, amounts storable, and postings summing to zero.
// The message names the posting ("posting 3: ...") and the field is set ("postings[2].amount").
Status ValidateShape(const Entry& entry);

}  // namespace poolbook
