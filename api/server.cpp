#include "api/server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>

#include "api/routes/route.h"
#include "api/web/pages.h"
#include "ledger/store/database.h"
#include "ledger/store/ledger_store.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

// Per request, on the thread serving it: set before routing, read by the log line after it.
struct RequestState {
  std::chrono::steady_clock::time_point start;
  std::string user, role;
  bool overloaded = false;   // accepted past limits.queue_max: answered 503 at once
  std::size_t streamed = 0;  // body bytes of a streamed reply handed to the connection
};
thread_local RequestState tl_request;

std::string PathRegex(const std::string& path) {
  // "{name}" matches one path segment.
  static const std::regex kParam(R"(\{[a-z_]+\})");
  return "^" + std::regex_replace(path, kParam, "([^/]+)") + "$";
}

// The methods the route table has for `path` ("GET, POST"), or "" when it has none.
std::string AllowedMethods(const std::string& path) {
  static const std::vector<std::pair<std::regex, std::string>> kRoutes = [] {
    std::vector<std::pair<std::regex, std::string>> out;
    out.emplace_back(std::regex("^/(healthz|readyz)$"), "GET");
    out.emplace_back(std::regex("^/sign-in$"), "GET");
    out.emplace_back(std::regex("^/sign-in$"), "POST");
    out.emplace_back(std::regex("^/sign-out$"), "POST");
    for (const web::Page& p : web::AllPages()) out.emplace_back(std::regex(PathRegex(p.path)), "GET");
    for (const Route& r : AllRoutes()) out.emplace_back(std::regex(PathRegex(r.path)), r.method);
    return out;
  }();
  std::set<std::string> methods;
  for (const auto& [re, method] : kRoutes)
    if (std::regex_match(path, re)) methods.insert(method);
  std::string out;
  for (const std::string& m : methods) out += (out.empty() ? "" : ", ") + m;
  return out;
}

// JSON text with any invalid UTF-8 (from a path or query that carried raw bytes) replaced, never
// thrown on.
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void SendProblem(const httplib::Request& req, httplib::Response& res, const Problem& p) {
  res.status = p.status;
  res.set_content(Dump(p.ToJson(req.path)), "application/problem+json");
  if (p.status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"poolbook\"");
  if (p.status == 503) res.set_header("Retry-After", "1");
}

std::string JsonEscape(const std::string& s) { return Dump(json(s)); }

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

// Worker threads taking jobs from a queue of at most `queue_max`.
class Lane {
 public:
  Lane(std::size_t threads, std::size_t queue_max, std::function<void(std::function<void()>&)> run)
      : queue_max_(queue_max), run_(std::move(run)) {
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  }
  // False, leaving `fn` untouched, when the queue is full or shut down.
  bool TryPush(std::function<void()>& fn) {
    std::lock_guard<std::mutex> l(mu_);
    if (shutdown_ || jobs_.size() >= queue_max_) return false;
    jobs_.push_back(std::move(fn));
    cv_.notify_one();
    return true;
  }
  // Stops taking jobs, serves every job already queued, and joins the threads.
  void Shutdown() {
    {
      std::lock_guard<std::mutex> l(mu_);
      shutdown_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  std::size_t waiting() {
    std::lock_guard<std::mutex> l(mu_);
    return jobs_.size();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return shutdown_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // shut down, and every accepted connection served
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      run_(fn);
    }
  }
  std::size_t queue_max_;
  std::function<void(std::function<void()>&)> run_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool shutdown_ = false;
};

// A stream whose bytes go to the HTTP library's sink as they come (one chunk per write); a write
// the connection refuses (closed, or not taken within write_timeout_seconds) fails the stream.
class SinkBuf : public std::streambuf {
 public:
  explicit SinkBuf(httplib::DataSink& sink) : sink_(sink) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n <= 0) return 0;  // the library would read an empty chunk as the end of the body
    if (!sink_.write(s, static_cast<std::size_t>(n))) return 0;
    tl_request.streamed += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }

 private:
  httplib::DataSink& sink_;
};

