// CSV import: grouping rows into entries, every refusal with its line, batches, and re-import.
#include "ledger/import.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ledger/limits.h"
#include "ledger/verify.h"
#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::M;

const char* kHeader = "key,book,date,memo,account,partner,person,line,amount\n";

// Entries inv-FROM .. inv-TO, two rows each.
std::string Rows(int from, int to, const char* date = "2025-06-30") {
  std::string out;
  for (int i = from; i <= to; ++i) {
    std::string k = "inv-" + std::to_string(i);
    out += k + ",actual," + date + ",Invoice " + std::to_string(i) + ",spend:package,ICB,P-1,LD-PKG,10.00\n";
    out += k + ",actual," + date + ",Invoice " + std::to_string(i) + ",pool:cash,ICB,,,-10.00\n";
  }
  return out;
}

class ImportTest : public LedgerTest {
 protected:
  ImportResult Import(const std::string& csv, bool create = false, std::size_t batch = 0) {
    std::istringstream in(csv);
    ImportOptions o;
    o.user = "importer";
    o.create_accounts = create;
    o.batch_entries = batch;
    o.progress = [this](std::uint64_t, long long done) { progress_calls_.push_back(done); };
    return ImportCsv(*journal_, in, o);
  }
  std::vector<long long> progress_calls_;
};

TEST_F(ImportTest, ImportsGroupedRowsWithQuotedFieldsAndAnyColumnOrder) {
  std::string csv =
      "amount,key,book,date,memo,account,partner,person,line\r\n"
      "740.74,inv-123,actual,2025-06-30,\"Invoice 123, Acme Care, "
      "\"\"June\"\"\",spend:package,ICB,P-3F9A0C,LD-PKG\r\n"
      "493.82,inv-123,actual,2025-06-30,\"Invoice 123, Acme Care, "
      "\"\"June\"\"\",spend:package,CNCL,P-3F9A0C,LD-PKG\r\n"
      "-740.74,inv-123,actual,2025-06-30,\"Invoice 123, Acme Care, \"\"June\"\"\",pool:cash,ICB,,\r\n"
      "-493.82,inv-123,actual,2025-06-30,\"Invoice 123, Acme Care, \"\"June\"\"\",pool:cash,CNCL,,\r\n"
      "\r\n"
      "5.00,bud-1,budget,2025-04-01,Budget,spend:package,ICB,,LD-PKG\r\n"
      "-5.00,bud-1,budget,2025-04-01,Budget,pool:cash,ICB,,\r\n";
  ImportResult r = Import(csv);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.rows, 6);
  EXPECT_EQ(r.entries_written, 2);
  auto e = journal_->GetEntry(1);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->entry.memo, "Invoice 123, Acme Care, \"June\"");
  EXPECT_EQ(e->entry.postings.size(), 4u);
  EXPECT_EQ(e->entry.postings[2].person, "");
  EXPECT_EQ(e->posted_by, "importer");
  EXPECT_EQ(Bal("spend:package"), M("1234.56"));
  EXPECT_EQ(Bal("spend:package", "", Book::kBudget), M("5.00"));
}

TEST_F(ImportTest, ImportingTheSameFileAgainWritesNothingNew) {
  std::string csv = std::string(kHeader) + Rows(1, 5);
  ASSERT_TRUE(Import(csv).status.ok());
  const std::string before = Snap();
  ImportResult again = Import(csv);
  ASSERT_TRUE(again.status.ok()) << again.status.message();
  EXPECT_EQ(again.entries_written, 0);
  EXPECT_EQ(again.entries_replayed, 5);
  EXPECT_EQ(Snap(), before);
}

struct BadFile {
  const char* name;
  std::string csv;
  const char* message_part;
};

class BadFileTest : public ImportTest, public ::testing::WithParamInterface<BadFile> {};

