// End-to-end against a real server on an ephemeral port: the role table, authentication, the
// error catalogue (each refusal leaves the ledger unchanged), idempotent concurrent posting.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <numeric>
#include <random>
#include <regex>
#include <set>

#include "api/routes/route.h"
#include "testing/seed.h"
#include "testing/server_fixture.h"

namespace poolbook::testing {
namespace {

using api::Role;
using nlohmann::json;

std::string Fill(const std::string& path) {
  static const std::regex kParam(R"(\{[a-z_]+\})");
  return std::regex_replace(path, kParam, "1");
}

class ApiServerTest : public ServerTest {};

TEST_F(ApiServerTest, HealthAndReadinessNeedNoToken) {
  auto h = CallToken("", "GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body["status"], "ok");
  auto r = CallToken("", "GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["status"], "ready");
}

// Every route, called by every role, is allowed exactly when the route table says so; and every
// route refuses no token, a wrong token and a revoked token.
TEST_F(ApiServerTest, EveryRouteAndRoleMatchesTheRoleTable) {
  const std::string before = Snap();
  for (const api::Route& route : api::AllRoutes()) {
    const std::string path = Fill(route.path);
    for (Role role : api::kAllRoles) {
      const bool allowed = std::find(route.roles.begin(), route.roles.end(), role) != route.roles.end();
      auto r = CallToken(tokens_[role], route.method, path, "{}");
      SCOPED_TRACE(route.method + " " + route.path + " as " + api::RoleName(role) + ": " + r.raw);
      ASSERT_NE(r.status, 0);
      if (allowed) {
        EXPECT_NE(r.status, 401);
        EXPECT_NE(r.status, 403);
        EXPECT_LT(r.status, 500);
      } else {
        EXPECT_EQ(r.status, 403);
        EXPECT_EQ(r.body["type"], "/problems/forbidden");
      }
    }
    SCOPED_TRACE(route.method + " " + route.path);
    EXPECT_EQ(CallToken("", route.method, path, "{}").status, 401);
    EXPECT_EQ(CallToken("pbt_000000000000_" + std::string(64, '0'), route.method, path, "{}").status, 401);
    EXPECT_EQ(CallToken("not a token", route.method, path, "{}").status, 401);
  }
  // Bodies of "{}" are refused before anything is written.
  EXPECT_EQ(Snap(), before);
}

TEST_F(ApiServerTest, RevokedTokensAndDisabledUsersAreRefused) {
  EXPECT_EQ(Call(Role::kAuditor, "GET", "/api/v1/partners").status, 200);
  auto rv = Call(Role::kAdmin, "POST", "/api/v1/tokens/" + token_ids_[Role::kAuditor] + "/revoke");
  ASSERT_EQ(rv.status, 200) << rv.raw;
  auto after = Call(Role::kAuditor, "GET", "/api/v1/partners");
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.body["type"], "/problems/unauthenticated");
  auto dis = Call(Role::kAdmin, "POST", "/api/v1/users/t-commissioner/disable");
  ASSERT_EQ(dis.status, 200) << dis.raw;
  EXPECT_EQ(Call(Role::kCommissioner, "GET", "/api/v1/partners").status, 401);
  // The hash, not the token, is stored.
  soci::rowset<std::string> rows = (journal_->db().sql().prepare << "SELECT sha256 FROM api_tokens");
  for (const std::string& h : rows) {
    for (const auto& [role, token] : tokens_) EXPECT_EQ(h.find(token.substr(17)), std::string::npos);
  }
}

json GoodEntry(const std::string& key, const std::string& amount = "10.00") {
  return {{"key", key},
          {"book", "actual"},
          {"date", "2025-06-30"},
          {"memo", "test"},
          {"postings",
           {{{"account", "pool:cash"}, {"partner", "ICB"}, {"amount", amount}},
            {{"account", "pool:receivable"}, {"partner", "ICB"}, {"amount", "-" + amount}}}}};
}

struct ErrorCase {
  const char* name;
  Role role;
  const char* method;
  std::string path;
  std::string body;
  int status;
  const char* type;
  const char* detail_has;
};

// The error catalogue: each case gets its status and problem type, names what was wrong, and
// changes nothing.
TEST_F(ApiServerTest, ErrorCatalogue) {
  ASSERT_EQ(Call(Role::kFinanceOfficer, "POST", "/api/v1/entries", GoodEntry("dup")).status, 201);
  ASSERT_TRUE(journal_->ClosePeriod(Period{2025, 5}, "test").ok());
  json unbalanced = GoodEntry("u1");
  unbalanced["postings"][1]["amount"] = "-9.99";
  json unknown = GoodEntry("u2");
  unknown["postings"][0]["account"] = "pool:nowhere";
  json closed = GoodEntry("c1");
  closed["date"] = "2025-05-10";
  json number = GoodEntry("n1");
  number["postings"][0]["amount"] = 10.5;
  json bad_date = GoodEntry("d1");
  bad_date["date"] = "2025-02-30";
  json wrong_type = GoodEntry("w1");
  wrong_type["key"] = 5;
  const std::vector<ErrorCase> cases = {
      {"malformed JSON", Role::kFinanceOfficer, "POST", "/api/v1/entries", "{\"key\": ", 400,
       "/problems/malformed-json", "not valid JSON"},
      {"a number too large for any type", Role::kFinanceOfficer, "POST", "/api/v1/entries",
       R"({"key": 1e999})", 400, "/problems/malformed-json", "not valid JSON"},
      {"a path that is not UTF-8", Role::kAuditor, "GET", "/api/v1/packages/%FF%FE", "", 404,
       "/problems/not-found", "no package"},
      {"a query that is not UTF-8", Role::kAuditor, "GET", "/api/v1/entries?%FF=1", "", 400,
       "/problems/invalid-input", "unknown query parameter"},
      {"wrong type", Role::kFinanceOfficer, "POST", "/api/v1/entries", wrong_type.dump(), 400,
       "/problems/invalid-input", "key must be a string"},
      {"amount as a JSON number", Role::kFinanceOfficer, "POST", "/api/v1/entries", number.dump(), 400,
       "/problems/invalid-input", "amounts are strings like \"12.50\""},
      {"bad date", Role::kFinanceOfficer, "POST", "/api/v1/entries", bad_date.dump(), 400,
       "/problems/invalid-input", "2025-02-30"},
      {"unknown field", Role::kFinanceOfficer, "POST", "/api/v1/virements", R"({"colour":"red"})", 400,
       "/problems/invalid-input", ""},
      {"no such entry", Role::kAuditor, "GET", "/api/v1/entries/999999", "", 404, "/problems/not-found",
       "no entry 999999"},
      {"no such package", Role::kCommissioner, "GET", "/api/v1/packages/NOPE", "", 404, "/problems/not-found",
       "NOPE"},
      {"no such route", Role::kAuditor, "GET", "/api/v1/nothing-here", "", 404, "/problems/not-found",
       "no route"},
      {"idempotency conflict", Role::kFinanceOfficer, "POST", "/api/v1/entries",
       GoodEntry("dup", "11.00").dump(), 409, "/problems/conflict", "dup"},
      {"closed period", Role::kFinanceOfficer, "POST", "/api/v1/entries", closed.dump(), 409,
       "/problems/period-closed", "closed"},
      {"unbalanced", Role::kFinanceOfficer, "POST", "/api/v1/entries", unbalanced.dump(), 422,
       "/problems/business-rule", "balance"},
      {"unknown account", Role::kFinanceOfficer, "POST", "/api/v1/entries", unknown.dump(), 422,
       "/problems/business-rule", "pool:nowhere"},
      {"virement beyond the giving line's budget", Role::kFinanceOfficer, "POST", "/api/v1/virements",
       R"({"from_line":"OTHER","to_line":"PKG","amount":"10.00","date":"2025-07-01","reference":"V1","reason":"r"})",
       422, "/problems/business-rule", ""},
      {"the lead budget holder's approval", Role::kLeadBudgetHolder, "POST", "/api/v1/crises/NOPE/approve",
       "", 404, "/problems/not-found", "NOPE"},
      {"body over the limit", Role::kFinanceOfficer, "POST", "/api/v1/entries",
       std::string(config_.limits.body_bytes_max + 1, ' '), 413, "/problems/body-too-large", "larger"},
      {"forbidden", Role::kCommissioner, "POST", "/api/v1/entries", GoodEntry("f1").dump(), 403,
       "/problems/forbidden", "commissioner"},
  };
  const std::string before = FullSnap();
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = CallToken(tokens_[c.role], c.method, c.path, c.body);
    EXPECT_EQ(r.status, c.status) << r.raw;
    EXPECT_EQ(r.content_type, "application/problem+json");
    EXPECT_EQ(r.body["type"], c.type) << r.raw;
    EXPECT_EQ(r.body["status"], c.status);
    EXPECT_NE(r.body["detail"].get<std::string>().find(c.detail_has), std::string::npos) << r.raw;
    EXPECT_EQ(FullSnap(), before) << "a refused request changed the ledger";
  }
  // An unknown path of raw bytes, without a token: answered, and the server still serves.
  EXPECT_EQ(CallToken("", "GET", "/%FF").status, 404);
  EXPECT_EQ(CallToken("", "GET", "/healthz").status, 200);
  auto missing_token = CallToken("", "GET", "/api/v1/partners");
  EXPECT_EQ(missing_token.status, 401);
  EXPECT_EQ(missing_token.body["type"], "/problems/unauthenticated");
}

// A known path called with a method it does not take: 405, with the methods it does take in
// Allow. An unknown path stays 404.
TEST_F(ApiServerTest, AKnownPathWithAnotherMethodIs405) {
  httplib::Client cl = Client();
  const httplib::Headers h = {{"Authorization", "Bearer " + tokens_[Role::kFinanceOfficer]}};
  const std::string before = FullSnap();
  auto put = cl.Put("/api/v1/entries", h, GoodEntry("m1").dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->get_header_value("Allow"), "GET, POST");
  EXPECT_NE(put->body.find("/problems/method-not-allowed"), std::string::npos) << put->body;
  auto del = cl.Delete("/api/v1/entries/1", h);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  EXPECT_EQ(del->get_header_value("Allow"), "GET");
  auto health = cl.Post("/healthz", "", "application/json");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 405);
  auto nowhere = cl.Put("/api/v1/nowhere", h, "{}", "application/json");
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 404);
  EXPECT_EQ(FullSnap(), before);
}

