#include "ledger/journal.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "ledger/chain.h"
#include "ledger/limits.h"
#include "ledger/store/fund_agreement_store.h"
#include "ledger/store/people_store.h"

namespace poolbook {
namespace {

std::string Q(const std::string& s) { return "\"" + s + "\""; }

// A (book, account, partner) key viewing strings owned by the batch's entries.
struct BalanceKey {
  std::string_view book, account, partner;
  bool operator==(const BalanceKey&) const = default;
};
struct BalanceKeyHash {
  std::size_t operator()(const BalanceKey& k) const {
    std::hash<std::string_view> h;
    return h(k.account) * 31 + h(k.partner) * 7 + h(k.book);
  }
};
using BalanceSums = std::unordered_map<BalanceKey, std::pair<Int128, long long>, BalanceKeyHash>;

// The balance changes made by writing entries[i] for every i with include(i), by name. Sets
// `overflow` when a change does not fit 64 bits.
template <typename Include>
store::BalanceDeltas SumBalances(const std::vector<Entry>& entries, Include include, bool& overflow) {
  BalanceSums sums;
  sums.reserve(entries.size() * 2);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!include(i)) continue;
    const Entry& e = entries[i];
    for (const Posting& p : e.postings) {
      auto& s = sums[BalanceKey{BookName(e.book), p.account, p.partner}];
      s.first += p.amount.pence();
      s.second += 1;
    }
  }
  overflow = false;
  store::BalanceDeltas deltas;
  deltas.reserve(sums.size());
  for (const auto& [key, sum] : sums) {
    Money m = Money::FromPence(sum.first);
    if (!m.fits_storage()) {
      overflow = true;
      continue;
    }
    deltas.push_back({key.book, key.account, key.partner, m.pence64(), sum.second});
  }
  return deltas;
}

Status NotWrittenBecauseOfOthers() {
  return Aborted(
             "not written, because another entry in the same batch was refused; nothing in the batch was "
             "written")
      .With(Reason::kAbandonedInBatch);
}

}  // namespace

bool BatchResult::all_ok() const {
  for (const auto& r : results) {
    if (!r.ok()) return false;
  }
  return true;
}

Journal::Journal(std::unique_ptr<store::Database> db, Clock clock)
    : db_(std::move(db)), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::system_clock::now(); };
}

StatusOr<std::unique_ptr<Journal>> Journal::Open(const std::string& connection, Clock clock) {
  auto db = store::Database::Open(connection);
  if (!db.ok()) return db.status();
  std::unique_ptr<Journal> j(new Journal(std::move(*db), std::move(clock)));
  try {
    j->RefreshReference();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the ledger's partners and accounts");
  }
  return j;
}

void Journal::RefreshReference() {
  if (store::ReadRefVersion(*db_) != ref_.version) store::LoadRefData(*db_, ref_);
}

// ---- Writing entries --------------------------------------------------------------------------

StatusOr<Receipt> Journal::Post(const Entry& entry, const std::string& user) {
  PostOptions options;
  options.user = user;
  BatchResult r = PostBatch({entry}, options);
  return std::move(r.results[0]);
}

BatchResult Journal::PostBatch(const std::vector<Entry>& entries, const PostOptions& options) {
  return PostPrepared(entries, Prepare(entries, options.fund_keys), options);
}

Journal::Prepared Journal::Prepare(const std::vector<Entry>& entries, bool fund_keys) {
  Prepared p;
  p.shape.reserve(entries.size());
  p.bodies.resize(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    p.shape.push_back(ValidateShape(entries[i]));
    if (p.shape.back().ok() && !fund_keys && entries[i].key.rfind(kFundKeyPrefix, 0) == 0) {
      p.shape.back() = InvalidArgument("the key \"" + entries[i].key.substr(0, 60) +
                                           "\" begins with \"fund:\", which is kept for the fund's own "
                                           "operations; choose another key",
                                       "key");
    }
    if (p.shape.back().ok()) p.bodies[i] = Sha256Hex(CanonicalBody(entries[i]));
  }
  p.deltas = SumBalances(
      entries, [&](std::size_t i) { return p.shape[i].ok(); }, p.deltas_overflow);
  return p;
}

