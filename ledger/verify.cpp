#include "ledger/verify.h"

#include <map>
#include <tuple>
#include <unordered_set>

#include "ledger/chain.h"
#include "ledger/entry.h"
#include "ledger/fund/chart.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/schema.h"
#include "ledger/store/verify_store.h"

namespace poolbook {
namespace {

using BalanceKey = std::tuple<std::string, std::string, std::string>;
// person ("" in report_totals), book, account, partner, line, period
using TotalKey = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
using Sums = std::map<TotalKey, std::pair<Int128, long long>>;
// block, book, account, partner, line, period
using BlockKey = std::tuple<long long, std::string, std::string, std::string, std::string, std::string>;

// Compares a maintained totals table with the sums of the postings; empty when they agree,
// otherwise what differs.
std::string CompareTotals(store::Database& db, store::TotalsTable table, const Sums& sums) {
  const std::string table_name = store::TotalsTableName(table);
  const bool person = table == store::TotalsTable::kPerson;
  std::size_t compared = 0;
  std::string problem;
  store::ForEachTotal(db, table, [&](const store::StoredTotal& t) {
    const std::string name = table_name + " row " + t.account + " / " + t.partner + " / line \"" + t.line +
                             "\" / " + t.period + (person ? " / " + t.person : "") + " in the " + t.book +
                             " book";
    auto it = sums.find(TotalKey{t.person, t.book, t.account, t.partner, t.line, t.period});
    if (it == sums.end()) {
      problem = "the " + name + " has no postings behind it";
    } else if (it->second.first != Int128(t.amount) || it->second.second != t.postings) {
      problem = "the " + name + " is " + Money::FromPence(t.amount).ToString() + " but its postings sum to " +
                Money::FromPence(it->second.first).ToString();
    }
    ++compared;
    return problem.empty();
  });
  if (!problem.empty()) return problem;
  if (compared != sums.size())
    return std::to_string(sums.size() - compared) + " totals have postings but no row in " + table_name;
  return "";
}

// Compares report_blocks with the sums of the postings of every whole block of entries; empty
// when they agree, otherwise what differs.
std::string CompareBlocks(store::Database& db, const std::map<BlockKey, Int128>& sums) {
  std::size_t compared = 0;
  std::string problem;
  store::ForEachBlock(db, [&](const store::StoredBlock& b) {
    const long long first = b.block * store::kTotalsBlockEntries + 1;
    const std::string name = "report_blocks row of entries " + std::to_string(first) + " to " +
                             std::to_string(first + store::kTotalsBlockEntries - 1) + " for " + b.account +
                             " / " + b.partner + " / line \"" + b.line + "\" / " + b.period + " in the " +
                             b.book + " book";
    auto it = sums.find(BlockKey{b.block, b.book, b.account, b.partner, b.line, b.period});
    const Int128 stored = Int128(b.high) * (Int128(1) << 32) + b.low;
    if (it == sums.end()) {
      problem = "the " + name + " has no postings behind it";
    } else if (it->second != stored) {
      problem = "the " + name + " is " + Money::FromPence(stored).ToString() + " but its postings sum to " +
                Money::FromPence(it->second).ToString();
    }
    ++compared;
    return problem.empty();
  });
  if (!problem.empty()) return problem;
  if (compared != sums.size())
    return std::to_string(sums.size() - compared) + " block totals have postings but no row in report_blocks";
  return "";
}

// Compares what each package (or PHB) is kept as still having committed with the postings of the
// entries its events name, on its line's commitment account (chart::kCommitted); empty when they
// agree.
std::string CompareKept(const std::vector<store::CommittedDifference>& diffs, const std::string& what,
                        const std::string& figure) {
  if (diffs.empty()) return "";
  const store::CommittedDifference& d = diffs[0];
  const std::string name = what + " \"" + d.record + "\" for " + d.partner;
  if (!d.kept)
    return "what " + name + " " + figure + " is not kept, though its entries' postings sum to " +
           Money::FromPence(d.amount).ToString();
  std::string postings = "nothing";
  if (diffs.size() > 1 && diffs[1].record == d.record && diffs[1].partner == d.partner)
    postings = Money::FromPence(diffs[1].amount).ToString();
  return "what " + name + " " + figure + " is kept as " + Money::FromPence(d.amount).ToString() +
         " but its entries' postings sum to " + postings;
}

std::string CompareCommitted(store::Database& db, store::Commitments which, const std::string& what) {
  return CompareKept(store::CommittedDifferences(db, which, fund::chart::kCommitted), what,
                     "still has committed");
}

// The same for what each record has paid: its payments' postings on spend accounts, net of their
// corrections.
std::string ComparePaid(store::Database& db, store::Commitments which, const std::string& what) {
  return CompareKept(store::PaidDifferences(db, which, fund::chart::kSpendPrefix), what, "has paid");
}

// One pass over the journal: the chain and each entry checked, the postings summed as every
// table kept beside the journal sums them, then each table compared. Each Check returns false
// when it found the first fault, recorded in the report.
class Verifier {
 public:
  explicit Verifier(store::Database& db) : db_(db) {}

