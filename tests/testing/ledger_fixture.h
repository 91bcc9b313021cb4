// A ledger in a temporary directory with two partners and a few accounts, and helpers to build
// entries and to take a snapshot of every table (to prove a refusal changed nothing).
#pragma once

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

#include "ledger/journal.h"
#include "testing/temp_dir.h"

namespace poolbook::testing {

inline Money M(const char* text) {
  auto m = Money::Parse(text);
  EXPECT_TRUE(m.ok()) << text;
  return m.ok() ? *m : Money();
}

inline Entry MakeEntry(const std::string& key, const char* amount = "100.00", const char* date = "2025-06-30",
                       Book book = Book::kActual) {
  Entry e;
  e.key = key;
  e.book = book;
  e.date = *Date::Parse(date);
  e.memo = "Invoice " + key;
  e.postings = {{"spend:package", "ICB", "P-3F9A0C", "LD-PKG", M(amount)},
                {"pool:cash", "ICB", "", "", -M(amount)}};
  return e;
}

// Every row of every ledger table, as text: equal snapshots mean nothing changed.
inline std::string Snapshot(store::Database& db) {
  std::string out;
  for (const char* q :
       {"SELECT id || '|' || entry_key || '|' || hash FROM entries ORDER BY id",
        "SELECT entry_id || '|' || seq || '|' || account || '|' || amount FROM postings ORDER BY entry_id, "
        "seq",
        "SELECT book || '|' || account_id || '|' || partner_id || '|' || balance || '|' || postings FROM "
        "balances "
        "ORDER BY 1",
        "SELECT name || '|' || type || '|' || COALESCE(closed_at, '-') FROM accounts ORDER BY name",
        "SELECT code || '|' || COALESCE(closed_at, '-') FROM partners ORDER BY code",
        "SELECT through_period FROM period_closes ORDER BY 1",
        "SELECT last_entry_id || '|' || last_hash FROM chain_head"}) {
    soci::rowset<std::string> rows = (db.sql().prepare << q);
    for (const std::string& r : rows) out += r + "\n";
    out += "--\n";
  }
  return out;
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto j = Journal::Open(dir_.File("ledger.db"), FixedClock());
    ASSERT_TRUE(j.ok()) << j.status().message();
    journal_ = std::move(*j);
    ASSERT_TRUE(journal_->AddPartner("ICB", "NHS Example ICB").ok());
    ASSERT_TRUE(journal_->AddPartner("CNCL", "Example Council").ok());
    ASSERT_TRUE(journal_->OpenAccount("pool:cash", AccountType::kAsset).ok());
    ASSERT_TRUE(journal_->OpenAccount("spend:package", AccountType::kExpense).ok());
    ASSERT_TRUE(journal_->OpenAccount("income:contributions", AccountType::kIncome).ok());
  }
  std::string Snap() { return Snapshot(journal_->db()); }
  Money Bal(const std::string& account, const std::string& partner = "", Book book = Book::kActual) {
    auto m = journal_->Balance(book, account, partner);
    EXPECT_TRUE(m.ok()) << m.status().message();
    return m.ok() ? *m : Money();
  }

  TempDir dir_;
  std::unique_ptr<Journal> journal_;
};

}  // namespace poolbook::testing