TEST_P(BadFileTest, RefusedWithTheLineAndNothingWritten) {
  const std::string before = Snap();
  ImportResult r = Import(GetParam().csv);
  ASSERT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find(GetParam().message_part), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("nothing was written"), std::string::npos) << r.status.message();
  EXPECT_EQ(r.entries_written, 0);
  EXPECT_EQ(Snap(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Files, BadFileTest,
    ::testing::Values(
        BadFile{"Empty", "", "the file is empty"}, BadFile{"HeaderOnly", kHeader, "no rows"},
        BadFile{"WrongHeader", "key,book,date,memo,account,partner,person,line,amt\n",
                "unknown column \"amt\""},
        BadFile{"ShortHeader", "key,book,date\n", "the header has 3 columns"},
        BadFile{"BadAmount",
                std::string(kHeader) + Rows(1, 2) + "k,actual,2025-06-30,m,pool:cash,ICB,,,1.234\n",
                "line 6: amount \"1.234\" has more than two decimal places"},
        BadFile{"AmountWithSeparator",
                std::string(kHeader) + "k,actual,2025-06-30,m,pool:cash,ICB,,,\"1,000.00\"\n",
                "line 2: amount \"1,000.00\" has a thousands separator"},
        BadFile{"BadDate", std::string(kHeader) + "k,actual,2025-02-30,m,pool:cash,ICB,,,1.00\n",
                "line 2: date \"2025-02-30\" does not exist"},
        BadFile{"BadBook", std::string(kHeader) + "k,actuals,2025-06-30,m,pool:cash,ICB,,,1.00\n",
                "line 2: book"},
        BadFile{"Unbalanced",
                std::string(kHeader) + Rows(1, 1) + "u,actual,2025-06-30,m,pool:cash,ICB,,,1.00\n" +
                    "u,actual,2025-06-30,m,spend:package,ICB,,,-0.99\n",
                "line 4 (key \"u\"): the postings do not balance"},
        BadFile{"SplitKey", std::string(kHeader) + Rows(1, 2) + Rows(1, 1), "key \"inv-1\" appears again"},
        BadFile{"MemoDiffersInEntry",
                std::string(kHeader) + "k,actual,2025-06-30,a,pool:cash,ICB,,,1.00\n" +
                    "k,actual,2025-06-30,b,spend:package,ICB,,,-1.00\n",
                "line 3: the memo differs from the first row"},
        BadFile{"UnknownAccount",
                std::string(kHeader) + "k,actual,2025-06-30,m,pool:bank,ICB,,,1.00\n" +
                    "k,actual,2025-06-30,m,spend:package,ICB,,,-1.00\n",
                "account \"pool:bank\" does not exist"},
        BadFile{"ExtraField", std::string(kHeader) + "k,actual,2025-06-30,m,pool:cash,ICB,,,1.00,extra\n",
                "line 2: the row has 10 fields"},
        BadFile{"UnclosedQuote", std::string(kHeader) + "k,actual,2025-06-30,\"m,pool:cash,ICB,,,1.00\n",
                "never closed"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(ImportTest, CreateAccountsOpensAccountsByTheirFirstWord) {
  std::string csv = std::string(kHeader) + "k,actual,2025-06-30,m,pool:bank,ICB,,,1.00\n" +
                    "k,actual,2025-06-30,m,spend:respite,ICB,,,-1.00\n";
  ImportResult r = Import(csv, /*create=*/true);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(Bal("pool:bank"), M("1.00"));
}

TEST_F(ImportTest, ABadBatchStopsTheImportAfterTheGoodBatchesBeforeIt) {
  // Batches of two entries: entries 1-4 are written, the batch holding entry 5 (bad) is not.
  std::string bad =
      "inv-5,actual,2025-06-30,Invoice 5,spend:nope,ICB,,,10.00\n"
      "inv-5,actual,2025-06-30,Invoice 5,pool:cash,ICB,,,-10.00\n";
  std::string csv = std::string(kHeader) + Rows(1, 4) + bad + Rows(6, 8);
  ImportResult r = Import(csv, false, 2);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.entries_written, 4);
  EXPECT_EQ(r.last_line_written, 9);
  EXPECT_NE(r.status.message().find("line 10 (key \"inv-5\")"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("imported the entries up to line 9"), std::string::npos);
  EXPECT_EQ(progress_calls_, (std::vector<long long>{2, 4}));
  EXPECT_EQ(Bal("spend:package"), M("40.00"));
  // Fix the file and import it again: the first four are recognised, the rest written.
  ImportResult fixed = Import(std::string(kHeader) + Rows(1, 8), false, 2);
  ASSERT_TRUE(fixed.status.ok()) << fixed.status.message();
  EXPECT_EQ(fixed.entries_replayed, 4);
  EXPECT_EQ(fixed.entries_written, 4);
  EXPECT_EQ(Bal("spend:package"), M("80.00"));
  EXPECT_TRUE(Verify(journal_->db()).ok);
}

TEST_F(ImportTest, AClosedPeriodRowIsRefusedWithTheOpenPeriodNamed) {
  ASSERT_TRUE(journal_->ClosePeriod(*Period::Parse("2025-06"), "t").ok());
  ImportResult r = Import(std::string(kHeader) + Rows(1, 1));
  ASSERT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("current open period, 2025-07"), std::string::npos) << r.status.message();
}

TEST_F(ImportTest, EntryWithMostRowsAllowedImportsAndOneMoreIsRefused) {
  auto entry = [](int rows) {
    std::string out = kHeader;
    for (int i = 0; i < rows - 1; ++i) out += "big,actual,2025-06-30,m,spend:package,ICB,,,0.01\n";
    out +=
        "big,actual,2025-06-30,m,pool:cash,ICB,,," + Money::FromPence(Int128(-(rows - 1))).ToString() + "\n";
    return out;
  };
  EXPECT_TRUE(Import(entry(static_cast<int>(limits::kPostingsPerEntryMax))).status.ok());
  ImportResult r = Import(entry(static_cast<int>(limits::kPostingsPerEntryMax) + 1));
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("more than 1000 rows"), std::string::npos) << r.status.message();
}

}  // namespace
}  // namespace poolbook
