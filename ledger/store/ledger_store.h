// The ledger's SQL: every statement the journal and verify run, behind plain functions.
// Functions throw SOCI's exceptions; the journal turns them into a Status (FromDatabaseError).
// Write functions must be called inside a WriteTransaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "ledger/entry.h"
#include "ledger/store/database.h"

namespace poolbook::store {

struct AccountRow {
  long long id = 0;
  std::string name;
  AccountType type = AccountType::kAsset;
  std::string opened_at;
  std::optional<std::string> closed_at;
};

struct PartnerRow {
  long long id = 0;
  std::string code;
  std::string name;
  std::string created_at;
  std::optional<std::string> closed_at;
};

// A cached copy of the reference data a writer checks entries against.
struct RefData {
  long long version = -1;
  std::unordered_map<std::string, AccountRow> accounts;
  std::unordered_map<std::string, PartnerRow> partners;
  std::unordered_map<long long, std::string> account_names;  // by id
  std::unordered_map<long long, std::string> partner_codes;  // by id
  long long last_account_id = 0;
  long long last_partner_id = 0;
  std::optional<Period> closed_through;
};

long long ReadRefVersion(Database& db);
void LoadRefData(Database& db, RefData& out);  // sets out.version too
long long BumpRefVersion(Database& db);        // returns the new version

struct Head {
  long long last_id = 0;
  std::string last_hash;
  std::string last_recorded_at;  // of the last entry; empty when there is none
};
Head ReadHead(Database& db);

// An entry already in the journal, as far as idempotency and reversal checks need it.
struct EntryStamp {
  long long id = 0;
  std::string body_sha256;
  std::string hash;
  std::optional<long long> reverses;
};
std::optional<EntryStamp> FindEntryByKey(Database& db, const std::string& key);
std::optional<EntryStamp> FindEntryById(Database& db, long long id);
std::optional<long long> FindReversalOf(Database& db, long long id);

// An entry ready to append: its id and hashes are final.
struct NewEntry {
  const Entry* entry = nullptr;
  long long id = 0;
  std::string recorded_at;
  std::string posted_by;
  std::string body_sha256;
  std::string prev_hash;
  std::string hash;
};

// The change to one maintained balance made by a batch. The views point into the batch's entries.
struct BalanceDelta {
  std::string_view book, account, partner;
  std::int64_t amount = 0;
  long long postings = 0;
};
using BalanceDeltas = std::vector<BalanceDelta>;

// The same change keyed as the balances table is.
struct BalanceChange {
  int book = 0;
  long long account_id = 0, partner_id = 0;
  std::int64_t amount = 0;
  long long postings = 0;
  auto Key() const { return std::tie(book, account_id, partner_id); }
};
// Sorted by Key(): the table's order, so the upserts walk it front to back.
using BalanceChanges = std::vector<BalanceChange>;

// Appends `entries` (ids consecutive after the current head) with their postings, applies the
// balance deltas and moves the chain head to the last entry. The hot path of every write: on
// SQLite it binds straight from the entries through the connection's native handle (see
// sqlite_append.cpp) rather than copying every value into SOCI's bulk vectors.
void AppendEntries(Database& db, const std::vector<NewEntry>& entries, const BalanceChanges& changes);

// Inserts accounts with the given ids (the caller holds the write lock and takes them from
// RefData::last_account_id).
void InsertAccounts(Database& db, const std::vector<long long>& ids, const std::vector<std::string>& names,
                    const std::vector<AccountType>& types, const std::string& now);

// An entry as stored, with its chain fields.
struct StoredEntry {
  long long id = 0;
  Entry entry;
  std::string period;
  std::string recorded_at;
  std::string posted_by;
  std::string body_sha256;
  std::string prev_hash;
  std::string hash;
  std::optional<long long> reversed_by;
};
std::optional<StoredEntry> ReadEntry(Database& db, long long id);

}  // namespace poolbook::store
