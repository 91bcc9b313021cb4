// `poolbook serve` as a process: SIGTERM while clients post — every acknowledged entry is in the
// ledger afterwards, the chain verifies, and the server exits 0.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "ledger/verify.h"
#include "testing/temp_dir.h"

namespace poolbook::testing {
namespace {

std::string Poolbook(const std::string& args) {
  std::string out;
  FILE* p = popen((std::string(POOLBOOK_BINARY) + " " + args + " 2>&1").c_str(), "r");
  char buf[512];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  if (p) pclose(p);
  return out;
}

TEST(ServeTest, SigtermDuringLoadLosesNoAcknowledgedEntry) {
  TempDir dir;
  const std::string db = dir.File("serve.db");
  Poolbook("--db " + db + " partner add ICB 'An ICB'");
  Poolbook("--db " + db + " account open pool:cash asset");
  Poolbook("--db " + db + " account open pool:receivable asset");
  const std::string added = Poolbook("--db " + db + " user add loader finance_officer");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(added, m, std::regex("pbt_[0-9a-f]{12}_[0-9a-f]{64}"))) << added;
  const std::string token = m.str();

  const std::string out_file = dir.File("serve.out");
  const pid_t pid = fork();
  if (pid == 0) {
    freopen(out_file.c_str(), "w", stdout);
    freopen(dir.File("serve.err").c_str(), "w", stderr);
    execl(POOLBOOK_BINARY, POOLBOOK_BINARY, "--db", db.c_str(), "serve", "--port", "0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int port = 0;
  for (int i = 0; i < 200 && port == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::ifstream in(out_file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    if (std::regex_search(text, m, std::regex(R"(http://127\.0\.0\.1:(\d+))"))) port = std::stoi(m[1]);
  }
  ASSERT_GT(port, 0) << "the server did not say where it listens";

  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> posted{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client cl("127.0.0.1", port);
      cl.set_read_timeout(20, 0);
      const httplib::Headers h = {{"Authorization", "Bearer " + token}};
      for (int i = 0; !stop; ++i) {
        const std::string key = "load-" + std::to_string(c) + "-" + std::to_string(i);
        const nlohmann::json e = {
            {"key", key},
            {"book", "actual"},
            {"date", "2026-11-01"},
            {"memo", "load"},
            {"postings",
             {{{"account", "pool:cash"}, {"partner", "ICB"}, {"amount", "1.00"}},
              {{"account", "pool:receivable"}, {"partner", "ICB"}, {"amount", "-1.00"}}}}};
        auto r = cl.Post("/api/v1/entries", h, e.dump(), "application/json");
        if (!r) {
          if (posted > 0) return;  // the server has gone
          continue;
        }
        if (r->status == 201) {
          std::lock_guard<std::mutex> l(mu);
          acknowledged.insert(key);
          ++posted;
        }
      }
    });
  }
  while (posted < 200) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  auto j = Journal::Open(db);
  ASSERT_TRUE(j.ok());
  std::set<std::string> stored;
  soci::rowset<std::string> rows = ((*j)->db().sql().prepare << "SELECT entry_key FROM entries");
  for (const std::string& k : rows) stored.insert(k);
  for (const std::string& k : acknowledged) EXPECT_TRUE(stored.count(k)) << "acknowledged but lost: " << k;
  EXPECT_GE(stored.size(), acknowledged.size());
  VerifyReport v = Verify((*j)->db());
  EXPECT_TRUE(v.ok) << v.problem;
  std::cout << acknowledged.size() << " acknowledged, " << stored.size() << " stored\n";
}

}  // namespace
}  // namespace poolbook::testing
