// CsvReader: RFC 4180 reading, line numbers, refusals and the row-length limit.
#include "ledger/csv_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/limits.h"
#include "testing/seed.h"

namespace poolbook {
namespace {

using testing::SeedNote;
using testing::TestSeed;

using Fields = std::vector<std::string>;

struct Row {
  long line;
  Fields fields;
};

struct ReadResult {
  std::vector<Row> rows;
  Status error;  // OK when the whole input was read
  std::uint64_t bytes = 0;
};

ReadResult ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  ReadResult out;
  Fields fields;
  for (int guard = 0; guard < 1'000'000; ++guard) {
    StatusOr<bool> next = reader.Next(fields);
    if (!next.ok()) {
      out.error = next.status();
      break;
    }
    if (!*next) break;
    out.rows.push_back({reader.row_line(), fields});
  }
  out.bytes = reader.bytes_read();
  return out;
}

std::vector<Fields> FieldsOf(const ReadResult& r) {
  std::vector<Fields> out;
  for (const Row& row : r.rows) out.push_back(row.fields);
  return out;
}

std::vector<long> LinesOf(const ReadResult& r) {
  std::vector<long> out;
  for (const Row& row : r.rows) out.push_back(row.line);
  return out;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// Well-formed input: a table of text -> rows and starting lines.

struct GoodCsv {
  std::string name;
  std::string text;
  std::vector<Fields> rows;
  std::vector<long> lines;
};
std::ostream& operator<<(std::ostream& os, const GoodCsv& c) { return os << c.name; }

class CsvReaderGoodTest : public ::testing::TestWithParam<GoodCsv> {};

TEST_P(CsvReaderGoodTest, ReadsRowsAndLines) {
  const GoodCsv& c = GetParam();
  ReadResult r = ReadAll(c.text);
  ASSERT_TRUE(r.error.ok()) << r.error.message();
  EXPECT_EQ(FieldsOf(r), c.rows);
  EXPECT_EQ(LinesOf(r), c.lines);
  EXPECT_EQ(r.bytes, c.text.size());
}

INSTANTIATE_TEST_SUITE_P(
    Table, CsvReaderGoodTest,
    ::testing::Values(
        GoodCsv{"PlainRows", "a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}, {1, 2}},
        GoodCsv{"QuotedComma", "\"a,b\",c\n", {{"a,b", "c"}}, {1}},
        GoodCsv{"DoubledQuotes", "\"say \"\"hi\"\"\",x\n", {{"say \"hi\"", "x"}}, {1}},
        GoodCsv{"OnlyADoubledQuote", "\"\"\"\"\n", {{"\""}}, {1}},
        GoodCsv{"QuotedEmpty", "\"\",x\n", {{"", "x"}}, {1}},
        GoodCsv{"NewlineInsideQuotes",
                "h1,h2\n\"line1\nline2\",b\nnext,row\n",
                {{"h1", "h2"}, {"line1\nline2", "b"}, {"next", "row"}},
                {1, 2, 4}},
        GoodCsv{"SeveralNewlinesInsideQuotes", "\"a\n\n\nb\",c\nd\n", {{"a\n\n\nb", "c"}, {"d"}}, {1, 5}},
        GoodCsv{"Crlf", "a,b\r\nc,d\r\n", {{"a", "b"}, {"c", "d"}}, {1, 2}},
        GoodCsv{"CrlfInsideQuotesIsKept", "\"x\r\ny\",z\r\nw\r\n", {{"x\r\ny", "z"}, {"w"}}, {1, 3}},
        GoodCsv{"MixedLineEnds", "a\r\nb\nc\r\n", {{"a"}, {"b"}, {"c"}}, {1, 2, 3}},
        GoodCsv{"BomSkipped", "\xEF\xBB\xBFkey,book\n1,2\n", {{"key", "book"}, {"1", "2"}}, {1, 2}},
        GoodCsv{"BomThenQuotedField", "\xEF\xBB\xBF\"key\",book\n", {{"key", "book"}}, {1}},
        GoodCsv{"BomLaterIsData", "a\n\xEF\xBB\xBFx\n", {{"a"}, {"\xEF\xBB\xBFx"}}, {1, 2}},
        GoodCsv{"EmptyFields", ",,\na,,b\n", {{"", "", ""}, {"a", "", "b"}}, {1, 2}},
        GoodCsv{"TrailingComma", "a,\n", {{"a", ""}}, {1}},
        GoodCsv{"LastRowWithoutNewline", "a,b\nc,d", {{"a", "b"}, {"c", "d"}}, {1, 2}},
        GoodCsv{"LastRowQuotedWithoutNewline", "a,\"b,c\"", {{"a", "b,c"}}, {1}},
        GoodCsv{"LastRowTrailingCommaWithoutNewline", "a,", {{"a", ""}}, {1}},
        GoodCsv{"LastRowEndsWithCr", "a,b\r", {{"a", "b"}}, {1}},
        GoodCsv{"Utf8Text",
                "Caf\xC3\xA9,\xE2\x82\xAC"
                "5\n",
                {{"Caf\xC3\xA9",
                  "\xE2\x82\xAC"
                  "5"}},
                {1}},
        GoodCsv{"Empty", "", {}, {}}, GoodCsv{"OnlyBom", "\xEF\xBB\xBF", {}, {}}),
    [](const ::testing::TestParamInfo<GoodCsv>& info) { return info.param.name; });

TEST(CsvReader, LineNumbersCountBlankLines) {
  ReadResult r = ReadAll("a\n\nb\n");
  ASSERT_TRUE(r.error.ok()) << r.error.message();
  ASSERT_FALSE(r.rows.empty());
  EXPECT_EQ(r.rows.back().fields, Fields{"b"});
  EXPECT_EQ(r.rows.back().line, 3);
}

TEST(CsvReader, EndOfInputIsSticky) {
  std::istringstream in("a\n");
  CsvReader reader(in);
  Fields fields;
  ASSERT_TRUE(*reader.Next(fields));
  for (int i = 0; i < 3; ++i) {
    StatusOr<bool> next = reader.Next(fields);
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(*next);
  }
}

// ---------------------------------------------------------------------------------------------
// Refusals.

TEST(CsvReader, UnclosedQuoteNamesTheLineWhereTheRowStarts) {
  ReadResult r = ReadAll("a,b\nc,\"unclosed\nmore\nstill more\n");
  ASSERT_FALSE(r.error.ok());
  EXPECT_EQ(r.error.code(), Code::kInvalidArgument);
  EXPECT_TRUE(Contains(r.error.message(), "line 2")) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), "never closed")) << r.error.message();
  ASSERT_EQ(r.rows.size(), 1u);  // the good row before it was read
}

