// Entry shape checks (ValidateShape) and the name checks every interface shares.
#include "ledger/entry.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ledger/limits.h"

namespace poolbook {
namespace {

Money M(std::int64_t pence) { return Money::FromPence(pence); }

Posting P(std::string account, std::string partner, std::int64_t pence, std::string person = "",
          std::string line = "") {
  return Posting{std::move(account), std::move(partner), std::move(person), std::move(line), M(pence)};
}

// The docs/design.md §4 example: balanced and well-formed.
Entry ValidEntry() {
  Entry e;
  e.key = "inv-2025-000123";
  e.book = Book::kActual;
  e.date = Date{2025, 6, 30};
  e.memo = "Invoice 123, Acme Care, June";
  e.postings = {P("spend:package", "ICB", 74074, "P-3F9A0C", "LD-PKG"),
                P("spend:package", "CNCL", 49382, "P-3F9A0C", "LD-PKG"), P("pool:cash", "ICB", -74074),
                P("pool:cash", "CNCL", -49382)};
  return e;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// ValidateShape: one refusal per rule, each naming its field.

TEST(ValidateShape, DesignExampleIsValid) {
  Status st = ValidateShape(ValidEntry());
  EXPECT_TRUE(st.ok()) << st.message();
}

TEST(ValidateShape, PersonAndLineAreOptional) {
  Entry e = ValidEntry();
  for (Posting& p : e.postings) p.person = p.line = "";
  EXPECT_TRUE(ValidateShape(e).ok());
}

TEST(ValidateShape, FewerThanTwoPostings) {
  for (std::size_t n : {0u, 1u}) {
    Entry e = ValidEntry();
    e.postings.resize(n);
    Status st = ValidateShape(e);
    ASSERT_FALSE(st.ok()) << n;
    EXPECT_EQ(st.code(), Code::kInvalidArgument);
    EXPECT_EQ(st.field(), "postings");
    EXPECT_TRUE(Contains(st.message(), "at least two")) << st.message();
  }
}

TEST(ValidateShape, ZeroAmountNamesThePosting) {
  Entry e = ValidEntry();
  e.postings = {P("pool:cash", "ICB", 100), P("spend:x", "ICB", 0), P("pool:cash", "ICB", -100)};
  Status st = ValidateShape(e);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.field(), "postings[1].amount");
  EXPECT_TRUE(Contains(st.message(), "posting 2")) << st.message();
  EXPECT_TRUE(Contains(st.message(), "zero")) << st.message();
}

TEST(ValidateShape, UnbalancedMessageGivesTheDifference) {
  struct Case {
    std::int64_t debit, credit;
    std::string difference;
  };
  for (const Case& c :
       std::vector<Case>{{1000, -999, "0.01"}, {1000, -1050, "-0.50"}, {123456, -3456, "1200.00"}}) {
    Entry e = ValidEntry();
    e.book = Book::kBudget;
    e.postings = {P("budget:x", "ICB", c.debit), P("budget:y", "ICB", c.credit)};
    Status st = ValidateShape(e);
    ASSERT_FALSE(st.ok()) << c.difference;
    EXPECT_EQ(st.code(), Code::kInvalidArgument);
    EXPECT_EQ(st.field(), "postings");
    EXPECT_TRUE(Contains(st.message(), " " + c.difference + " ")) << st.message();
    EXPECT_TRUE(Contains(st.message(), "budget")) << st.message();
  }
}

TEST(ValidateShape, BalancedSumsBeyondInt64AreFine) {
  Entry e = ValidEntry();
  e.postings = {P("pool:cash", "ICB", limits::kPenceMax), P("pool:cash", "ICB", limits::kPenceMax),
                P("spend:x", "ICB", -limits::kPenceMax), P("spend:x", "ICB", -limits::kPenceMax)};
  Status st = ValidateShape(e);
  EXPECT_TRUE(st.ok()) << st.message();
}

TEST(ValidateShape, UnstorableAmountIsRefused) {
  Entry e = ValidEntry();
  const Int128 big = Int128(limits::kPenceMax) + 1;
  e.postings = {P("pool:cash", "ICB", 1), P("spend:x", "ICB", -1)};
  e.postings[0].amount = Money::FromPence(big);
  e.postings[1].amount = Money::FromPence(-big);
  Status st = ValidateShape(e);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.field(), "postings[0].amount");
}

// n postings that balance: n-1 debits of 1p and one credit.
Entry WithPostings(std::size_t n) {
  Entry e = ValidEntry();
  e.postings.clear();
  for (std::size_t i = 0; i + 1 < n; ++i) e.postings.push_back(P("spend:x", "ICB", 1));
  e.postings.push_back(P("pool:cash", "ICB", -static_cast<std::int64_t>(n - 1)));
  return e;
}

TEST(ValidateShape, PostingsAtTheMaximumAndOneMore) {
  Status at = ValidateShape(WithPostings(limits::kPostingsPerEntryMax));
  EXPECT_TRUE(at.ok()) << at.message();
  Status over = ValidateShape(WithPostings(limits::kPostingsPerEntryMax + 1));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.code(), Code::kInvalidArgument);
  EXPECT_EQ(over.field(), "postings");
  EXPECT_TRUE(Contains(over.message(), std::to_string(limits::kPostingsPerEntryMax))) << over.message();
}

