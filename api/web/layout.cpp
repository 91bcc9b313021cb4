// The page shell: the HTML document, the style sheet (readable on a phone, printable), the
// navigation, the sign-in form and the problem page.
#include <cctype>

#include "api/web/pages.h"
#include "reports/html.h"

namespace poolbook::api::web {
namespace {

using reports::HtmlEscape;

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1b1b1b;line-height:1.45}
header{background:#005eb8;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header a{color:#fff}header .who{margin-left:auto;font-size:.9rem}
header form{display:inline}header button{font:inherit}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.4rem 0}h2{font-size:1.2rem}
.scroll{overflow-x:auto;margin:.5rem 0 1.5rem}
table{border-collapse:collapse;font-size:.9rem;min-width:100%}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid #d8dde0;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f0f4f5;position:sticky;top:0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total th,tr.total td{font-weight:700;border-top:2px solid #1b1b1b}
.summary{font-size:1.05rem;background:#f0f4f5;padding:.6rem;border-left:4px solid #005eb8}
figure.chart{margin:1rem 0}figure.chart svg{width:100%;height:auto;max-width:60rem}
figcaption{font-size:.85rem;color:#4c6272}
form.scope{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:.5rem 0 1rem}
form.scope label{display:flex;flex-direction:column;font-size:.85rem}
.error{color:#d5281b;font-weight:600}
nav.reports ul{columns:2 16rem}
@media print{header,form.scope,p.download,nav.reports{display:none}main{max-width:none}a{color:inherit;text-decoration:none}}
)";

}  // namespace

std::string Layout(const std::string& title, const std::string& body, const std::string& who) {
  std::string h =
      "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      HtmlEscape(title) + " — Poolbook</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<header>";
  h += "<strong>Poolbook</strong>";
  if (!who.empty()) {
    h += "<nav><a href=\"/\">Home</a> · <a href=\"/#reports\">Reports</a></nav>";
    h +=
        "<span class=\"who\">Signed in as " + HtmlEscape(who) +
        " <form method=\"post\" action=\"/sign-out\"><button type=\"submit\">Sign out</button></form></span>";
  }
  h += "</header>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
  return h;
}

std::string SignInPage(const std::string& next, const std::string& error) {
  std::string b = "<h1>Sign in</h1>\n";
  if (!error.empty()) b += "<p class=\"error\" role=\"alert\">" + HtmlEscape(error) + "</p>\n";
  b += "<form method=\"post\" action=\"/sign-in\">\n"
       "<p><label for=\"token\">Your access token</label><br>\n"
       "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" size=\"60\" required></p>\n"
       "<input type=\"hidden\" name=\"next\" value=\"" +
       HtmlEscape(SafeNext(next)) +
       "\">\n<p><button type=\"submit\" id=\"sign-in\">Sign in</button></p>\n</form>\n"
       "<p>Ask your administrator for a token. It is kept in this browser for a working day, "
       "or until you sign out.</p>\n";
  return Layout("Sign in", b, "");
}

std::string ProblemPage(int status, const std::string& detail, const std::string& who) {
  const char* heading = status == 403   ? "This page is not for your role"
                        : status == 404 ? "Not found"
                        : status == 400 ? "Something in the address is not right"
                        : status == 503 ? "The service is busy; try again shortly"
                                        : "This page cannot be shown";
  return Layout(heading,
                "<h1>" + std::string(heading) + "</h1>\n<p>" + HtmlEscape(detail) +
                    "</p>\n<p><a href=\"/\">Back to the fund's home page</a></p>\n",
                who);
}

std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool SameOrigin(const std::string& origin, const std::string& referer, const std::string& host) {
  auto same = [&](const std::string& url) {
    for (const char* scheme : {"http://", "https://"}) {
      const std::string base = scheme + host;
      if (url == base || url.rfind(base + "/", 0) == 0) return true;
    }
    return false;
  };
  if (!origin.empty()) return origin != "null" && same(origin);
  if (!referer.empty()) return same(referer);
  return true;
}

std::string SafeNext(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
  for (char c : next)
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  return next;
}

std::string CookieToken(const std::string& header) {
  const std::string name = std::string(kCookie) + "=";
  std::size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    const std::size_t end = header.find(';', pos);
    const std::string part = header.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (part.rfind(name, 0) == 0) return part.substr(name.size());
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return "";
}

}  // namespace poolbook::api::web
