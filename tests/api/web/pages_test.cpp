// The web pages through a real server: sign-in by form and cookie (its flags), redirects for the
// signed-out, the same role rules as the API, the access log, CSV downloads, the same figures as
// the report builders, and escaping of everything shown.
#include "api/web/pages.h"

#include <gtest/gtest.h>

#include "reports/html.h"
#include "reports/reports.h"
#include "testing/server_fixture.h"

namespace poolbook::testing {
namespace {

using api::Role;

class WebPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    FundEverything();
    ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 2}, "officer").ok());
    ASSERT_TRUE(fund_->PayInvoice("PK-1", M("200.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());
  }
  httplib::Result Get(Role role, const std::string& path) {
    httplib::Client cl = Client();
    return cl.Get(path.c_str(), {{"Cookie", std::string(api::web::kCookie) + "=" + tokens_[role]}});
  }
  long long AccessRecords() {
    std::string n;
    journal_->db().sql() << "SELECT CAST(COUNT(*) AS TEXT) FROM access_log", soci::into(n);
    return std::stoll(n);
  }
};

TEST_F(WebPagesTest, SignInSetsAStrictHttpOnlyCookieAndGoesOn) {
  httplib::Client cl = Client();
  auto form = cl.Get("/sign-in?next=/reports/transparency");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("name=\"token\""), std::string::npos);
  EXPECT_NE(form->body.find("value=\"/reports/transparency\""), std::string::npos);
  EXPECT_EQ(form->get_header_value("Content-Security-Policy"), api::web::kContentSecurityPolicy);

  auto ok = cl.Post("/sign-in", "token=" + tokens_[Role::kCommissioner] + "&next=%2Freports%2Ftransparency",
                    "application/x-www-form-urlencoded");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303);
  EXPECT_EQ(ok->get_header_value("Location"), "/reports/transparency");
  const std::string cookie = ok->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind(std::string(api::web::kCookie) + "=" + tokens_[Role::kCommissioner] + ";", 0), 0u);
  for (const char* flag : {"HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"})
    EXPECT_NE(cookie.find(flag), std::string::npos) << flag;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "Secure only over TLS";

  auto bad = cl.Post("/sign-in", "token=pbt_000000000000_00&next=/", "application/x-www-form-urlencoded");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  EXPECT_TRUE(bad->get_header_value("Set-Cookie").empty());
  EXPECT_NE(bad->body.find("not known"), std::string::npos);

  // Never onward to another site.
  auto away = cl.Post("/sign-in", "token=" + tokens_[Role::kAuditor] + "&next=%2F%2Fevil.example%2F",
                      "application/x-www-form-urlencoded");
  ASSERT_TRUE(away);
  EXPECT_EQ(away->get_header_value("Location"), "/");

  // A form posted from another site neither signs in nor out (login and logout CSRF).
  auto forged = cl.Post("/sign-in", {{"Origin", "https://evil.example"}},
                        "token=" + tokens_[Role::kAuditor] + "&next=/", "application/x-www-form-urlencoded");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_TRUE(forged->get_header_value("Set-Cookie").empty());
  auto forged_out = cl.Post("/sign-out", {{"Referer", "https://evil.example/page"}}, "",
                            "application/x-www-form-urlencoded");
  ASSERT_TRUE(forged_out);
  EXPECT_EQ(forged_out->status, 403);
  auto same = cl.Post("/sign-in", {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}},
                      "token=" + tokens_[Role::kAuditor] + "&next=/", "application/x-www-form-urlencoded");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 303);

  auto out = cl.Post("/sign-out", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
}

TEST_F(WebPagesTest, SignedOutVisitorsAreSentToSignIn) {
  httplib::Client cl = Client();
  for (const char* path : {"/", "/reports/transparency?to=2025-09", "/people/P-1A2B3C"}) {
    SCOPED_TRACE(path);
    auto r = cl.Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 303);
    // The client reads Location decoded; on the wire it is percent-encoded (WebLayout tests UrlEncode).
    EXPECT_EQ(r->get_header_value("Location"), std::string("/sign-in?next=") + path);
  }
  auto revoked = cl.Get("/", {{"Cookie", std::string(api::web::kCookie) + "=pbt_ffffffffffff_00"}});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 303);
}

// The same roles as the API: admin sees the fund's home page but no report or person.
TEST_F(WebPagesTest, PagesFollowTheRoleTable) {
  for (Role role : api::kAllRoles) {
    SCOPED_TRACE(api::RoleName(role));
    const bool reader = role != Role::kAdmin;
    EXPECT_EQ(Get(role, "/")->status, 200);
    EXPECT_EQ(Get(role, "/reports/transparency")->status, reader ? 200 : 403);
    EXPECT_EQ(Get(role, "/people/P-1A2B3C")->status, reader ? 200 : 403);
  }
}