  VerifyReport Run() {
    if (!CheckEntries() || !CheckHead() || !CheckBalances() || !CheckKeptTables()) return r_;
    r_.ok = true;
    return r_;
  }

 private:
  bool Fail(std::optional<long long> entry, const std::string& problem) {
    r_.ok = false;
    r_.bad_entry = entry;
    r_.problem = problem;
    return false;
  }

  bool CheckEntries() {
    accounts_ = store::ReadAccountNames(db_);
    partners_ = store::ReadPartnerCodes(db_);
    store::EntryCursor ec(db_);
    store::PostingCursor pc(db_);
    // Entries of whole blocks (up to the head, rounded down to a block) are summed per block.
    blocked_through_ = store::ReadHead(db_).last_id / store::kTotalsBlockEntries * store::kTotalsBlockEntries;
    while (ec.Next()) {
      if (ec.Id() != expected_id_) {
        return Fail(expected_id_, "entry " + std::to_string(expected_id_) +
                                      " is missing: the next entry is " + std::to_string(ec.Id()));
      }
      if (!CheckEntry(ec, pc)) return false;
      prev_recorded_ = ec.RecordedAt();
      prev_hash_ = ec.Hash();
      ++expected_id_;
      ++r_.entries;
    }
    if (!pc.AtEnd()) return Fail(pc.EntryId(), Orphans(pc.EntryId()));
    return true;
  }

  static std::string Orphans(long long entry) {
    return "postings exist for entry " + std::to_string(entry) + ", which is not in the journal";
  }

  // Checks the current entry with its postings (taken from `pc`) and adds them to the sums.
  bool CheckEntry(const store::EntryCursor& ec, store::PostingCursor& pc) {
    const long long id = ec.Id();
    const std::string label = "entry " + std::to_string(id) + " (key \"" + ec.Key() + "\")";
    if (ec.PrevHash() != prev_hash_) {
      return Fail(
          id, label + " does not link to the entry before it: its previous-hash is not that entry's hash");
    }
    if (!pc.AtEnd() && pc.EntryId() < id) return Fail(pc.EntryId(), Orphans(pc.EntryId()));
    Entry e;
    e.key = ec.Key();
    e.memo = ec.Memo();
    auto book = ParseBook(ec.Book());
    auto date = Date::Parse(ec.EffectiveDate());
    if (!book.ok() || !date.ok()) return Fail(id, label + " has a malformed book or date");
    e.book = *book;
    e.date = *date;
    e.reverses = ec.Reverses();
    while (!pc.AtEnd() && pc.EntryId() == id) e.postings.push_back(pc.Take());
    r_.postings += static_cast<long long>(e.postings.size());
    if (Period::Of(e.date).ToString() != ec.Period())
      return Fail(id, label + " is filed under the wrong period");
    EntryHashes h = HashEntry(e, id, ec.PrevHash(), ec.RecordedAt(), ec.PostedBy());
    if (h.body_sha256 != ec.BodySha256()) {
      return Fail(
          id,
          label + " has been altered: its contents no longer match the hash recorded when it was written");
    }
    if (h.hash != ec.Hash())
      return Fail(id,
                  label + " has been altered: its id, time, user or link no longer match its recorded hash");
    if (Status st = ValidateShape(e); !st.ok())
      return Fail(id, label + " is not a valid entry: " + st.message());
    if (!CheckPostings(ec, e, label)) return false;
    if (ec.RecordedAt() < prev_recorded_) {
      return Fail(id, label + " was recorded at " + ec.RecordedAt() + ", before the entry before it (" +
                          prev_recorded_ + "): recorded times never go backwards");
    }
    return true;
  }

