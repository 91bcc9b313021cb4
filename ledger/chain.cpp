#include "ledger/chain.h"

#include <openssl/sha.h>

namespace poolbook {
namespace {

void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

}  // namespace

std::string CanonicalBody(const Entry& e) {
  std::string out;
  out.reserve(128 + e.memo.size() + e.postings.size() * 64);
  Field(out, "poolbook-entry-v1");
  Field(out, e.key);
  Field(out, BookName(e.book));
  Field(out, e.date.ToString());
  Field(out, e.memo);
  Field(out, e.reverses ? std::to_string(*e.reverses) : std::string());
  Field(out, std::to_string(e.postings.size()));
  for (const Posting& p : e.postings) {
    Field(out, p.account);
    Field(out, p.partner);
    Field(out, p.person);
    Field(out, p.line);
    Field(out, p.amount.ToString());
  }
  return out;
}

std::string CanonicalLink(long long id, std::string_view prev_hash, std::string_view recorded_at,
                          std::string_view posted_by, std::string_view body_sha256) {
  std::string out;
  out.reserve(256);
  Field(out, "poolbook-link-v1");
  Field(out, std::to_string(id));
  Field(out, prev_hash);
  Field(out, recorded_at);
  Field(out, posted_by);
  Field(out, body_sha256);
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * SHA256_DIGEST_LENGTH, '0');
  for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return out;
}

EntryHashes HashEntry(const Entry& entry, long long id, std::string_view prev_hash,
                      std::string_view recorded_at, std::string_view posted_by) {
  EntryHashes h;
  h.body_sha256 = Sha256Hex(CanonicalBody(entry));
  h.hash = Sha256Hex(CanonicalLink(id, prev_hash, recorded_at, posted_by, h.body_sha256));
  return h;
}

}  // namespace poolbook
