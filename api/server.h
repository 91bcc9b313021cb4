// The HTTP server: `poolbook serve`. Installs the route table (api/routes/), authenticates every
// call, applies the role table, writes the access log of personal data, answers errors as
// problem+json, and stops gracefully: in-flight requests finish and every queued write is
// written before Stop() returns.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/auth.h"
#include "api/problem.h"
#include "api/read_pool.h"
#include "api/request_log.h"
#include "api/slots.h"
#include "api/thread_pool.h"
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
struct Route;
namespace web {
struct Page;
}

// Exports running at once (GET /api/v1/exports/audit, streamed, and its manifest): each holds a
// thread and a read transaction for as long as it runs, and reads the whole journal. One more is
// answered 503 at once.
inline constexpr int kExportsAtOnceMax = 2;

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
  // The route table and the library's hooks (server.cpp).
  void Install();
  void InstallLimits();
  void InstallHooks();
  void InstallHealth();
  void ServeRoute(const Route& route, const httplib::Request& req, httplib::Response& res);
  // The web pages and their cookie sessions (server_pages.cpp).
  void InstallPages();
  void ServePage(const web::Page& page, const httplib::Request& req, httplib::Response& res);
  void SignIn(const httplib::Request& req, httplib::Response& res);
  std::optional<Principal> SignedIn(const std::string& token, httplib::Response& res,
                                    std::optional<ReadPool::Lease>& lease);
  // What the client is shown of `p`: an internal error's detail is replaced by the request id, and
  // written to the log with that id.
  Problem Shown(const httplib::Request& req, const Problem& p);
  void SendProblem(const httplib::Request& req, httplib::Response& res, const Problem& p);
  // `hold` (optional) is kept until a streamed reply is done: the read connection it writes from.
  void SendReply(const httplib::Request& req, httplib::Response& res, const Reply& reply,
                 std::shared_ptr<void> hold = nullptr);

  config::ServerConfig config_;
  Clock clock_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<ReadPool> reads_;
  Slots exports_{kExportsAtOnceMax};
  std::unique_ptr<httplib::Server> http_;
  BoundedPool* pool_ = nullptr;  // owned by http_
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listen_entered_{false}, listen_done_{false};
  std::mutex stop_mu_;  // guards http_stopped_ and pool_
  bool http_stopped_ = false;
  std::unique_ptr<RequestLog> log_;
};

}  // namespace poolbook::api
