// The golden comparison itself: equal texts pass, and a changed, missing or extra line fails
// with the unified diff `diff -u` would print and the command that rewrites the expected files.
#include "golden/golden_compare.h"

#include <gtest/gtest.h>

#include <string>

namespace poolbook::testing {
namespace {

TEST(GoldenCompare, EqualTextsPass) {
  EXPECT_TRUE(SameAsExpected("x.csv", std::string("a,b\r\n1,2\r\n"), "a,b\r\n1,2\r\n"));
  EXPECT_EQ(UnifiedDiff("same\n", "same\n", "a", "b"), "");
}

TEST(GoldenCompare, AChangedLineIsShownWithItsContext) {
  const std::string expected = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  const std::string actual = "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n";
  EXPECT_EQ(UnifiedDiff(expected, actual, "expected/x", "actual/x"),
            "--- expected/x\n+++ actual/x\n@@ -3,7 +3,7 @@\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9\n");
  const ::testing::AssertionResult r = SameAsExpected("x.txt", expected, actual);
  ASSERT_FALSE(r);
  EXPECT_NE(std::string(r.message()).find("x.txt differs from tests/golden/expected/x.txt"),
            std::string::npos);
  EXPECT_NE(std::string(r.message()).find("-6\n+six\n"), std::string::npos) << r.message();
  EXPECT_NE(std::string(r.message()).find(kUpdateGoldenCommand), std::string::npos);
}

TEST(GoldenCompare, ChangesFarApartAreSeparateHunksAndNearOnesOne) {
  std::string expected, actual;
  for (int i = 1; i <= 20; ++i) {
    expected += std::to_string(i) + "\n";
    actual += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  EXPECT_EQ(UnifiedDiff(expected, actual, "a", "b"),
            "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n"
            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+x\n 19\n 20\n");
  // Six kept lines between two changes (2 x context) still make one hunk.
  EXPECT_EQ(UnifiedDiff("a\n1\n2\n3\n4\n5\n6\nb\n", "A\n1\n2\n3\n4\n5\n6\nB\n", "a", "b"),
            "--- a\n+++ b\n@@ -1,8 +1,8 @@\n-a\n+A\n 1\n 2\n 3\n 4\n 5\n 6\n-b\n+B\n");
}

TEST(GoldenCompare, AddedAndRemovedLines) {
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb\nc\n", "x", "y"), "--- x\n+++ y\n@@ -1,2 +1,3 @@\n a\n b\n+c\n");
  EXPECT_EQ(UnifiedDiff("a\nb\nc\n", "a\nc\n", "x", "y"), "--- x\n+++ y\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
  EXPECT_EQ(UnifiedDiff("", "a\n", "x", "y"), "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n");
}

TEST(GoldenCompare, ALineEndingIsAChange) {
  // A CRLF file compared with an LF one: every line differs, the CR stays visible.
  EXPECT_EQ(UnifiedDiff("a\r\n", "a\n", "x", "y"), "--- x\n+++ y\n@@ -1 +1 @@\n-a\r\n+a\n");
  EXPECT_EQ(UnifiedDiff("a\n", "a", "x", "y"),
            "--- x\n+++ y\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n");
}

TEST(GoldenCompare, AMissingExpectedFileFails) {
  const ::testing::AssertionResult r = SameAsExpected("new.json", std::nullopt, "{}\n");
  ASSERT_FALSE(r);
  EXPECT_NE(std::string(r.message()).find("there is no expected file tests/golden/expected/new.json"),
            std::string::npos);
}

}  // namespace
}  // namespace poolbook::testing
