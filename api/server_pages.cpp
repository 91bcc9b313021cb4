// The web pages (api/web/) as the server serves them: signing in with a token that is then kept
// in an HttpOnly, SameSite=Strict cookie, signing out, and every page behind the sign-in.
#include <httplib.h>

#include "api/middleware.h"
#include "api/route_paths.h"
#include "api/routes/route.h"
#include "api/server.h"
#include "api/web/pages.h"

namespace poolbook::api {
namespace {

std::string SessionCookie(bool secure, const std::string& value, int seconds) {
  return std::string(web::kCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(seconds) +
         (secure ? "; Secure" : "");
}

// An HTML response that is never cached and runs no script from elsewhere.
void SendHtml(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_header("Content-Security-Policy", web::kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, "text/html; charset=utf-8");
}

bool FromThisSite(const httplib::Request& req) {
  return web::SameOrigin(req.get_header_value("Origin"), req.get_header_value("Referer"),
                         req.get_header_value("Host"));
}

std::string ParamOr(const httplib::Request& req, const char* name, const std::string& otherwise) {
  return req.has_param(name) ? req.get_param_value(name) : otherwise;
}

// Sends a visitor who is not signed in to the sign-in page, to come back to where they were.
void RedirectToSignIn(const httplib::Request& req, httplib::Response& res) {
  std::string next = req.path;
  for (const auto& [k, v] : req.params)
    next += (next == req.path ? "?" : "&") + web::UrlEncode(k) + "=" + web::UrlEncode(v);
  res.status = 303;
  res.set_header("Location", "/sign-in?next=" + web::UrlEncode(next));
}

}  // namespace

std::optional<Principal> Server::SignedIn(const std::string& token, httplib::Response& res,
                                          std::optional<ReadPool::Lease>& lease) {
  auto l = reads_->Acquire();
  if (!l.ok()) {
    SendHtml(res, 503, web::ProblemPage(503, "the ledger cannot be opened: " + l.status().message(), ""));
    return std::nullopt;
  }
  lease.emplace(std::move(*l));
  if (token.empty() || token.size() > kTokenBytesMax) return std::nullopt;
  auto who = Authenticate((*lease)->db(), token);
  if (!who.ok()) {
    SendHtml(res, 503, web::ProblemPage(503, who.status().message(), ""));
    return std::nullopt;
  }
  return *who;
}

void Server::SignIn(const httplib::Request& req, httplib::Response& res) {
  if (!FromThisSite(req)) {
    SendHtml(res, 403, web::ProblemPage(403, "sign in from this site's own sign-in page", ""));
    return;
  }
  const std::string token = ParamOr(req, "token", "");
  const std::string next = web::SafeNext(ParamOr(req, "next", "/"));
  std::optional<ReadPool::Lease> lease;
  auto who = SignedIn(token, res, lease);
  if (res.status == 503) return;
  if (!who) {
    SendHtml(res, 401,
             web::SignInPage(next,
                             "That token is not known, or has been revoked. Paste it again, or ask "
                             "your administrator for a new one."));
    return;
  }
  CurrentRequest().user = who->user;
  CurrentRequest().role = RoleName(who->role);
  res.status = 303;
  res.set_header("Set-Cookie", SessionCookie(!config_.tls_cert.empty(), token, web::kCookieSeconds));
  res.set_header("Location", next);
}

void Server::ServePage(const web::Page& page, const httplib::Request& req, httplib::Response& res) {
  std::optional<ReadPool::Lease> lease;
  auto who = SignedIn(web::CookieToken(req.get_header_value("Cookie")), res, lease);
  if (res.status == 503) return;
  if (!who) return RedirectToSignIn(req, res);
  CurrentRequest().user = who->user;
  CurrentRequest().role = RoleName(who->role);
  if (std::find(page.roles.begin(), page.roles.end(), who->role) == page.roles.end()) {
    SendHtml(
        res, 403,
        web::ProblemPage(403, "your role (" + std::string(RoleName(who->role)) + ") may not see this page",
                         who->user));
    return;
  }
  Context ctx(req, *who, **lease, *writer_, config_);
  Reply reply = page.handler(ctx);
  reply = LogViews(req, *who, "GET", page.path, ctx.viewed, *writer_, clock_, std::move(reply));
  if (reply.problem) {
    const Problem shown = Shown(req, *reply.problem);
    SendHtml(res, shown.status, web::ProblemPage(shown.status, shown.detail, who->user));
    return;
  }
  if (reply.content_type.rfind("text/html", 0) == 0) {
    SendHtml(res, reply.status, reply.text);
    return;
  }
  // A download (CSV): it may name people, so it is never cached either.
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  SendReply(req, res, reply);
}

void Server::InstallPages() {
  http_->Get("/sign-in", [](const httplib::Request& req, httplib::Response& res) {
    SendHtml(res, 200, web::SignInPage(ParamOr(req, "next", "/"), ""));
  });
  http_->Post("/sign-in", [this](const httplib::Request& req, httplib::Response& res) { SignIn(req, res); });
  http_->Post("/sign-out", [this](const httplib::Request& req, httplib::Response& res) {
    if (!FromThisSite(req)) {
      SendHtml(res, 403, web::ProblemPage(403, "sign out from this site's own pages", ""));
      return;
    }
    res.status = 303;
    res.set_header("Set-Cookie", SessionCookie(!config_.tls_cert.empty(), "", 0));
    res.set_header("Location", "/sign-in");
  });
  for (const web::Page& page : web::AllPages()) {
    http_->Get(PathRegex(page.path), [this, &page](const httplib::Request& req, httplib::Response& res) {
      ServePage(page, req, res);
    });
  }
}

}  // namespace poolbook::api
