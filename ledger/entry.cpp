#include "ledger/entry.h"

#include <array>
#include <cstdint>
#include <utility>

#include "ledger/limits.h"

namespace poolbook {
namespace {

std::string Quote(std::string_view s) {
  std::string out = "\"" + std::string(s.substr(0, 60));
  if (s.size() > 60) out += "...";
  return out + "\"";
}

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

Status CheckChars(std::string_view value, std::size_t bytes_max, std::string_view extra,
                  const std::string& what) {
  if (value.empty()) return InvalidArgument(what + " is empty");
  if (value.size() > bytes_max) {
    return InvalidArgument(what + " " + Quote(value) + " is longer than " + std::to_string(bytes_max) +
                           " characters");
  }
  for (char c : value) {
    if (!IsAlnum(c) && extra.find(c) == std::string_view::npos) {
      return InvalidArgument(
          what + " " + Quote(value) + " may contain only letters, digits and " +
          std::string(extra.empty() ? "nothing else" : "the characters " + std::string(extra)));
    }
  }
  return Status::Ok();
}

}  // namespace

const char* BookName(Book b) {
  switch (b) {
    case Book::kActual:
      return "actual";
    case Book::kBudget:
      return "budget";
    case Book::kCommitment:
      return "commitment";
  }
  return "?";
}

int BookNumber(Book b) { return static_cast<int>(b) + 1; }

StatusOr<Book> BookFromNumber(long long n) {
  if (n < 1 || n > 3) return Internal("book number " + std::to_string(n) + " is not 1, 2 or 3");
  return static_cast<Book>(n - 1);
}

StatusOr<Book> ParseBook(std::string_view text) {
  if (text == "actual") return Book::kActual;
  if (text == "budget") return Book::kBudget;
  if (text == "commitment") return Book::kCommitment;
  return InvalidArgument("book " + Quote(text) + " is not one of actual, budget, commitment", "book");
}

const char* AccountTypeName(AccountType t) {
  switch (t) {
    case AccountType::kAsset:
      return "asset";
    case AccountType::kLiability:
      return "liability";
    case AccountType::kIncome:
      return "income";
    case AccountType::kExpense:
      return "expense";
    case AccountType::kEquity:
      return "equity";
  }
  return "?";
}

StatusOr<AccountType> ParseAccountType(std::string_view text) {
  for (AccountType t : {AccountType::kAsset, AccountType::kLiability, AccountType::kIncome,
                        AccountType::kExpense, AccountType::kEquity}) {
    if (text == AccountTypeName(t)) return t;
  }
  return InvalidArgument("account type " + Quote(text) +
                         " is not one of asset, liability, income, expense, equity");
}

StatusOr<AccountType> InferAccountType(std::string_view account) {
  static const std::array<std::pair<std::string_view, AccountType>, 24> kWords{{
      {"asset", AccountType::kAsset},          {"assets", AccountType::kAsset},
      {"pool", AccountType::kAsset},           {"cash", AccountType::kAsset},
      {"bank", AccountType::kAsset},           {"receivable", AccountType::kAsset},
      {"receivables", AccountType::kAsset},    {"debtors", AccountType::kAsset},
      {"liability", AccountType::kLiability},  {"liabilities", AccountType::kLiability},
      {"payable", AccountType::kLiability},    {"payables", AccountType::kLiability},
      {"creditors", AccountType::kLiability},  {"accruals", AccountType::kLiability},
      {"income", AccountType::kIncome},        {"revenue", AccountType::kIncome},
      {"contributions", AccountType::kIncome}, {"expense", AccountType::kExpense},
      {"expenses", AccountType::kExpense},     {"spend", AccountType::kExpense},
      {"equity", AccountType::kEquity},        {"reserves", AccountType::kEquity},
      {"budget", AccountType::kEquity},        {"commitments", AccountType::kLiability},
  }};
  std::string_view first = account.substr(0, account.find(':'));
  for (const auto& [word, type] : kWords) {
    if (first == word) return type;
  }
  return InvalidArgument("cannot tell what type of account " + Quote(account) +
                         " is from its first part; open it first with `poolbook account open " +
                         std::string(account) + " TYPE`");
}

Status CheckAccountName(std::string_view name) {
  if (name.empty()) return InvalidArgument("account name is empty");
  if (name.size() > limits::kAccountNameBytesMax) {
    return InvalidArgument("account name " + Quote(name) + " is longer than " +
                           std::to_string(limits::kAccountNameBytesMax) + " characters");
  }
  std::size_t segments = 0, start = 0;
  while (true) {
    std::size_t colon = name.find(':', start);
    std::string_view seg =
        name.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (seg.empty())
      return InvalidArgument("account name " + Quote(name) + " has an empty part between colons");
    for (char c : seg) {
      if (!IsAlnum(c) && c != '_' && c != '-' && c != '.') {
        return InvalidArgument("account name " + Quote(name) +
                               " may contain only letters, digits, '_', '-', '.' and ':' between parts");
      }
    }
    ++segments;
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (segments > limits::kAccountDepthMax) {
    return InvalidArgument("account name " + Quote(name) + " has more than " +
                           std::to_string(limits::kAccountDepthMax) + " parts");
  }
  return Status::Ok();
}

Status CheckPartnerCode(std::string_view code) {
  return CheckChars(code, limits::kPartnerCodeBytesMax, "_-", "partner code");
}

Status CheckLineCode(std::string_view line) {
  return CheckChars(line, limits::kLineCodeBytesMax, "_-.", "budget line");
}

Status CheckPerson(std::string_view person) {
  POOLBOOK_RETURN_IF_ERROR(CheckChars(person, limits::kPersonBytesMax, "_-", "person"));
  // Ten digits, however separated ("9434765919", "943-476-5919"), is how an NHS number looks.
  std::size_t digits = 0, separators = 0;
  for (char c : person) {
    digits += (c >= '0' && c <= '9');
    separators += (c == '-' || c == '_');
  }
  if (digits == 10 && digits + separators == person.size()) {
    return InvalidArgument("person " + Quote("**********") +
                           " looks like an NHS number; the ledger stores pseudonyms only, never NHS numbers");
  }
  return Status::Ok();
}

Status CheckKey(std::string_view key) {
  if (key.empty())
    return InvalidArgument("the entry has no key; every entry needs a unique key such as \"inv-2025-000123\"",
                           "key");
  if (key.size() > limits::kKeyBytesMax) {
    return InvalidArgument(
        "key " + Quote(key) + " is longer than " + std::to_string(limits::kKeyBytesMax) + " characters",
        "key");
  }
  for (char c : key) {
    if (c <= 0x20 || c >= 0x7f) {
      return InvalidArgument("key " + Quote(key) + " may contain only printable characters without spaces",
                             "key");
    }
  }
  return Status::Ok();
}

Status CheckUser(std::string_view user) {
  if (user.empty()) return InvalidArgument("no user name given; say who is posting", "user");
  Status st = CheckText(user, limits::kUserNameBytesMax, "the user name");
  return st.ok() ? st : InvalidArgument(st.message(), "user");
}

Status CheckText(std::string_view text, std::size_t bytes_max, const std::string& what) {
  if (text.size() > bytes_max) {
    return InvalidArgument(what + " is " + std::to_string(text.size()) + " bytes long; the most allowed is " +
                           std::to_string(bytes_max));
  }
  // Well-formed UTF-8 (shortest form, no surrogates, at most U+10FFFF) without control characters
  // (C0, DEL and C1: an overlong or C1 line break must not slip through).
  Status bad = InvalidArgument(what + " is not valid UTF-8 text");
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return bad;
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc >> 6) != 0x2) return bad;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return bad;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      return InvalidArgument(what + " contains a line break or other control character");
    }
    i += n;
  }
  return Status::Ok();
}