// A streamed reply in flight: what writes it, then what it writes from, released in that order
// once the body is written, or when the response is dropped (the client went away first).
struct Streaming {
  std::function<Status(std::ostream&)> write;
  std::shared_ptr<void> hold;
  void Release() {
    write = nullptr;
    hold.reset();
  }
  ~Streaming() { Release(); }
};

void RunOverloaded(std::function<void()>& fn) {
  tl_request.overloaded = true;
  fn();
  tl_request.overloaded = false;
}

}  // namespace

// Accepted connections are served by limits.threads threads from a queue of limits.queue_max.
// Past that bound a connection goes to a refusal lane of its own (kRefusalThreads threads,
// kRefusalsWaitingMax waiting) that answers 503 at once, so memory stays bounded, the client is
// told to come back instead of waiting unseen, and the accepting thread never reads from a slow
// client. Only when the refusal lane is full too is the refusal written from the accepting thread.
class Server::BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t queue_max)
      : serve_(threads, queue_max, [](std::function<void()>& fn) { fn(); }),
        refuse_(kRefusalThreads, kRefusalsWaitingMax, RunOverloaded) {}
  void enqueue(std::function<void()> fn) override {
    if (serve_.TryPush(fn) || refuse_.TryPush(fn)) return;
    RunOverloaded(fn);
  }
  void shutdown() override {
    serve_.Shutdown();
    refuse_.Shutdown();
  }
  std::size_t waiting() { return serve_.waiting(); }
  std::size_t refusals_waiting() { return refuse_.waiting(); }

 private:
  Lane serve_;
  Lane refuse_;
};

StatusOr<ReadPool::Lease> ReadPool::Acquire() {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!idle_.empty()) {
      auto j = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(j));
    }
  }
  auto j = Journal::Open(connection_, clock_);
  if (!j.ok()) return j.status();
  return Lease(this, std::move(*j));
}

void ReadPool::Return(std::unique_ptr<Journal> j) {
  std::lock_guard<std::mutex> l(mu_);
  idle_.push_back(std::move(j));
}

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
  if (s->config_.access_log == "-") {
    s->log_ = &std::cerr;
  } else {
    s->log_file_ = std::make_unique<std::ofstream>(s->config_.access_log, std::ios::app);
    if (!*s->log_file_) return NotFound("cannot open the access log file \"" + s->config_.access_log + "\"");
    s->log_ = s->log_file_.get();
  }
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

void Server::LogLine(const std::string& line) {
  std::lock_guard<std::mutex> l(log_mu_);
  (*log_) << line << '\n';
  log_->flush();
}

std::size_t Server::connections_waiting() {
  std::lock_guard<std::mutex> l(stop_mu_);
  return pool_ ? pool_->waiting() : 0;
}
std::size_t Server::refusals_waiting() {
  std::lock_guard<std::mutex> l(stop_mu_);
  return pool_ ? pool_->refusals_waiting() : 0;
}

