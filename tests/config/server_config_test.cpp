#include "config/server_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "testing/temp_dir.h"

namespace poolbook::config {
namespace {

GetEnv Env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* n) -> const char* {
    auto it = shared->find(n);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(ServerConfigTest, DefaultsWithoutAFile) {
  auto c = LoadServerConfig("", Env({}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->database, "poolbook.db");
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->limits.entries_per_batch_max, 5000);
}

TEST(ServerConfigTest, TheShippedExampleReadsAndTheEnvironmentWins) {
  const std::string path = std::string(POOLBOOK_SOURCE_DIR) + "/config/poolbook.json";
  auto c = LoadServerConfig(path, Env({{"POOLBOOK_PORT", "9090"},
                                       {"POOLBOOK_DATABASE", "other.db"},
                                       {"POOLBOOK_LIMIT_PAGE_SIZE_MAX", "50"}}));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->port, 9090);
  EXPECT_EQ(c->database, "other.db");
  EXPECT_EQ(c->limits.page_size_max, 50);
}

// Every limit at its bounds is accepted, and just past them refused, from the file and from the
// environment.
TEST(ServerConfigTest, EveryLimitAtAndPastItsBounds) {
  testing::TempDir dir;
  for (const LimitSetting& s : LimitSettings()) {
    SCOPED_TRACE(s.name);
    std::string env = std::string("POOLBOOK_LIMIT_") + s.name;
    for (char& ch : env) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    for (long long v : {s.min, s.max}) {
      auto c = LoadServerConfig("", Env({{env, std::to_string(v)}}));
      ASSERT_TRUE(c.ok()) << c.status().message();
      EXPECT_EQ(c->limits.*(s.field), v);
      const std::string file = dir.File(std::string(s.name) + ".json");
      std::ofstream(file) << "{\"limits\": {\"" << s.name << "\": " << v << "}}";
      EXPECT_TRUE(LoadServerConfig(file, Env({})).ok());
    }
    for (long long v : {s.min - 1, s.max + 1}) {
      auto c = LoadServerConfig("", Env({{env, std::to_string(v)}}));
      EXPECT_FALSE(c.ok()) << v;
      const std::string file = dir.File(std::string(s.name) + "-past.json");
      std::ofstream(file) << "{\"limits\": {\"" << s.name << "\": " << v << "}}";
      auto f = LoadServerConfig(file, Env({}));
      ASSERT_FALSE(f.ok());
      EXPECT_NE(f.status().message().find(s.name), std::string::npos) << f.status().message();
    }
  }
}

TEST(ServerConfigTest, Refusals) {
  testing::TempDir dir;
  struct Case {
    std::string text;
    const char* says;
  };
  for (const Case& c : std::vector<Case>{{R"({"prot": 1})", "unknown setting"},
                                         {R"({"port": "80"})", "whole number"},
                                         {R"({"port": 70000})", "between 0 and 65535"},
                                         {R"({"limits": {"threds": 1}})", "unknown limit"},
                                         {R"({"tls_cert": "a.pem"})", "both tls_cert and tls_key"},
                                         {R"({"pseudonym_secret": "short"})", "at least 32"},
                                         {R"([1])", "not a JSON object"}}) {
    SCOPED_TRACE(c.text);
    const std::string file = dir.File("c.json");
    std::ofstream(file) << c.text;
    auto r = LoadServerConfig(file, Env({}));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << r.status().message();
  }
  EXPECT_FALSE(LoadServerConfig("", Env({{"POOLBOOK_PORT", "eighty"}})).ok());
  EXPECT_FALSE(LoadServerConfig(dir.File("missing.json"), Env({})).ok());
}

}  // namespace
}  // namespace poolbook::config