BatchResult Journal::PostPrepared(const std::vector<Entry>& entries, const Prepared& prepared,
                                  const PostOptions& options) {
  POOLBOOK_INVARIANT(prepared.shape.size() == entries.size(), "prepared batch does not match its entries");
  if (!options.users.empty() && options.users.size() != entries.size()) {
    BatchResult r;
    r.results.assign(entries.size(), Internal("PostOptions::users must name one user per entry"));
    return r;
  }
  for (std::size_t i = 0; i < (options.users.empty() ? 1 : options.users.size()); ++i) {
    if (Status st = CheckUser(options.users.empty() ? options.user : options.users[i]); !st.ok()) {
      BatchResult r;
      r.results.assign(entries.size(), st);
      return r;
    }
  }
  if (options.before_commit && options.mode != BatchMode::kAllOrNothing) {
    BatchResult r;
    r.results.assign(entries.size(), Internal("before_commit needs BatchMode::kAllOrNothing"));
    return r;
  }
  if (entries.size() > limits::kEntriesPerCommitMax) {
    BatchResult r;
    Status too_many =
        InvalidArgument("a batch may hold at most " + std::to_string(limits::kEntriesPerCommitMax) +
                        " entries; this one has " + std::to_string(entries.size()));
    r.results.assign(entries.size(), too_many);
    return r;
  }
  // Fast path first: no per-key lookups, the UNIQUE index on entry_key catches a reused key. On any
  // database error, everything was rolled back; the careful path looks each key up and isolates.
  return Write(entries, prepared, options, /*careful=*/false);
}

Status Journal::CheckState(const Entry& e, const PostOptions& options,
                           std::vector<std::string>& new_accounts) const {
  Period period = Period::Of(e.date);
  if (ref_.closed_through && period <= *ref_.closed_through) {
    Period open = ref_.closed_through->Next();
    return FailedPrecondition("period " + period.ToString() + " is closed (the books are closed through " +
                                  ref_.closed_through->ToString() +
                                  "); post the correction into the current open period, " + open.ToString() +
                                  ", with a date on or after " + open.FirstDay().ToString(),
                              "date")
        .With(Reason::kPeriodClosed);
  }
  POOLBOOK_RETURN_IF_ERROR(CheckPeople(e, options));
  for (std::size_t i = 0; i < e.postings.size(); ++i) {
    const Posting& p = e.postings[i];
    const std::string where = "posting " + std::to_string(i + 1) + ": ";
    const std::string field = "postings[" + std::to_string(i) + "].";
    auto a = ref_.accounts.find(p.account);
    if (a == ref_.accounts.end()) {
      if (!options.create_accounts) {
        return FailedPrecondition(
            where + "account " + Q(p.account) + " does not exist; open it before posting to it",
            field + "account");
      }
      auto type = InferAccountType(p.account);
      if (!type.ok()) return FailedPrecondition(where + type.status().message(), field + "account");
      new_accounts.push_back(p.account);
    } else if (a->second.closed_at) {
      return FailedPrecondition(where + "account " + Q(p.account) + " was closed on " +
                                    a->second.closed_at->substr(0, 10) + " and takes no more postings",
                                field + "account");
    }
    auto pt = ref_.partners.find(p.partner);
    if (pt == ref_.partners.end()) {
      return FailedPrecondition(
          where + "partner " + Q(p.partner) + " is not registered; add the partner first", field + "partner");
    }
    if (pt->second.closed_at) {
      return FailedPrecondition(where + "partner " + Q(p.partner) + " was closed on " +
                                    pt->second.closed_at->substr(0, 10) + " and takes no more postings",
                                field + "partner");
    }
  }
  return Status::Ok();
}