TEST(ValidateShape, MemoAtTheMaximumAndOneMore) {
  Entry e = ValidEntry();
  e.memo = std::string(limits::kMemoBytesMax, 'm');
  EXPECT_TRUE(ValidateShape(e).ok());
  e.memo.clear();
  for (std::size_t i = 0; i < limits::kMemoBytesMax / 2; ++i)
    e.memo += "\xC3\xA9";  // é: bytes, not characters
  ASSERT_EQ(e.memo.size(), limits::kMemoBytesMax);
  EXPECT_TRUE(ValidateShape(e).ok());
  e.memo = std::string(limits::kMemoBytesMax + 1, 'm');
  Status st = ValidateShape(e);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.field(), "memo");
  EXPECT_TRUE(Contains(st.message(), std::to_string(limits::kMemoBytesMax))) << st.message();
}

TEST(ValidateShape, EmptyMemoIsFine) {
  Entry e = ValidEntry();
  e.memo.clear();
  EXPECT_TRUE(ValidateShape(e).ok());
}

TEST(ValidateShape, MemoWithControlCharactersIsRefused) {
  for (const std::string& memo :
       {std::string("line one\nline two"), std::string("a\rb"), std::string("tab\there"),
        std::string("nul\0x", 5), std::string("del\x7f")}) {
    Entry e = ValidEntry();
    e.memo = memo;
    Status st = ValidateShape(e);
    ASSERT_FALSE(st.ok()) << memo;
    EXPECT_EQ(st.field(), "memo");
    EXPECT_EQ(st.code(), Code::kInvalidArgument);
  }
}

TEST(ValidateShape, KeyRefusalsNameTheKeyField) {
  for (const std::string& key : {std::string(), std::string("inv 1"), std::string("inv\t1"),
                                 std::string("k\xC3\xA9"), std::string(limits::kKeyBytesMax + 1, 'k')}) {
    Entry e = ValidEntry();
    e.key = key;
    Status st = ValidateShape(e);
    ASSERT_FALSE(st.ok()) << key;
    EXPECT_EQ(st.code(), Code::kInvalidArgument);
    EXPECT_EQ(st.field(), "key");
  }
}

TEST(ValidateShape, PostingNameRefusalsNameTheField) {
  struct Case {
    std::function<void(Posting&)> mutate;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](Posting& p) { p.account = "pool::cash"; }, "postings[2].account"},
      {[](Posting& p) { p.account = ""; }, "postings[2].account"},
      {[](Posting& p) { p.partner = "I C B"; }, "postings[2].partner"},
      {[](Posting& p) { p.partner = ""; }, "postings[2].partner"},
      {[](Posting& p) { p.person = "P 1"; }, "postings[2].person"},
      {[](Posting& p) { p.person = "9434765919"; }, "postings[2].person"},
      {[](Posting& p) { p.line = "LD PKG"; }, "postings[2].line"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    Entry e = ValidEntry();
    cases[i].mutate(e.postings[2]);
    Status st = ValidateShape(e);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), Code::kInvalidArgument);
    EXPECT_EQ(st.field(), cases[i].field);
    EXPECT_TRUE(Contains(st.message(), "posting 3")) << st.message();
  }
}

