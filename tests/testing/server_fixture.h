// A real server on an ephemeral port over the small test fund (fund_fixture.h), with one user and
// token per role, and a client that calls it as any role.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/auth.h"
#include "api/server.h"
#include "testing/fund_fixture.h"

namespace poolbook::testing {

// A raw TCP connection to the server on `port`; with `receive_buffer`, the socket's receive buffer
// is made that small before connecting.
inline int ConnectTo(int port, int receive_buffer = 0) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (receive_buffer > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

// `count` entries "big-0", "big-1", ... of `postings` postings each (1.00 on pool:cash for ICB,
// balanced by one posting on pool:receivable): large responses for the streaming and timeout tests.
inline std::vector<Entry> LargeEntries(int count, int postings) {
  std::vector<Entry> out;
  for (int e = 0; e < count; ++e) {
    Entry x;
    x.key = "big-" + std::to_string(e);
    x.date = *Date::Parse("2025-06-30");
    x.memo = "a large entry";
    for (int i = 0; i < postings - 1; ++i) x.postings.push_back({"pool:cash", "ICB", "", "", M("1.00")});
    x.postings.push_back(
        {"pool:receivable", "ICB", "", "", Money::FromPence(std::int64_t{-100} * (postings - 1))});
    out.push_back(std::move(x));
  }
  return out;
}

struct CallResult {
  int status = 0;  // 0: no answer
  nlohmann::json body;
  std::string content_type;
  std::string raw;
};

class ServerTest : public FundTest {
 protected:
  // A test class may change the limits before the server starts.
  virtual void Configure(config::ServerConfig& c) {}

  void SetUp() override {
    FundTest::SetUp();
    if (HasFatalFailure()) return;
    const std::string now = store::UtcTimestamp(FixedClock()());
    for (api::Role r : api::kAllRoles) {
      const std::string name = std::string("t-") + api::RoleName(r);
      auto t = api::CreateUser(journal_->db(), name, r, "test", "test", now);
      ASSERT_TRUE(t.ok());
      tokens_[r] = t->token;
      token_ids_[r] = t->id;
    }
    config::ServerConfig c;
    c.database = dir_.File("fund.db");
    c.port = 0;
    c.access_log = dir_.File("requests.log");
    c.pseudonym_secret = std::string(32, 'k');
    c.limits.threads = 8;
    Configure(c);
    config_ = c;
    auto s = api::Server::Create(c, FixedClock());
    ASSERT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(*s);
    auto port = server_->Bind();
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    listener_ = std::thread([this] { server_->Listen(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (listener_.joinable()) listener_.join();
    server_.reset();
  }

  httplib::Client Client() {
    httplib::Client cl("127.0.0.1", port_);
    cl.set_read_timeout(30, 0);
    return cl;
  }

  // Calls `method path` with `token` (empty: none) and a JSON body (for POST).
  CallResult CallToken(const std::string& token, const std::string& method, const std::string& path,
                       const std::string& body = "") {
    httplib::Client cl = Client();
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    httplib::Result r =
        method == "GET" ? cl.Get(path.c_str(), h) : cl.Post(path.c_str(), h, body, "application/json");
    CallResult out;
    if (!r) return out;
    out.status = r->status;
    out.raw = r->body;
    out.content_type = r->get_header_value("Content-Type");
    out.body = nlohmann::json::parse(r->body, nullptr, false);
    return out;
  }
  CallResult Call(api::Role role, const std::string& method, const std::string& path,
                  const nlohmann::json& body = nullptr) {
    return CallToken(tokens_[role], method, path, body.is_null() ? "" : body.dump());
  }

  // The journal, the fund's records and the access log, for "nothing changed" checks.
  std::string FullSnap() {
    std::string s = Snap();
    soci::rowset<std::string> rows =
        (journal_->db().sql().prepare << "SELECT CAST(COUNT(*) AS TEXT) FROM access_log");
    for (const std::string& r : rows) s += "access_log " + r + "\n";
    return s;
  }

  config::ServerConfig config_;
  std::unique_ptr<api::Server> server_;
  std::thread listener_;
  int port_ = 0;
  std::map<api::Role, std::string> tokens_, token_ids_;
};

}  // namespace poolbook::testing
