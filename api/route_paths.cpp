#include "api/route_paths.h"

#include <regex>
#include <set>
#include <utility>
#include <vector>

#include "api/routes/route.h"
#include "api/web/pages.h"

namespace poolbook::api {

std::string PathRegex(const std::string& path) {
  static const std::regex kParam(R"(\{[a-z_]+\})");
  return "^" + std::regex_replace(path, kParam, "([^/]+)") + "$";
}

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

}  // namespace poolbook::api