TEST(ValidateShape, NhsNumberLikePersonIsNotEchoed) {
  Entry e = ValidEntry();
  e.postings[0].person = "9434765919";
  Status st = ValidateShape(e);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.field(), "postings[0].person");
  EXPECT_FALSE(Contains(st.message(), "9434765919")) << st.message();
  EXPECT_FALSE(Contains(st.message(), "943476")) << st.message();
}

TEST(ValidateShape, FirstBadPostingIsReported) {
  Entry e = ValidEntry();
  e.postings[1].partner = "bad partner";
  e.postings[3].account = "bad account";
  Status st = ValidateShape(e);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.field(), "postings[1].partner");
}

// ---------------------------------------------------------------------------------------------
// Key.

TEST(CheckKey, Table) {
  struct Case {
    std::string key;
    bool ok;
  };
  for (const Case& c : std::vector<Case>{
           {"inv-2025-000123", true},
           {"k", true},
           {"a/b#c?d=e&f~!", true},
           {std::string(limits::kKeyBytesMax, 'k'), true},
           {std::string(limits::kKeyBytesMax + 1, 'k'), false},
           {"", false},
           {"inv 1", false},
           {" inv", false},
           {"inv\n", false},
           {"inv\x7f", false},
           {"inv\xC3\xA9", false},
           {std::string("inv\0", 4), false},
       }) {
    SCOPED_TRACE("\"" + c.key + "\"");
    Status st = CheckKey(c.key);
    EXPECT_EQ(st.ok(), c.ok) << st.message();
    if (!c.ok) {
      EXPECT_EQ(st.code(), Code::kInvalidArgument);
      EXPECT_EQ(st.field(), "key");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Text (memo): UTF-8 without control characters.

class CheckTextValidTest : public ::testing::TestWithParam<std::string> {};
TEST_P(CheckTextValidTest, Accepted) {
  Status st = CheckText(GetParam(), 100, "memo");
  EXPECT_TRUE(st.ok()) << st.message();
}
INSTANTIATE_TEST_SUITE_P(Table, CheckTextValidTest,
                         ::testing::Values("", "plain", "Caf\xC3\xA9",
                                           "\xE2\x82\xAC"
                                           "100",                                                // €
                                           "\xF0\x9F\x98\x80",                                   // U+1F600
                                           "\xF4\x8F\xBF\xBF",                                   // U+10FFFF
                                           "\xEF\xBB\xBF", "\xE2\x80\x94 dash", "\xED\x9F\xBF",  // U+D7FF
                                           "\xEE\x80\x80"),                                      // U+E000
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return std::to_string(info.index);
                         });

struct BadUtf8 {
  std::string name;
  std::string bytes;
};
std::ostream& operator<<(std::ostream& os, const BadUtf8& b) { return os << b.name; }

class CheckTextInvalidUtf8Test : public ::testing::TestWithParam<BadUtf8> {};
TEST_P(CheckTextInvalidUtf8Test, Refused) {
  Status st = CheckText("ok " + GetParam().bytes + " ok", 100, "memo");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_TRUE(Contains(st.message(), "memo")) << st.message();
}
INSTANTIATE_TEST_SUITE_P(
    Table, CheckTextInvalidUtf8Test,
    ::testing::Values(BadUtf8{"Ff", "\xFF"}, BadUtf8{"Fe", "\xFE"}, BadUtf8{"LoneContinuation", "\x80"},
                      BadUtf8{"TruncatedTwoByte", "\xC3"}, BadUtf8{"TwoByteBadContinuation", "\xC3\x28"},
                      BadUtf8{"TruncatedThreeByte", "\xE2\x82"}, BadUtf8{"TruncatedFourByte", "\xF0\x9F\x98"},
                      BadUtf8{"FiveByteLead", "\xF8\x88\x80\x80\x80"},
                      // Well-formed UTF-8 (RFC 3629) also excludes these:
                      BadUtf8{"OverlongSlash", "\xC0\xAF"}, BadUtf8{"OverlongNewline", "\xC0\x8A"},
                      BadUtf8{"OverlongC1", "\xC1\xBF"}, BadUtf8{"OverlongThreeByte", "\xE0\x80\xAF"},
                      BadUtf8{"OverlongFourByte", "\xF0\x80\x80\xAF"}, BadUtf8{"Surrogate", "\xED\xA0\x80"},
                      BadUtf8{"LowSurrogate", "\xED\xBF\xBF"}, BadUtf8{"AboveU10FFFF", "\xF4\x90\x80\x80"},
                      BadUtf8{"LeadF5", "\xF5\x80\x80\x80"}),
    [](const ::testing::TestParamInfo<BadUtf8>& info) { return info.param.name; });

TEST(CheckText, InvalidUtf8MemoThroughValidateShape) {
  Entry e = ValidEntry();
  e.memo = "Caf\xE9";  // Latin-1, not UTF-8
  Status st = ValidateShape(e);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.field(), "memo");
  EXPECT_TRUE(Contains(st.message(), "UTF-8")) << st.message();
}

TEST(CheckText, ControlCharactersRefused) {
  for (int c = 0; c < 0x20; ++c) {
    Status st = CheckText(std::string("a") + static_cast<char>(c) + "b", 100, "memo");
    EXPECT_FALSE(st.ok()) << "control character " << c;
  }
  EXPECT_FALSE(CheckText("a\x7f"
                         "b",
                         100, "memo")
                   .ok());
  Status nl = CheckText("a\nb", 100, "memo");
  EXPECT_TRUE(Contains(nl.message(), "line break")) << nl.message();
}

// U+0080..U+009F are control characters too (C1), among them U+0085 NEXT LINE, a line break.
TEST(CheckText, C1ControlCharactersRefused) {
  for (const std::string s : {"a\xC2\x85"
                              "b",
                              "a\xC2\x80"
                              "b",
                              "a\xC2\x9F"
                              "b"}) {
    EXPECT_FALSE(CheckText(s, 100, "memo").ok()) << "accepted a C1 control character";
  }
}

TEST(CheckText, LengthIsInBytes) {
  EXPECT_TRUE(CheckText(std::string(10, 'x'), 10, "memo").ok());
  EXPECT_FALSE(CheckText(std::string(11, 'x'), 10, "memo").ok());
  EXPECT_FALSE(CheckText("\xC3\xA9\xC3\xA9\xC3\xA9", 5, "memo").ok());  // 3 characters, 6 bytes
  EXPECT_TRUE(CheckText("\xC3\xA9\xC3\xA9\xC3\xA9", 6, "memo").ok());
}

// ---------------------------------------------------------------------------------------------
// Account names.

std::string Segments(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? ":s" : "s") + std::to_string(i);
  return out;
}

