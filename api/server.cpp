#include "api/server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/http_errors.h"
#include "api/middleware.h"
#include "api/route_paths.h"
#include "api/routes/route.h"
#include "api/streaming.h"
#include "ledger/store/database.h"
#include "ledger/store/ledger_store.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

// The HTTP library listens with a backlog of 5 connections (CPPHTTPLIB_LISTEN_BACKLOG, fixed when
// Debian built it): 64 clients connecting at once overflow it, and the kernel drops their SYNs
// for a second or resets them. Calling listen() again on the listening socket widens the
// backlog (Linux allows this); the socket is found by the port it is bound to.
void WidenBacklog(int port) {
  for (int fd = 3; fd < 4096; ++fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    int bound = 0;
    if (addr.ss_family == AF_INET) bound = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    if (addr.ss_family == AF_INET6) bound = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

// The text of the exception a handler threw, for the log.
std::string ExceptionText(const std::exception_ptr& ep) {
  try {
    if (ep) std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
  }
  return "an exception that is not a std::exception";
}

// Sets the request id header once (the library keeps every value set).
void SetRequestIdHeader(httplib::Response& res) {
  if (!res.has_header(kRequestIdHeader)) res.set_header(kRequestIdHeader, CurrentRequestId());
}

}  // namespace

StatusOr<fund::Fund*> Context::ReadFund() {
  if (!fund_) {
    auto f = fund::Fund::Load(read_);
    if (!f.ok()) return f.status();
    fund_ = std::move(*f);
  }
  return fund_.get();
}

Server::Server(config::ServerConfig config, Clock clock)
    : config_(std::move(config)), clock_(std::move(clock)) {}

Server::~Server() {
  Stop();
  if (writer_) writer_->Stop();
}

StatusOr<std::unique_ptr<Server>> Server::Create(config::ServerConfig config, Clock clock) {
  if (!clock) clock = [] { return std::chrono::system_clock::now(); };
  std::unique_ptr<Server> s(new Server(std::move(config), clock));
  Writer::Options wo;
  wo.queue_max = static_cast<std::size_t>(s->config_.limits.write_queue_max);
  wo.start_deadline = std::chrono::seconds(s->config_.limits.request_timeout_seconds);
  auto w = Writer::Start(s->config_.database, clock, wo);  // opens (and migrates) the ledger
  if (!w.ok()) return w.status();
  s->writer_ = std::move(*w);
  s->reads_ = std::make_unique<ReadPool>(s->config_.database, clock);
  auto log = RequestLog::Open(s->config_.access_log);
  if (!log.ok()) return log.status();
  s->log_ = std::move(*log);
  if (!s->config_.tls_cert.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(s->config_.tls_cert.c_str(), s->config_.tls_key.c_str());
    if (!tls->is_valid()) {
      return InvalidArgument("the TLS certificate \"" + s->config_.tls_cert + "\" or key \"" +
                             s->config_.tls_key + "\" could not be loaded");
    }
    s->http_ = std::move(tls);
  } else {
    s->http_ = std::make_unique<httplib::Server>();
  }
  s->Install();
  s->InstallPages();
  return s;
}

std::size_t Server::connections_waiting() {
  std::lock_guard<std::mutex> l(stop_mu_);
  return pool_ ? pool_->waiting() : 0;
}
std::size_t Server::refusals_waiting() {
  std::lock_guard<std::mutex> l(stop_mu_);
  return pool_ ? pool_->refusals_waiting() : 0;
}

Problem Server::Shown(const httplib::Request& req, const Problem& p) {
  if (!IsInternal(p)) return p;
  const std::string& id = CurrentRequestId();
  log_->Error(store::UtcTimestamp(clock_()), id, req.method, req.path, p.detail);
  return InternalForClient(p.status, id);
}

void Server::SendProblem(const httplib::Request& req, httplib::Response& res, const Problem& p) {
  WriteProblem(req, res, Shown(req, p));
  SetRequestIdHeader(res);
}

void Server::SendReply(const httplib::Request& req, httplib::Response& res, const Reply& reply,
                       std::shared_ptr<void> hold) {
  if (reply.problem) {
    SendProblem(req, res, *reply.problem);
    return;
  }
  res.status = reply.status;
  if (!reply.location.empty()) res.set_header("Location", reply.location);
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  if ((reply.stream || !reply.content_type.empty()) && !reply.filename.empty())
    res.set_header("Content-Disposition", "attachment; filename=\"" + reply.filename + "\"");
  if (reply.stream) {
    SetStreamedBody(res, reply.content_type, reply.stream, std::move(hold),
                    [this, method = req.method, path = req.path](const Status& st) {
                      log_->Aborted(store::UtcTimestamp(clock_()), method, path, st.message(),
                                    CurrentRequest().streamed);
                    });
  } else if (!reply.content_type.empty()) {
    res.set_content(reply.text, reply.content_type);
  } else {
    res.set_content(DumpJson(reply.body), "application/json");
  }
}

void Server::Install() {
  InstallLimits();
  InstallHooks();
  InstallHealth();
  for (const Route& route : AllRoutes()) {
    auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) {
      ServeRoute(route, req, res);
    };
    const std::string pattern = PathRegex(route.path);
    if (route.method == "GET") {
      http_->Get(pattern, handler);
    } else if (route.method == "POST") {
      http_->Post(pattern, handler);
    } else if (route.method == "DELETE") {
      http_->Delete(pattern, handler);
    }
  }
}