// Writes who saw which person (ctx.viewed) to the access log, durably, before the reply is sent;
// when that fails, the data is not shown and the reply becomes a 503 (or, for a write already
// done, "done, not shown").
Reply Server::LogViews(const httplib::Request& req, const Principal& who, const std::string& method,
                       const std::string& route_path, Context& ctx, Reply reply) {
  if (reply.status >= 300 || ctx.viewed.empty()) return reply;
  std::vector<AccessRecord> records;
  const std::string now = store::UtcTimestamp(clock_());
  std::string target = req.path;
  if (!req.params.empty()) {
    std::string q;
    for (const auto& [k, v] : req.params) q += (q.empty() ? "?" : "&") + k + "=" + v;
    target += q;
  }
  for (const std::string& person : ctx.viewed) {
    records.push_back(AccessRecord{0, now, who.user, RoleName(who.role), person, req.method, route_path,
                                   target.substr(0, 500)});
  }
  if (Status st = writer_->LogAccess(std::move(records)); !st.ok()) {
    Problem p =
        MakeProblem(503, "the access log could not be written, so the data is not shown: " + st.message());
    if (method != "GET") {
      // The write itself is done: say so, so that nobody repeats it blindly.
      p.slug = "done-not-shown";
      p.detail =
          "your request was carried out and recorded, but the access log could not be written, so "
          "its result is not shown; read it again shortly (" +
          st.message() + ")";
    }
    return Reply::Fail(p);
  }
  return reply;
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
  if (reply.stream) {
    if (!reply.filename.empty())
      res.set_header("Content-Disposition", "attachment; filename=\"" + reply.filename + "\"");
    auto s = std::make_shared<Streaming>();
    s->write = reply.stream;
    s->hold = std::move(hold);
    res.set_chunked_content_provider(reply.content_type, [this, s, method = req.method, path = req.path](
                                                             std::size_t, httplib::DataSink& sink) {
      if (!s->write) return false;  // written once only
      SinkBuf buf(sink);
      std::ostream out(&buf);
      Status st = s->write(out);
      if (st.ok() && !out.flush()) st = Internal("the connection refused the rest of the body");
      s->Release();  // the read transaction and the slot, before the last chunk
      if (!st.ok()) {
        // The status line and part of the body are out: all that is left is to cut the
        // connection, so that the client sees the body did not end.
        LogLine("{\"at\":" + JsonEscape(store::UtcTimestamp(clock_())) + ",\"method\":" + JsonEscape(method) +
                ",\"path\":" + JsonEscape(path) + ",\"aborted\":" + JsonEscape(st.message()) +
                ",\"bytes\":" + std::to_string(tl_request.streamed) + "}");
        return false;
      }
      sink.done();
      return true;
    });
    return;
  }
  if (!reply.content_type.empty()) {
    if (!reply.filename.empty())
      res.set_header("Content-Disposition", "attachment; filename=\"" + reply.filename + "\"");
    res.set_content(reply.text, reply.content_type);
    return;
  }
  res.set_content(Dump(reply.body), "application/json");
}

