// With a certificate configured the server speaks HTTPS, and only HTTPS.
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <thread>

#include "api/server.h"
#include "testing/temp_dir.h"

namespace poolbook::testing {
namespace {

// A self-signed certificate for 127.0.0.1, valid for a day, written as PEM files.
bool WriteSelfSigned(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (!key) return false;
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"),
                             -1, -1, 0);
  X509_set_issuer_name(x, name);
  bool ok = X509_sign(x, key, EVP_sha256()) > 0;
  FILE* c = fopen(cert_path.c_str(), "w");
  FILE* k = fopen(key_path.c_str(), "w");
  ok = ok && c && k && PEM_write_X509(c, x) == 1 &&
       PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (c) fclose(c);
  if (k) fclose(k);
  X509_free(x);
  EVP_PKEY_free(key);
  return ok;
}

TEST(TlsTest, ServesHttpsWhenACertificateIsConfigured) {
  TempDir dir;
  config::ServerConfig c;
  c.database = dir.File("tls.db");
  c.port = 0;
  c.access_log = dir.File("requests.log");
  c.tls_cert = dir.File("cert.pem");
  c.tls_key = dir.File("key.pem");
  ASSERT_TRUE(WriteSelfSigned(c.tls_cert, c.tls_key));
  auto s = api::Server::Create(c, FixedClock());
  ASSERT_TRUE(s.ok()) << s.status().message();
  auto port = (*s)->Bind();
  ASSERT_TRUE(port.ok());
  EXPECT_EQ((*s)->BaseUrl().rfind("https://", 0), 0u);
  std::thread listener([&] { (*s)->Listen(); });
  httplib::SSLClient tls("127.0.0.1", *port);
  tls.enable_server_certificate_verification(false);
  auto r = tls.Get("/healthz");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  httplib::Client plain("127.0.0.1", *port);
  plain.set_read_timeout(2, 0);
  auto p = plain.Get("/healthz");
  EXPECT_TRUE(!p || p->status != 200);
  (*s)->Stop();
  listener.join();
}

TEST(TlsTest, AnUnreadableCertificateIsRefusedAtStart) {
  TempDir dir;
  config::ServerConfig c;
  c.database = dir.File("tls.db");
  c.access_log = dir.File("requests.log");
  c.tls_cert = dir.File("missing-cert.pem");
  c.tls_key = dir.File("missing-key.pem");
  auto s = api::Server::Create(c, FixedClock());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("could not be loaded"), std::string::npos);
}

}  // namespace
}  // namespace poolbook::testing