struct NameCase {
  std::string name;
  bool ok;
};
std::ostream& operator<<(std::ostream& os, const NameCase& c) { return os << "\"" << c.name << "\""; }

class CheckAccountNameTest : public ::testing::TestWithParam<NameCase> {};
TEST_P(CheckAccountNameTest, Table) {
  Status st = CheckAccountName(GetParam().name);
  EXPECT_EQ(st.ok(), GetParam().ok) << st.message();
  if (!st.ok()) {
    EXPECT_EQ(st.code(), Code::kInvalidArgument);
  }
}
INSTANTIATE_TEST_SUITE_P(
    Table, CheckAccountNameTest,
    ::testing::Values(NameCase{"pool:cash", true}, NameCase{"spend:package", true}, NameCase{"a", true},
                      NameCase{"A_b-c.d:E9", true}, NameCase{Segments(limits::kAccountDepthMax), true},
                      NameCase{Segments(limits::kAccountDepthMax + 1), false},
                      NameCase{std::string(limits::kAccountNameBytesMax, 'a'), true},
                      NameCase{std::string(limits::kAccountNameBytesMax + 1, 'a'), false},
                      NameCase{"a:" + std::string(limits::kAccountNameBytesMax - 2, 'b'), true},
                      NameCase{"a:" + std::string(limits::kAccountNameBytesMax - 1, 'b'), false},
                      NameCase{"", false}, NameCase{"pool::cash", false}, NameCase{":x", false},
                      NameCase{"x:", false}, NameCase{":", false}, NameCase{"pool cash", false},
                      NameCase{"pool:cash ", false}, NameCase{" pool:cash", false},
                      NameCase{"pool/cash", false}, NameCase{"pool:c\xC3\xA4sh", false},
                      NameCase{"pool\tcash", false}, NameCase{"pool:cash\n", false},
                      NameCase{"pool;cash", false}),
    [](const ::testing::TestParamInfo<NameCase>& info) { return std::to_string(info.index); });

