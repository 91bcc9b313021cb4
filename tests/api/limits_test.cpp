// Each server limit at and just past its bound (config/server_config.h; docs/api.md).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>

#include "api/writer.h"
#include "testing/server_fixture.h"

namespace poolbook::testing {
namespace {

using api::Role;
using nlohmann::json;

json Entry(const std::string& key, int postings) {
  json p = json::array();
  for (int i = 0; i < postings - 1; ++i)
    p.push_back({{"account", "pool:cash"}, {"partner", "ICB"}, {"amount", "1.00"}});
  p.push_back({{"account", "pool:receivable"},
               {"partner", "ICB"},
               {"amount", "-" + std::to_string(postings - 1) + ".00"}});
  return {{"key", key}, {"book", "actual"}, {"date", "2025-06-30"}, {"memo", ""}, {"postings", p}};
}

class ApiLimitsTest : public ServerTest {
 protected:
  void Configure(config::ServerConfig& c) override {
    c.limits.body_bytes_max = 4096;
    c.limits.postings_per_entry_max = 3;
    c.limits.entries_per_batch_max = 2;
    c.limits.page_size_max = 5;
    c.limits.read_timeout_seconds = 1;
    c.limits.keep_alive_max_count = 2;
    c.limits.keep_alive_timeout_seconds = 1;
  }
  // A raw connection to the server.
  int Connect() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    return fd;
  }
  // Sends GET /healthz and reads one response (its headers and short body).
  std::string Exchange(int fd) {
    const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    EXPECT_EQ(write(fd, req.data(), req.size()), static_cast<ssize_t>(req.size()));
    std::string got;
    char buf[1024];
    while (got.find("{\"status\":\"ok\"}") == std::string::npos) {
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
  }
};

// keep_alive_max_count requests on one connection; the last is answered with Connection: close.
TEST_F(ApiLimitsTest, KeepAliveMaxCount) {
  int fd = Connect();
  const std::string first = Exchange(fd);
  EXPECT_EQ(first.find("Connection: close"), std::string::npos) << first;
  const std::string second = Exchange(fd);
  EXPECT_NE(second.find("Connection: close"), std::string::npos) << second;
  char buf[16];
  EXPECT_LE(read(fd, buf, sizeof buf), 0);  // closed after the second
  close(fd);
}

// A kept-alive connection idle for keep_alive_timeout_seconds is closed; within it, it is served.
TEST_F(ApiLimitsTest, KeepAliveTimeout) {
  int fd = Connect();
  ASSERT_NE(Exchange(fd).find("200 OK"), std::string::npos);
  const auto t0 = std::chrono::steady_clock::now();
  char buf[16];
  EXPECT_LE(read(fd, buf, sizeof buf), 0);
  const double idle = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(idle, 0.9);
  EXPECT_LT(idle, 5.0);
  close(fd);
}

TEST_F(ApiLimitsTest, BodyBytes) {
  // Padded with spaces to exactly the limit: read (and answered on its content), one byte more: 413.
  std::string at = Entry("pad", 2).dump();
  at += std::string(4096 - at.size(), ' ');
  auto r = CallToken(tokens_[Role::kFinanceOfficer], "POST", "/api/v1/entries", at);
  EXPECT_EQ(r.status, 201) << r.raw;
  auto past = CallToken(tokens_[Role::kFinanceOfficer], "POST", "/api/v1/entries", at + " ");
  EXPECT_EQ(past.status, 413) << past.raw;
  EXPECT_EQ(past.body["type"], "/problems/body-too-large");
}

TEST_F(ApiLimitsTest, PostingsPerEntry) {
  EXPECT_EQ(Call(Role::kFinanceOfficer, "POST", "/api/v1/entries", Entry("p3", 3)).status, 201);
  auto past = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries", Entry("p4", 4));
  EXPECT_EQ(past.status, 400) << past.raw;
  EXPECT_NE(past.body["detail"].get<std::string>().find("at most 3"), std::string::npos);
}

TEST_F(ApiLimitsTest, EntriesPerBatch) {
  EXPECT_EQ(Call(Role::kFinanceOfficer, "POST", "/api/v1/entries/batch",
                 {{"entries", {Entry("a", 2), Entry("b", 2)}}})
                .status,
            201);
  const std::string before = Snap();
  auto past = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries/batch",
                   {{"entries", {Entry("c", 2), Entry("d", 2), Entry("e", 2)}}});
  EXPECT_EQ(past.status, 400) << past.raw;
  EXPECT_EQ(past.body["field"], "entries");
  EXPECT_EQ(Snap(), before);
}

TEST_F(ApiLimitsTest, PageSize) {
  for (int i = 0; i < 7; ++i)
    ASSERT_EQ(
        Call(Role::kFinanceOfficer, "POST", "/api/v1/entries", Entry("pg" + std::to_string(i), 2)).status,
        201);
  auto at = Call(Role::kAuditor, "GET", "/api/v1/entries?limit=5");
  EXPECT_EQ(at.status, 200);
  EXPECT_EQ(at.body["entries"].size(), 5u);
  EXPECT_FALSE(at.body["next_cursor"].is_null());
  auto past = Call(Role::kAuditor, "GET", "/api/v1/entries?limit=6");
  EXPECT_EQ(past.status, 400);
  EXPECT_EQ(past.body["field"], "limit");
}

// A header line of 8,192 bytes is read; a longer one is refused by the HTTP library with 400.
TEST_F(ApiLimitsTest, HeaderLine) {
  auto with_header = [&](std::size_t line_bytes) {
    httplib::Client cl = Client();
    const std::string name = "X-Pad";
    // The line is "X-Pad: <value>\r\n".
    httplib::Headers h = {{"Authorization", "Bearer " + tokens_[Role::kAuditor]},
                          {name, std::string(line_bytes - name.size() - 4, 'a')}};
    auto r = cl.Get("/api/v1/partners", h);
    return r ? r->status : 0;
  };
  EXPECT_EQ(with_header(8000), 200);
  EXPECT_EQ(with_header(8300), 400);
}

// A connection that does not finish its request within read_timeout_seconds is given up on.
TEST_F(ApiLimitsTest, ReadTimeout) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port_));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  const std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(write(fd, partial.data(), partial.size()), static_cast<ssize_t>(partial.size()));
  const auto t0 = std::chrono::steady_clock::now();
  char buf[256];
  const ssize_t n = read(fd, buf, sizeof buf);  // blocks until the server gives up
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  close(fd);
  // Given up on: closed, or answered 400 and closed; never served.
  const std::string got(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  EXPECT_TRUE(n <= 0 || got.rfind("HTTP/1.1 400", 0) == 0) << got;
  EXPECT_GE(waited, 0.9);
  EXPECT_LT(waited, 10.0);
}

