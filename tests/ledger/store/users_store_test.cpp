// The users and tokens store: rows as written, a token's credential, and revocation and disabling
// that keep their first stamps.
#include "ledger/store/users_store.h"

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;

class UsersStoreTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    store::Database& db = journal_->db();
    store::WriteTransaction tx(db);
    store::InsertUser(db, "ann", "auditor", "2025-06-01T00:00:00Z", "admin");
    store::InsertToken(db, {"ann", "aaaaaaaaaaaa", "laptop", "2025-06-01T00:00:00Z", "admin", std::nullopt},
                       std::string(64, 'a'));
    store::InsertToken(db, {"ann", "bbbbbbbbbbbb", "phone", "2025-06-02T00:00:00Z", "admin", std::nullopt},
                       std::string(64, 'b'));
    tx.Commit();
  }
  store::Database& db() { return journal_->db(); }
};

TEST_F(UsersStoreTest, RowsReadAsWritten) {
  EXPECT_TRUE(store::UserExists(db(), "ann"));
  EXPECT_FALSE(store::UserExists(db(), "bob"));
  EXPECT_EQ(store::UserDisabled(db(), "ann"), std::optional<bool>(false));
  EXPECT_EQ(store::UserDisabled(db(), "bob"), std::nullopt);
  EXPECT_TRUE(store::TokenExists(db(), "aaaaaaaaaaaa"));
  EXPECT_FALSE(store::TokenExists(db(), "cccccccccccc"));
  auto users = store::ReadUsers(db());
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].role, "auditor");
  EXPECT_EQ(users[0].created_by, "admin");
  EXPECT_FALSE(users[0].disabled_at);
  auto tokens = store::ReadTokens(db());
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].label, "laptop");
  EXPECT_EQ(tokens[1].label, "phone");
  auto c = store::FindTokenCredential(db(), "bbbbbbbbbbbb");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->sha256, std::string(64, 'b'));
  EXPECT_EQ(c->user, "ann");
  EXPECT_FALSE(c->revoked || c->user_disabled);
  EXPECT_FALSE(store::FindTokenCredential(db(), "cccccccccccc").has_value());
}

TEST_F(UsersStoreTest, RevokingAndDisablingKeepTheFirstStamp) {
  {
    store::WriteTransaction tx(db());
    store::RevokeTokenRow(db(), "aaaaaaaaaaaa", "2025-06-03T00:00:00Z", "admin");
    store::RevokeTokenRow(db(), "aaaaaaaaaaaa", "2025-06-04T00:00:00Z", "other");
    tx.Commit();
  }
  EXPECT_TRUE(store::FindTokenCredential(db(), "aaaaaaaaaaaa")->revoked);
  EXPECT_FALSE(store::FindTokenCredential(db(), "bbbbbbbbbbbb")->revoked);
  {
    store::WriteTransaction tx(db());
    store::DisableUserRows(db(), "ann", "2025-06-05T00:00:00Z", "admin");
    tx.Commit();
  }
  EXPECT_EQ(store::UserDisabled(db(), "ann"), std::optional<bool>(true));
  auto tokens = store::ReadTokens(db());
  EXPECT_EQ(tokens[0].revoked_at, "2025-06-03T00:00:00Z");
  EXPECT_EQ(tokens[1].revoked_at, "2025-06-05T00:00:00Z");
  EXPECT_TRUE(store::FindTokenCredential(db(), "bbbbbbbbbbbb")->user_disabled);
}

}  // namespace
}  // namespace poolbook
