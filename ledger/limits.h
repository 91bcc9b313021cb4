// Every limit of the ledger core, named in one place. docs/limits.md lists them for users; each is
// tested at and just past its bound.
#pragma once

#include <cstddef>
#include <cstdint>

namespace poolbook::limits {

// Money: a signed 64-bit count of pence, symmetric so that negation never overflows.
inline constexpr std::int64_t kPenceMax = 9'223'372'036'854'775'807;  // £92,233,720,368,547,758.07
inline constexpr std::size_t kAmountTextBytesMax = 32;                // longer text is refused unread

// Apportionment.
inline constexpr std::size_t kApportionPartsMax = 1000;

// Entries.
inline constexpr std::size_t kPostingsPerEntryMin = 2;
inline constexpr std::size_t kPostingsPerEntryMax = 1000;
inline constexpr std::size_t kKeyBytesMax = 128;
inline constexpr std::size_t kMemoBytesMax = 500;
inline constexpr std::size_t kAccountNameBytesMax = 128;
inline constexpr std::size_t kAccountDepthMax = 8;  // segments in "a:b:c"
inline constexpr std::size_t kPartnerCodeBytesMax = 32;
inline constexpr std::size_t kPartnerNameBytesMax = 200;
inline constexpr std::size_t kPersonBytesMax = 64;
inline constexpr std::size_t kLineCodeBytesMax = 32;
inline constexpr std::size_t kUserNameBytesMax = 64;
inline constexpr int kYearMin = 1990;  // effective dates outside these years are refused
inline constexpr int kYearMax = 2199;

// Writing: how many entries one transaction commits (group commit and import batches).
inline constexpr std::size_t kEntriesPerCommitMax = 50'000;

// CSV import.
inline constexpr std::size_t kCsvRowBytesMax = 64 * 1024;
inline constexpr std::size_t kImportErrorsReportedMax = 20;

// Storage.
inline constexpr int kBusyTimeoutSeconds = 10;  // how long a writer waits for another process's lock

}  // namespace poolbook::limits
