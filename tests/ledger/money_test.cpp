// Money: parsing, canonical formatting, the round trip between them, and exact 128-bit arithmetic.
#include "ledger/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "ledger/limits.h"
#include "testing/seed.h"

namespace poolbook {
namespace {

using testing::SeedNote;
using testing::TestSeed;

// ---------------------------------------------------------------------------------------------
// Good inputs.

struct GoodAmount {
  std::string text;
  std::int64_t pence;
  std::string canonical;
};

std::ostream& operator<<(std::ostream& os, const GoodAmount& g) { return os << "\"" << g.text << "\""; }

class MoneyParseGoodTest : public ::testing::TestWithParam<GoodAmount> {};

TEST_P(MoneyParseGoodTest, ParsesToExpectedPenceAndCanonicalText) {
  const GoodAmount& g = GetParam();
  StatusOr<Money> m = Money::Parse(g.text);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->pence(), Int128(g.pence));
  EXPECT_TRUE(m->fits_storage());
  EXPECT_EQ(m->pence64(), g.pence);
  EXPECT_EQ(m->ToString(), g.canonical);
  // The canonical text parses back to the same amount.
  StatusOr<Money> again = Money::Parse(g.canonical);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(*again, *m);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MoneyParseGoodTest,
    ::testing::Values(GoodAmount{"1234.56", 123456, "1234.56"}, GoodAmount{"-1234.56", -123456, "-1234.56"},
                      GoodAmount{"-0.01", -1, "-0.01"}, GoodAmount{"0.01", 1, "0.01"},
                      GoodAmount{"0.1", 10, "0.10"}, GoodAmount{"-0.1", -10, "-0.10"},
                      GoodAmount{"7", 700, "7.00"}, GoodAmount{"7.5", 750, "7.50"},
                      GoodAmount{"7.05", 705, "7.05"}, GoodAmount{"-7.05", -705, "-7.05"},
                      GoodAmount{"0", 0, "0.00"}, GoodAmount{"-0", 0, "0.00"}, GoodAmount{"0.00", 0, "0.00"},
                      GoodAmount{"-0.00", 0, "0.00"}, GoodAmount{"0.0", 0, "0.00"},
                      GoodAmount{"92233720368547758.07", limits::kPenceMax, "92233720368547758.07"},
                      GoodAmount{"-92233720368547758.07", -limits::kPenceMax, "-92233720368547758.07"},
                      GoodAmount{"92233720368547758", 9223372036854775800, "92233720368547758.00"},
                      GoodAmount{"007.10", 710, "7.10"}, GoodAmount{"-007.10", -710, "-7.10"},
                      GoodAmount{"000", 0, "0.00"}, GoodAmount{"0001234.5", 123450, "1234.50"},
                      // Exactly limits::kAmountTextBytesMax characters is still read.
                      GoodAmount{std::string(limits::kAmountTextBytesMax - 3, '0') + ".01", 1, "0.01"},
                      GoodAmount{"-" + std::string(limits::kAmountTextBytesMax - 2, '0') + "9", -900,
                                 "-9.00"},
                      // Leading zeros do not count towards the range check.
                      GoodAmount{"00092233720368547758.07", limits::kPenceMax, "92233720368547758.07"}));

// ---------------------------------------------------------------------------------------------
// Bad inputs: each refused with kInvalidArgument and a message that quotes the text.

class MoneyParseBadTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MoneyParseBadTest, RefusedQuotingTheText) {
  const std::string& text = GetParam();
  StatusOr<Money> m = Money::Parse(text);
  ASSERT_FALSE(m.ok()) << "accepted as " << m->ToString();
  EXPECT_EQ(m.status().code(), Code::kInvalidArgument);
  // Long texts are quoted as a prefix; everything else is quoted whole.
  const std::string quoted = "\"" + text.substr(0, 30);
  EXPECT_NE(m.status().message().find(quoted), std::string::npos)
      << "message does not quote the text: " << m.status().message();
  if (text.size() <= 30) {
    EXPECT_NE(m.status().message().find("\"" + text + "\""), std::string::npos) << m.status().message();
  }
}

std::string PrintBad(const ::testing::TestParamInfo<std::string>& info) { return std::to_string(info.index); }

INSTANTIATE_TEST_SUITE_P(
    Table, MoneyParseBadTest,
    ::testing::Values("1.234", "1.000", "-0.001", "1e3", "1E3", "1e-2", "1,000", "1,000.00", " 1", "1 ",
                      "1\t", "+1", "+0.01", "", "-", "-.", ".", "NaN", "nan", "inf", "-inf", "Infinity", ".5",
                      "-.5", "5.", "-5.", "1.2.3", "--1", "-+1", "0x10", "0b1", "1-", "1.-1", "£1", "1p",
                      "92233720368547758.08", "-92233720368547758.08", "92233720368547759",
                      "99999999999999999999", "-99999999999999999999.99", std::string(100, '9'),
                      std::string(limits::kAmountTextBytesMax, '0') + "1", "12.50\n", "12.50\r\n", "\n12.50",
                      "１２", "1２", std::string("1\0", 2), std::string("\0", 1)),
    PrintBad);

