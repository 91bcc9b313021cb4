// Crash safety: a child process importing a large CSV is killed with SIGKILL at a random moment,
// several times. After each kill the journal verifies, every entry is wholly present or wholly
// absent, and the entries present are exactly a prefix of the file. Importing the same file once
// more completes it, each entry exactly once.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "ledger/verify.h"
#include "testing/ledger_fixture.h"
#include "testing/seed.h"

namespace poolbook {
namespace {

struct FileEntry {
  std::string key;
  int postings = 0;
  long long debit_pence = 0;  // sum of the positive amounts
};

// Writes `n` entries of 2-4 postings each; returns them in file order.
std::vector<FileEntry> WriteCsv(const std::string& path, int n, std::mt19937_64& rng) {
  std::ofstream out(path);
  out << "key,book,date,memo,account,partner,person,line,amount\n";
  std::vector<FileEntry> entries;
  const char* partners[] = {"ICB", "CNCL"};
  for (int i = 0; i < n; ++i) {
    FileEntry fe{"crash-" + std::to_string(i), 2 + static_cast<int>(rng() % 3), 0};
    std::string head =
        fe.key + ",actual,2025-" + (i % 2 ? "07" : "08") + "-15,Invoice " + std::to_string(i) + ",";
    long long total = 0;
    for (int p = 0; p < fe.postings - 1; ++p) {
      long long pence = 1 + static_cast<long long>(rng() % 500'000);
      total += pence;
      out << head << "spend:a" << rng() % 50 << "," << partners[rng() % 2] << ",P-" << rng() % 1000
          << ",LD-PKG," << Money::FromPence(Int128(pence)).ToString() << "\n";
    }
    out << head << "pool:cash," << partners[rng() % 2] << ",,," << Money::FromPence(Int128(-total)).ToString()
        << "\n";
    fe.debit_pence = total;
    entries.push_back(fe);
  }
  return entries;
}

pid_t StartImport(const std::string& db, const std::string& csv) {
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    execl(POOLBOOK_BINARY, "poolbook", "--db", db.c_str(), "import", csv.c_str(), "--create-accounts",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

TEST(ImportCrash, KilledImportsLeaveWholeEntriesAndResume) {
  const std::uint64_t seed = testing::TestSeed();
  std::cout << "[ seed     ] " << testing::SeedNote(seed) << "\n";
  SCOPED_TRACE(testing::SeedNote(seed));
  std::mt19937_64 rng(seed);
  testing::TempDir dir;
  const std::string csv = dir.File("big.csv"), db = dir.File("crash.db");
  const std::vector<FileEntry> file = WriteCsv(csv, 60'000, rng);
  {
    auto j = Journal::Open(db);
    ASSERT_TRUE(j.ok());
    ASSERT_TRUE((*j)->AddPartner("ICB", "ICB").ok());
    ASSERT_TRUE((*j)->AddPartner("CNCL", "Council").ok());
    ASSERT_TRUE((*j)->OpenAccount("pool:cash", AccountType::kAsset).ok());
  }
  // How long a whole import takes here, on a scratch copy of the empty ledger.
  std::filesystem::copy_file(db, dir.File("scratch.db"));
  auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  waitpid(StartImport(dir.File("scratch.db"), csv), &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const auto full_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();

  const std::map<std::string, std::size_t> index = [&] {
    std::map<std::string, std::size_t> m;
    for (std::size_t i = 0; i < file.size(); ++i) m[file[i].key] = i;
    return m;
  }();
  long long previous = 0;
  for (int round = 0; round < 6; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    pid_t pid = StartImport(db, csv);
    const auto delay_ms = static_cast<long long>(rng() % static_cast<std::uint64_t>(full_ms + 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    std::cout << "round " << round << ": killed after " << delay_ms << " ms of ~" << full_ms << " ms\n";

    auto store = store::Database::Open(db);
    ASSERT_TRUE(store.ok()) << store.status().message();
    VerifyReport v = Verify(**store);
    ASSERT_TRUE(v.ok) << v.problem;
    // Entries present: a prefix of the file, each with all its postings.
    std::vector<std::string> keys(100'000);  // more than the file's entries: one fetch reads all
    std::vector<long long> counts(100'000), debits(100'000);
    (*store)->sql()
        << "SELECT e.entry_key, COUNT(*), SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END)"
           " FROM entries e JOIN postings p ON p.entry_id = e.id GROUP BY e.id, e.entry_key ORDER BY e.id",
        soci::into(keys), soci::into(counts), soci::into(debits);
    long long present = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      auto it = index.find(keys[i]);
      ASSERT_NE(it, index.end()) << keys[i];
      ASSERT_EQ(static_cast<long long>(it->second), present)
          << "entry " << keys[i] << " is out of file order";
      ASSERT_EQ(counts[i], file[it->second].postings) << keys[i];
      ASSERT_EQ(debits[i], file[it->second].debit_pence) << keys[i];
      ++present;
    }
    std::cout << "  after the kill: " << present << " of " << file.size() << " entries present, each whole\n";
    EXPECT_GE(present, previous);
    EXPECT_EQ(present, v.entries);
    previous = present;
  }
  // Finish the import: every entry exactly once.
  waitpid(StartImport(db, csv), &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto store = store::Database::Open(db);
  ASSERT_TRUE(store.ok());
  VerifyReport v = Verify(**store);
  ASSERT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, static_cast<long long>(file.size()));
}

}  // namespace
}  // namespace poolbook
