// Golden files: an output compared byte for byte with the expected file checked in under
// tests/golden/expected/, and on a mismatch a unified diff and the command that rewrites them.
// With POOLBOOK_UPDATE_GOLDEN=1 the expected files are written instead (scripts/update-golden.sh),
// so that an intended change of output is reviewed as a diff of those files.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

namespace poolbook::testing {

// The command that rewrites every expected file (printed with each mismatch).
inline constexpr const char* kUpdateGoldenCommand = "scripts/update-golden.sh";

// A unified diff ("diff -u") of two texts, with `context` lines around each change; empty when
// they are equal. Lines are split at '\n' only, so a CR stays visible as part of its line.
std::string UnifiedDiff(const std::string& expected, const std::string& actual,
                        const std::string& expected_label, const std::string& actual_label, int context = 3);

// Whether `actual` is exactly `expected` (nullopt: there is no expected file), and if not, a
// message naming the file, with the diff and the command that rewrites the files.
::testing::AssertionResult SameAsExpected(const std::string& name, const std::optional<std::string>& expected,
                                          const std::string& actual);

// True when POOLBOOK_UPDATE_GOLDEN=1: expected files are written, not compared.
bool UpdatingGolden();

// The directory of the expected files (in the source tree).
std::string GoldenDir();

// Compares `actual` with the expected file `name` in GoldenDir(), or writes it there when updating.
::testing::AssertionResult MatchesGoldenFile(const std::string& name, const std::string& actual);

// The files in GoldenDir() that `outputs` does not name (dot files aside): removed when updating,
// else listed in the failure, so that a report dropped or renamed leaves no stale expected file.
::testing::AssertionResult NoOtherGoldenFiles(const std::map<std::string, std::string>& outputs);

}  // namespace poolbook::testing