TEST(CsvReader, UnclosedQuoteOnTheFirstLine) {
  ReadResult r = ReadAll("\"abc");
  ASSERT_FALSE(r.error.ok());
  EXPECT_TRUE(Contains(r.error.message(), "line 1")) << r.error.message();
}

TEST(CsvReader, TextAfterClosingQuoteIsRefused) {
  for (const std::string text : {"a\n\"x\"y,z\n", "a\n\"x\" ,z\n", "a\nw,\"x\"\"\"y\n"}) {
    SCOPED_TRACE(text);
    ReadResult r = ReadAll(text);
    ASSERT_FALSE(r.error.ok());
    EXPECT_EQ(r.error.code(), Code::kInvalidArgument);
    EXPECT_TRUE(Contains(r.error.message(), "line 2")) << r.error.message();
    EXPECT_TRUE(Contains(r.error.message(), "closing quote")) << r.error.message();
  }
}

TEST(CsvReader, BrokenByteOrderMarkIsRefused) {
  ReadResult r = ReadAll(
      "\xEF\xBB"
      "a,b\n");
  ASSERT_FALSE(r.error.ok());
  EXPECT_TRUE(Contains(r.error.message(), "line 1")) << r.error.message();
}

// ---------------------------------------------------------------------------------------------
// Row length: a row's bytes are its text without the line ending, whatever the line ending.

struct RowLimitCase {
  std::string name;
  std::string ending;
};
std::ostream& operator<<(std::ostream& os, const RowLimitCase& c) { return os << c.name; }

class CsvReaderRowLimitTest : public ::testing::TestWithParam<RowLimitCase> {};

// "a,b,...": a row of exactly `bytes` bytes, several fields.
std::string RowOfBytes(std::size_t bytes) {
  std::string row = "key,";
  row += std::string(bytes - row.size(), 'x');
  return row;
}

TEST_P(CsvReaderRowLimitTest, RowAtTheLimitIsAccepted) {
  const std::string row = RowOfBytes(limits::kCsvRowBytesMax);
  ASSERT_EQ(row.size(), limits::kCsvRowBytesMax);
  ReadResult r = ReadAll("h\n" + row + GetParam().ending);
  ASSERT_TRUE(r.error.ok()) << r.error.message();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].fields.size(), 2u);
  EXPECT_EQ(r.rows[1].fields[1].size(), limits::kCsvRowBytesMax - 4);
}

TEST_P(CsvReaderRowLimitTest, RowOneByteOverTheLimitIsRefused) {
  const std::string row = RowOfBytes(limits::kCsvRowBytesMax + 1);
  ReadResult r = ReadAll("h\n" + row + GetParam().ending);
  ASSERT_FALSE(r.error.ok()) << "a row of " << row.size() << " bytes was accepted";
  EXPECT_EQ(r.error.code(), Code::kInvalidArgument);
  EXPECT_TRUE(Contains(r.error.message(), "line 2")) << r.error.message();
  EXPECT_TRUE(Contains(r.error.message(), std::to_string(limits::kCsvRowBytesMax))) << r.error.message();
}

