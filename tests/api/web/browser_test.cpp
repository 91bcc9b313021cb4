// A real browser: headless Chromium, driven through ChromeDriver's WebDriver protocol, signs in
// through the form, loads the fund's home page and a person's page from a server over the demo
// fund, and checks the rendered DOM holds the charts (drawn, with text alternatives) and the same
// totals the report builders give. Screenshots are saved as test artifacts (POOLBOOK_ARTIFACTS,
// default test-artifacts/ in the working directory). Skipped, saying so, where Chromium or
// ChromeDriver is not installed (scripts/install-deps.sh installs both).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "api/auth.h"
#include "api/server.h"
#include "ledger/fund/demo.h"
#include "reports/html.h"
#include "reports/reports.h"
#include "reports/totals.h"
#include "testing/ledger_fixture.h"
#include "testing/temp_dir.h"

extern char** environ;

namespace poolbook::testing {
namespace {

using nlohmann::json;

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kDriver = "/usr/bin/chromedriver";
constexpr const char* kElement = "element-6066-11e4-a52e-4f735466cecf";

std::string Base64Decode(const std::string& in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return "";
  std::size_t pad = 0;
  if (!in.empty() && in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// A WebDriver session with ChromeDriver, which it starts and stops.
class Browser {
 public:
  bool Start(std::string& why) {
    port_ = FreePort();
    const std::string arg = "--port=" + std::to_string(port_);
    char* argv[] = {const_cast<char*>(kDriver), const_cast<char*>(arg.c_str()), nullptr};
    if (posix_spawn(&pid_, kDriver, nullptr, nullptr, argv, environ) != 0) {
      why = "chromedriver would not start";
      return false;
    }
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(120, 0);
    bool ready = false;
    for (int i = 0; i < 600 && !ready; ++i) {  // up to 30 s
      auto r = client_->Get("/status");
      ready = r && r->status == 200;
      if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!ready) {
      why = "chromedriver did not answer on port " + std::to_string(port_);
      return false;
    }
    json caps = {{"capabilities",
                  {{"alwaysMatch",
                    {{"browserName", "chrome"},
                     {"goog:chromeOptions",
                      {{"binary", kChromium},
                       {"args",
                        {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,2000",
                         // ChromeDriver talks to Chromium over a pipe, not a local TCP port: the port
                         // cannot be reached in some sandboxes (a chroot), where the session then fails
                         // with "unable to connect to renderer".
                         "--remote-debugging-pipe"}}}}}}}}};
    json s = Call("POST", "/session", caps);
    if (!s.contains("value") || !s["value"].contains("sessionId")) {
      why = "no WebDriver session: " + s.dump().substr(0, 400);
      return false;
    }
    session_ = "/session/" + s["value"]["sessionId"].get<std::string>();
    return true;
  }
  ~Browser() {
    if (!session_.empty()) Call("DELETE", session_, nullptr);
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  json Call(const std::string& method, const std::string& path, const json& body) {
    httplib::Result r = method == "GET"      ? client_->Get(path.c_str())
                        : method == "DELETE" ? client_->Delete(path.c_str())
                                             : client_->Post(path.c_str(), body.dump(), "application/json");
    if (!r) return json::object();
    return json::parse(r->body, nullptr, false);
  }
  void Go(const std::string& url) {
    Call("POST", session_ + "/url", {{"url", url}});
    WaitLoaded();
  }
  std::string Url() {
    json v = Call("GET", session_ + "/url", nullptr);
    return v.contains("value") && v["value"].is_string() ? v["value"].get<std::string>() : "";
  }
  // Waits (up to 30 s: CI machines are slow) until the page at `url` has loaded.
  bool WaitFor(const std::string& url) {
    for (int i = 0; i < 300; ++i) {
      if (Url() == url && WaitLoaded()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  bool WaitLoaded() {
    for (int i = 0; i < 300; ++i) {
      json state = Run("return document.readyState");
      if (state.is_string() && state.get<std::string>() == "complete") return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  json Run(const std::string& script) {
    return Call("POST", session_ + "/execute/sync", {{"script", script}, {"args", json::array()}})["value"];
  }
  std::string Find(const std::string& css) {
    json e = Call("POST", session_ + "/element", {{"using", "css selector"}, {"value", css}});
    return e["value"].contains(kElement) ? e["value"][kElement].get<std::string>() : "";
  }
  void Type(const std::string& element, const std::string& text) {
    Call("POST", session_ + "/element/" + element + "/value", {{"text", text}});
  }
  void Click(const std::string& element) {
    Call("POST", session_ + "/element/" + element + "/click", json::object());
  }
  // Saves a PNG screenshot; returns its path.
  std::string Screenshot(const std::string& name) {
    const std::string b64 = Call("GET", session_ + "/screenshot", nullptr)["value"].get<std::string>();
    const char* env = std::getenv("POOLBOOK_ARTIFACTS");
    const std::filesystem::path dir = env && *env ? env : "test-artifacts";
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / (name + ".png");
    std::ofstream(file, std::ios::binary) << Base64Decode(b64);
    return file.string();
  }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
  std::string session_;
};

TEST(Browser, HomeAndPersonPagesRenderTheirChartsAndTotals) {
  if (access(kChromium, X_OK) != 0 || access(kDriver, X_OK) != 0)
    GTEST_SKIP() << "Chromium or ChromeDriver is not installed (Debian packages chromium, chromium-driver)";
  TempDir dir;
  std::string token;
  {
    auto j = Journal::Open(dir.File("demo.db"));
    ASSERT_TRUE(j.ok());
    fund::DemoOptions o;
    o.people = 100;
    ASSERT_TRUE(fund::BuildDemoFund(**j, o).ok());
    auto t = api::CreateUser((*j)->db(), "browser", api::Role::kCommissioner, "test", "test",
                             "2026-04-01T00:00:00Z");
    ASSERT_TRUE(t.ok());
    token = t->token;
  }
  // What the pages must show, from the report builders.
  auto j = Journal::Open(dir.File("demo.db"));
  ASSERT_TRUE(j.ok());
  auto f = fund::Fund::Load(**j);
  ASSERT_TRUE(f.ok());
  auto req = reports::MakeRequest((*f)->agreement(), "", "", "", "", "", "");
  ASSERT_TRUE(req.ok());
  auto transparency = reports::Transparency(**f, *req);
  ASSERT_TRUE(transparency.ok());
  const std::string spent = reports::Grouped((*transparency->Find("partners")->total)[6]);
  auto people = reports::PeopleInScope((*j)->db(), req->scope, "", 1);
  ASSERT_TRUE(people.ok() && !people->empty());
  req->person = people->front();
  auto person = reports::Person(**f, *req);
  ASSERT_TRUE(person.ok());
  const std::string person_spent = reports::Grouped((*person->Find("months")->total)[1]);

  config::ServerConfig c;
  c.database = dir.File("demo.db");
  c.port = 0;
  c.access_log = dir.File("requests.log");
  auto server = api::Server::Create(c);
  ASSERT_TRUE(server.ok());
  auto port = (*server)->Bind();
  ASSERT_TRUE(port.ok());
  std::thread listener([&] { (*server)->Listen(); });
  // Stops the server and joins its thread however the test ends (a failed ASSERT returns early).
  struct Stopper {
    api::Server& s;
    std::thread& t;
    ~Stopper() {
      s.Stop();
      if (t.joinable()) t.join();
    }
  } stopper{**server, listener};
  const std::string base = "http://127.0.0.1:" + std::to_string(*port);

  {
    Browser b;
    std::string why;
    ASSERT_TRUE(b.Start(why)) << why;
    // Signed out: the home page sends the browser to sign in; the form signs it in.
    b.Go(base + "/");
    ASSERT_TRUE(b.WaitFor(base + "/sign-in?next=%2F")) << "at " << b.Url();
    const std::string field = b.Find("#token");
    ASSERT_FALSE(field.empty());
    b.Type(field, token);
    b.Click(b.Find("#sign-in"));
    ASSERT_TRUE(b.WaitFor(base + "/")) << "still at " << b.Url() << " after signing in";
    EXPECT_EQ(b.Run("return document.cookie").get<std::string>(), "")
        << "the token is not readable by scripts";

    // Three charts, each drawn, with a title and a description.
    EXPECT_EQ(b.Run("return document.querySelectorAll('svg[role=img]').length").get<int>(), 3);
    EXPECT_EQ(b.Run("return [...document.querySelectorAll('svg[role=img]')].filter(s => "
                    "s.querySelector('title') && s.querySelector('desc') && "
                    "s.getAttribute('aria-labelledby')).length")
                  .get<int>(),
              3);
    EXPECT_GT(b.Run("return [...document.querySelectorAll('#chart-partners rect.bar')]"
                    ".filter(r => r.getBBox().width > 0).length")
                  .get<int>(),
              0);
    const std::string summary =
        b.Run("return document.querySelector('#fund-summary').textContent").get<std::string>();
    EXPECT_NE(summary.find((*transparency->Find("partners")->total)[6]), std::string::npos) << summary;
    const std::string total_row =
        b.Run("return document.querySelector('#table-partners tfoot tr').textContent").get<std::string>();
    EXPECT_NE(total_row.find(spent), std::string::npos) << total_row;
    std::cout << "screenshot: " << b.Screenshot("home") << "\n";

    // A person's page: the month-by-month chart and the person's total.
    b.Go(base + "/people/" + people->front());
    EXPECT_EQ(b.Run("return document.querySelectorAll('svg#person-months rect.bar').length").get<int>(),
              static_cast<int>(person->Find("months")->rows.size()));
    const std::string months_total =
        b.Run("return document.querySelector('#table-months tfoot tr').textContent").get<std::string>();
    EXPECT_NE(months_total.find(person_spent), std::string::npos) << months_total;
    std::cout << "screenshot: " << b.Screenshot("person") << "\n";
  }
}

}  // namespace
}  // namespace poolbook::testing
