// Listing entries a page at a time: each listed entry reads exactly as ReadEntry reads it alone
// (postings in order, reversal both ways), the filters select as documented, and paging by id.
#include "ledger/store/entry_listing_store.h"

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::MakeEntry;

void ExpectSame(const store::StoredEntry& listed, const store::StoredEntry& read) {
  EXPECT_EQ(listed.id, read.id);
  EXPECT_EQ(listed.entry.key, read.entry.key);
  EXPECT_EQ(listed.entry.book, read.entry.book);
  EXPECT_EQ(listed.entry.date.ToString(), read.entry.date.ToString());
  EXPECT_EQ(listed.entry.memo, read.entry.memo);
  EXPECT_EQ(listed.entry.reverses, read.entry.reverses);
  EXPECT_EQ(listed.reversed_by, read.reversed_by);
  EXPECT_EQ(listed.period, read.period);
  EXPECT_EQ(listed.recorded_at, read.recorded_at);
  EXPECT_EQ(listed.posted_by, read.posted_by);
  EXPECT_EQ(listed.body_sha256, read.body_sha256);
  EXPECT_EQ(listed.prev_hash, read.prev_hash);
  EXPECT_EQ(listed.hash, read.hash);
  ASSERT_EQ(listed.entry.postings.size(), read.entry.postings.size());
  for (std::size_t i = 0; i < read.entry.postings.size(); ++i) {
    const Posting &a = listed.entry.postings[i], &b = read.entry.postings[i];
    EXPECT_EQ(a.account, b.account);
    EXPECT_EQ(a.partner, b.partner);
    EXPECT_EQ(a.person, b.person);
    EXPECT_EQ(a.line, b.line);
    EXPECT_EQ(a.amount, b.amount);
  }
}

std::vector<long long> Ids(const std::vector<store::StoredEntry>& entries) {
  std::vector<long long> out;
  for (const auto& e : entries) out.push_back(e.id);
  return out;
}

class EntryListingTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    ASSERT_TRUE(journal_->Post(MakeEntry("a", "10.00", "2025-05-01"), "t").ok());
    ASSERT_TRUE(journal_->Post(MakeEntry("b", "20.00", "2025-06-01"), "t").ok());
    Entry c = MakeEntry("c", "30.00", "2025-07-01", Book::kBudget);
    c.postings[0].person = "";
    c.postings[0].partner = "CNCL";
    c.postings[1].partner = "CNCL";
    ASSERT_TRUE(journal_->Post(c, "t").ok());
    ReverseOptions o;
    o.reason = "wrong amount";
    ASSERT_TRUE(journal_->Reverse(1, o).ok());  // entry 4 reverses entry 1
  }
  std::vector<store::StoredEntry> List(const store::EntryFilter& f) {
    return store::ListEntries(journal_->db(), f);
  }
};

TEST_F(EntryListingTest, EachListedEntryReadsAsItDoesAlone) {
  auto all = List({});
  ASSERT_EQ(Ids(all), (std::vector<long long>{1, 2, 3, 4}));
  for (const auto& e : all) {
    auto alone = store::ReadEntry(journal_->db(), e.id);
    ASSERT_TRUE(alone.has_value());
    ExpectSame(e, *alone);
  }
  EXPECT_EQ(all[0].reversed_by, 4);
  EXPECT_EQ(all[3].entry.reverses, 1);
}

TEST_F(EntryListingTest, FiltersSelectAsDocumented) {
  store::EntryFilter f;
  f.from = "2025-06-01";
  f.to = "2025-06-30";
  EXPECT_EQ(Ids(List(f)), (std::vector<long long>{2}));
  f = {};
  f.book = "budget";
  EXPECT_EQ(Ids(List(f)), (std::vector<long long>{3}));
  f = {};
  f.partner = "CNCL";
  EXPECT_EQ(Ids(List(f)), (std::vector<long long>{3}));
  f = {};
  f.person = "P-3F9A0C";
  EXPECT_EQ(Ids(List(f)), (std::vector<long long>{1, 2, 4}));
  f = {};
  f.account = "spend";  // an account and every account below it
  EXPECT_EQ(Ids(List(f)), (std::vector<long long>{1, 2, 3, 4}));
  f.account = "spend:pack";  // not a prefix of whole names
  EXPECT_TRUE(List(f).empty());
  f = {};
  f.line = "LD-PKG";
  f.partner = "ICB";
  EXPECT_EQ(Ids(List(f)), (std::vector<long long>{1, 2, 4}));
}

TEST_F(EntryListingTest, PagesByIdWithWholeEntries) {
  store::EntryFilter f;
  f.limit = 2;
  auto first = List(f);
  ASSERT_EQ(Ids(first), (std::vector<long long>{1, 2}));
  EXPECT_EQ(first[0].entry.postings.size(), 2u);
  f.after_id = first.back().id;
  EXPECT_EQ(Ids(List(f)), (std::vector<long long>{3, 4}));
  f.after_id = 4;
  EXPECT_TRUE(List(f).empty());
}

}  // namespace
}  // namespace poolbook