TEST(MoneyParse, OverlongTextIsRefusedWithoutBeingQuotedInFull) {
  const std::string text(100, '1');
  StatusOr<Money> m = Money::Parse(text);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Code::kInvalidArgument);
  // The message quotes a prefix, never the whole 100 characters.
  EXPECT_EQ(m.status().message().find(text), std::string::npos);
  EXPECT_NE(m.status().message().find("\"" + text.substr(0, 20)), std::string::npos);
}

TEST(MoneyParse, MessagesSayWhatIsWrong) {
  struct Case {
    std::string text, says;
  };
  for (const Case& c : std::vector<Case>{{"1.234", "two decimal"},
                                         {"1,000", "thousands separator"},
                                         {"1e3", "exponent"},
                                         {"+1", "'+'"},
                                         {"", "empty"},
                                         {"1 ", "space"},
                                         {"92233720368547758.08", "largest amount"}}) {
    SCOPED_TRACE(c.text);
    StatusOr<Money> m = Money::Parse(c.text);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.status().message().find(c.says), std::string::npos) << m.status().message();
  }
}

// ---------------------------------------------------------------------------------------------
// Round trips.

// Random pence across the storable range: uniform, small, and near the limits.
std::int64_t RandomPence(std::mt19937_64& rng) {
  std::uniform_int_distribution<std::int64_t> full(-limits::kPenceMax, limits::kPenceMax);
  std::uniform_int_distribution<std::int64_t> small(-100'000, 100'000);
  std::uniform_int_distribution<std::int64_t> edge(0, 10'000);
  std::uniform_int_distribution<int> digits(1, 18);
  switch (rng() % 5) {
    case 0:
      return full(rng);
    case 1:
      return small(rng);
    case 2:
      return limits::kPenceMax - edge(rng);
    case 3:
      return -limits::kPenceMax + edge(rng);
    default: {  // a random number of digits, so every magnitude is covered
      std::int64_t bound = 1;
      for (int d = digits(rng); d > 0; --d) bound *= 10;
      std::uniform_int_distribution<std::int64_t> mag(-bound, bound);
      return mag(rng);
    }
  }
}

TEST(MoneyRoundTrip, ParseOfToStringIsIdentityAndToStringOfParseIsIdentity) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 20'000; ++i) {
    const std::int64_t pence = RandomPence(rng);
    const Money m = Money::FromPence(pence);
    const std::string s = m.ToString();
    StatusOr<Money> parsed = Money::Parse(s);
    ASSERT_TRUE(parsed.ok()) << pence << " -> " << s << ": " << parsed.status().message();
    ASSERT_EQ(*parsed, m) << s;
    ASSERT_EQ(parsed->ToString(), s);
    ASSERT_EQ(parsed->pence64(), pence);
  }
}

// The same amount written non-canonically (leading zeros, one decimal, no decimals) parses to the
// same pence as its canonical form.
TEST(MoneyRoundTrip, NonCanonicalSpellingsParseToTheSameAmount) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 5'000; ++i) {
    const std::int64_t pence = RandomPence(rng);
    const std::string canonical = Money::FromPence(pence).ToString();
    const bool negative = canonical[0] == '-';
    std::string body = negative ? canonical.substr(1) : canonical;
    std::string variant = std::string(rng() % 4, '0') + body;
    if (variant.size() >= 3 && variant.substr(variant.size() - 3) == ".00" && rng() % 2) {
      variant.resize(variant.size() - 3);  // "7.00" -> "7"
    } else if (variant.back() == '0' && rng() % 2) {
      variant.pop_back();  // "7.50" -> "7.5"
    }
    variant = (negative ? "-" : "") + variant;
    SCOPED_TRACE(variant);
    StatusOr<Money> m = Money::Parse(variant);
    ASSERT_TRUE(m.ok()) << m.status().message();
    ASSERT_EQ(m->ToString(), canonical);
  }
}

// A reference reader for the grammar -?[0-9]+(\.[0-9]{1,2})? with the length and range limits.
std::optional<boost::multiprecision::cpp_int> ReferenceParse(const std::string& s) {
  if (s.empty() || s.size() > limits::kAmountTextBytesMax) return std::nullopt;
  std::size_t i = s[0] == '-' ? 1 : 0;
  boost::multiprecision::cpp_int v = 0;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0'), ++int_digits;
  v *= 100;
  if (i < s.size() && s[i] == '.') {
    ++i;
    boost::multiprecision::cpp_int frac = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') frac = frac * 10 + (s[i++] - '0'), ++frac_digits;
    if (frac_digits == 0 || frac_digits > 2) return std::nullopt;
    v += frac_digits == 1 ? frac * 10 : frac;
  }
  if (i != s.size() || int_digits == 0) return std::nullopt;
  if (v > limits::kPenceMax) return std::nullopt;
  return s[0] == '-' ? boost::multiprecision::cpp_int(-v) : v;
}