INSTANTIATE_TEST_SUITE_P(Endings, CsvReaderRowLimitTest,
                         ::testing::Values(RowLimitCase{"Lf", "\n"}, RowLimitCase{"Crlf", "\r\n"},
                                           RowLimitCase{"EndOfInput", ""}),
                         [](const ::testing::TestParamInfo<RowLimitCase>& info) { return info.param.name; });

TEST(CsvReaderRowLimit, RowAfterALongRowIsReadNormally) {
  const std::string row = RowOfBytes(limits::kCsvRowBytesMax - 1);
  ReadResult r = ReadAll(row + "\nnext,row\n");
  ASSERT_TRUE(r.error.ok()) << r.error.message();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].fields, (Fields{"next", "row"}));
  EXPECT_EQ(r.rows[1].line, 2);
}

TEST(CsvReaderRowLimit, QuotedRowsCountTheirRawBytes) {
  // One quoted field: '"' + body + '"'; the body is made of doubled quotes ("" -> ") and x's.
  auto quoted_row = [](std::size_t raw_bytes) {
    std::string body;
    while (body.size() + 2 < raw_bytes / 2) body += "\"\"";
    body += std::string(raw_bytes - 2 - body.size(), 'x');
    return "\"" + body + "\"";
  };
  const std::string at = quoted_row(limits::kCsvRowBytesMax);
  ASSERT_EQ(at.size(), limits::kCsvRowBytesMax);
  ReadResult ok = ReadAll(at + "\n");
  EXPECT_TRUE(ok.error.ok()) << ok.error.message();

  const std::string over = quoted_row(limits::kCsvRowBytesMax + 1);
  ASSERT_EQ(over.size(), limits::kCsvRowBytesMax + 1);
  ReadResult refused = ReadAll(over + "\n");
  EXPECT_FALSE(refused.error.ok()) << "a quoted row of " << over.size() << " raw bytes was accepted";
}

TEST(CsvReaderRowLimit, HugeRowIsRefusedWithoutReadingItAll) {
  const std::string text = std::string(limits::kCsvRowBytesMax * 4, 'x') + "\n";
  std::istringstream in(text);
  CsvReader reader(in);
  Fields fields;
  StatusOr<bool> next = reader.Next(fields);
  ASSERT_FALSE(next.ok());
  EXPECT_LE(reader.bytes_read(), limits::kCsvRowBytesMax + 2);
}

// ---------------------------------------------------------------------------------------------
// Property: any rows, written the RFC 4180 way, read back unchanged with the right line numbers.

std::string Encode(const std::string& field, std::mt19937_64& rng) {
  const bool must_quote = field.find_first_of(",\"\r\n") != std::string::npos;
  if (!must_quote && (field.empty() || rng() % 4 != 0)) return field;  // quoting is optional otherwise
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

TEST(CsvReaderProperty, RandomRowsRoundTrip) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  static const char* kAtoms[] = {"a", "b", "1", ",", "\"", "\n", "\r\n", " ", "\xC3\xA9", "=", "-", "\"\""};
  for (int round = 0; round < 500; ++round) {
    std::vector<Fields> rows;
    std::string text;
    std::vector<long> lines;
    long line = 1;
    const std::size_t n_rows = 1 + rng() % 8;
    for (std::size_t r = 0; r < n_rows; ++r) {
      Fields row;
      const std::size_t n_fields = 1 + rng() % 5;
      std::string encoded;
      for (std::size_t f = 0; f < n_fields; ++f) {
        std::string field;
        for (std::size_t k = rng() % 6; k > 0; --k) field += kAtoms[rng() % std::size(kAtoms)];
        // A lone empty field on a row would be an empty line; keep such rows non-empty.
        if (n_fields == 1 && field.empty()) field = "z";
        row.push_back(field);
        encoded += (f ? "," : "") + Encode(field, rng);
      }
      lines.push_back(line);
      for (char c : encoded) line += c == '\n';
      const bool last = r + 1 == n_rows;
      const std::string ending = last && rng() % 3 == 0 ? "" : (rng() % 2 ? "\r\n" : "\n");
      text += encoded + ending;
      line += 1;
      rows.push_back(row);
    }
    SCOPED_TRACE(text);
    ReadResult result = ReadAll(text);
    ASSERT_TRUE(result.error.ok()) << result.error.message();
    ASSERT_EQ(FieldsOf(result), rows);
    ASSERT_EQ(LinesOf(result), lines);
    ASSERT_EQ(result.bytes, text.size());
  }
}

}  // namespace
}  // namespace poolbook
