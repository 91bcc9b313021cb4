// docs/openapi.json describes every route of the table, with the same roles, and nothing else.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include "api/routes/route.h"

namespace poolbook::api {
namespace {

nlohmann::json Document() {
  std::ifstream in(std::string(POOLBOOK_SOURCE_DIR) + "/docs/openapi.json");
  return nlohmann::json::parse(in, nullptr, false);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApiTest, EveryRouteIsDescribedWithItsRoles) {
  const nlohmann::json doc = Document();
  ASSERT_TRUE(doc.is_object()) << "docs/openapi.json is not valid JSON";
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0u);
  const nlohmann::json& paths = doc["paths"];
  for (const Route& r : AllRoutes()) {
    SCOPED_TRACE(r.method + " " + r.path);
    ASSERT_TRUE(paths.contains(r.path)) << "missing from docs/openapi.json";
    const std::string m = Lower(r.method);
    ASSERT_TRUE(paths[r.path].contains(m)) << "method missing from docs/openapi.json";
    const nlohmann::json& op = paths[r.path][m];
    std::set<std::string> want, got;
    for (Role role : r.roles) want.insert(RoleName(role));
    for (const auto& role : op.value("x-roles", nlohmann::json::array())) got.insert(role.get<std::string>());
    EXPECT_EQ(got, want) << "x-roles differ from the route table";
  }
  EXPECT_TRUE(paths.contains("/healthz"));
  EXPECT_TRUE(paths.contains("/readyz"));
}

TEST(OpenApiTest, DescribesNoRouteTheServerLacks) {
  const nlohmann::json doc = Document();
  ASSERT_TRUE(doc.is_object());
  std::set<std::string> served = {"get /healthz", "get /readyz"};
  for (const Route& r : AllRoutes()) served.insert(Lower(r.method) + " " + r.path);
  for (auto p = doc["paths"].begin(); p != doc["paths"].end(); ++p) {
    for (auto m = p->begin(); m != p->end(); ++m) {
      if (m.key() == "parameters") continue;
      EXPECT_TRUE(served.count(m.key() + " " + p.key()))
          << "documented but not served: " << m.key() << " " << p.key();
    }
  }
}

}  // namespace
}  // namespace poolbook::api
