// The hash chain: canonical forms and SHA-256 (docs/hash-chain.md is the user-facing description).
//
// Every field is written as  <byte length in decimal> ':' <bytes> '\n'  so no choice of text can
// make two different entries share a canonical form.
//
// Body (what the client sent; compared for idempotency):
//   "poolbook-entry-v1", key, book, effective date, memo, reverses (entry id or ""),
//   number of postings, then per posting: account, partner, person, line, amount ("-12.50").
// Link (where and when it was written):
//   "poolbook-link-v1", entry id, previous entry's hash, recorded time, posted by, body SHA-256.
// entry hash = hex SHA-256 of the link. The first entry's previous hash is 64 zeros.
#pragma once

#include <string>
#include <string_view>

#include "ledger/entry.h"

namespace poolbook {

inline const std::string kGenesisHash(64, '0');

std::string CanonicalBody(const Entry& entry);
std::string CanonicalLink(long long id, std::string_view prev_hash, std::string_view recorded_at,
                          std::string_view posted_by, std::string_view body_sha256);

// Lower-case hex SHA-256 of `data` (OpenSSL).
std::string Sha256Hex(std::string_view data);

struct EntryHashes {
  std::string body_sha256;
  std::string hash;
};
EntryHashes HashEntry(const Entry& entry, long long id, std::string_view prev_hash,
                      std::string_view recorded_at, std::string_view posted_by);

}  // namespace poolbook
