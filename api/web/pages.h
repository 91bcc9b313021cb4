// The web pages: server-rendered HTML with inline SVG charts and no JavaScript, for people who
// read the fund rather than program against it. Sign-in is a form where a token is pasted; it is
// kept in an HttpOnly, SameSite=Strict cookie, and every page applies the same role rules as the
// API (api/routes/) and writes the same access log.
//
//   GET  /sign-in, POST /sign-in, POST /sign-out    no token needed
//   GET  /                                          the fund's home page: partners, lines, dual-running
//   GET  /reports/{name}                            any report as readable tables
//   GET  /reports/{name}/csv?table=T                one table as CSV
//   GET  /people/{pseudonym}                        one person's page
#pragma once

#include <string>
#include <vector>

#include "api/routes/route.h"

namespace poolbook::api::web {

inline constexpr const char* kCookie = "poolbook_token";
inline constexpr int kCookieSeconds = 8 * 60 * 60;  // a sign-in lasts a working day

struct Page {
  std::string path;  // a pattern like the API's: "/reports/{name}"
  std::vector<Role> roles;
  Reply (*handler)(Context&);
};

const std::vector<Page>& AllPages();

// The token in the request's cookie, or "".
std::string CookieToken(const std::string& cookie_header);

// The whole HTML document around `body`; `who` empty on the sign-in page.
std::string Layout(const std::string& title, const std::string& body, const std::string& who);
// The sign-in form, with an error when the last attempt failed; `next` is where to go after.
std::string SignInPage(const std::string& next, const std::string& error);
// A page saying why a page is not shown (403, 404, 400, 503).
std::string ProblemPage(int status, const std::string& detail, const std::string& who);
// Percent-encoding for a query value or a path segment: everything but A-Z a-z 0-9 - _ . ~
std::string UrlEncode(const std::string& text);

// False when a form was posted from another site: a browser's Origin header (or, without one,
// its Referer) names another host than the request's Host. Requests with neither (scripts) pass.
bool SameOrigin(const std::string& origin, const std::string& referer, const std::string& host);

// Where to go after signing in: a local path only (never another site), else "/".
std::string SafeNext(const std::string& next);

// Security headers every page carries: no scripts at all, no framing, no sniffing.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

}  // namespace poolbook::api::web