// Once a fund is set up in the ledger, a posting may name only a person the fund has registered:
// a mistyped pseudonym would otherwise become a person nobody registered, with spend of their own.
// The fund's own operations check their people before they post; a ledger without a fund takes
// any pseudonym.
Status Journal::CheckPeople(const Entry& e, const PostOptions& options) const {
  if (options.fund_keys || e.reverses) return Status::Ok();  // a reversal names whom its original did
  std::optional<bool> fund_set_up;
  for (std::size_t i = 0; i < e.postings.size(); ++i) {
    const std::string& person = e.postings[i].person;
    if (person.empty()) continue;
    if (!fund_set_up) fund_set_up = store::CountAgreements(*db_) > 0;
    if (!*fund_set_up) return Status::Ok();
    if (store::PersonRegistered(*db_, person)) continue;
    return FailedPrecondition("posting " + std::to_string(i + 1) + ": person " + Q(person) +
                                  " is not registered in the fund; register the person first, or check "
                                  "the pseudonym",
                              "postings[" + std::to_string(i) + "].person");
  }
  return Status::Ok();
}

Status Journal::CheckReversal(const Entry& e) {
  if (!e.reverses) return Status::Ok();
  auto original = store::FindEntryById(*db_, *e.reverses);
  if (!original)
    return NotFound("there is no entry " + std::to_string(*e.reverses) + " to reverse", "reverses")
        .With(Reason::kNoSuchEntry);
  if (original->reverses) {
    return FailedPrecondition("entry " + std::to_string(*e.reverses) + " is itself the reversal of entry " +
                                  std::to_string(*original->reverses) +
                                  " and cannot be reversed; post the original again under a new key instead",
                              "reverses");
  }
  if (auto by = store::FindReversalOf(*db_, *e.reverses)) {
    return FailedPrecondition("entry " + std::to_string(*e.reverses) +
                                  " has already been reversed, by entry " + std::to_string(*by) +
                                  "; an entry can be reversed only once",
                              "reverses");
  }
  return Status::Ok();
}

Status Journal::CheckIdempotency(const Entry& e, const std::string& body_sha256,
                                 std::optional<Receipt>& replay) {
  auto existing = store::FindEntryByKey(*db_, e.key);
  if (!existing) return Status::Ok();
  if (existing->body_sha256 != body_sha256) {
    return Aborted("key " + Q(e.key) + " was already used for entry " + std::to_string(existing->id) +
                       " with different content; use a new key for a new entry",
                   "key");
  }
  replay = Receipt{existing->id, existing->hash, true};
  return Status::Ok();
}

// One Write call's state: each entry's answer so far, and the accounts the batch opens.
struct Journal::WriteBatch {
  WriteBatch(const Prepared& p, std::size_t count)
      : prepared(p), n(count), refused(count, false), replays(count), same_as(count, count) {
    out.results.assign(n, Internal("not processed"));
  }
  void Refuse(std::size_t i, const Status& st) {
    out.results[i] = st;
    refused[i] = true;
  }
  bool AnyRefused() const { return std::count(refused.begin(), refused.end(), true) > 0; }
  // Every entry not refused itself is abandoned with the batch.
  BatchResult AbandonAll() {
    for (std::size_t i = 0; i < n; ++i) {
      if (!refused[i]) out.results[i] = NotWrittenBecauseOfOthers();
    }
    return out;
  }
  // Every entry not refused answers `st`.
  BatchResult FailAll(const Status& st) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!refused[i]) out.results[i] = st;
    }
    return out;
  }
  // The receipts once committed: a repeated key answers as a replay of its first entry.
  BatchResult Receipts() {
    for (std::size_t i = 0; i < n; ++i) {
      if (refused[i]) continue;
      if (same_as[i] != n) {
        Receipt r = *replays[same_as[i]];
        r.replayed = true;
        out.results[i] = r;
      } else {
        out.results[i] = *replays[i];
      }
    }
    return out;
  }

  const Prepared& prepared;
  const std::size_t n;
  BatchResult out;
  std::vector<bool> refused;
  std::vector<std::optional<Receipt>> replays;  // the receipt of each entry replayed or written
  std::vector<std::size_t> same_as;             // an earlier entry of the batch with the same key (n: none)
  std::vector<std::string> new_accounts;        // to open, in the order first posted to
  std::vector<long long> new_ids;
  std::vector<AccountType> new_types;
  std::string now;  // the recorded time of every entry written
};

