// Trial balance: a golden output for the sample ledger (ledger-cli style), and its rules.
#include "reports/trial_balance.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/ledger_fixture.h"
#include "testing/sample_ledger.h"

namespace poolbook {
namespace {

class TrialBalanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto j = Journal::Open(dir_.File("tb.db"), testing::FixedClock());
    ASSERT_TRUE(j.ok());
    journal_ = std::move(*j);
    ASSERT_TRUE(testing::WriteSampleLedger(*journal_, "demo").ok());
  }
  testing::TempDir dir_;
  std::unique_ptr<Journal> journal_;
};

TEST_F(TrialBalanceTest, SampleLedgerTextIsExactly) {
  auto tb = reports::BuildTrialBalance(*journal_, std::nullopt);
  ASSERT_TRUE(tb.ok());
  const std::string expected =
      "Trial balance, actual book\n"
      "account               type                      debit                credit\n"
      "income:contributions  income                                     1000000.00\n"
      "pool:cash             asset                 998765.44                      \n"
      "spend:package         expense                 1234.56                      \n"
      "total                                      1000000.00            1000000.00\n"
      "\n"
      "Trial balance, budget book\n"
      "account       type                      debit                credit\n"
      "budget:lines  expense               500000.00                      \n"
      "budget:pool   equity                                      500000.00\n"
      "total                               500000.00             500000.00\n"
      "\n"
      "Trial balance, commitment book\n"
      "account              type                      debit                credit\n"
      "commitments:package  expense                11111.11                      \n"
      "commitments:reserve  liability                                    11111.11\n"
      "total                                       11111.11              11111.11\n"
      "\n";
  EXPECT_EQ(reports::TrialBalanceText(*tb), expected);
}

TEST_F(TrialBalanceTest, WritingTheSampleAgainChangesNothing) {
  auto before = reports::BuildTrialBalance(*journal_, std::nullopt);
  ASSERT_TRUE(testing::WriteSampleLedger(*journal_, "demo").ok());
  auto after = reports::BuildTrialBalance(*journal_, std::nullopt);
  EXPECT_EQ(reports::TrialBalanceText(*before), reports::TrialBalanceText(*after));
}

TEST_F(TrialBalanceTest, OneBookCsvAndJsonAgreeWithText) {
  auto tb = reports::BuildTrialBalance(*journal_, Book::kBudget);
  ASSERT_TRUE(tb.ok());
  ASSERT_EQ(tb->books.size(), 1u);
  EXPECT_EQ(reports::TrialBalanceCsv(*tb),
            "book,account,type,debit,credit\r\n"
            "budget,budget:lines,expense,500000.00,0.00\r\n"
            "budget,budget:pool,equity,0.00,500000.00\r\n");
  auto j = nlohmann::json::parse(reports::TrialBalanceJson(*tb));
  EXPECT_EQ(j["books"][0]["book"], "budget");
  EXPECT_EQ(j["books"][0]["total_debit"], "500000.00");
  EXPECT_TRUE(j["books"][0]["lines"][0]["debit"].is_string());
}

TEST_F(TrialBalanceTest, SumsPartnersAndOmitsZeroBalances) {
  // pool:cash is held for two partners: the line is their sum. A reversal brings spend to zero.
  ReverseOptions o;
  o.reason = "test";
  ASSERT_TRUE(journal_->Reverse(5, o).ok());
  auto tb = reports::BuildTrialBalance(*journal_, Book::kActual);
  ASSERT_TRUE(tb.ok());
  ASSERT_EQ(tb->books[0].lines.size(), 2u);
  EXPECT_EQ(tb->books[0].lines[1].account, "pool:cash");
  EXPECT_EQ(tb->books[0].lines[1].debit, testing::M("1000000.00"));
  EXPECT_EQ(tb->books[0].total_debit, tb->books[0].total_credit);
}

TEST(TrialBalanceEmpty, SaysSo) {
  testing::TempDir dir;
  auto j = Journal::Open(dir.File("e.db"));
  ASSERT_TRUE(j.ok());
  auto tb = reports::BuildTrialBalance(**j, std::nullopt);
  ASSERT_TRUE(tb.ok());
  EXPECT_EQ(reports::TrialBalanceText(*tb), "No entries yet.\n");
}

}  // namespace
}  // namespace poolbook