Status ValidateShape(const Entry& e) {
  POOLBOOK_RETURN_IF_ERROR(CheckKey(e.key));
  {
    Status st = CheckText(e.memo, limits::kMemoBytesMax, "memo");
    if (!st.ok()) return InvalidArgument(st.message(), "memo");
  }
  if (e.postings.size() < limits::kPostingsPerEntryMin) {
    return InvalidArgument("an entry needs at least two postings (a debit and a credit); this one has " +
                               std::to_string(e.postings.size()),
                           "postings");
  }
  if (e.postings.size() > limits::kPostingsPerEntryMax) {
    return InvalidArgument("an entry may have at most " + std::to_string(limits::kPostingsPerEntryMax) +
                               " postings; this one has " + std::to_string(e.postings.size()),
                           "postings");
  }
  Money sum;
  for (std::size_t i = 0; i < e.postings.size(); ++i) {
    const Posting& p = e.postings[i];
    const std::string where = "posting " + std::to_string(i + 1);
    const std::string field = "postings[" + std::to_string(i) + "].";
    auto fail = [&](const Status& st, const char* name) {
      return InvalidArgument(where + ": " + st.message(), field + name);
    };
    if (Status st = CheckAccountName(p.account); !st.ok()) return fail(st, "account");
    if (Status st = CheckPartnerCode(p.partner); !st.ok()) return fail(st, "partner");
    if (!p.person.empty()) {
      if (Status st = CheckPerson(p.person); !st.ok()) return fail(st, "person");
    }
    if (!p.line.empty()) {
      if (Status st = CheckLineCode(p.line); !st.ok()) return fail(st, "line");
    }
    if (p.amount.is_zero()) {
      return InvalidArgument(where + " (" + p.account + ") has a zero amount; leave the posting out instead",
                             field + "amount");
    }
    if (!p.amount.fits_storage())
      return InvalidArgument(where + ": the amount is beyond the storable range", field + "amount");
    sum += p.amount;
  }
  if (!sum.is_zero()) {
    return InvalidArgument(std::string("the postings do not balance in the ") + BookName(e.book) +
                               " book: debits and credits differ by " + sum.ToString() +
                               " (debits are positive, credits negative, and they must sum to 0.00)",
                           "postings");
  }
  return Status::Ok();
}

}  // namespace poolbook