BatchResult Journal::Write(const std::vector<Entry>& entries, const Prepared& prepared,
                           const PostOptions& options, bool careful) {
  WriteBatch b(prepared, entries.size());
  for (std::size_t i = 0; i < b.n; ++i) {
    if (!prepared.shape[i].ok()) b.Refuse(i, prepared.shape[i]);
  }
  if (options.mode == BatchMode::kAllOrNothing && b.AnyRefused()) return b.AbandonAll();
  try {
    store::WriteTransaction tx(*db_);
    RefreshReference();
    CheckBatch(entries, options, careful, b);
    if (options.mode == BatchMode::kAllOrNothing && b.AnyRefused()) return b.AbandonAll();
    const std::vector<store::NewEntry> fresh = Chain(entries, options, b);
    const store::BalanceChanges changes = ChangesFor(entries, fresh, b);
    if (!b.new_accounts.empty()) {
      store::InsertAccounts(*db_, b.new_ids, b.new_accounts, b.new_types, b.now);
      store::BumpRefVersion(*db_);
    }
    store::AppendEntries(*db_, fresh, changes);
    if (!fresh.empty()) {
      const store::Head head = store::ReadHead(*db_);
      POOLBOOK_INVARIANT(head.last_id == fresh.back().id && head.last_hash == fresh.back().hash,
                         "after an append, the chain head is not the last entry appended");
    }
    if (options.before_commit && !fresh.empty()) {
      std::vector<Receipt> written;
      written.reserve(fresh.size());
      for (const store::NewEntry& ne : fresh) written.push_back({ne.id, ne.hash, false});
      options.before_commit(*db_, written);
    }
    tx.Commit();
    RememberNewAccounts(b);
  } catch (const BeforeCommitRefusal& e) {
    // The caller's own records refused the batch (their state changed meanwhile): nothing written.
    return b.FailAll(Aborted(e.what()));
  } catch (const std::exception& e) {
    return AfterFailure(e, entries, options, careful, b);
  }
  return b.Receipts();
}

void Journal::CheckBatch(const std::vector<Entry>& entries, const PostOptions& options, bool careful,
                         WriteBatch& b) {
  const std::vector<std::string>& bodies = b.prepared.bodies;
  std::unordered_map<std::string, std::size_t> batch_keys;
  std::unordered_map<std::string, bool> new_account_seen;
  for (std::size_t i = 0; i < b.n; ++i) {
    if (b.refused[i]) continue;
    const Entry& e = entries[i];
    if (careful) {
      if (Status st = CheckIdempotency(e, bodies[i], b.replays[i]); !st.ok()) {
        b.Refuse(i, st);
        continue;
      }
      if (b.replays[i]) continue;
    }
    if (auto [it, fresh] = batch_keys.emplace(e.key, i); !fresh) {
      if (b.refused[it->second]) {
        b.Refuse(i, b.out.results[it->second].status());  // the same entry again: the same answer
      } else if (bodies[it->second] != bodies[i]) {
        b.Refuse(i,
                 Aborted("key " + Q(e.key) + " is used twice in this batch with different content", "key"));
      } else {
        b.same_as[i] = it->second;
      }
      continue;
    }
    std::vector<std::string> wanted;
    Status st = CheckState(e, options, wanted);
    if (st.ok()) st = CheckReversal(e);
    if (!st.ok()) {
      // A refused entry may still be a replay of one written before its period closed.
      if (!careful) {
        if (Status idem = CheckIdempotency(e, bodies[i], b.replays[i]); !idem.ok()) st = idem;
        if (b.replays[i]) continue;
      }
      b.Refuse(i, st);
      continue;
    }
    for (std::string& a : wanted) {
      if (new_account_seen.emplace(a, true).second) b.new_accounts.push_back(std::move(a));
    }
  }
}