  // Checks that the entry's postings name known accounts and partners, and adds them to the sums.
  bool CheckPostings(const store::EntryCursor& ec, const Entry& e, const std::string& label) {
    const std::string& book = ec.Book();
    const std::string& period = ec.Period();
    for (const Posting& p : e.postings) {
      if (!accounts_.count(p.account))
        return Fail(ec.Id(), label + " posts to account \"" + p.account + "\", which does not exist");
      if (!partners_.count(p.partner))
        return Fail(ec.Id(), label + " names partner \"" + p.partner + "\", who is not registered");
      Add(sums_[BalanceKey{book, p.account, p.partner}], p.amount);
      Add(totals_[TotalKey{"", book, p.account, p.partner, p.line, period}], p.amount);
      if (!p.person.empty())
        Add(person_totals_[TotalKey{p.person, book, p.account, p.partner, p.line, period}], p.amount);
      if (ec.Id() <= blocked_through_) {
        const long long block = (ec.Id() - 1) / store::kTotalsBlockEntries;
        blocks_[BlockKey{block, book, p.account, p.partner, p.line, period}] += p.amount.pence();
      }
    }
    return true;
  }

  static void Add(std::pair<Int128, long long>& sum, const Money& amount) {
    sum.first += amount.pence();
    sum.second += 1;
  }

  bool CheckHead() {
    store::Head head = store::ReadHead(db_);
    if (head.last_id == expected_id_ - 1 && head.last_hash == prev_hash_) return true;
    return Fail(std::nullopt, "the chain head names entry " + std::to_string(head.last_id) +
                                  " but the journal ends at entry " + std::to_string(expected_id_ - 1) +
                                  ": entries have been removed or the head altered");
  }

  bool CheckBalances() {
    long long compared = 0;
    std::string problem;
    store::ForEachBalance(db_, [&](const store::StoredBalance& b) {
      auto book = BookFromNumber(b.book);
      if (!book.ok() || !b.account || !b.partner) {
        problem = "a maintained balance names a book, account or partner that does not exist";
        return false;
      }
      auto it = sums_.find(BalanceKey{BookName(*book), *b.account, *b.partner});
      const std::string name = *b.account + " / " + *b.partner + " in the " + BookName(*book) + " book";
      if (it == sums_.end()) {
        problem = "the maintained balance of " + name + " has no postings behind it";
      } else if (it->second.first != Int128(b.balance) || it->second.second != b.postings) {
        problem = "the maintained balance of " + name + " is " + Money::FromPence(b.balance).ToString() +
                  " but its postings sum to " + Money::FromPence(it->second.first).ToString();
      }
      ++compared;
      return problem.empty();
    });
    if (!problem.empty()) return Fail(std::nullopt, problem);
    if (compared != static_cast<long long>(sums_.size())) {
      return Fail(std::nullopt, std::to_string(sums_.size() - compared) +
                                    " account balances have postings but no maintained balance");
    }
    r_.balances = compared;
    return true;
  }

  bool CheckKeptTables() {
    for (const auto& [table, s] : {std::pair{store::TotalsTable::kReport, &totals_},
                                   std::pair{store::TotalsTable::kPerson, &person_totals_}}) {
      if (std::string problem = CompareTotals(db_, table, *s); !problem.empty())
        return Fail(std::nullopt, problem);
    }
    if (std::string problem = CompareBlocks(db_, blocks_); !problem.empty())
      return Fail(std::nullopt, problem);
    for (const auto& [which, what] : {std::pair{store::Commitments::kPackages, "package"},
                                      std::pair{store::Commitments::kPhbs, "personal health budget"}}) {
      if (std::string problem = CompareCommitted(db_, which, what); !problem.empty())
        return Fail(std::nullopt, problem);
      if (std::string problem = ComparePaid(db_, which, what); !problem.empty())
        return Fail(std::nullopt, problem);
    }
    return true;
  }

  store::Database& db_;
  VerifyReport r_;
  std::unordered_set<std::string> accounts_, partners_;
  std::map<BalanceKey, std::pair<Int128, long long>> sums_;
  Sums totals_, person_totals_;
  std::map<BlockKey, Int128> blocks_;
  std::string prev_hash_ = kGenesisHash, prev_recorded_;
  long long expected_id_ = 1;
  long long blocked_through_ = 0;
};

}  // namespace

VerifyReport Verify(store::Database& db) {
  try {
    store::ReadTransaction snapshot(db);  // one consistent view, whatever is written meanwhile
    return Verifier(db).Run();
  } catch (const std::exception& e) {
    VerifyReport r;
    r.problem = std::string("the database could not be read: ") + e.what();
    return r;
  }
}

}  // namespace poolbook
