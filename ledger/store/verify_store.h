// Verify's reads: the whole journal in id order, and every table kept beside it (balances, report
// totals, report blocks, kept commitments), each read as stored, for ledger/verify.cpp to check
// against the postings. Call them inside one ReadTransaction. Every function throws the store's
// exceptions (soci::soci_error, or soci::sqlite3_soci_error with SQLite's result code).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ledger/entry.h"
#include "ledger/store/database.h"

namespace poolbook::store {

// Streams the entries in id order, a few thousand rows per fetch. The accessors read the current
// entry (after Next() returned true), as stored.
class EntryCursor {
 public:
  explicit EntryCursor(Database& db);
  // Moves to the next entry; false after the last.
  bool Next();
  long long Id() const { return id_[pos_]; }
  const std::string& Key() const { return key_[pos_]; }
  const std::string& Book() const { return book_[pos_]; }
  const std::string& EffectiveDate() const { return date_[pos_]; }
  const std::string& Period() const { return period_[pos_]; }
  const std::string& RecordedAt() const { return recorded_[pos_]; }
  const std::string& Memo() const { return memo_[pos_]; }
  const std::string& PostedBy() const { return user_[pos_]; }
  std::optional<long long> Reverses() const;
  const std::string& BodySha256() const { return body_[pos_]; }
  const std::string& PrevHash() const { return prev_[pos_]; }
  const std::string& Hash() const { return hash_[pos_]; }

 private:
  void Resize();
  std::vector<long long> id_, reverses_;
  std::vector<soci::indicator> rev_ind_;
  std::vector<std::string> key_, book_, date_, period_, recorded_, memo_, user_, body_, prev_, hash_;
  soci::statement st_;
  bool loaded_ = false;
  std::size_t pos_ = 0;
};

// Streams every posting ordered by entry id and sequence, beside an EntryCursor.
class PostingCursor {
 public:
  explicit PostingCursor(Database& db);
  bool AtEnd() const { return pos_ >= entry_.size(); }
  // The entry id of the current posting. Requires !AtEnd().
  long long EntryId() const { return entry_[pos_]; }
  // Returns the current posting and moves to the next. Requires !AtEnd().
  Posting Take();

 private:
  void Fill();
  std::vector<long long> entry_, amount_;
  std::vector<std::string> account_, partner_, person_, line_;
  std::vector<soci::indicator> person_ind_, line_ind_;
  soci::statement st_;
  std::size_t pos_ = 0;
};

// Returns every account name and every partner code.
std::unordered_set<std::string> ReadAccountNames(Database& db);
std::unordered_set<std::string> ReadPartnerCodes(Database& db);

// A maintained balance with the names its ids resolve to (empty when an id names nothing).
struct StoredBalance {
  int book = 0;  // BookNumber, as stored (may be one that does not exist)
  std::optional<std::string> account, partner;
  std::int64_t balance = 0;
  long long postings = 0;
};
// Calls `visit` with each maintained balance, in no particular order, until it returns false.
void ForEachBalance(Database& db, const std::function<bool(const StoredBalance&)>& visit);

// The two tables of monthly report totals.
enum class TotalsTable { kReport, kPerson };
// The table's name, for messages.
const char* TotalsTableName(TotalsTable table);
// One row of a totals table; person is empty in report_totals.
struct StoredTotal {
  std::string person, book, account, partner, line, period;
  std::int64_t amount = 0;
  long long postings = 0;
};
// Calls `visit` with each row of `table`, in no particular order, until it returns false.
void ForEachTotal(Database& db, TotalsTable table, const std::function<bool(const StoredTotal&)>& visit);

// One row of report_blocks: the sum of a whole block of entries, high * 2^32 + low.
struct StoredBlock {
  long long block = 0;
  std::string book, account, partner, line, period;
  std::int64_t high = 0, low = 0;
};
// Calls `visit` with each row of report_blocks, in no particular order, until it returns false.
void ForEachBlock(Database& db, const std::function<bool(const StoredBlock&)>& visit);

// The records whose commitments are kept beside the journal.
enum class Commitments { kPackages, kPhbs };
// A difference between what a record is kept as having committed (for one partner) and what the
// postings of its events' entries on its commitment account sum to.
struct CommittedDifference {
  std::string record;  // the package or PHB id
  std::string partner;
  std::int64_t amount = 0;
  bool kept = false;  // a kept amount the postings do not match; else a postings sum not kept
};
// Returns at most two differences, ordered by record, partner and side (kept before postings), of
// `which`: empty when every kept commitment equals its postings on "<committed_account>:<line>".
std::vector<CommittedDifference> CommittedDifferences(Database& db, Commitments which,
                                                      std::string_view committed_account);
// The same for what each record is kept as having paid: the postings of its payments' and their
// corrections' entries on accounts beginning `spend_prefix`.
std::vector<CommittedDifference> PaidDifferences(Database& db, Commitments which,
                                                 std::string_view spend_prefix);

}  // namespace poolbook::store