std::vector<store::NewEntry> Journal::Chain(const std::vector<Entry>& entries, const PostOptions& options,
                                            WriteBatch& b) {
  store::Head head = store::ReadHead(*db_);
  // Recorded times never go backwards along the chain (a clock stepped back records at the last
  // entry's time), so the entries recorded at or before any moment are a first part of the
  // chain: what "as at" reads (reports/totals.cpp), and what verify checks.
  b.now = store::UtcTimestamp(clock_());
  if (b.now < head.last_recorded_at) b.now = head.last_recorded_at;
  std::vector<store::NewEntry> fresh;
  fresh.reserve(b.n);
  std::string prev = head.last_hash;
  long long id = head.last_id;
  for (std::size_t i = 0; i < b.n; ++i) {
    if (b.refused[i] || b.replays[i] || b.same_as[i] != b.n) continue;
    const Entry& e = entries[i];
    Money sum;
    for (const Posting& p : e.postings) sum += p.amount;
    POOLBOOK_INVARIANT(sum.is_zero(), "an entry about to be written does not balance");
    store::NewEntry ne;
    ne.entry = &e;
    ne.id = ++id;
    ne.recorded_at = b.now;
    ne.posted_by = options.users.empty() ? options.user : options.users[i];
    ne.body_sha256 = b.prepared.bodies[i];
    ne.prev_hash = prev;
    ne.hash = Sha256Hex(CanonicalLink(ne.id, prev, b.now, ne.posted_by, ne.body_sha256));
    prev = ne.hash;
    b.replays[i] = Receipt{ne.id, ne.hash, false};
    fresh.push_back(std::move(ne));
  }
  return fresh;
}

store::BalanceChanges Journal::ChangesFor(const std::vector<Entry>& entries,
                                          const std::vector<store::NewEntry>& fresh, WriteBatch& b) {
  // Usually every entry that passed the shape check is new: the reading side summed them already.
  const Prepared& prepared = b.prepared;
  const std::size_t shape_ok = static_cast<std::size_t>(
      std::count_if(prepared.shape.begin(), prepared.shape.end(), [](const Status& st) { return st.ok(); }));
  bool overflow = prepared.deltas_overflow;
  store::BalanceDeltas recomputed;
  if (fresh.size() != shape_ok) {
    std::vector<bool> written(b.n, false);
    for (const store::NewEntry& ne : fresh)
      written[static_cast<std::size_t>(ne.entry - entries.data())] = true;
    recomputed = SumBalances(
        entries, [&](std::size_t i) { return written[i]; }, overflow);
  }
  const store::BalanceDeltas& deltas = fresh.size() == shape_ok ? prepared.deltas : recomputed;
  if (overflow) throw store::BalanceOverflow();
  // New accounts take the next ids (we hold the write lock); then every change gets its ids.
  std::unordered_map<std::string_view, long long> new_account_ids;
  for (const std::string& a : b.new_accounts) {
    b.new_ids.push_back(ref_.last_account_id + static_cast<long long>(b.new_ids.size()) + 1);
    b.new_types.push_back(*InferAccountType(a));
    new_account_ids.emplace(a, b.new_ids.back());
  }
  store::BalanceChanges changes;
  changes.reserve(deltas.size());
  std::map<int, Int128> per_book;
  for (const store::BalanceDelta& d : deltas) {
    auto account = ref_.accounts.find(std::string(d.account));
    const long long account_id =
        account != ref_.accounts.end() ? account->second.id : new_account_ids.at(d.account);
    const long long partner_id = ref_.partners.at(std::string(d.partner)).id;
    changes.push_back({BookNumber(*ParseBook(d.book)), account_id, partner_id, d.amount, d.postings});
    per_book[changes.back().book] += d.amount;
  }
  for (const auto& [book, sum] : per_book)
    POOLBOOK_INVARIANT(sum == 0, "the balance changes of a batch do not sum to zero within a book");
  std::sort(changes.begin(), changes.end(), [](const auto& x, const auto& y) { return x.Key() < y.Key(); });
  return changes;
}

