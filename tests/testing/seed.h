// Seeds for randomised tests: random by default, printed by each test, and replayed with
// POOLBOOK_SEED=<n>.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace poolbook::testing {

inline std::uint64_t TestSeed() {
  if (const char* env = std::getenv("POOLBOOK_SEED"); env != nullptr && *env != '\0') {
    return std::strtoull(env, nullptr, 0);
  }
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

inline std::string SeedNote(std::uint64_t seed) { return "POOLBOOK_SEED=" + std::to_string(seed); }

}  // namespace poolbook::testing
