#include "api/http_errors.h"

#include "api/route_paths.h"

namespace poolbook::api {

std::string DumpJson(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void WriteProblem(const httplib::Request& req, httplib::Response& res, const Problem& p) {
  res.status = p.status;
  res.set_content(DumpJson(p.ToJson(req.path)), "application/problem+json");
  if (p.status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"poolbook\"");
  if (p.status == 503) res.set_header("Retry-After", "1");
}

std::string LibraryErrorDetail(const httplib::Request& req, httplib::Response& res) {
  switch (res.status) {
    case 404:
      if (const std::string allowed = AllowedMethods(req.path); !allowed.empty()) {
        res.status = 405;
        res.set_header("Allow", allowed);
        return req.path + " takes " + allowed + ", not " + req.method;
      }
      return "there is no route " + req.method + " " + req.path + "; routes are listed in docs/openapi.json";
    case 413:
      return "the request body is larger than the server's limit (limits.body_bytes_max); send fewer entries "
             "per request";
    case 414:
      return "the request's path and query are longer than 8,192 bytes";
    case 400:
      return "the request could not be read (a header line longer than 8,192 bytes, or a malformed request "
             "line)";
    default:
      return "the request could not be served";
  }
}

bool IsInternal(const Problem& p) { return p.status >= 500 && p.status != 503; }

Problem InternalForClient(int status, const std::string& request_id) {
  Problem p = MakeProblem(status,
                          "something went wrong on our side; if it happens again, give the "
                          "administrator the request id " +
                              request_id);
  p.extra["request_id"] = request_id;
  return p;
}

}  // namespace poolbook::api
