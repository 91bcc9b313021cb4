#include "golden/golden_compare.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace poolbook::testing {
namespace {

// Past this many cells the longest common subsequence is not worked out: the changed middle is
// shown as removed and added whole (still a correct diff, only a coarser one).
constexpr std::size_t kLcsCellsMax = 4'000'000;
// A diff longer than this is cut short: the first lines show what changed.
constexpr int kDiffLinesShownMax = 400;

struct Text {
  std::vector<std::string> lines;
  bool ends_in_newline = true;
};

Text SplitLines(const std::string& s) {
  Text t;
  std::size_t start = 0;
  while (start < s.size()) {
    const std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      t.lines.push_back(s.substr(start));
      t.ends_in_newline = false;
      break;
    }
    t.lines.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return t;
}

struct Op {
  char kind;             // ' ' kept, '-' only in expected, '+' only in actual
  std::size_t old_line;  // index in expected (for ' ' and '-')
  std::size_t new_line;  // index in actual (for ' ' and '+')
};

// The edit script from `a` to `b`: a common prefix and suffix, and between them the longest
// common subsequence (or, when that is too large to work out, everything removed then added).
std::vector<Op> EditScript(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;
  const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  std::vector<Op> ops;
  for (std::size_t i = 0; i < pre; ++i) ops.push_back({' ', i, i});
  if (n * m <= kLcsCellsMax) {
    // lcs[i][j]: the longest common subsequence of a[pre+i..] and b[pre+j..] (middle part only).
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        lcs[i][j] = a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        ops.push_back({' ', pre + i++, pre + j++});
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.push_back({'-', pre + i++, pre + j});  // removals first, as diff prints them
      } else {
        ops.push_back({'+', pre + i, pre + j++});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) ops.push_back({'-', pre + i, pre + m});
    for (std::size_t j = 0; j < m; ++j) ops.push_back({'+', pre + n, pre + j});
  }
  for (std::size_t k = 0; k < suf; ++k) ops.push_back({' ', pre + n + k, pre + m + k});
  return ops;
}

// "@@ -3,7 +3,8 @@" for ops[from, to): a range of no lines starts at the line before it.
std::string HunkHeader(const std::vector<Op>& ops, std::size_t from, std::size_t to) {
  std::size_t old_count = 0, new_count = 0;
  for (std::size_t k = from; k < to; ++k) {
    if (ops[k].kind != '+') ++old_count;
    if (ops[k].kind != '-') ++new_count;
  }
  const std::size_t old_start = ops[from].old_line + (old_count > 0 ? 1 : 0);
  const std::size_t new_start = ops[from].new_line + (new_count > 0 ? 1 : 0);
  // As GNU diff: a range of one line is written without its count.
  auto range = [](std::size_t start, std::size_t count) {
    return std::to_string(start) + (count == 1 ? "" : "," + std::to_string(count));
  };
  return "@@ -" + range(old_start, old_count) + " +" + range(new_start, new_count) + " @@\n";
}

}  // namespace

std::string UnifiedDiff(const std::string& expected, const std::string& actual,
                        const std::string& expected_label, const std::string& actual_label, int context) {
  if (expected == actual) return "";
  const Text a = SplitLines(expected), b = SplitLines(actual);
  // A last line without its newline differs from the same line with one.
  auto keys = [](const Text& t) {
    std::vector<std::string> k = t.lines;
    if (!t.ends_in_newline) k.back() += '\n';
    return k;
  };
  const std::vector<Op> ops = EditScript(keys(a), keys(b));
  const std::size_t ctx = static_cast<std::size_t>(std::max(0, context));
  std::string out = "--- " + expected_label + "\n+++ " + actual_label + "\n";
  auto line = [&](const Op& op) {
    const bool old_side = op.kind != '+';
    const Text& t = old_side ? a : b;
    const std::size_t index = old_side ? op.old_line : op.new_line;
    std::string s = std::string(1, op.kind) + t.lines[index] + "\n";
    if (index + 1 == t.lines.size() && !t.ends_in_newline) s += "\\ No newline at end of file\n";
    return s;
  };
  std::size_t k = 0;
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].kind == ' ') ++k;
    if (k == ops.size()) break;
    const std::size_t from = k >= ctx ? k - ctx : 0;
    // Extend the hunk over every change less than 2 x context kept lines after the last one.
    std::size_t last_change = k;
    for (std::size_t x = k + 1; x < ops.size() && x <= last_change + 2 * ctx + 1; ++x)
      if (ops[x].kind != ' ') last_change = x;
    const std::size_t to = std::min(ops.size(), last_change + ctx + 1);
    out += HunkHeader(ops, from, to);
    for (std::size_t x = from; x < to; ++x) out += line(ops[x]);
    k = to;
  }
  return out;
}

::testing::AssertionResult SameAsExpected(const std::string& name, const std::optional<std::string>& expected,
                                          const std::string& actual) {
  if (expected && *expected == actual) return ::testing::AssertionSuccess();
  std::ostringstream msg;
  if (!expected) {
    msg << "there is no expected file tests/golden/expected/" << name << "\n";
  } else {
    std::string diff = UnifiedDiff(*expected, actual, "expected/" + name, "actual/" + name);
    int shown = 0;
    std::size_t at = 0;
    while (at < diff.size() && shown < kDiffLinesShownMax) {
      at = diff.find('\n', at);
      at = at == std::string::npos ? diff.size() : at + 1;
      ++shown;
    }
    if (at < diff.size()) diff = diff.substr(0, at) + "... (diff cut short)\n";
    msg << name << " differs from tests/golden/expected/" << name << ":\n" << diff;
  }
  msg << "If the change is intended, rewrite the expected files with " << kUpdateGoldenCommand
      << " and review their diff (docs/testing.md).";
  return ::testing::AssertionFailure() << msg.str();
}

bool UpdatingGolden() {
  const char* v = std::getenv("POOLBOOK_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

std::string GoldenDir() { return std::string(POOLBOOK_SOURCE_DIR) + "/tests/golden/expected"; }

::testing::AssertionResult MatchesGoldenFile(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = std::filesystem::path(GoldenDir()) / name;
  if (UpdatingGolden()) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    out.close();
    if (!out) return ::testing::AssertionFailure() << "could not write " << path.string();
    return ::testing::AssertionSuccess();
  }
  std::optional<std::string> expected;
  if (std::ifstream in(path, std::ios::binary); in) {
    std::ostringstream s;
    s << in.rdbuf();
    expected = s.str();
  }
  return SameAsExpected(name, expected, actual);
}

::testing::AssertionResult NoOtherGoldenFiles(const std::map<std::string, std::string>& outputs) {
  std::vector<std::string> others;
  for (const auto& e : std::filesystem::directory_iterator(GoldenDir())) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(".") || outputs.count(name)) continue;
    if (UpdatingGolden()) {
      std::filesystem::remove(e.path());
    } else {
      others.push_back(name);
    }
  }
  if (others.empty()) return ::testing::AssertionSuccess();
  std::sort(others.begin(), others.end());
  std::string list;
  for (const std::string& o : others) list += "\n  " + o;
  return ::testing::AssertionFailure()
         << "tests/golden/expected/ holds files no output is compared with:" << list << "\n"
         << kUpdateGoldenCommand << " removes them.";
}

}  // namespace poolbook::testing
