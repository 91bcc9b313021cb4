// The HTTP server: `poolbook serve`. Installs the route table (api/routes/), authenticates every
// call, applies the role table, writes the access log of personal data, answers errors as
// problem+json, and stops gracefully: in-flight requests finish and every queued write is
// written before Stop() returns.
#pragma once

#include <atomic>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/writer.h"
#include "config/server_config.h"
#include "ledger/journal.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace poolbook::api {

class Context;
struct Reply;
struct Principal;

// Connections accepted past limits.threads + limits.queue_max are answered 503 by a refusal lane
// of their own: this many threads, with at most this many connections waiting for them. Only past
// both is the 503 written from the accepting thread.
inline constexpr std::size_t kRefusalThreads = 2;
inline constexpr std::size_t kRefusalsWaitingMax = 64;

// Exports running at once (GET /api/v1/exports/audit, streamed, and its manifest): each holds a
// thread and a read transaction for as long as it runs, and reads the whole journal. One more is
// answered 503 at once.
inline constexpr int kExportsAtOnceMax = 2;

// A counted allowance: at most max() held at once.
class Slots {
 public:
  explicit Slots(int max) : max_(max) {}
  Slots(const Slots&) = delete;
  Slots& operator=(const Slots&) = delete;
  // A slot, held until the last copy of the pointer is dropped; null when max() are held.
  std::shared_ptr<void> TryTake() {
    int n = held_.load();
    do {
      if (n >= max_) return nullptr;
    } while (!held_.compare_exchange_weak(n, n + 1));
    return std::shared_ptr<void>(static_cast<void*>(this), [this](void*) { held_.fetch_sub(1); });
  }
  int held() const { return held_.load(); }
  int max() const { return max_; }

 private:
  const int max_;
  std::atomic<int> held_{0};
};

// Read connections, one per request in flight, kept for reuse.
class ReadPool {
 public:
  ReadPool(std::string connection, Clock clock)
      : connection_(std::move(connection)), clock_(std::move(clock)) {}
  class Lease {
   public:
    Lease(ReadPool* pool, std::unique_ptr<Journal> j) : pool_(pool), j_(std::move(j)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (j_) pool_->Return(std::move(j_));
    }
    Journal& operator*() { return *j_; }
    Journal* operator->() { return j_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Journal> j_;
  };
  StatusOr<Lease> Acquire();

 private:
  void Return(std::unique_ptr<Journal> j);
  std::string connection_;
  Clock clock_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Journal>> idle_;
};

class Server {
 public:
  // Opens the ledger (creating it if absent) and the writer; does not listen yet.
  static StatusOr<std::unique_ptr<Server>> Create(config::ServerConfig config, Clock clock = {});
  ~Server();

  // Binds the configured address and port (0: any free port) and returns the port.
  StatusOr<int> Bind();
  // Serves until Stop(). Returns once every in-flight request has finished.
  void Listen();
  // Stops accepting, lets in-flight requests finish, writes every queued write, and returns.
  // Safe from any thread (a signal-watching thread calls it on SIGTERM).
  void Stop();
  bool running() const;

  int port() const { return port_; }
  std::string BaseUrl() const;  // "http://127.0.0.1:8080"
  Writer& writer() { return *writer_; }
  const config::ServerConfig& config() const { return config_; }
  // Connections waiting for a thread (for tests of the queue limit).
  std::size_t connections_waiting();
  // Connections waiting to be refused with a 503 (for tests of the refusal lane).
  std::size_t refusals_waiting();
  // Exports running now, streaming or not yet released (for tests of kExportsAtOnceMax).
  int exports_running() const { return exports_.held(); }

 private:
  Server(config::ServerConfig config, Clock clock);
  void Install();
  void InstallPages();  // the web pages (api/web/)
  void LogLine(const std::string& line);
  Reply LogViews(const httplib::Request& req, const Principal& who, const std::string& method,
                 const std::string& route_path, Context& ctx, Reply reply);
  // `hold` (optional) is kept until a streamed reply is done: the read connection it writes from.
  void SendReply(const httplib::Request& req, httplib::Response& res, const Reply& reply,
                 std::shared_ptr<void> hold = nullptr);

  config::ServerConfig config_;
  Clock clock_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<ReadPool> reads_;
  Slots exports_{kExportsAtOnceMax};
  std::unique_ptr<httplib::Server> http_;
  class BoundedPool;
  BoundedPool* pool_ = nullptr;  // owned by http_
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listen_entered_{false}, listen_done_{false};
  std::mutex stop_mu_;  // guards http_stopped_ and pool_
  bool http_stopped_ = false;
  std::mutex log_mu_;
  std::unique_ptr<std::ostream> log_file_;
  std::ostream* log_ = nullptr;
};

}  // namespace poolbook::api
