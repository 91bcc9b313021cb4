// Report totals "as at" a moment (reports/totals.cpp, read by ledger/store/sqlite_totals_reader.cpp)
// on a ledger of several blocks of entries (ledger/store/schema.h), at moments on and around the
// ends of blocks: summed forward from the first block, back from the totals now with whole
// blocks, or back through the postings only.
// The model: the postings of the entries recorded at or before the moment, summed directly.
#include "reports/totals.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>

#include "ledger/limits.h"
#include "ledger/store/schema.h"
#include "testing/random_spends.h"
#include "testing/seed.h"
#include "testing/temp_dir.h"

namespace poolbook::reports {
namespace {

std::map<std::string, std::int64_t> Model(store::Database& db, const Scope& s) {
  std::map<std::string, std::int64_t> out;
  const std::string f = s.from.ToString(), t = s.to.ToString(), at = s.as_at.value_or("9999");
  soci::rowset<soci::row> rows =
      (db.sql().prepare
           << "SELECT e.book || '|' || p.account || '|' || p.partner || '|' || COALESCE(p.line, '')"
              " || '|' || e.period, CAST(SUM(p.amount) AS TEXT) FROM entries e"
              " JOIN postings p ON p.entry_id = e.id WHERE e.period >= :f AND e.period <= :t"
              " AND e.recorded_at <= :a GROUP BY 1",
       soci::use(f), soci::use(t), soci::use(at));
  for (const soci::row& r : rows)
    if (std::stoll(r.get<std::string>(1)) != 0)
      out[r.get<std::string>(0)] = std::stoll(r.get<std::string>(1));
  return out;
}

// ReadTotals with the same keys as Model ("book|account|partner|line|period" -> pence).
std::map<std::string, std::int64_t> Read(store::Database& db, const Scope& s) {
  std::map<std::string, std::int64_t> out;
  auto got = ReadTotals(db, s);
  EXPECT_TRUE(got.ok()) << got.status().message();
  if (got.ok())
    for (const Total& x : *got)
      out[x.book + "|" + x.account + "|" + x.partner + "|" + x.line + "|" + x.period] = x.amount.pence64();
  return out;
}

TEST(ReportTotalsAsAt, EqualThePostingsRecordedByThenAtTheEndsOfBlocks) {
  const std::uint64_t seed = testing::TestSeed();
  SCOPED_TRACE(testing::SeedNote(seed));
  std::mt19937_64 rng(seed);
  testing::TempDir dir;
  long long tick = 0;  // each batch is recorded a second after the one before
  auto j = Journal::Open(dir.File("ledger.db"), [&] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000 + tick++));
  });
  ASSERT_TRUE(j.ok()) << j.status().message();
  ASSERT_TRUE(testing::OpenSpendAccounts(**j).ok());
  // Batches ending on these entries: on, just before and just after the ends of four whole blocks,
  // then a partial fifth.
  const int k = static_cast<int>(store::kTotalsBlockEntries);
  const std::vector<int> ends = {1,         k - 1, k,         k + 1, 2 * k - 1, 2 * k,      2 * k + 1,
                                 2 * k + 5, 3 * k, 3 * k + 1, 4 * k, 4 * k + 1, 4 * k + 300};
  std::map<long long, std::string> moment_of;  // last entry of a batch -> its recorded time
  int written = 0;
  for (int end : ends) {
    ASSERT_TRUE(testing::WriteSpendBatch(**j, written + 1, end - written, rng).ok());
    written = end;
    std::string at;
    (*j)->db().sql() << "SELECT recorded_at FROM entries WHERE id = :n",
        soci::use(static_cast<long long>(end)), soci::into(at);
    moment_of[end] = at;
  }
  long long blocks = 0;
  (*j)->db().sql() << "SELECT COUNT(DISTINCT block) FROM report_blocks", soci::into(blocks);
  ASSERT_EQ(blocks, 4);
  std::vector<std::string> moments = {"2000-01-01T00:00:00.000000Z"};  // before the first entry
  for (const auto& [end, at] : moment_of) moments.push_back(at);
  for (const std::string& at : moments) {
    for (const auto& [from, to] :
         {std::pair{Period{2025, 1}, Period{2025, 12}}, std::pair{Period{2025, 3}, Period{2025, 5}}}) {
      const Scope s{from, to, at};
      SCOPED_TRACE(at + " " + from.ToString() + ".." + to.ToString());
      EXPECT_EQ(Read((*j)->db(), s), Model((*j)->db(), s));
    }
  }
}

// Amounts near the largest the ledger stores, cancelling out across blocks: a block's sum, and the
// sum of part of a block, pass 64 bits though no total as at any moment does. Every moment still
// reads exactly.
TEST(ReportTotalsAsAt, ExactWhenABlocksSumPassesSixtyFourBits) {
  testing::TempDir dir;
  long long tick = 0;
  auto j = Journal::Open(dir.File("ledger.db"), [&] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000 + tick++));
  });
  ASSERT_TRUE(j.ok()) << j.status().message();
  ASSERT_TRUE(testing::OpenSpendAccounts(**j).ok());
  const Money max = Money::FromPence(limits::kPenceMax);
  int n = 0;
  auto post = [&](const char* date, const Money& amount, const char* partner, int copies) {
    std::vector<Entry> batch;
    for (int i = 0; i < copies; ++i) {
      Entry e;
      e.key = "e" + std::to_string(++n);
      e.date = *Date::Parse(date);
      e.memo = e.key;
      e.postings = {{"spend:package", partner, "", "LD-PKG", amount},
                    {"pool:cash", partner, "", "", -amount}};
      batch.push_back(std::move(e));
    }
    PostOptions o;
    o.user = "t";
    ASSERT_TRUE((*j)->PostBatch(batch, o).all_ok()) << "entry " << n;
  };
  const int k = static_cast<int>(store::kTotalsBlockEntries);
  post("2025-06-10", -max, "ICB", 1);  // June -max, July +max: ICB's balances 0
  post("2025-07-10", max, "ICB", 1);
  post("2025-08-01", Money::FromPence(std::int64_t{1}), "CNCL", k - n);
  for (int round = 0; round < 2; ++round) {  // June to +max, July to -max, through 0
    post("2025-06-11", max, "ICB", 1);
    post("2025-07-11", -max, "ICB", 1);
  }
  post("2025-08-02", Money::FromPence(std::int64_t{1}), "CNCL", 2 * k - n);
  post("2025-06-12", -max, "ICB", 1);
  post("2025-07-12", max, "ICB", 1);
  std::vector<std::string> moments;
  soci::rowset<std::string> rows = ((*j)->db().sql().prepare << "SELECT DISTINCT recorded_at FROM entries");
  for (const std::string& r : rows) moments.push_back(r);
  ASSERT_GE(moments.size(), 10u);
  for (const std::string& at : moments) {
    const Scope s{Period{2025, 1}, Period{2025, 12}, at};
    SCOPED_TRACE(at);
    EXPECT_EQ(Read((*j)->db(), s), Model((*j)->db(), s));
  }
}

}  // namespace
}  // namespace poolbook::reports
