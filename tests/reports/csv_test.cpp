// CSV writing for reports: RFC 4180 quoting, formula neutralisation, CRLF rows, amounts untouched.
#include "reports/csv.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/csv_reader.h"
#include "testing/seed.h"

namespace poolbook::reports {
namespace {

using testing::SeedNote;
using testing::TestSeed;

struct TextCase {
  std::string name;
  std::string in;
  std::string out;
};
std::ostream& operator<<(std::ostream& os, const TextCase& c) { return os << c.name; }

class CsvTextTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(CsvTextTest, Encodes) { EXPECT_EQ(CsvText(GetParam().in), GetParam().out); }

INSTANTIATE_TEST_SUITE_P(
    Table, CsvTextTest,
    ::testing::Values(
        // Plain text is written as it is.
        TextCase{"Plain", "pool:cash", "pool:cash"}, TextCase{"Empty", "", ""},
        TextCase{"Spaces", "Acme Care Ltd", "Acme Care Ltd"}, TextCase{"Utf8", "Caf\xC3\xA9", "Caf\xC3\xA9"},
        TextCase{"InnerEquals", "a=b", "a=b"}, TextCase{"InnerMinus", "LD-PKG", "LD-PKG"},
        TextCase{"Apostrophe", "it's", "it's"},
        // Quoting.
        TextCase{"Comma", "a,b", "\"a,b\""}, TextCase{"Quote", "say \"hi\"", "\"say \"\"hi\"\"\""},
        TextCase{"OnlyQuote", "\"", "\"\"\"\""}, TextCase{"Lf", "a\nb", "\"a\nb\""},
        TextCase{"Cr", "a\rb", "\"a\rb\""}, TextCase{"Crlf", "a\r\nb", "\"a\r\nb\""},
        TextCase{"TrailingComma", "a,", "\"a,\""},
        // Formula neutralisation.
        TextCase{"Equals", "=SUM(A1:A9)", "'=SUM(A1:A9)"}, TextCase{"Plus", "+1", "'+1"},
        TextCase{"Minus", "-1", "'-1"}, TextCase{"At", "@SUM(1)", "'@SUM(1)"}, TextCase{"Tab", "\tx", "'\tx"},
        TextCase{"OnlyEquals", "=", "'="},
        TextCase{"HyperlinkPayload", "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
        // Neutralised and still quoted.
        TextCase{"CrIsNeutralisedAndQuoted", "\rx", "\"'\rx\""},
        TextCase{"EqualsWithComma", "=1,2", "\"'=1,2\""}, TextCase{"MinusWithComma", "-1,5", "\"'-1,5\""},
        TextCase{"PlusWithNewline", "+a\nb", "\"'+a\nb\""},
        TextCase{"AtWithQuote", "@\"x\"", "\"'@\"\"x\"\"\""}),
    [](const ::testing::TestParamInfo<TextCase>& info) { return info.param.name; });

TEST(CsvAmount, WrittenUnchanged) {
  for (const std::string a : {"-12.50", "12.50", "0.00", "-0.01", "1234.56", "-92233720368547758.07"}) {
    EXPECT_EQ(CsvAmount(a), a);
  }
  // The same text as a CsvText cell would have been neutralised: amounts must not go that way.
  EXPECT_NE(CsvText("-12.50"), CsvAmount("-12.50"));
}

TEST(CsvRow, JoinsWithCommasAndEndsWithCrlf) {
  EXPECT_EQ(CsvRow({"a", "b", "c"}), "a,b,c\r\n");
  EXPECT_EQ(CsvRow({"a"}), "a\r\n");
  EXPECT_EQ(CsvRow({}), "\r\n");
  EXPECT_EQ(CsvRow({"", ""}), ",\r\n");
  // Cells are already encoded and are not encoded again.
  EXPECT_EQ(CsvRow({CsvText("x,y"), CsvAmount("-1.00"), CsvText("-1.00")}), "\"x,y\",-1.00,'-1.00\r\n");
}

// Property: a row of CsvText cells reads back (with the project's own CSV reader) as the texts,
// each formula-like text with one leading apostrophe.
TEST(CsvTextProperty, RowsReadBackThroughCsvReader) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  static const char* kAtoms[] = {"a", "1", ",", "\"", "\n", "\r", "\r\n",    " ",
                                 "=", "+", "-", "@",  "\t", "'",  "\xC3\xA9"};
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> texts, cells;
    const std::size_t n = 1 + rng() % 6;
    for (std::size_t i = 0; i < n; ++i) {
      std::string t;
      for (std::size_t k = rng() % 6; k > 0; --k) t += kAtoms[rng() % std::size(kAtoms)];
      texts.push_back(t);
      cells.push_back(CsvText(t));
    }
    if (n == 1 && texts[0].empty()) continue;  // an empty line is not a row
    const std::string row = CsvRow(cells);
    SCOPED_TRACE(row);
    std::istringstream in(row);
    CsvReader reader(in);
    std::vector<std::string> fields;
    StatusOr<bool> next = reader.Next(fields);
    ASSERT_TRUE(next.ok()) << next.status().message();
    ASSERT_TRUE(*next);
    ASSERT_EQ(fields.size(), texts.size());
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& t = texts[i];
      const bool formula = !t.empty() && std::string("=+-@\t\r").find(t[0]) != std::string::npos;
      ASSERT_EQ(fields[i], formula ? "'" + t : t) << "cell " << i;
    }
    std::vector<std::string> rest;
    StatusOr<bool> end = reader.Next(rest);
    ASSERT_TRUE(end.ok());
    ASSERT_FALSE(*end) << "the row did not end where it should";
  }
}

}  // namespace
}  // namespace poolbook::reports