TEST_F(ApiServerTest, ErrorsNameTheField) {
  json number = GoodEntry("n1");
  number["postings"][1]["amount"] = 3;
  auto r = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries", number);
  EXPECT_EQ(r.body["field"], "postings[1].amount");
  json batch = {{"entries", {GoodEntry("b1"), number}}};
  auto b = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries/batch", batch);
  EXPECT_EQ(b.status, 400);
  EXPECT_EQ(b.body["field"], "entries[1].postings[1].amount");
}

// A batch is all or nothing: one bad entry and nothing is written; the problem lists it.
TEST_F(ApiServerTest, BatchIsAllOrNothing) {
  json bad = GoodEntry("b3");
  bad["postings"][0]["account"] = "pool:nowhere";
  const std::string before = Snap();
  auto r = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries/batch",
                {{"entries", {GoodEntry("b1"), GoodEntry("b2"), bad}}});
  EXPECT_EQ(r.status, 422) << r.raw;
  ASSERT_EQ(r.body["errors"].size(), 1u) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["index"], 2);
  EXPECT_EQ(r.body["field"], r.body["errors"][0]["field"]);
  EXPECT_EQ(r.body["field"].get<std::string>().rfind("entries[2].", 0), 0u) << r.raw;
  EXPECT_EQ(Snap(), before);
  auto ok = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries/batch",
                 {{"entries", {GoodEntry("b1"), GoodEntry("b2")}}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
  ASSERT_EQ(ok.body["entries"].size(), 2u);
  auto again = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries/batch",
                    {{"entries", {GoodEntry("b1"), GoodEntry("b2")}}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body["entries"][0]["replayed"], true);
}

