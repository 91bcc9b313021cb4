// The reference data's store functions: the first balance that keeps a partner or account open.
#include "ledger/store/reference_store.h"

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::MakeEntry;

TEST_F(LedgerTest, TheFirstOpenBalanceIsFoundAndZeroBalancesAreNot) {
  auto accounts = journal_->Accounts();
  auto partners = journal_->Partners();
  ASSERT_TRUE(accounts.ok() && partners.ok());
  long long icb = 0, cash = 0;
  for (const auto& p : *partners)
    if (p.code == "ICB") icb = p.id;
  for (const auto& a : *accounts)
    if (a.name == "pool:cash") cash = a.id;
  EXPECT_FALSE(store::FirstOpenBalanceOfPartner(journal_->db(), icb));
  ASSERT_TRUE(journal_->Post(MakeEntry("a", "1.00"), "t").ok());
  auto open = store::FirstOpenBalanceOfAccount(journal_->db(), cash);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->other, icb);
  EXPECT_EQ(open->balance, -100);
  ASSERT_TRUE(journal_->Post(MakeEntry("b", "-1.00"), "t").ok());
  EXPECT_FALSE(store::FirstOpenBalanceOfPartner(journal_->db(), icb));
}

}  // namespace
}  // namespace poolbook