// A page shows the builder's figures; people shown are logged; CSV downloads are the API's CSV.
TEST_F(WebPagesTest, ReportPagesShowTheBuildersFiguresAndLogPeople) {
  auto req = reports::MakeRequest(fund_->agreement(), "", "", "", "P-1A2B3C", "", "");
  ASSERT_TRUE(req.ok());
  auto person = reports::Person(*fund_, *req);
  ASSERT_TRUE(person.ok());
  const long long before = AccessRecords();
  auto page = Get(Role::kCommissioner, "/people/P-1A2B3C");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_EQ(AccessRecords(), before + 1);
  EXPECT_NE(page->body.find("<svg id=\"person-months\" role=\"img\""), std::string::npos);
  EXPECT_NE(page->body.find(reports::Grouped((*person->Find("lines")->total)[3])), std::string::npos)
      << "the person's spend";
  EXPECT_NE(page->body.find("<th scope=\"col\""), std::string::npos);

  auto transparency = reports::Transparency(*fund_, *req);
  ASSERT_TRUE(transparency.ok());
  auto csv = Get(Role::kAuditor, "/reports/transparency/csv?table=lines");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body, reports::TableCsv(*transparency->Find("lines")));
  EXPECT_EQ(csv->get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("transparency-lines-2025-04-2026-03.csv"),
            std::string::npos);

  auto home = Get(Role::kAdmin, "/");
  ASSERT_EQ(home->status, 200);
  for (const char* id : {"chart-partners", "chart-lines", "chart-dual-running"})
    EXPECT_NE(home->body.find(std::string("<svg id=\"") + id + "\" role=\"img\""), std::string::npos) << id;
  EXPECT_EQ(home->body.find("P-1A2B3C"), std::string::npos) << "the home page names nobody";
  EXPECT_NE(home->body.find(reports::Grouped((*transparency->Find("partners")->total)[6])),
            std::string::npos);

  auto bad = Get(Role::kAuditor, "/reports/transparency?from=2025-13");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("from must be a period"), std::string::npos);
  EXPECT_EQ(Get(Role::kAuditor, "/reports/nope")->status, 404);
  EXPECT_EQ(Get(Role::kAuditor, "/people/P-NOBODY")->status, 404);
}

TEST_F(WebPagesTest, EverythingShownIsEscaped) {
  auto r = Get(Role::kAuditor, "/reports/transparency?from=%3Cscript%3E");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body.find("<script>"), std::string::npos);
  EXPECT_NE(r->body.find("&lt;script&gt;"), std::string::npos);
}

TEST(WebLayout, CookieAndNextAreReadSafely) {
  EXPECT_EQ(api::web::CookieToken("a=1; poolbook_token=pbt_x_y; b=2"), "pbt_x_y");
  EXPECT_EQ(api::web::CookieToken("poolbook_token=pbt_x_y"), "pbt_x_y");
  EXPECT_EQ(api::web::CookieToken("xpoolbook_token=pbt_x_y"), "");
  EXPECT_EQ(api::web::CookieToken(""), "");
  EXPECT_EQ(api::web::SafeNext("/reports/x?to=2025-09"), "/reports/x?to=2025-09");
  EXPECT_TRUE(api::web::SameOrigin("https://pool.example", "", "pool.example"));
  EXPECT_TRUE(api::web::SameOrigin("", "http://pool.example:8080/sign-in", "pool.example:8080"));
  EXPECT_TRUE(api::web::SameOrigin("", "", "pool.example"));
  EXPECT_FALSE(api::web::SameOrigin("https://pool.example.evil", "", "pool.example"));
  EXPECT_FALSE(api::web::SameOrigin("null", "", "pool.example"));
  EXPECT_FALSE(api::web::SameOrigin("", "https://pool.example.evil/x", "pool.example"));
  EXPECT_EQ(api::web::UrlEncode("/reports/x?to=2025-09&a=b c"), "%2Freports%2Fx%3Fto%3D2025-09%26a%3Db%20c");
  for (const char* bad :
       {"//evil.example", "/\\evil.example", "https://evil.example", "", "javascript:x", "/a\r\nb"})
    EXPECT_EQ(api::web::SafeNext(bad), "/") << bad;
}

}  // namespace
}  // namespace poolbook::testing
