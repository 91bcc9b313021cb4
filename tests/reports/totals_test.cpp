// Report totals "as at" a moment (reports/totals.cpp) on a ledger of several blocks of entries
// (ledger/store/schema.h), at moments on and around the ends of blocks: summed forward from the
// first block, back from the totals now with whole blocks, or back through the postings only.
// The model: the postings of the entries recorded at or before the moment, summed directly.
#include "reports/totals.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>

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
      auto got = ReadTotals((*j)->db(), s);
      ASSERT_TRUE(got.ok()) << got.status().message();
      std::map<std::string, std::int64_t> have;
      for (const Total& x : *got)
        have[x.book + "|" + x.account + "|" + x.partner + "|" + x.line + "|" + x.period] = x.amount.pence64();
      EXPECT_EQ(have, Model((*j)->db(), s));
    }
  }
}

}  // namespace
}  // namespace poolbook::reports
