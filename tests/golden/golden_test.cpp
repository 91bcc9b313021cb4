// Golden files: every report in every format, the ledger's trial balance and both exports of a
// small fixed fund (golden_fund.h), compared byte for byte with tests/golden/expected/. A mismatch
// prints a unified diff; scripts/update-golden.sh rewrites the files (docs/testing.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <locale>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "golden/golden_compare.h"
#include "golden/golden_fund.h"
#include "golden/golden_outputs.h"
#include "reports/reports.h"
#include "testing/temp_dir.h"

namespace poolbook::testing {
namespace {

// The golden fund in a fresh temporary ledger, and everything it renders.
std::map<std::string, std::string> BuildAndRender() {
  TempDir dir;
  ScenarioClock clock;
  auto journal = Journal::Open(dir.File("golden.db"), clock.clock());
  if (!journal.ok()) return {{"open", journal.status().message()}};
  auto fund = BuildGoldenFund(**journal, clock);
  if (!fund.ok()) return {{"build", fund.status().message()}};
  return RenderGoldenOutputs(**fund);
}

class Golden : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { outputs_ = new std::map<std::string, std::string>(BuildAndRender()); }
  static void TearDownTestSuite() {
    delete outputs_;
    outputs_ = nullptr;
  }
  static void CheckBuilt() {
    ASSERT_FALSE(outputs_->count("open")) << outputs_->at("open");
    ASSERT_FALSE(outputs_->count("build")) << outputs_->at("build");
  }
  // Compares every output whose name starts with `prefix` (at least one must).
  static void ExpectMatches(const std::string& prefix) {
    ASSERT_NO_FATAL_FAILURE(CheckBuilt());
    int compared = 0;
    for (const auto& [name, content] : *outputs_) {
      if (!name.starts_with(prefix)) continue;
      if (const ::testing::AssertionResult r = MatchesGoldenFile(name, content); !r)
        ADD_FAILURE() << r.message();
      ++compared;
    }
    EXPECT_GT(compared, 0) << "no output is named " << prefix << "...";
  }
  static std::map<std::string, std::string>* outputs_;
};
std::map<std::string, std::string>* Golden::outputs_ = nullptr;

// One test per report of the catalogue: its text, JSON, HTML and every table's CSV.
class GoldenReport : public Golden, public ::testing::WithParamInterface<std::string> {};

TEST_P(GoldenReport, MatchesItsExpectedFiles) {
  ExpectMatches(GetParam() + ".");
  for (const char* format : {".txt", ".json", ".html", ".csv"})
    EXPECT_TRUE(outputs_->count(GetParam() + format)) << GetParam() << format << " is not rendered";
}

std::vector<std::string> ReportNames() {
  std::vector<std::string> names;
  for (const reports::ReportInfo& r : reports::Catalogue()) names.push_back(r.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, GoldenReport, ::testing::ValuesIn(ReportNames()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string n = p.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST_F(Golden, LedgerTrialBalanceMatches) { ExpectMatches("ledger-trial-balance."); }
TEST_F(Golden, AuditExportAndManifestMatch) { ExpectMatches("audit-export.csv"); }
TEST_F(Golden, JournalExportMatches) { ExpectMatches("journal-export.journal"); }

// Every file in expected/ is compared with an output, and every output belongs to a test above.
TEST_F(Golden, ExpectedFilesAreExactlyTheOutputs) {
  ASSERT_NO_FATAL_FAILURE(CheckBuilt());
  EXPECT_TRUE(NoOtherGoldenFiles(*outputs_));
  const std::vector<std::string> reports = ReportNames();
  for (const auto& [name, content] : *outputs_) {
    bool claimed = name.starts_with("ledger-trial-balance.") || name.starts_with("audit-export.csv") ||
                   name == "journal-export.journal";
    for (const std::string& r : reports) claimed = claimed || name.starts_with(r + ".");
    EXPECT_TRUE(claimed) << name << " is rendered but no test compares it";
  }
}

// The outputs hold nothing of the machine or the run: a second fund, built in another temporary
// directory, with another working directory and a global C++ locale that groups digits and uses a
// decimal comma, renders the same bytes.
TEST_F(Golden, TheSameFromAnotherDirectoryAndLocale) {
  ASSERT_NO_FATAL_FAILURE(CheckBuilt());
  struct DecimalComma : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
  };
  const std::filesystem::path cwd = std::filesystem::current_path();
  TempDir elsewhere;
  std::filesystem::current_path(elsewhere.path());
  const std::locale before = std::locale::global(std::locale(std::locale::classic(), new DecimalComma));
  const std::map<std::string, std::string> again = BuildAndRender();
  std::locale::global(before);
  std::filesystem::current_path(cwd);
  ASSERT_EQ(again.size(), outputs_->size());
  for (const auto& [name, content] : *outputs_) {
    ASSERT_TRUE(again.count(name)) << name;
    EXPECT_TRUE(SameAsExpected(name, content, again.at(name))) << "rendered twice, " << name << " differs";
  }
}

// The comparison can fail: an expected file altered by one figure is refused, with a diff that
// shows the line as expected and as rendered, and the command that rewrites the files.
TEST_F(Golden, AnAlteredExpectedFileFailsWithADiff) {
  ASSERT_NO_FATAL_FAILURE(CheckBuilt());
  const std::string& actual = outputs_->at("budget-monitoring.csv");
  const std::size_t line2 = actual.find('\n') + 1;
  ASSERT_LT(line2, actual.size());
  std::string altered = actual;
  const std::size_t digit = altered.find_first_of("0123456789", line2);
  ASSERT_NE(digit, std::string::npos);
  altered[digit] = altered[digit] == '9' ? '8' : static_cast<char>(altered[digit] + 1);
  const ::testing::AssertionResult r = SameAsExpected("budget-monitoring.csv", altered, actual);
  ASSERT_FALSE(r);
  const std::string message = r.message();
  const std::size_t end = actual.find('\n', line2);
  EXPECT_NE(message.find("\n-" + altered.substr(line2, end - line2) + "\n"), std::string::npos) << message;
  EXPECT_NE(message.find("\n+" + actual.substr(line2, end - line2) + "\n"), std::string::npos) << message;
  EXPECT_NE(message.find("@@ -1,"), std::string::npos) << message;
  EXPECT_NE(message.find(kUpdateGoldenCommand), std::string::npos) << message;
}

}  // namespace
}  // namespace poolbook::testing
