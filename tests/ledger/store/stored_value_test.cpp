// Stored values read through a check that names the table and the row when the text does not read.
#include "ledger/store/stored_value.h"

#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "testing/fund_fixture.h"

namespace poolbook::store {
namespace {

TEST(StoredDate, ReadsAStoredDay) {
  EXPECT_EQ(StoredDate("2025-06-01", "fund_packages", "PK-1"), (Date{2025, 6, 1}));
  EXPECT_EQ(StoredDate("2024-02-29", "fund_virements", 7), (Date{2024, 2, 29}));
}

TEST(StoredDate, ADateThatDoesNotReadNamesTheTableAndTheRow) {
  for (const char* text : {"", "2025-02-30", "1 June 2025", "2025-6-1"}) {
    SCOPED_TRACE(text);
    try {
      StoredDate(text, "fund_packages", "PK-1");
      FAIL() << "read";
    } catch (const StoredValueError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("fund_packages"), std::string::npos) << what;
      EXPECT_NE(what.find("PK-1"), std::string::npos) << what;
      EXPECT_NE(what.find(std::string("\"") + text + "\""), std::string::npos) << what;
    }
  }
  try {
    StoredDate("31/03/2026", "fund_virements", 12);
    FAIL() << "read";
  } catch (const std::runtime_error& e) {  // a runtime_error, so the usual catch turns it into a Status
    EXPECT_NE(std::string(e.what()).find("fund_virements, row 12"), std::string::npos) << e.what();
  }
}

using FundStoredValueTest = testing::FundTest;

TEST_F(FundStoredValueTest, APackageWithAStoredDateThatDoesNotReadIsAnInternalErrorNamingTheRow) {
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  journal_->db().sql() << "UPDATE fund_packages SET start_date = '2025-13-01' WHERE id = 'PK-1'";
  auto p = fund_->GetPackage("PK-1");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Code::kInternal);
  EXPECT_NE(p.status().message().find("fund_packages, row PK-1"), std::string::npos) << p.status().message();
  auto all = fund_->Packages();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().code(), Code::kInternal);
  auto forecast = fund_->Forecast(Date{2025, 7, 1});
  ASSERT_FALSE(forecast.ok());
  EXPECT_EQ(forecast.status().code(), Code::kInternal);
}

}  // namespace
}  // namespace poolbook::store