// Random strings over a hostile alphabet: Parse accepts exactly what the reference grammar accepts,
// with the same value.
TEST(MoneyParse, AgreesWithReferenceGrammarOnRandomText) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  const std::string alphabet = "0123456789000111999..--+eE, x";
  int accepted = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string s;
    const std::size_t len = rng() % 36;
    for (std::size_t k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
    SCOPED_TRACE("\"" + s + "\"");
    const auto expected = ReferenceParse(s);
    StatusOr<Money> m = Money::Parse(s);
    ASSERT_EQ(m.ok(), expected.has_value()) << (m.ok() ? "accepted" : m.status().message());
    if (m.ok()) {
      ++accepted;
      ASSERT_EQ(boost::multiprecision::cpp_int(m->pence()), *expected);
    } else {
      ASSERT_EQ(m.status().code(), Code::kInvalidArgument);
    }
  }
  EXPECT_GT(accepted, 0);  // the generator must exercise both outcomes
}

// ---------------------------------------------------------------------------------------------
// Storage range and arithmetic.

TEST(MoneyStorage, FitsStorageIsSymmetricAroundZero) {
  EXPECT_TRUE(Money::FromPence(limits::kPenceMax).fits_storage());
  EXPECT_TRUE(Money::FromPence(-limits::kPenceMax).fits_storage());
  EXPECT_FALSE(Money::FromPence(Int128(limits::kPenceMax) + 1).fits_storage());
  EXPECT_FALSE(Money::FromPence(-Int128(limits::kPenceMax) - 1).fits_storage());
  // INT64_MIN is not storable: negation of every stored amount must never overflow.
  EXPECT_FALSE(Money::FromPence(std::numeric_limits<std::int64_t>::min()).fits_storage());
  EXPECT_TRUE(Money().fits_storage());
  EXPECT_TRUE(Money().is_zero());
}

TEST(MoneyArithmetic, SumsBeyondInt64AreExactAndNotStorable) {
  const Money max = Money::FromPence(limits::kPenceMax);
  Money sum = max + max;
  EXPECT_EQ(sum.pence(), Int128(limits::kPenceMax) * 2);
  EXPECT_FALSE(sum.fits_storage());
  EXPECT_EQ(sum.ToString(), "184467440737095516.14");
  EXPECT_EQ((-sum).ToString(), "-184467440737095516.14");
  EXPECT_FALSE((-sum).fits_storage());

  // A thousand maxima, then back down: exact all the way.
  Money big;
  for (int i = 0; i < 1000; ++i) big += max;
  EXPECT_EQ(big.pence(), Int128(limits::kPenceMax) * 1000);
  EXPECT_FALSE(big.fits_storage());
  EXPECT_EQ(big.ToString(), "92233720368547758070.00");
  for (int i = 0; i < 999; ++i) big -= max;
  EXPECT_EQ(big, max);
  EXPECT_TRUE(big.fits_storage());
  EXPECT_EQ(big.pence64(), limits::kPenceMax);

  // Just one penny past the limit either way.
  EXPECT_FALSE((max + Money::FromPence(1)).fits_storage());
  EXPECT_FALSE((-max - Money::FromPence(1)).fits_storage());
  EXPECT_TRUE((max + Money::FromPence(1) - Money::FromPence(1)).fits_storage());
}

TEST(MoneyArithmetic, Int128OverflowThrowsInsteadOfWrapping) {
  const Money top = Money::FromPence(std::numeric_limits<Int128>::max());
  EXPECT_THROW((void)(top + Money::FromPence(1)), std::overflow_error);
  EXPECT_THROW((void)(-top - Money::FromPence(1)), std::overflow_error);
}

TEST(MoneyArithmetic, RandomSumsAgreeWithExactIntegers) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 200; ++round) {
    Money sum;
    boost::multiprecision::cpp_int expected = 0;
    for (int i = 0; i < 50; ++i) {
      const std::int64_t p = RandomPence(rng);
      if (rng() % 2) {
        sum += Money::FromPence(p);
        expected += p;
      } else {
        sum -= Money::FromPence(p);
        expected -= p;
      }
    }
    ASSERT_EQ(boost::multiprecision::cpp_int(sum.pence()), expected);
    ASSERT_EQ(sum.fits_storage(), expected <= limits::kPenceMax && expected >= -limits::kPenceMax);
  }
}

TEST(MoneyArithmetic, SignComparisonAndNegation) {
  const Money a = Money::FromPence(-1), b = Money::FromPence(0), c = Money::FromPence(1);
  EXPECT_EQ(a.sign(), -1);
  EXPECT_EQ(b.sign(), 0);
  EXPECT_EQ(c.sign(), 1);
  EXPECT_TRUE(a < b && b < c);
  EXPECT_TRUE(c > b && b > a);
  EXPECT_TRUE(a <= a && a <= c);
  EXPECT_EQ(-a, c);
  EXPECT_EQ(-b, b);
  EXPECT_EQ(a + c, b);
  EXPECT_EQ(c - c, b);
  EXPECT_EQ((-Money::FromPence(12345)).ToString(), "-123.45");
}

}  // namespace
}  // namespace poolbook