// Many clients posting the same keys at once: each key is written once; every client is told the
// same entry id; a different content under a used key is a conflict.
TEST_F(ApiServerTest, ConcurrentClientsWithTheSameKeysWriteEachOnce) {
  const std::uint64_t seed = TestSeed();
  constexpr int kClients = 12, kKeys = 40;
  std::vector<std::map<std::string, long long>> seen(kClients);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      std::mt19937_64 rng(seed + static_cast<std::uint64_t>(c));
      std::vector<int> order(kKeys);
      std::iota(order.begin(), order.end(), 0);
      std::shuffle(order.begin(), order.end(), rng);
      for (int k : order) {
        const std::string key = "same-" + std::to_string(k);
        auto r = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries",
                      GoodEntry(key, std::to_string(k + 1) + ".00"));
        if (r.status != 200 && r.status != 201) {
          ++failures;
          continue;
        }
        seen[static_cast<std::size_t>(c)][key] = r.body["id"].get<long long>();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0) << SeedNote(seed);
  for (int c = 1; c < kClients; ++c) EXPECT_EQ(seen[static_cast<std::size_t>(c)], seen[0]) << SeedNote(seed);
  long long n = 0;
  journal_->db().sql() << "SELECT COUNT(*) FROM entries WHERE entry_key LIKE 'same-%'", soci::into(n);
  EXPECT_EQ(n, kKeys);
  auto conflict = Call(Role::kFinanceOfficer, "POST", "/api/v1/entries", GoodEntry("same-0", "99.00"));
  EXPECT_EQ(conflict.status, 409);
  // Every post went through the writer's group commit (that it groups: writer_test.cpp).
  auto stats = server_->writer().stats();
  EXPECT_EQ(stats.posts, kClients * kKeys + 1);
}

