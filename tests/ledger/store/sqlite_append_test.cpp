// The append path's maintained report totals: at the edge of what the ledger stores (a month's
// total that would pass 64 bits refuses the entry, nothing written, even when the account's
// balance would fit; up to the edge, totals and balances are kept and verify passes), the blocks
// of entries summed as the chain passes each one, and recorded times that never go backwards.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>

#include "ledger/limits.h"
#include "ledger/store/schema.h"
#include "ledger/verify.h"
#include "testing/ledger_fixture.h"
#include "testing/random_spends.h"
#include "testing/seed.h"

namespace poolbook {
namespace {

using testing::LedgerTest;

Entry Spend(const std::string& key, const char* date, const Money& amount) {
  Entry e;
  e.key = key;
  e.date = *Date::Parse(date);
  e.memo = key;
  e.postings = {{"spend:package", "ICB", "", "LD-PKG", amount}, {"pool:cash", "ICB", "", "", -amount}};
  return e;
}

TEST_F(LedgerTest, AMonthsTotalPastSixtyFourBitsRefusesTheEntry) {
  const Money max = Money::FromPence(limits::kPenceMax);
  ASSERT_TRUE(journal_->Post(Spend("june", "2025-06-10", max), "t").ok());
  ASSERT_TRUE(journal_->Post(Spend("july", "2025-07-10", -max), "t").ok());
  // The account's balance is 0; one more penny in June would make June's total pass 64 bits.
  const std::string before = Snap();
  auto r = journal_->Post(Spend("june-2", "2025-06-11", Money::FromPence(std::int64_t{1})), "t");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("would pass the largest amount"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(Snap(), before);
  // In another month it fits, and everything still verifies.
  ASSERT_TRUE(journal_->Post(Spend("august", "2025-08-11", Money::FromPence(std::int64_t{1})), "t").ok());
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

// report_blocks holds, for each whole block of entries, exactly what its postings sum to (the
// model: summed here from the postings), and nothing for the block the chain is still in.
TEST_F(LedgerTest, EachWholeBlockOfEntriesIsSummedAsTheChainPassesIt) {
  const std::uint64_t seed = testing::TestSeed();
  SCOPED_TRACE(testing::SeedNote(seed));
  std::mt19937_64 rng(seed);
  const long long k = store::kTotalsBlockEntries;
  const int count = static_cast<int>(2 * k + k / 2);
  ASSERT_TRUE(testing::WriteRandomSpends(*journal_, count, rng).ok());
  std::map<std::string, long long> want, have;
  soci::rowset<soci::row> model =
      (journal_->db().sql().prepare
           << "SELECT ((e.id - 1) / :k) || '|' || e.book || '|' || p.account || '|' || p.partner || '|' ||"
              " COALESCE(p.line, '') || '|' || e.period, CAST(SUM(p.amount) AS TEXT) FROM entries e"
              " JOIN postings p ON p.entry_id = e.id WHERE e.id <= :whole GROUP BY 1",
       soci::use(k), soci::use(2 * k));
  for (const soci::row& r : model) want[r.get<std::string>(0)] = std::stoll(r.get<std::string>(1));
  soci::rowset<soci::row> kept =
      (journal_->db().sql().prepare
       << "SELECT block || '|' || book || '|' || account || '|' || partner || '|' ||"
          " line || '|' || period, high, low FROM report_blocks");
  for (const soci::row& r : kept)
    have[r.get<std::string>(0)] = r.get<long long>(1) * (1LL << 32) + r.get<long long>(2);
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(have, want);
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

// Verify notices a block's total edited, removed or added (each on a ledger of its own).
TEST(ReportBlocks, VerifyNoticesAnAlteredBlockTotal) {
  struct Case {
    const char* sql;
    const char* message;
  };
  for (const Case& c :
       {Case{"UPDATE report_blocks SET low = low + 1 WHERE block = 0 AND account = 'pool:cash' AND "
             "partner = 'ICB' AND period = '2025-06'",
             "report_blocks row of entries 1 to 1024"},
        Case{"DELETE FROM report_blocks WHERE block = 0 AND account = 'spend:package' AND partner = 'CNCL' "
             "AND "
             "period = '2025-07'",
             "block totals have postings but no row in report_blocks"},
        Case{"INSERT INTO report_blocks VALUES (1, 'actual', 'pool:cash', 'ICB', '', '2025-06', 0, 5)",
             "has no postings behind it"}}) {
    SCOPED_TRACE(c.sql);
    testing::TempDir dir;
    auto j = Journal::Open(dir.File("ledger.db"), testing::FixedClock());
    ASSERT_TRUE(j.ok()) << j.status().message();
    ASSERT_TRUE(testing::OpenSpendAccounts(**j).ok());
    std::mt19937_64 rng(7);
    ASSERT_TRUE(testing::WriteRandomSpends(**j, static_cast<int>(store::kTotalsBlockEntries + 3), rng).ok());
    ASSERT_TRUE(Verify((*j)->db()).ok);
    (*j)->db().sql() << c.sql;
    VerifyReport v = Verify((*j)->db());
    EXPECT_FALSE(v.ok);
    EXPECT_NE(v.problem.find(c.message), std::string::npos) << v.problem;
  }
}

// A block's sum for one account can pass 64 bits while every balance and monthly total stays within
// them: amounts near the limit that swing a month's total from -max to +max within one block. The
// block is still kept exactly (in two parts), verify passes, and nothing is refused.
TEST_F(LedgerTest, ABlockWhoseSumPassesSixtyFourBitsIsKeptExactly) {
  const Money max = Money::FromPence(limits::kPenceMax);
  auto post = [&](const std::string& key, const char* date, const Money& amount) {
    auto r = journal_->Post(Spend(key, date, amount), "t");
    ASSERT_TRUE(r.ok()) << key << ": " << r.status().message();
  };
  auto fill = [&](long long through) {  // small entries up to entry `through`
    long long last = 0;
    journal_->db().sql() << "SELECT last_entry_id FROM chain_head", soci::into(last);
    std::vector<Entry> batch;
    for (long long n = last + 1; n <= through; ++n) {  // the other partner's: ICB's balances stay at the edge
      batch.push_back(Spend("fill-" + std::to_string(n), "2025-08-01", Money::FromPence(std::int64_t{1})));
      batch.back().postings[0].partner = batch.back().postings[1].partner = "CNCL";
    }
    PostOptions o;
    o.user = "t";
    ASSERT_TRUE(journal_->PostBatch(batch, o).all_ok());
  };
  const long long k = store::kTotalsBlockEntries;
  // Block 0 leaves June at -max and July at +max (the account's balance 0).
  post("june-down", "2025-06-10", -max);
  post("july-up", "2025-07-10", max);
  fill(k);
  // Block 1 takes June to +max and July to -max: its June sum is 2 x max.
  post("june-back", "2025-06-11", max);
  post("july-back", "2025-07-11", -max);
  post("june-up", "2025-06-12", max);
  post("july-down", "2025-07-12", -max);
  fill(2 * k);
  std::string high, low;
  journal_->db().sql()
      << "SELECT CAST(high AS TEXT), CAST(low AS TEXT) FROM report_blocks WHERE block = 1 AND"
         " account = 'spend:package' AND period = '2025-06'",
      soci::into(high), soci::into(low);
  const Int128 sum = Int128(std::stoll(high)) * (Int128(1) << 32) + std::stoll(low);
  EXPECT_EQ(sum, 2 * Int128(limits::kPenceMax));
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

// A clock stepped back does not take the journal back in time: the entry is recorded at the time
// of the one before it, so "as at" any moment is a first part of the chain.
TEST(JournalClock, RecordedTimesNeverGoBackwards) {
  testing::TempDir dir;
  long long seconds = 1'790'000'000;
  auto j = Journal::Open(dir.File("ledger.db"), [&] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
  });
  ASSERT_TRUE(j.ok()) << j.status().message();
  ASSERT_TRUE((*j)->AddPartner("ICB", "NHS Example ICB").ok());
  ASSERT_TRUE((*j)->OpenAccount("pool:cash", AccountType::kAsset).ok());
  ASSERT_TRUE((*j)->OpenAccount("spend:package", AccountType::kExpense).ok());
  ASSERT_TRUE((*j)->Post(Spend("a", "2025-06-01", Money::FromPence(std::int64_t{100})), "t").ok());
  seconds -= 3600;  // the clock goes back an hour
  ASSERT_TRUE((*j)->Post(Spend("b", "2025-06-01", Money::FromPence(std::int64_t{100})), "t").ok());
  seconds += 7200;
  ASSERT_TRUE((*j)->Post(Spend("c", "2025-06-01", Money::FromPence(std::int64_t{100})), "t").ok());
  auto a = (*j)->GetEntry(1), b = (*j)->GetEntry(2), c = (*j)->GetEntry(3);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(b->recorded_at, a->recorded_at);
  EXPECT_GT(c->recorded_at, b->recorded_at);
  VerifyReport v = Verify((*j)->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

}  // namespace
}  // namespace poolbook
