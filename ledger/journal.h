// The journal: the one write path of the ledger, and its basic reads.
//
// Writing an entry: shape check (entry.h) -> idempotency by key -> state checks (open accounts and
// partners, open period, reversal rules) -> chain hash -> append entry and postings -> update the
// maintained balances and the chain head — all in one database transaction, so an entry is either
// wholly written or not at all. A refused entry changes nothing.
//
// A Journal owns one database connection and is used from one thread at a time. Several processes
// may write to the same SQLite file: each write transaction takes the database's write lock first,
// and re-reads the chain head and (when it changed) the partners, accounts and periods.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/entry.h"
#include "ledger/status.h"
#include "ledger/store/ledger_store.h"

namespace poolbook {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// What the journal says about an entry it accepted.
struct Receipt {
  long long id = 0;
  std::string hash;
  bool replayed = false;  // the key was already written with the same content; nothing new was written
};

enum class BatchMode {
  kAllOrNothing,  // every entry is written, or (if any is refused) none is
  kEach,          // each entry stands alone: refused ones are skipped, the rest written together
};

// The keys of the entries the fund's operations write ("fund:2025:package:PK-1:commissioned").
// Nobody else may write one, so a key names the operation and record that wrote the entry; and an
// entry with such a key is not reversed on its own (Journal::Reverse): the fund's record of it
// would then disagree with the journal.
inline constexpr std::string_view kFundKeyPrefix = "fund:";

struct PostOptions {
  std::string user = "cli";  // recorded as posted_by
  // When not empty, one per entry: who posted each (the server commits many users' requests in
  // one transaction). Overrides `user`.
  std::vector<std::string> users;
  bool create_accounts = false;  // open unknown accounts, typed by InferAccountType
  // Only the fund's own operations (ledger/fund) set this: they alone may write keys that begin
  // with kFundKeyPrefix.
  bool fund_keys = false;
  BatchMode mode = BatchMode::kEach;
  // Runs inside the write transaction, after the entries are appended and before the commit, with
  // the receipts of the entries just written (in order; none replayed). Callers that keep their
  // own records beside the journal (the fund) write them here, so records and entries commit
  // together. Not called when nothing new was written. Only for BatchMode::kAllOrNothing. An
  // exception rolls everything back; a BeforeCommitRefusal becomes the batch's answer (Aborted,
  // with its message): a state the caller checked changed meanwhile.
  std::function<void(store::Database&, const std::vector<Receipt>&)> before_commit;
};

struct BeforeCommitRefusal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct BatchResult {
  // One per entry given, in order: its receipt, or why it was refused (or, in kAllOrNothing mode,
  // that it was not written because another entry was refused).
  std::vector<StatusOr<Receipt>> results;
  // Messages carry no "entry N" prefix: the caller knows how it numbers entries (rows, indexes).
  bool all_ok() const;
};

struct ReverseOptions {
  std::string user = "cli";
  std::string reason;        // required
  std::string key;           // default "reversal-of-<id>"
  std::optional<Date> date;  // default: the original's date if its period is open, else the
                             // first day of the current open period
};

struct PeriodCloseResult {
  std::optional<Period> from;  // the first period this closed (empty: every period before `through`)
  Period through;
};

// One account's balance in one book, all partners together.
struct AccountTotal {
  std::string account;
  AccountType type = AccountType::kAsset;
  Money balance;
};

struct BalanceRow {
  Book book;
  std::string account;
  std::string partner;
  Money balance;
  long long postings = 0;
};

class Journal {
 public:
  // Opens the ledger at `connection` (see store::Database::Open), creating it if absent.
  static StatusOr<std::unique_ptr<Journal>> Open(const std::string& connection, Clock clock = {});

  // Reference data. Each refuses malformed names; AlreadyExists when already there.
  Status AddPartner(const std::string& code, const std::string& name);
  Status ClosePartner(const std::string& code);  // refused while any balance of the partner is non-zero
  Status OpenAccount(const std::string& name,
                     AccountType type);          // also reopens a closed account of that type
  Status CloseAccount(const std::string& name);  // refused while any balance of the account is non-zero

  // Writes one entry. Same key with same content: the original receipt, replayed=true.
  // Same key with different content: kAborted. Otherwise the refusal says what and where.
  StatusOr<Receipt> Post(const Entry& entry, const std::string& user);
  // Writes up to limits::kEntriesPerCommitMax entries in one transaction (group commit).
  BatchResult PostBatch(const std::vector<Entry>& entries, const PostOptions& options);