void Server::Install() {
  const config::ServerLimits& lim = config_.limits;
  http_->new_task_queue = [this, &lim] {
    std::lock_guard<std::mutex> l(stop_mu_);
    pool_ = new BoundedPool(static_cast<std::size_t>(lim.threads), static_cast<std::size_t>(lim.queue_max));
    return pool_;
  };
  http_->set_payload_max_length(static_cast<std::size_t>(lim.body_bytes_max));
  http_->set_read_timeout(static_cast<time_t>(lim.read_timeout_seconds), 0);
  http_->set_write_timeout(static_cast<time_t>(lim.write_timeout_seconds), 0);
  http_->set_keep_alive_max_count(static_cast<std::size_t>(lim.keep_alive_max_count));
  http_->set_keep_alive_timeout(static_cast<time_t>(lim.keep_alive_timeout_seconds));
  http_->set_tcp_nodelay(true);

  http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    tl_request.start = std::chrono::steady_clock::now();
    tl_request.user.clear();
    tl_request.role.clear();
    tl_request.streamed = 0;
    if (tl_request.overloaded) {
      SendProblem(req, res,
                  MakeProblem(503, "the server is serving as many connections as it can (" +
                                       std::to_string(config_.limits.threads) + " at once, " +
                                       std::to_string(config_.limits.queue_max) +
                                       " waiting); nothing was done; try again shortly"));
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Errors the library answers itself (no route, body too large, malformed request): as problems.
  http_->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                   httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string detail;
    switch (res.status) {
      case 404:
        if (const std::string allowed = AllowedMethods(req.path); !allowed.empty()) {
          res.status = 405;
          res.set_header("Allow", allowed);
          detail = req.path + " takes " + allowed + ", not " + req.method;
          break;
        }
        detail =
            "there is no route " + req.method + " " + req.path + "; routes are listed in docs/openapi.json";
        break;
      case 413:
        detail =
            "the request body is larger than the server's limit (limits.body_bytes_max); send fewer entries "
            "per request";
        break;
      case 414:
        detail = "the request's path and query are longer than 8,192 bytes";
        break;
      case 400:
        detail =
            "the request could not be read (a header line longer than 8,192 bytes, or a malformed request "
            "line)";
        break;
      default:
        detail = "the request could not be served";
    }
    SendProblem(req, res, MakeProblem(res.status, detail));
    return httplib::Server::HandlerResponse::Handled;
  }));
  http_->set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        SendProblem(req, res,
                    MakeProblem(500, "the request failed because of a fault on our side; it is logged"));
      });
  http_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const RequestState state = tl_request;
    // Requests refused before routing (a malformed request line) never set the state: no stale user.
    tl_request.start = {};
    tl_request.user.clear();
    tl_request.role.clear();
    tl_request.streamed = 0;
    const double ms =
        state.start.time_since_epoch().count() == 0
            ? 0.0
            : std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - state.start)
                  .count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", ms);
    LogLine("{\"at\":" + JsonEscape(store::UtcTimestamp(clock_())) + ",\"method\":" + JsonEscape(req.method) +
            ",\"path\":" + JsonEscape(req.path) + ",\"status\":" + std::to_string(res.status) +
            ",\"ms\":" + buf + ",\"bytes\":" + std::to_string(res.body.size() + state.streamed) +
            ",\"user\":" + JsonEscape(state.user) + ",\"role\":" + JsonEscape(state.role) +
            ",\"remote\":" + JsonEscape(req.remote_addr) + "}");
  });

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

  for (const Route& route : AllRoutes()) {
    auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) {
      // Authentication: a bearer token, looked up by id and compared in constant time.
      const std::string auth = req.get_header_value("Authorization");
      if (auth.empty()) {
        SendProblem(
            req, res,
            MakeProblem(401,
                        "send your token in the Authorization header: \"Authorization: Bearer <token>\""));
        return;
      }
      if (auth.rfind("Bearer ", 0) != 0 || auth.size() > 7 + kTokenBytesMax) {
        SendProblem(req, res, MakeProblem(401, "the Authorization header must read \"Bearer <token>\""));
        return;
      }
      auto lease = reads_->Acquire();
      if (!lease.ok()) {
        SendProblem(req, res, MakeProblem(503, "the ledger cannot be opened: " + lease.status().message()));
        return;
      }
      auto checked = Authenticate((*lease)->db(), std::string_view(auth).substr(7));
      if (!checked.ok()) {
        SendProblem(req, res, MakeProblem(503, checked.status().message()));
        return;
      }
      const std::optional<Principal>& who = *checked;
      if (!who) {
        SendProblem(
            req, res,
            MakeProblem(401,
                        "the token is not known, or has been revoked; ask an administrator for a new one"));
        return;
      }
      tl_request.user = who->user;
      tl_request.role = RoleName(who->role);
      if (std::find(route.roles.begin(), route.roles.end(), who->role) == route.roles.end()) {
        std::string allowed;
        for (Role r : route.roles) allowed += (allowed.empty() ? "" : ", ") + std::string(RoleName(r));
        SendProblem(req, res,
                    MakeProblem(403, "your role (" + std::string(RoleName(who->role)) + ") may not call " +
                                         route.method + " " + route.path +
                                         "; it is for: " + (allowed.empty() ? "nobody" : allowed)));
        return;
      }
      Context ctx(req, *who, **lease, *writer_, config_);
      ctx.exports = &exports_;
      Reply reply = LogViews(req, *who, route.method, route.path, ctx, route.handler(ctx));
      // A streamed reply goes on reading from the request's connection after this returns.
      std::shared_ptr<void> hold;
      if (reply.stream) hold = std::make_shared<ReadPool::Lease>(std::move(*lease));
      SendReply(req, res, reply, std::move(hold));
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

void Server::InstallPages() {
  const bool secure = !config_.tls_cert.empty();
  auto cookie = [secure](const std::string& value, int seconds) {
    return std::string(web::kCookie) + "=" + value +
           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(seconds) +
           (secure ? "; Secure" : "");
  };
  auto html = [](httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_header("Content-Security-Policy", web::kContentSecurityPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "same-origin");
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, "text/html; charset=utf-8");
  };
  // The principal a token stands for; nullopt with `res` answered when there is none.
  auto signed_in = [this, html](const std::string& token, httplib::Response& res,
                                std::optional<ReadPool::Lease>& lease) -> std::optional<Principal> {
    auto l = reads_->Acquire();
    if (!l.ok()) {
      html(res, 503, web::ProblemPage(503, "the ledger cannot be opened: " + l.status().message(), ""));
      return std::nullopt;
    }
    lease.emplace(std::move(*l));
    if (token.empty() || token.size() > kTokenBytesMax) return std::nullopt;
    auto who = Authenticate((*lease)->db(), token);
    if (!who.ok()) {
      html(res, 503, web::ProblemPage(503, who.status().message(), ""));
      return std::nullopt;
    }
    return *who;
  };

  http_->Get("/sign-in", [html](const httplib::Request& req, httplib::Response& res) {
    html(res, 200, web::SignInPage(req.has_param("next") ? req.get_param_value("next") : "/", ""));
  });
  http_->Post(
      "/sign-in", [this, html, cookie, signed_in](const httplib::Request& req, httplib::Response& res) {
        if (!web::SameOrigin(req.get_header_value("Origin"), req.get_header_value("Referer"),
                             req.get_header_value("Host"))) {
          html(res, 403, web::ProblemPage(403, "sign in from this site's own sign-in page", ""));
          return;
        }
        const std::string token = req.has_param("token") ? req.get_param_value("token") : "";
        const std::string next = web::SafeNext(req.has_param("next") ? req.get_param_value("next") : "/");
        std::optional<ReadPool::Lease> lease;
        auto who = signed_in(token, res, lease);
        if (res.status == 503) return;
        if (!who) {
          html(res, 401,
               web::SignInPage(next,
                               "That token is not known, or has been revoked. Paste it again, or ask "
                               "your administrator for a new one."));
          return;
        }
        tl_request.user = who->user;
        tl_request.role = RoleName(who->role);
        res.status = 303;
        res.set_header("Set-Cookie", cookie(token, web::kCookieSeconds));
        res.set_header("Location", next);
      });
  http_->Post("/sign-out", [cookie, html](const httplib::Request& req, httplib::Response& res) {
    if (!web::SameOrigin(req.get_header_value("Origin"), req.get_header_value("Referer"),
                         req.get_header_value("Host"))) {
      html(res, 403, web::ProblemPage(403, "sign out from this site's own pages", ""));
      return;
    }
    res.status = 303;
    res.set_header("Set-Cookie", cookie("", 0));
    res.set_header("Location", "/sign-in");
  });

  for (const web::Page& page : web::AllPages()) {
    http_->Get(PathRegex(page.path),
               [this, &page, html, signed_in](const httplib::Request& req, httplib::Response& res) {
                 std::optional<ReadPool::Lease> lease;
                 auto who = signed_in(web::CookieToken(req.get_header_value("Cookie")), res, lease);
                 if (res.status == 503) return;
                 if (!who) {
                   std::string next = req.path;
                   for (const auto& [k, v] : req.params)
                     next += (next == req.path ? "?" : "&") + web::UrlEncode(k) + "=" + web::UrlEncode(v);
                   res.status = 303;
                   res.set_header("Location", "/sign-in?next=" + web::UrlEncode(next));
                   return;
                 }
                 tl_request.user = who->user;
                 tl_request.role = RoleName(who->role);
                 if (std::find(page.roles.begin(), page.roles.end(), who->role) == page.roles.end()) {
                   html(res, 403,
                        web::ProblemPage(
                            403, "your role (" + std::string(RoleName(who->role)) + ") may not see this page",
                            who->user));
                   return;
                 }
                 Context ctx(req, *who, **lease, *writer_, config_);
                 Reply reply = LogViews(req, *who, "GET", page.path, ctx, page.handler(ctx));
                 if (reply.problem) {
                   html(res, reply.problem->status,
                        web::ProblemPage(reply.problem->status, reply.problem->detail, who->user));
                   return;
                 }
                 if (reply.content_type.rfind("text/html", 0) == 0) {
                   html(res, reply.status, reply.text);
                   return;
                 }
                 // A download (CSV): it may name people, so it is never cached either.
                 res.set_header("X-Content-Type-Options", "nosniff");
                 res.set_header("Cache-Control", "no-store");
                 SendReply(req, res, reply);
               });
  }
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