void Journal::RememberNewAccounts(const WriteBatch& b) {
  // Our own reference change is known exactly: no need to reload everything.
  if (b.new_accounts.empty()) return;
  for (std::size_t k = 0; k < b.new_accounts.size(); ++k) {
    ref_.account_names[b.new_ids[k]] = b.new_accounts[k];
    ref_.accounts[b.new_accounts[k]] =
        store::AccountRow{b.new_ids[k], b.new_accounts[k], b.new_types[k], b.now, std::nullopt};
  }
  ref_.last_account_id = b.new_ids.back();
  ref_.version += 1;
}

BatchResult Journal::AfterFailure(const std::exception& e, const std::vector<Entry>& entries,
                                  const PostOptions& options, bool careful, WriteBatch& b) {
  // A constraint the database enforces (a reused key, a second reversal, a balance overflow) is
  // about one entry: find it. Anything else (busy, disk) is about the database: stop at once.
  const bool about_an_entry = store::IsConstraintError(e);
  if (about_an_entry && !careful) return Write(entries, b.prepared, options, /*careful=*/true);
  if (about_an_entry && options.mode == BatchMode::kEach && b.n > 1) {
    // Isolate the entry the database refused: write the rest one at a time.
    for (std::size_t i = 0; i < b.n; ++i) {
      if (b.refused[i]) continue;
      const std::vector<Entry> one = {entries[i]};
      PostOptions alone = options;  // each entry keeps its own poster
      if (!options.users.empty()) alone.users = {options.users[i]};
      BatchResult r = Write(one, Prepare(one, options.fund_keys), alone, /*careful=*/true);
      b.out.results[i] = std::move(r.results[0]);
    }
    return b.out;
  }
  return b.FailAll(store::FromDatabaseError(e, "writing entries"));
}

// ---- Reversal and periods ---------------------------------------------------------------------

StatusOr<Receipt> Journal::Reverse(long long id, const ReverseOptions& options) {
  if (options.reason.empty())
    return InvalidArgument("say why the entry is reversed (a reason is required)", "reason");
  auto original = GetEntry(id);
  if (!original.ok()) return original.status();
  if (original->entry.key.rfind(kFundKeyPrefix, 0) == 0) {
    return FailedPrecondition(
               "entry " + std::to_string(id) + " was written by the fund (key \"" + original->entry.key +
                   "\"): reversing it on its own would leave the fund's record of it disagreeing with "
                   "the journal. Correct it through the fund instead: void the invoice or PHB payment, "
                   "record a credit note, end or cancel the package, reverse the contribution receipt "
                   "or undo the virement (docs/user-guide.md, Corrections)",
               "id")
        .With(Reason::kWrittenByFund);
  }
  Entry mirror;
  mirror.key = options.key.empty() ? "reversal-of-" + std::to_string(id) : options.key;
  mirror.book = original->entry.book;
  mirror.memo = "Reversal of entry " + std::to_string(id) + ": " + options.reason;
  mirror.reverses = id;
  if (options.date) {
    mirror.date = *options.date;
  } else {
    Period open = CurrentOpenPeriod(Period::Of(original->entry.date));
    mirror.date = Period::Of(original->entry.date) < open ? open.FirstDay() : original->entry.date;
  }
  for (Posting p : original->entry.postings) {
    p.amount = -p.amount;
    mirror.postings.push_back(std::move(p));
  }
  if (original->reversed_by) {
    // Asking again for the same reversal returns it; anything else is refused.
    auto stamp = store::FindEntryById(*db_, *original->reversed_by);
    if (stamp && stamp->body_sha256 == Sha256Hex(CanonicalBody(mirror)))
      return Receipt{stamp->id, stamp->hash, true};
    return FailedPrecondition("entry " + std::to_string(id) + " has already been reversed, by entry " +
                              std::to_string(*original->reversed_by) +
                              "; an entry can be reversed only once");
  }
  if (mirror.memo.size() > limits::kMemoBytesMax) {
    return InvalidArgument(
        "the reason is too long: with \"Reversal of entry N: \" before it, the memo would exceed " +
            std::to_string(limits::kMemoBytesMax) + " bytes",
        "reason");
  }
  return Post(mirror, options.user);
}

}  // namespace poolbook
