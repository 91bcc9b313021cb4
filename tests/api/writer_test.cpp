// The writer's group commit: posts waiting at the same moment are written in one transaction,
// each answered on its own (written, refused or replayed) with its own poster.
#include "api/writer.h"

#include <gtest/gtest.h>

#include <future>

#include "testing/ledger_fixture.h"

namespace poolbook::testing {
namespace {

TEST(WriterTest, PostsWaitingTogetherAreCommittedTogether) {
  TempDir dir;
  {
    auto j = Journal::Open(dir.File("w.db"), FixedClock());
    ASSERT_TRUE(j.ok());
    ASSERT_TRUE((*j)->AddPartner("ICB", "ICB").ok());
    ASSERT_TRUE((*j)->OpenAccount("pool:cash", AccountType::kAsset).ok());
    ASSERT_TRUE((*j)->OpenAccount("spend:package", AccountType::kExpense).ok());
  }
  auto w = api::Writer::Start(dir.File("w.db"), FixedClock(), api::Writer::Options{});
  ASSERT_TRUE(w.ok());
  // Hold the writer so that the posts queue up behind it.
  std::promise<void> release, started;
  auto gate = release.get_future().share();
  auto blocker = std::async(std::launch::async, [&] {
    return (*w)->Run([&](Journal&) {
      started.set_value();
      gate.wait();
      return Status::Ok();
    });
  });
  started.get_future().wait();
  constexpr int kPosts = 10;
  std::vector<std::future<StatusOr<Receipt>>> posts;
  for (int i = 0; i < kPosts; ++i) {
    // Post 3 reuses post 0's key with other content: refused alone, the rest still written.
    Entry e = MakeEntry(i == 3 ? "k0" : "k" + std::to_string(i), i == 3 ? "9.99" : "1.00");
    posts.push_back(
        std::async(std::launch::async, [&w, e, i] { return (*w)->Post(e, "user" + std::to_string(i)); }));
  }
  while ((*w)->queued() < static_cast<std::size_t>(kPosts))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  release.set_value();
  ASSERT_TRUE(blocker.get().ok());
  std::vector<StatusOr<Receipt>> answers;
  for (auto& f : posts) answers.push_back(f.get());
  const api::Writer::Stats stats = (*w)->stats();
  EXPECT_EQ(stats.transactions, 1);
  EXPECT_EQ(stats.posts, kPosts);
  EXPECT_EQ(stats.largest_group, kPosts);
  auto j = Journal::Open(dir.File("w.db"), FixedClock());
  ASSERT_TRUE(j.ok());
  for (int i = 0; i < kPosts; ++i) {
    SCOPED_TRACE(i);
    if (i == 0 || i == 3) continue;  // which of the two with key k0 came first is not fixed
    ASSERT_TRUE(answers[static_cast<std::size_t>(i)].ok())
        << answers[static_cast<std::size_t>(i)].status().message();
    auto e = (*j)->GetEntry(answers[static_cast<std::size_t>(i)]->id);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->posted_by, "user" + std::to_string(i));
  }
  // Of the two posts with key k0, one is written and the other is a conflict.
  EXPECT_NE(answers[0].ok(), answers[3].ok());
  const Status& refused = answers[0].ok() ? answers[3].status() : answers[0].status();
  EXPECT_EQ(refused.code(), Code::kAborted) << refused.message();
  (*w)->Stop();
}

}  // namespace
}  // namespace poolbook::testing