  // The part of writing that needs no database — shape checks and body digests — so that a
  // producer thread can do it for the next batch while this journal writes the current one.
  struct Prepared {
    std::vector<Status> shape;        // per entry: ValidateShape's verdict
    std::vector<std::string> bodies;  // per entry: hex SHA-256 of the canonical body (empty if refused)
    // The balance changes if every entry that passed the shape check is written (the usual case);
    // the writer recomputes them when some are refused or already written. Views into the entries.
    store::BalanceDeltas deltas;
    bool deltas_overflow = false;  // a change beyond 64 bits: the batch will be refused
  };
  // `fund_keys`: as PostOptions::fund_keys (keys beginning kFundKeyPrefix are refused otherwise).
  static Prepared Prepare(const std::vector<Entry>& entries, bool fund_keys = false);
  // PostBatch with Prepare already done. Requires `prepared` to come from Prepare(entries).
  BatchResult PostPrepared(const std::vector<Entry>& entries, const Prepared& prepared,
                           const PostOptions& options);

  // Posts the mirror image of entry `id`, linked to it. An entry can be reversed only once, and a
  // reversal cannot itself be reversed.
  StatusOr<Receipt> Reverse(long long id, const ReverseOptions& options);

  // Closes every period up to and including `through`. Refused when already closed, or when the
  // period has not ended yet (by the journal's clock).
  StatusOr<PeriodCloseResult> ClosePeriod(const Period& through, const std::string& user);
  std::optional<Period> ClosedThrough();
  // The earliest period that is open: the one after the last closed period (or `fallback`).
  Period CurrentOpenPeriod(const Period& fallback);

  // Reads.
  StatusOr<store::StoredEntry> GetEntry(long long id);
  // Balance of `account` and every account below it ("pool" covers "pool:cash"), in one book,
  // for one partner or (empty) all.
  StatusOr<Money> Balance(Book book, const std::string& account, const std::string& partner);
  // Every maintained balance, ordered by book, account, partner (all books when `book` is empty).
  StatusOr<std::vector<BalanceRow>> Balances(std::optional<Book> book);
  // Per account with any posting in `book`, the balance over all partners, ordered by account.
  // Summed by the database in high and low 32-bit parts (store::SumBalancesByAccount), so an
  // account's total stays exact even past 64 bits.
  StatusOr<std::vector<AccountTotal>> AccountTotals(Book book);
  StatusOr<std::vector<store::AccountRow>> Accounts();  // ordered by name
  StatusOr<std::vector<store::PartnerRow>> Partners();  // ordered by code

  store::Database& db() { return *db_; }
  std::chrono::system_clock::time_point Now() const { return clock_(); }
  Date Today() const;  // the UTC date by the journal's clock

 private:
  Journal(std::unique_ptr<store::Database> db, Clock clock);
  void RefreshReference();
  // The write path (journal.cpp). `careful` looks each key up first; the fast path leaves a reused
  // key to the database's unique index and, on any constraint, runs again carefully.
  struct WriteBatch;
  BatchResult Write(const std::vector<Entry>& entries, const Prepared& prepared, const PostOptions& options,
                    bool careful);
  // Checks every entry not yet refused against the ledger's state, finds replays and repeated keys,
  // and collects the accounts to open.
  void CheckBatch(const std::vector<Entry>& entries, const PostOptions& options, bool careful, WriteBatch& b);
  // Gives each new entry its id and hashes along the chain.
  std::vector<store::NewEntry> Chain(const std::vector<Entry>& entries, const PostOptions& options,
                                     WriteBatch& b);
  // The balance changes of the new entries, by ids; ids for the accounts the batch opens. Throws
  // store::BalanceOverflow() when a change does not fit 64 bits.
  store::BalanceChanges ChangesFor(const std::vector<Entry>& entries,
                                   const std::vector<store::NewEntry>& fresh, WriteBatch& b);
  void RememberNewAccounts(const WriteBatch& b);
  // The answer after the write transaction failed with `e` (rolled back): a constraint is about an
  // entry, so the batch is tried again carefully or entry by entry; anything else fails every entry.
  BatchResult AfterFailure(const std::exception& e, const std::vector<Entry>& entries,
                           const PostOptions& options, bool careful, WriteBatch& b);
  Status CheckState(const Entry& e, const PostOptions& options, std::vector<std::string>& new_accounts) const;
  // Once a fund is set up, a posting names only a registered person (fund operations excepted).
  Status CheckPeople(const Entry& e, const PostOptions& options) const;
  Status CheckReversal(const Entry& e);
  Status CheckIdempotency(const Entry& e, const std::string& body_sha256, std::optional<Receipt>& replay);

  std::unique_ptr<store::Database> db_;
  Clock clock_;
  store::RefData ref_;  // cached partners, accounts and periods; valid while ref_.version matches
};

}  // namespace poolbook
