// Each server limit at and just past its bound (config/server_config.h; docs/api.md).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
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
  int Connect() { return ConnectTo(port_); }
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
  const int fd = Connect();
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
    c.limits.keep_alive_timeout_seconds = 10;
  }
  // A connection that sends nothing: it holds whichever thread takes it until it is closed (or
  // keep_alive_timeout_seconds pass).
  int Silent() { return ConnectTo(port_); }
  // Fills the one thread (with a kept-alive connection that has been answered once, so the thread
  // is certainly holding it) and the queue of one with a silent connection.
  std::vector<int> FillServingThreadAndQueue() {
    std::vector<int> fds{Silent()};
    const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    EXPECT_EQ(write(fds[0], req.data(), req.size()), static_cast<ssize_t>(req.size()));
    char buf[512];
    EXPECT_GT(read(fds[0], buf, sizeof buf), 0);  // answered: the thread now waits on it
    fds.push_back(Silent());
    for (int i = 0; i < 200 && server_->connections_waiting() < 1; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(server_->connections_waiting(), 1u);
    return fds;
  }
  // True while the server has neither answered nor closed `fd`.
  static bool StillOpen(int fd) {
    char c;
    const ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
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

// A connection past the queue that sends nothing does not stall the accepting thread: the next
// connection is still answered 503 while the silent one is held, unanswered, by the refusal lane.
// (Refused on the accepting thread, the next would wait keep_alive_timeout_seconds for it.)
TEST_F(ApiConnectionLimitTest, ASilentConnectionPastTheQueueDoesNotStallAccepts) {
  std::vector<int> fds = FillServingThreadAndQueue();
  const int silent = Silent();
  httplib::Client next = Client();
  next.set_read_timeout(5, 0);
  auto r = next.Get("/healthz");
  ASSERT_TRUE(r) << "the server stopped accepting behind a silent connection";
  EXPECT_EQ(r->status, 503);
  EXPECT_TRUE(StillOpen(silent));
  close(silent);
  for (int fd : fds) close(fd);
}

// The refusal lane at its bound: kRefusalThreads held by silent connections and
// kRefusalsWaitingMax waiting. One more connection is still answered 503, from the accepting
// thread.
TEST_F(ApiConnectionLimitTest, RefusalLaneAtItsBound) {
  std::vector<int> fds = FillServingThreadAndQueue();
  // Two silent connections for the refusal threads: wait until neither is still waiting (seen
  // waiting first, then taken), so that the next ones queue behind them.
  for (std::size_t i = 0; i < api::kRefusalThreads; ++i) {
    fds.push_back(Silent());
    for (int k = 0; k < 400 && server_->refusals_waiting() == 0; ++k)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (int k = 0; k < 2000 && server_->refusals_waiting() != 0; ++k)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (std::size_t i = 0; i < api::kRefusalsWaitingMax; ++i) fds.push_back(Silent());
  for (int i = 0; i < 400 && server_->refusals_waiting() < api::kRefusalsWaitingMax; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(server_->refusals_waiting(), api::kRefusalsWaitingMax);
  httplib::Client past = Client();
  auto r = past.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find("try again shortly"), std::string::npos);
  EXPECT_EQ(server_->refusals_waiting(), api::kRefusalsWaitingMax);
  for (int fd : fds) close(fd);
}

// write_timeout_seconds: a response larger than the socket buffers (about 5 MB: 100 entries of
// 1,000 postings) to a client that reads slowly but within the timeout arrives whole; to a client
// that stops reading, the server gives up after the timeout, and its one thread is free again.
class ApiWriteTimeoutTest : public ServerTest {
 protected:
  static constexpr int kEntries = 100;
  static constexpr int kPostings = 1000;
  void Configure(config::ServerConfig& c) override {
    c.limits.threads = 1;
    c.limits.write_timeout_seconds = 2;
  }
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    const std::vector<poolbook::Entry> entries = testing::LargeEntries(kEntries, kPostings);
    BatchResult r = journal_->PostBatch(entries, {});
    ASSERT_TRUE(r.all_ok());
  }
  // Sends the request for the large page on a connection whose receive buffer is small.
  int RequestLargePage() {
    const int fd = ConnectTo(port_, 4096);
    const std::string req = "GET /api/v1/entries?limit=" + std::to_string(kEntries) +
                            " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " +
                            tokens_[Role::kAuditor] + "\r\n\r\n";
    EXPECT_EQ(write(fd, req.data(), req.size()), static_cast<ssize_t>(req.size()));
    return fd;
  }
  // Reads until the server closes; returns {body bytes received, Content-Length announced}.
  static std::pair<std::size_t, std::size_t> ReadAll(int fd) {
    std::string got;
    std::vector<char> buf(1 << 16);
    for (;;) {
      const ssize_t n = read(fd, buf.data(), buf.size());
      if (n <= 0) break;
      got.append(buf.data(), static_cast<std::size_t>(n));
    }
    close(fd);
    const std::size_t head_end = got.find("\r\n\r\n");
    const std::size_t cl = got.find("Content-Length: ");
    if (head_end == std::string::npos || cl == std::string::npos) return {0, 0};
    return {got.size() - head_end - 4, std::stoul(got.substr(cl + 16))};
  }
};

TEST_F(ApiWriteTimeoutTest, ASlowReaderWithinTheTimeoutGetsTheWholeResponse) {
  const int fd = RequestLargePage();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // well inside the 2 s timeout
  auto [received, announced] = ReadAll(fd);
  EXPECT_GT(announced, 5'000'000u);
  EXPECT_EQ(received, announced);
}

TEST_F(ApiWriteTimeoutTest, AClientThatStopsReadingIsGivenUpOn) {
  const int stalled = RequestLargePage();
  // The one thread is writing to `stalled`; this request waits for it, and is served once the
  // server gives up on `stalled` after write_timeout_seconds.
  httplib::Client cl = Client();
  cl.set_read_timeout(20, 0);
  auto r = cl.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto [received, announced] = ReadAll(stalled);
  EXPECT_GT(announced, 5'000'000u);
  EXPECT_LT(received, announced);  // cut off: the server stopped writing
}

}  // namespace
}  // namespace poolbook::testing