// A person's data shown is logged before it is sent, and auditors can read the log.
TEST_F(ApiServerTest, ViewsOfAPersonAreLogged) {
  auto p = Call(Role::kCommissioner, "GET", "/api/v1/people/P-1A2B3C");
  ASSERT_EQ(p.status, 200) << p.raw;
  auto none = Call(Role::kCommissioner, "GET", "/api/v1/fund/positions");
  ASSERT_EQ(none.status, 200);
  auto log = Call(Role::kAuditor, "GET", "/api/v1/access-log?person=P-1A2B3C&user=t-commissioner");
  ASSERT_EQ(log.status, 200) << log.raw;
  ASSERT_EQ(log.body["records"].size(), 1u) << log.raw;
  const json& rec = log.body["records"][0];
  EXPECT_EQ(rec["user"], "t-commissioner");
  EXPECT_EQ(rec["role"], "commissioner");
  EXPECT_EQ(rec["route"], "/api/v1/people/{pseudonym}");
  EXPECT_EQ(rec["method"], "GET");
  EXPECT_FALSE(rec["at"].get<std::string>().empty());
  // A refused view is not a view.
  EXPECT_EQ(Call(Role::kAdmin, "GET", "/api/v1/people/P-1A2B3C").status, 403);
  EXPECT_EQ(
      Call(Role::kAuditor, "GET", "/api/v1/access-log?person=P-1A2B3C&user=t-admin").body["records"].size(),
      0u);
  // Reading the log, which names people, is itself logged.
  auto again = Call(Role::kAuditor, "GET", "/api/v1/access-log?person=P-1A2B3C&user=t-auditor");
  EXPECT_GE(again.body["records"].size(), 1u) << again.raw;
}

TEST_F(ApiServerTest, RequestLogLinesAreStructured) {
  ASSERT_EQ(Call(Role::kAuditor, "GET", "/api/v1/partners").status, 200);
  server_->Stop();
  listener_.join();
  std::ifstream in(config_.access_log);
  std::string line, last;
  while (std::getline(in, line)) last = line;
  json j = json::parse(last, nullptr, false);
  ASSERT_TRUE(j.is_object()) << last;
  EXPECT_EQ(j["path"], "/api/v1/partners");
  EXPECT_EQ(j["status"], 200);
  EXPECT_EQ(j["user"], "t-auditor");
  EXPECT_TRUE(j.contains("ms"));
}

TEST_F(ApiServerTest, AnInternalErrorShowsOnlyARequestIdAndLogsTheDetail) {
  // A database fault: the access log's table is gone, so reading it fails inside the database.
  journal_->db().sql() << "ALTER TABLE access_log RENAME TO access_log_gone";
  httplib::Client cl = Client();
  httplib::Result r = cl.Get("/api/v1/access-log", {{"Authorization", "Bearer " + tokens_[Role::kAuditor]}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 500) << r->body;
  const std::string id = r->get_header_value("Request-Id");
  ASSERT_FALSE(id.empty());
  json body = json::parse(r->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << r->body;
  EXPECT_EQ(body["type"], "/problems/internal");
  EXPECT_EQ(body["request_id"], id);
  EXPECT_NE(body["detail"].get<std::string>().find(id), std::string::npos);
  EXPECT_EQ(r->body.find("access_log"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("no such table"), std::string::npos) << r->body;
  server_->Stop();
  listener_.join();
  std::ifstream in(config_.access_log);
  std::string line;
  bool logged = false;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("error")) continue;
    EXPECT_EQ(j["request_id"], id);
    EXPECT_NE(j["error"].get<std::string>().find("no such table"), std::string::npos) << line;
    logged = true;
  }
  EXPECT_TRUE(logged);
}

TEST_F(ApiServerTest, EveryResponseCarriesARequestIdAndAClientsOwnIsKept) {
  httplib::Client cl = Client();
  httplib::Result mine = cl.Get("/healthz", {{"Request-Id", "client-42"}});
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->get_header_value("Request-Id"), "client-42");
  httplib::Result made = cl.Get("/api/v1/partners");  // no token: a 401
  ASSERT_TRUE(made);
  EXPECT_EQ(made->status, 401);
  EXPECT_EQ(made->get_header_value("Request-Id").size(), 16u);
  httplib::Result odd = cl.Get("/healthz", {{"Request-Id", "not a usable id"}});
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->get_header_value("Request-Id").size(), 16u);
}

}  // namespace
}  // namespace poolbook::testing
