// A SHA-256 digest fed in pieces (OpenSSL), for bytes too many to hold at once (an export streamed
// as it is written). ledger/chain.h's Sha256Hex digests one piece of text.
#pragma once

#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace poolbook {

class Sha256 {
 public:
  // std::runtime_error when OpenSSL cannot start a digest.
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // Adds `bytes` to the digest. std::runtime_error when OpenSSL fails.
  void Update(std::string_view bytes);
  // The lower-case hex digest of every byte added; the digest is finished by it (call it once).
  std::string Hex();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace poolbook