TEST(CheckAccountName, MessagesSayWhatIsWrong) {
  EXPECT_TRUE(Contains(CheckAccountName("pool::cash").message(), "empty part"));
  EXPECT_TRUE(Contains(CheckAccountName(Segments(limits::kAccountDepthMax + 1)).message(),
                       std::to_string(limits::kAccountDepthMax)));
  EXPECT_TRUE(Contains(CheckAccountName("pool cash").message(), "\"pool cash\""));
}

// ---------------------------------------------------------------------------------------------
// Partner codes, persons, line codes.

TEST(CheckPartnerCode, Table) {
  for (const NameCase& c : std::vector<NameCase>{
           {"ICB", true},
           {"CNCL-1", true},
           {"a_b", true},
           {std::string(limits::kPartnerCodeBytesMax, 'P'), true},
           {std::string(limits::kPartnerCodeBytesMax + 1, 'P'), false},
           {"", false},
           {"I CB", false},
           {"ICB.", false},
           {"ICB:x", false},
           {"\xC3\x8E"
            "CB",
            false},
           {"ICB\n", false},
       }) {
    SCOPED_TRACE("\"" + c.name + "\"");
    Status st = CheckPartnerCode(c.name);
    EXPECT_EQ(st.ok(), c.ok) << st.message();
  }
}

TEST(CheckPerson, Table) {
  for (const NameCase& c : std::vector<NameCase>{
           {"P-3F9A0C", true},
           {"person_1", true},
           {"123456789", true},  // nine digits: not NHS-number shaped
           {std::string(limits::kPersonBytesMax, 'p'), true},
           {std::string(limits::kPersonBytesMax + 1, 'p'), false},
           {"9434765919", false},
           {"0000000000", false},
           {"943-476-5919", false},  // NHS numbers are often written 3-3-4
           {"943_476_5919", false},
           {"P-943-476-5919", true},  // a letter: a pseudonym, not a bare number
           {"P 3F9A0C", false},
           {"P.3F9A0C", false},
       }) {
    SCOPED_TRACE("\"" + c.name + "\"");
    Status st = CheckPerson(c.name);
    EXPECT_EQ(st.ok(), c.ok) << st.message();
  }
}

TEST(CheckPerson, NhsNumberLikeRefusalDoesNotEchoTheDigits) {
  for (const std::string digits : {"9434765919", "1234567890", "0000000000"}) {
    Status st = CheckPerson(digits);
    ASSERT_FALSE(st.ok()) << digits;
    EXPECT_EQ(st.code(), Code::kInvalidArgument);
    EXPECT_TRUE(Contains(st.message(), "NHS")) << st.message();
    EXPECT_FALSE(Contains(st.message(), digits)) << st.message();
    // No run of four or more of its digits either.
    for (std::size_t i = 0; i + 4 <= digits.size(); ++i) {
      EXPECT_FALSE(Contains(st.message(), digits.substr(i, 4))) << st.message();
    }
  }
}

