// Test helpers: a fresh temporary directory per test, a fixed clock, and a raw SQLite handle for
// tests that must go around the ledger (tampering, append-only triggers).
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "ledger/journal.h"

namespace poolbook::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "poolbook-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// 2026-11-23T12:00:00Z: late enough that every period up to 2026-10 has ended.
inline Clock FixedClock() {
  return [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1795435200)); };
}

}  // namespace poolbook::testing