// The writer's queue: at queue_max writes wait; one more is refused at once, unwritten.
TEST(WriterLimitsTest, QueueAndStartDeadline) {
  TempDir dir;
  api::Writer::Options o;
  o.queue_max = 2;
  o.start_deadline = std::chrono::milliseconds(300);
  auto w = api::Writer::Start(dir.File("w.db"), FixedClock(), o);
  ASSERT_TRUE(w.ok());
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::promise<void> started;
  auto blocker = std::async(std::launch::async, [&] {
    return (*w)->Run([&](Journal&) {
      started.set_value();
      gate.wait();
      return Status::Ok();
    });
  });
  started.get_future().wait();  // the blocker is running, so the queue is empty
  auto first = std::async(std::launch::async,
                          [&] { return (*w)->Run([](Journal& j) { return j.AddPartner("A", "A"); }); });
  auto second = std::async(std::launch::async,
                           [&] { return (*w)->Run([](Journal& j) { return j.AddPartner("B", "B"); }); });
  while ((*w)->queued() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Status third = (*w)->Run([](Journal& j) { return j.AddPartner("C", "C"); });
  EXPECT_EQ(third.code(), Code::kUnavailable) << third.message();
  // Held past the start deadline: the queued writes are refused, unwritten.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  release.set_value();
  EXPECT_TRUE(blocker.get().ok());
  EXPECT_EQ(first.get().code(), Code::kUnavailable);
  EXPECT_EQ(second.get().code(), Code::kUnavailable);
  // Within the deadline, a write is done.
  EXPECT_TRUE((*w)->Run([](Journal& j) { return j.AddPartner("D", "D"); }).ok());
  (*w)->Stop();
  auto j = Journal::Open(dir.File("w.db"), FixedClock());
  auto partners = (*j)->Partners();
  ASSERT_TRUE(partners.ok());
  ASSERT_EQ(partners->size(), 1u);
  EXPECT_EQ((*partners)[0].code, "D");
}

// Connections beyond threads + queue_max are answered 503 at once.
class ApiConnectionLimitTest : public ServerTest {
 protected:
  void Configure(config::ServerConfig& c) override {
    c.limits.threads = 1;
    c.limits.queue_max = 1;
    c.limits.keep_alive_timeout_seconds = 3;
  }
};

TEST_F(ApiConnectionLimitTest, ThreadsAndQueue) {
  // The one thread is held by a kept-alive connection.
  httplib::Client held = Client();
  held.set_keep_alive(true);
  ASSERT_EQ(held.Get("/healthz")->status, 200);
  // The next connection waits in the queue (at the bound)...
  auto waiting = std::async(std::launch::async, [&] {
    httplib::Client cl = Client();
    auto r = cl.Get("/healthz");
    return r ? r->status : 0;
  });
  for (int i = 0; i < 200 && server_->connections_waiting() < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(server_->connections_waiting(), 1u);
  // ...and one more is past it.
  httplib::Client past = Client();
  auto r = past.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find("/problems/unavailable"), std::string::npos);
  held.stop();
  EXPECT_EQ(waiting.get(), 200);
}

}  // namespace
}  // namespace poolbook::testing