TEST(CheckLineCode, Table) {
  for (const NameCase& c : std::vector<NameCase>{
           {"LD-PKG", true},
           {"LD.PKG_1", true},
           {std::string(limits::kLineCodeBytesMax, 'L'), true},
           {std::string(limits::kLineCodeBytesMax + 1, 'L'), false},
           {"", false},
           {"LD PKG", false},
           {"LD:PKG", false},
           {"LD/PKG", false},
       }) {
    SCOPED_TRACE("\"" + c.name + "\"");
    Status st = CheckLineCode(c.name);
    EXPECT_EQ(st.ok(), c.ok) << st.message();
  }
}

// ---------------------------------------------------------------------------------------------
// Books and account types.

TEST(ParseBook, Table) {
  for (Book b : {Book::kActual, Book::kBudget, Book::kCommitment}) {
    StatusOr<Book> parsed = ParseBook(BookName(b));
    ASSERT_TRUE(parsed.ok()) << BookName(b);
    EXPECT_EQ(*parsed, b);
  }
  EXPECT_STREQ(BookName(Book::kActual), "actual");
  EXPECT_STREQ(BookName(Book::kBudget), "budget");
  EXPECT_STREQ(BookName(Book::kCommitment), "commitment");
  for (const std::string bad :
       {"", "Actual", "ACTUAL", "actuals", " actual", "actual ", "commitments", "forecast"}) {
    StatusOr<Book> parsed = ParseBook(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(parsed.status().field(), "book");
    EXPECT_TRUE(Contains(parsed.status().message(), "\"" + bad + "\"")) << parsed.status().message();
  }
}

TEST(ParseAccountType, Table) {
  struct Case {
    std::string text;
    AccountType type;
  };
  for (const Case& c : std::vector<Case>{{"asset", AccountType::kAsset},
                                         {"liability", AccountType::kLiability},
                                         {"income", AccountType::kIncome},
                                         {"expense", AccountType::kExpense},
                                         {"equity", AccountType::kEquity}}) {
    StatusOr<AccountType> t = ParseAccountType(c.text);
    ASSERT_TRUE(t.ok()) << c.text;
    EXPECT_EQ(*t, c.type);
    EXPECT_EQ(AccountTypeName(c.type), c.text);
  }
  for (const std::string bad : {"", "Asset", "assets", "expenses", "revenue", " asset"}) {
    StatusOr<AccountType> t = ParseAccountType(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().code(), Code::kInvalidArgument);
  }
}

TEST(InferAccountType, Table) {
  struct Case {
    std::string account;
    AccountType type;
  };
  for (const Case& c : std::vector<Case>{
           {"pool:cash", AccountType::kAsset},
           {"pool", AccountType::kAsset},
           {"cash", AccountType::kAsset},
           {"bank:current", AccountType::kAsset},
           {"debtors:icb", AccountType::kAsset},
           {"creditors:acme", AccountType::kLiability},
           {"payables", AccountType::kLiability},
           {"accruals:june", AccountType::kLiability},
           {"commitments:orders", AccountType::kLiability},
           {"income:contributions", AccountType::kIncome},
           {"contributions:icb", AccountType::kIncome},
           {"revenue", AccountType::kIncome},
           {"spend:package", AccountType::kExpense},
           {"expenses:travel", AccountType::kExpense},
           {"equity:opening", AccountType::kEquity},
           {"reserves:general", AccountType::kEquity},
           {"budget:ld", AccountType::kEquity},
       }) {
    StatusOr<AccountType> t = InferAccountType(c.account);
    ASSERT_TRUE(t.ok()) << c.account << ": " << t.status().message();
    EXPECT_EQ(*t, c.type) << c.account;
  }
  for (const std::string bad : {"misc:x", "", "poolx:cash", "spending", "x:pool", ":pool"}) {
    StatusOr<AccountType> t = InferAccountType(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().code(), Code::kInvalidArgument);
  }
}

}  // namespace
}  // namespace poolbook
