// Helpers shared by the fund's .cpp files; not part of its interface.
#pragma once

#include <string>

#include "ledger/fund/agreement.h"
#include "ledger/limits.h"
#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::fund::internal {

// The idempotency key of a fund entry: "fund:2025:" + what. A fund operation retried after a
// lost reply writes the same keys, so the journal recognises it instead of writing twice.
inline std::string Key(const Agreement& a, const std::string& what) {
  return "fund:" + std::to_string(a.year) + ":" + what;
}

// A memo cut to the journal's limit at a character boundary (the fund's own records keep the
// whole text).
inline std::string Memo(std::string text) {
  if (text.size() <= limits::kMemoBytesMax) return text;
  std::size_t n = limits::kMemoBytesMax;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // not inside a character
  text.resize(n);
  return text;
}

inline std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }

// An invoice, remittance or package reference: it becomes part of entry keys, so printable ASCII
// with no spaces, at most `bytes_max` bytes.
Status CheckReference(std::string_view text, std::size_t bytes_max, const std::string& what);

// Whether an entry with this key is already in the journal.
StatusOr<bool> EntryWithKey(store::Database& db, const std::string& key);

}  // namespace poolbook::fund::internal
