// The journal's core SQL: reference data, the chain head, entries by key and id, the append.
// Functions throw the store's exceptions (soci::soci_error, or soci::sqlite3_soci_error with
// SQLite's result code, or a Refusal); callers turn them into a Status with FromDatabaseError.
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

// Returns the version of the reference data (meta.ref_version), bumped by every change to
// partners, accounts or closed periods.
long long ReadRefVersion(Database& db);
// Replaces `out` with the partners, accounts and closed periods as stored, and their version. A
// stored account type or period that does not parse stops the process (POOLBOOK_INVARIANT).
void LoadRefData(Database& db, RefData& out);
// Adds one to the reference data's version and returns the new version. In a WriteTransaction.
long long BumpRefVersion(Database& db);

struct Head {
  long long last_id = 0;
  std::string last_hash;
  std::string last_recorded_at;  // of the last entry; empty when there is none
};
// Returns the chain head: the last entry's id and hash (0 and the genesis hash when there is none).
Head ReadHead(Database& db);

// An entry already in the journal, as far as idempotency and reversal checks need it.
struct EntryStamp {
  long long id = 0;
  std::string body_sha256;
  std::string hash;
  std::optional<long long> reverses;
};
// Returns the entry written under `key`, or empty when there is none.
std::optional<EntryStamp> FindEntryByKey(Database& db, const std::string& key);
// Returns entry `id`, or empty when there is none.
std::optional<EntryStamp> FindEntryById(Database& db, long long id);
// Returns the id of the entry that reverses entry `id`, or empty when it is not reversed.
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

// Appends `entries` with their postings, applies the balance changes, keeps the report totals and
// moves the chain head: db.appender().Append (engine.h), whose contract this is.
void AppendEntries(Database& db, const std::vector<NewEntry>& entries, const BalanceChanges& changes);

// Inserts accounts with the given ids, names and types, opened at `now` (the caller holds the
// write lock and takes the ids from RefData::last_account_id). A name already there breaks the
// unique key: the database's constraint error.
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
// Returns entry `id` with its postings (in order) and the entry that reversed it, or empty when
// there is none. A stored book or date that does not parse stops the process (POOLBOOK_INVARIANT).
std::optional<StoredEntry> ReadEntry(Database& db, long long id);

}  // namespace poolbook::store
