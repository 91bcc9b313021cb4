// The fund file loader, and the example fund that ships in config/.
#include "config/fund_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/temp_dir.h"

namespace poolbook::config {
namespace {

TEST(FundFile, TheExampleFundLoads) {
  auto a = LoadFundFile(std::string(POOLBOOK_SOURCE_DIR) + "/config/example-fund.json");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->partners.size(), 3u);
  EXPECT_EQ(a->lead_budget_holder, "ICB");
  Money budgets, contributions;
  for (const auto& l : a->lines) budgets += l.budget;
  for (const auto& c : a->contributions) contributions += c.agreed;
  EXPECT_EQ(contributions.ToString(), "60000000.00");
  EXPECT_LE(budgets, contributions);
}

TEST(FundFile, RefusesMissingMalformedAndOversizedFiles) {
  testing::TempDir dir;
  auto missing = LoadFundFile(dir.File("none.json"));
  EXPECT_EQ(missing.status().code(), Code::kNotFound);

  { std::ofstream(dir.File("bad.json")) << "{\n  \"name\": \"x\",\n  oops\n}"; }
  auto bad = LoadFundFile(dir.File("bad.json"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("is not valid JSON at line 3"), std::string::npos)
      << bad.status().message();

  {
    std::ofstream out(dir.File("big.json"));
    out << "\"" << std::string(fund::kAgreementBytesMax, 'x') << "\"";
  }
  auto big = LoadFundFile(dir.File("big.json"));
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("larger than"), std::string::npos) << big.status().message();

  { std::ofstream(dir.File("wrong.json")) << "{\"name\": \"x\"}"; }
  auto wrong = LoadFundFile(dir.File("wrong.json"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("wrong.json"), std::string::npos) << wrong.status().message();
}

}  // namespace
}  // namespace poolbook::config