void Server::InstallLimits() {
  const config::ServerLimits& lim = config_.limits;
  http_->new_task_queue = [this, &lim] {
    std::lock_guard<std::mutex> l(stop_mu_);
    pool_ = new BoundedPool(static_cast<std::size_t>(lim.threads), static_cast<std::size_t>(lim.queue_max),
                            RunOverloaded);
    return pool_;
  };
  http_->set_payload_max_length(static_cast<std::size_t>(lim.body_bytes_max));
  http_->set_read_timeout(static_cast<time_t>(lim.read_timeout_seconds), 0);
  http_->set_write_timeout(static_cast<time_t>(lim.write_timeout_seconds), 0);
  http_->set_keep_alive_max_count(static_cast<std::size_t>(lim.keep_alive_max_count));
  http_->set_keep_alive_timeout(static_cast<time_t>(lim.keep_alive_timeout_seconds));
  http_->set_tcp_nodelay(true);
}

void Server::InstallHooks() {
  http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    BeginRequest(req.get_header_value(kRequestIdHeader));
    SetRequestIdHeader(res);
    if (!CurrentRequest().overloaded) return httplib::Server::HandlerResponse::Unhandled;
    SendProblem(req, res,
                MakeProblem(503, "the server is serving as many connections as it can (" +
                                     std::to_string(config_.limits.threads) + " at once, " +
                                     std::to_string(config_.limits.queue_max) +
                                     " waiting); nothing was done; try again shortly"));
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });
  // Errors the library answers itself (no route, body too large, malformed request): as problems.
  http_->set_error_handler(
      httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const std::string detail = LibraryErrorDetail(req, res);
        SendProblem(req, res, MakeProblem(res.status, detail));
        return httplib::Server::HandlerResponse::Handled;
      }));
  // A handler that throws: a fault of ours. The client gets the request id, the log the text.
  http_->set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, const std::exception_ptr& ep) {
        SendProblem(req, res, MakeProblem(500, "a handler threw: " + ExceptionText(ep)));
      });
  http_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const RequestState state = EndRequest();
    log_->Served(store::UtcTimestamp(clock_()), req.method, req.path, res.status,
                 res.body.size() + state.streamed, state, req.remote_addr);
  });
}

void Server::InstallHealth() {
  http_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}", "application/json");
  });
  http_->Get("/readyz", [this](const httplib::Request& req, httplib::Response& res) {
    if (stopping_) {
      SendProblem(req, res, MakeProblem(503, "the server is stopping"));
      return;
    }
    auto lease = reads_->Acquire();
    if (!lease.ok()) {
      SendProblem(req, res, MakeProblem(503, "the ledger cannot be opened: " + lease.status().message()));
      return;
    }
    try {
      const long long head = store::ReadHead((*lease)->db()).last_id;
      res.set_content(
          json{{"status", "ready"}, {"entries", head}, {"writes_waiting", writer_->queued()}}.dump(),
          "application/json");
    } catch (const std::exception& e) {
      SendProblem(req, res, MakeProblem(503, std::string("the ledger cannot be read: ") + e.what()));
    }
  });
}

void Server::ServeRoute(const Route& route, const httplib::Request& req, httplib::Response& res) {
  std::optional<ReadPool::Lease> lease;
  std::optional<Principal> who;
  if (auto refused = AuthenticateBearer(req.get_header_value("Authorization"), *reads_, lease, who)) {
    SendProblem(req, res, *refused);
    return;
  }
  CurrentRequest().user = who->user;
  CurrentRequest().role = RoleName(who->role);
  if (auto refused = RoleRefusal(who->role, route.roles, route.method, route.path)) {
    SendProblem(req, res, *refused);
    return;
  }
  Context ctx(req, *who, **lease, *writer_, config_);
  ctx.exports = &exports_;
  Reply reply = route.handler(ctx);
  reply = LogViews(req, *who, route.method, route.path, ctx.viewed, *writer_, clock_, std::move(reply));
  // A streamed reply goes on reading from the request's connection after this returns.
  std::shared_ptr<void> hold;
  if (reply.stream) hold = std::make_shared<ReadPool::Lease>(std::move(*lease));
  SendReply(req, res, reply, std::move(hold));
}

StatusOr<int> Server::Bind() {
  if (config_.port == 0) {
    port_ = http_->bind_to_any_port(config_.bind);
  } else {
    port_ = http_->bind_to_port(config_.bind, config_.port) ? config_.port : -1;
  }
  if (port_ > 0) WidenBacklog(port_);
  if (port_ <= 0) {
    return Unavailable("cannot listen on " + config_.bind + ":" + std::to_string(config_.port) +
                       " (is another server using that port?)");
  }
  return port_;
}

void Server::Listen() {
  listen_entered_ = true;
  if (!stopping_) http_->listen_after_bind();
  listen_done_ = true;
  {
    std::lock_guard<std::mutex> l(stop_mu_);
    pool_ = nullptr;  // the library has deleted it
  }
  // Every connection is finished (the pool has joined); write whatever is still queued.
  writer_->Stop();
}

bool Server::running() const { return http_->is_running(); }

void Server::Stop() {
  stopping_ = true;
  // Listen() may be starting: wait until the library runs (or Listen gives up) so the stop lands.
  while (listen_entered_ && !listen_done_ && !http_->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  // The library ignores stop() until it is listening: stop now if it is, and Listen() will not
  // start once stopping_ is set. (The signal watcher calls Stop again until Listen returns, for a
  // signal that lands between the check and the start.)
  std::lock_guard<std::mutex> l(stop_mu_);
  if (http_ && http_->is_running() && !http_stopped_) {
    http_stopped_ = true;
    http_->stop();
  }
  // listen_after_bind returns once the pool has finished every connection; the caller's Listen()
  // thread is then done. The writer then finishes whatever was queued.
}

std::string Server::BaseUrl() const {
  return std::string(config_.tls_cert.empty() ? "http" : "https") + "://" + config_.bind + ":" +
         std::to_string(port_);
}

}  // namespace poolbook::api
