// The journal's write path: every refusal rule (each leaving the database unchanged), idempotency,
// batches, reversal, periods, account and partner life cycle, and several writers on one file.
#include "ledger/journal.h"

#include <gtest/gtest.h>

#include <random>

#include "ledger/limits.h"
#include "ledger/verify.h"
#include "testing/ledger_fixture.h"
#include "testing/seed.h"

namespace poolbook {
namespace {

using testing::LedgerTest;
using testing::M;
using testing::MakeEntry;

TEST_F(LedgerTest, PostWritesEntryPostingsAndBalances) {
  auto r = journal_->Post(MakeEntry("inv-1", "740.74"), "alice");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->id, 1);
  EXPECT_FALSE(r->replayed);
  EXPECT_EQ(r->hash.size(), 64u);
  EXPECT_EQ(Bal("spend:package"), M("740.74"));
  EXPECT_EQ(Bal("pool:cash", "ICB"), M("-740.74"));
  EXPECT_EQ(Bal("pool:cash", "CNCL"), M("0"));
  auto stored = journal_->GetEntry(1);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->entry, MakeEntry("inv-1", "740.74"));
  EXPECT_EQ(stored->posted_by, "alice");
  EXPECT_EQ(stored->period, "2025-06");
  EXPECT_EQ(stored->prev_hash, std::string(64, '0'));
  EXPECT_EQ(stored->recorded_at, "2026-11-23T12:00:00.000000Z");
}

TEST_F(LedgerTest, BalancePrefixCoversChildAccountsAndPartnerFilter) {
  ASSERT_TRUE(journal_->OpenAccount("pool:bank", AccountType::kAsset).ok());
  Entry e = MakeEntry("x", "10.00");
  e.postings.push_back({"pool:bank", "CNCL", "", "", M("-5.00")});
  e.postings[0].amount = M("15.00");
  ASSERT_TRUE(journal_->Post(e, "t").ok());
  EXPECT_EQ(Bal("pool"), M("-15.00"));
  EXPECT_EQ(Bal("pool", "CNCL"), M("-5.00"));
  EXPECT_EQ(Bal("pool:cash"), M("-10.00"));
  EXPECT_EQ(journal_->Balance(Book::kActual, "po", "").status().code(),
            Code::kNotFound);  // not a name prefix
  EXPECT_EQ(journal_->Balance(Book::kActual, "pool", "NOPE").status().code(), Code::kNotFound);
  EXPECT_EQ(Bal("pool", "", Book::kBudget), M("0"));
}

struct Refusal {
  const char* name;
  std::function<void(Entry&)> mutate;
  Code code;
  const char* message_part;
};

class RefusalTest : public LedgerTest, public ::testing::WithParamInterface<Refusal> {};

TEST_P(RefusalTest, RefusedWithReasonAndNothingChanges) {
  ASSERT_TRUE(journal_->OpenAccount("spend:old", AccountType::kExpense).ok());
  ASSERT_TRUE(journal_->CloseAccount("spend:old").ok());
  ASSERT_TRUE(journal_->AddPartner("GONE", "Former partner").ok());
  ASSERT_TRUE(journal_->ClosePartner("GONE").ok());
  ASSERT_TRUE(journal_->Post(MakeEntry("first", "1.00", "2025-07-01"), "t").ok());
  ASSERT_TRUE(journal_->ClosePeriod(*Period::Parse("2025-06"), "t").ok());
  const std::string before = Snap();
  Entry e = MakeEntry("refused", "50.00", "2025-07-15");
  GetParam().mutate(e);
  auto r = journal_->Post(e, "t");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), GetParam().code) << r.status().message();
  EXPECT_NE(r.status().message().find(GetParam().message_part), std::string::npos) << r.status().message();
  EXPECT_EQ(Snap(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, RefusalTest,
    ::testing::Values(
        Refusal{"OnePosting", [](Entry& e) { e.postings.pop_back(); }, Code::kInvalidArgument,
                "at least two postings"},
        Refusal{"NoPostings", [](Entry& e) { e.postings.clear(); }, Code::kInvalidArgument,
                "at least two postings"},
        Refusal{"ZeroPosting",
                [](Entry& e) {
                  e.postings.push_back({"pool:cash", "ICB", "", "", Money()});
                },
                Code::kInvalidArgument, "zero amount"},
        Refusal{"Unbalanced", [](Entry& e) { e.postings[1].amount = -M("49.99"); }, Code::kInvalidArgument,
                "differ by 0.01"},
        Refusal{"UnknownAccount", [](Entry& e) { e.postings[0].account = "spend:nope"; },
                Code::kFailedPrecondition, "account \"spend:nope\" does not exist"},
        Refusal{"ClosedAccount", [](Entry& e) { e.postings[0].account = "spend:old"; },
                Code::kFailedPrecondition, "was closed on 2026-11-23"},
        Refusal{"UnknownPartner", [](Entry& e) { e.postings[1].partner = "XYZ"; }, Code::kFailedPrecondition,
                "partner \"XYZ\" is not registered"},
        Refusal{"ClosedPartner", [](Entry& e) { e.postings[1].partner = "GONE"; }, Code::kFailedPrecondition,
                "partner \"GONE\" was closed"},
        Refusal{"ClosedPeriod", [](Entry& e) { e.date = *Date::Parse("2025-06-30"); },
                Code::kFailedPrecondition, "post the correction into the current open period, 2025-07"},
        Refusal{"LongMemo", [](Entry& e) { e.memo = std::string(limits::kMemoBytesMax + 1, 'm'); },
                Code::kInvalidArgument, "memo is 501 bytes"},
        Refusal{"MemoLineBreak", [](Entry& e) { e.memo = "two\nlines"; }, Code::kInvalidArgument,
                "line break"},
        Refusal{"NoKey", [](Entry& e) { e.key = ""; }, Code::kInvalidArgument, "needs a unique key"},
        Refusal{"NhsNumberAsPerson", [](Entry& e) { e.postings[0].person = "9434765919"; },
                Code::kInvalidArgument, "looks like an NHS number"},
        Refusal{"KeyReusedWithOtherContent", [](Entry& e) { e.key = "first"; }, Code::kAborted,
                "already used for entry 1"},
        Refusal{"ReversesMissingEntry", [](Entry& e) { e.reverses = 99; }, Code::kNotFound, "no entry 99"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(LedgerTest, MemoAtLimitIsAccepted) {
  Entry e = MakeEntry("long-memo");
  e.memo = std::string(limits::kMemoBytesMax, 'm');
  EXPECT_TRUE(journal_->Post(e, "t").ok());
}

TEST_F(LedgerTest, SameKeySameContentReturnsTheOriginal) {
  auto first = journal_->Post(MakeEntry("inv-7"), "t");
  ASSERT_TRUE(first.ok());
  const std::string before = Snap();
  auto again = journal_->Post(MakeEntry("inv-7"), "someone-else");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->hash, first->hash);
  EXPECT_EQ(Snap(), before);
  auto different = journal_->Post(MakeEntry("inv-7", "100.01"), "t");
  EXPECT_EQ(different.status().code(), Code::kAborted);
  EXPECT_EQ(Snap(), before);
}

TEST_F(LedgerTest, ReplayIsRecognisedEvenAfterItsPeriodClosed) {
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-8"), "t").ok());
  ASSERT_TRUE(journal_->ClosePeriod(*Period::Parse("2025-06"), "t").ok());
  auto again = journal_->Post(MakeEntry("inv-8"), "t");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->replayed);
}

TEST_F(LedgerTest, BatchAllOrNothingWritesNothingWhenOneIsRefused) {
  const std::string before = Snap();
  std::vector<Entry> batch = {MakeEntry("a"), MakeEntry("b"), MakeEntry("c")};
  batch[1].postings[0].account = "spend:unknown";
  PostOptions o;
  o.mode = BatchMode::kAllOrNothing;
  BatchResult r = journal_->PostBatch(batch, o);
  ASSERT_EQ(r.results.size(), 3u);
  EXPECT_FALSE(r.all_ok());
  EXPECT_EQ(r.results[1].status().code(), Code::kFailedPrecondition);
  EXPECT_NE(r.results[0].status().message().find("another entry in the same batch"), std::string::npos);
  EXPECT_EQ(Snap(), before);
}

TEST_F(LedgerTest, BatchEachWritesTheGoodOnesInOrder) {
  std::vector<Entry> batch = {MakeEntry("a"), MakeEntry("b", "0"), MakeEntry("c"), MakeEntry("a")};
  batch[1].postings[0].amount = Money();  // zero: refused
  BatchResult r = journal_->PostBatch(batch, PostOptions{});
  ASSERT_TRUE(r.results[0].ok());
  EXPECT_FALSE(r.results[1].ok());
  ASSERT_TRUE(r.results[2].ok());
  ASSERT_TRUE(r.results[3].ok());
  EXPECT_EQ(r.results[0]->id, 1);
  EXPECT_EQ(r.results[2]->id, 2);
  EXPECT_TRUE(r.results[3]->replayed);
  EXPECT_EQ(r.results[3]->id, 1);
  EXPECT_EQ(Bal("spend:package"), M("200.00"));
}

TEST_F(LedgerTest, ARefusedEntrySentTwiceInOneBatchIsRefusedTwice) {
  Entry bad = MakeEntry("retry");
  bad.postings[0].account = "spend:nope";
  const std::string before = Snap();
  BatchResult r = journal_->PostBatch({bad, bad, MakeEntry("fine")}, PostOptions{});
  ASSERT_FALSE(r.results[0].ok());
  ASSERT_FALSE(r.results[1].ok());
  EXPECT_EQ(r.results[1].status().message(), r.results[0].status().message());
  ASSERT_TRUE(r.results[2].ok());
  EXPECT_EQ(r.results[2]->id, 1);
}

TEST_F(LedgerTest, TheUserNameIsCheckedAtItsLimit) {
  PostOptions o;
  o.user = std::string(limits::kUserNameBytesMax, 'u');
  EXPECT_TRUE(journal_->PostBatch({MakeEntry("a")}, o).all_ok());
  o.user += "u";
  const std::string before = Snap();
  BatchResult r = journal_->PostBatch({MakeEntry("b")}, o);
  EXPECT_EQ(r.results[0].status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.results[0].status().field(), "user");
  o.user = "";
  EXPECT_FALSE(journal_->PostBatch({MakeEntry("b")}, o).all_ok());
  o.user = "line\nbreak";
  EXPECT_FALSE(journal_->PostBatch({MakeEntry("b")}, o).all_ok());
  EXPECT_EQ(journal_->ClosePeriod(*Period::Parse("2025-04"), "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Snap(), before);
}

TEST_F(LedgerTest, BatchRefusesSameKeyWithDifferentContent) {
  std::vector<Entry> batch = {MakeEntry("a"), MakeEntry("a", "5.00")};
  BatchResult r = journal_->PostBatch(batch, PostOptions{});
  EXPECT_TRUE(r.results[0].ok());
  EXPECT_EQ(r.results[1].status().code(), Code::kAborted);
}

TEST_F(LedgerTest, BatchOverTheLimitIsRefusedWhole) {
  std::vector<Entry> batch(limits::kEntriesPerCommitMax + 1, MakeEntry("same"));
  const std::string before = Snap();
  BatchResult r = journal_->PostBatch(batch, PostOptions{});
  EXPECT_EQ(r.results.back().status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Snap(), before);
}

TEST_F(LedgerTest, BatchAtTheLimitIsWritten) {
  std::vector<Entry> batch;
  for (std::size_t i = 0; i < limits::kEntriesPerCommitMax; ++i)
    batch.push_back(MakeEntry("k" + std::to_string(i), "0.01"));
  BatchResult r = journal_->PostBatch(batch, PostOptions{});
  EXPECT_TRUE(r.all_ok());
  EXPECT_EQ(Bal("spend:package"), Money::FromPence(static_cast<std::int64_t>(limits::kEntriesPerCommitMax)));
}

TEST_F(LedgerTest, BalanceBeyondStorableRangeIsRefusedAndNothingChanges) {
  ASSERT_TRUE(journal_->Post(MakeEntry("big-1", "92233720368547758.07"), "t").ok());
  const std::string before = Snap();
  auto r = journal_->Post(MakeEntry("big-2", "0.01"), "t");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition) << r.status().message();
  EXPECT_NE(r.status().message().find("beyond the largest amount"), std::string::npos);
  EXPECT_EQ(Snap(), before);
  EXPECT_TRUE(Verify(journal_->db()).ok);
}

TEST_F(LedgerTest, AccountTotalsStayExactBeyondSixtyFourBits) {
  // Each partner's balance fits a 64-bit column; their sum per account does not.
  Entry icb = MakeEntry("max-icb", "92233720368547758.07");
  Entry cncl = MakeEntry("max-cncl", "92233720368547758.07");
  for (Posting& p : cncl.postings) p.partner = "CNCL";
  ASSERT_TRUE(journal_->Post(icb, "t").ok());
  ASSERT_TRUE(journal_->Post(cncl, "t").ok());
  auto totals = journal_->AccountTotals(Book::kActual);
  ASSERT_TRUE(totals.ok()) << totals.status().message();
  ASSERT_EQ(totals->size(), 2u);
  EXPECT_EQ((*totals)[0].account, "pool:cash");
  EXPECT_EQ((*totals)[0].balance.ToString(), "-184467440737095516.14");
  EXPECT_EQ((*totals)[1].balance.ToString(), "184467440737095516.14");
  EXPECT_EQ((*totals)[1].type, AccountType::kExpense);
  EXPECT_EQ(Bal("spend"), M("92233720368547758.07") + M("92233720368547758.07"));
}

// ---- Reversal -----------------------------------------------------------------------------------

TEST_F(LedgerTest, ReversalMirrorsTheEntryAndLinksBothWays) {
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-1", "12.34"), "t").ok());
  ReverseOptions o;
  o.reason = "wrong provider";
  auto r = journal_->Reverse(1, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Bal("spend:package"), M("0"));
  EXPECT_EQ(Bal("pool:cash"), M("0"));
  auto rev = journal_->GetEntry(r->id);
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(rev->entry.reverses, 1);
  EXPECT_EQ(rev->entry.date, *Date::Parse("2025-06-30"));
  EXPECT_EQ(rev->entry.memo, "Reversal of entry 1: wrong provider");
  EXPECT_EQ(rev->entry.postings[0].amount, -M("12.34"));
  EXPECT_EQ(journal_->GetEntry(1)->reversed_by, r->id);
}

TEST_F(LedgerTest, AnEntryIsReversedOnlyOnce) {
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-1"), "t").ok());
  ReverseOptions o;
  o.reason = "duplicate invoice";
  auto first = journal_->Reverse(1, o);
  ASSERT_TRUE(first.ok());
  const std::string before = Snap();
  auto same = journal_->Reverse(1, o);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->replayed);
  o.reason = "another reason";
  o.key = "another-key";
  auto again = journal_->Reverse(1, o);
  EXPECT_EQ(again.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("already been reversed, by entry 2"), std::string::npos);
  auto of_reversal = journal_->Reverse(2, o);
  EXPECT_EQ(of_reversal.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(of_reversal.status().message().find("itself the reversal"), std::string::npos);
  EXPECT_EQ(journal_->Reverse(42, o).status().code(), Code::kNotFound);
  o.reason = "";
  EXPECT_EQ(journal_->Reverse(1, o).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Snap(), before);
}

TEST_F(LedgerTest, HandMadeSecondReversalIsRefusedByTheJournal) {
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-1"), "t").ok());
  ReverseOptions o;
  o.reason = "r";
  ASSERT_TRUE(journal_->Reverse(1, o).ok());
  Entry manual = MakeEntry("manual-rev", "-100.00");
  manual.reverses = 1;
  auto r = journal_->Post(manual, "t");
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
}

TEST_F(LedgerTest, ReversalOfAClosedPeriodEntryGoesIntoTheCurrentOpenPeriod) {
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-1", "10.00", "2025-05-20"), "t").ok());
  ASSERT_TRUE(journal_->ClosePeriod(*Period::Parse("2025-08"), "t").ok());
  ReverseOptions o;
  o.reason = "late correction";
  auto r = journal_->Reverse(1, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(journal_->GetEntry(r->id)->entry.date, *Date::Parse("2025-09-01"));
  o.key = "explicit";
  o.date = *Date::Parse("2025-08-31");
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-2", "10.00", "2025-10-01"), "t").ok());
  auto refused = journal_->Reverse(2, o);
  EXPECT_EQ(refused.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("period 2025-08 is closed"), std::string::npos);
}

// ---- Periods ------------------------------------------------------------------------------------

TEST_F(LedgerTest, ClosingAPeriodClosesEverythingUpToIt) {
  EXPECT_FALSE(journal_->ClosedThrough().has_value());
  auto r = journal_->ClosePeriod(*Period::Parse("2025-06"), "lbh");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->from.has_value());
  EXPECT_EQ(journal_->ClosedThrough(), *Period::Parse("2025-06"));
  EXPECT_FALSE(journal_->Post(MakeEntry("april", "1.00", "2025-04-01"), "t").ok());
  EXPECT_FALSE(journal_->Post(MakeEntry("june-end", "1.00", "2025-06-30"), "t").ok());
  EXPECT_TRUE(journal_->Post(MakeEntry("july", "1.00", "2025-07-01"), "t").ok());
  auto next = journal_->ClosePeriod(*Period::Parse("2025-09"), "lbh");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->from, *Period::Parse("2025-07"));
  EXPECT_EQ(journal_->CurrentOpenPeriod(*Period::Parse("2020-01")), *Period::Parse("2025-10"));
}

TEST_F(LedgerTest, ClosingIsRefusedWhenAlreadyClosedOrNotYetEnded) {
  ASSERT_TRUE(journal_->ClosePeriod(*Period::Parse("2025-06"), "lbh").ok());
  const std::string before = Snap();
  auto again = journal_->ClosePeriod(*Period::Parse("2025-05"), "lbh");
  EXPECT_EQ(again.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("already closed"), std::string::npos);
  // The fixed clock says 2026-11-23: November has not ended, October has.
  auto current = journal_->ClosePeriod(*Period::Parse("2026-11"), "lbh");
  EXPECT_EQ(current.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(current.status().message().find("has not ended yet"), std::string::npos);
  EXPECT_EQ(Snap(), before);
  EXPECT_TRUE(journal_->ClosePeriod(*Period::Parse("2026-10"), "lbh").ok());
}

// ---- Accounts and partners ----------------------------------------------------------------------

TEST_F(LedgerTest, AccountLifeCycle) {
  EXPECT_EQ(journal_->OpenAccount("pool:cash", AccountType::kAsset).code(), Code::kAlreadyExists);
  EXPECT_EQ(journal_->OpenAccount("pool:cash", AccountType::kEquity).code(), Code::kAlreadyExists);
  EXPECT_EQ(journal_->OpenAccount("bad name", AccountType::kEquity).code(), Code::kInvalidArgument);
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-1"), "t").ok());
  Status busy = journal_->CloseAccount("spend:package");
  EXPECT_EQ(busy.code(), Code::kFailedPrecondition);
  EXPECT_NE(busy.message().find("still has a balance of 100.00"), std::string::npos);
  EXPECT_EQ(journal_->CloseAccount("spend:none").code(), Code::kNotFound);
  ASSERT_TRUE(journal_->OpenAccount("spend:spare", AccountType::kExpense).ok());
  ASSERT_TRUE(journal_->CloseAccount("spend:spare").ok());
  EXPECT_EQ(journal_->CloseAccount("spend:spare").code(), Code::kFailedPrecondition);
  EXPECT_TRUE(journal_->OpenAccount("spend:spare", AccountType::kExpense).ok());  // reopened
}

TEST_F(LedgerTest, PartnerLifeCycle) {
  EXPECT_EQ(journal_->AddPartner("ICB", "Again").code(), Code::kAlreadyExists);
  EXPECT_EQ(journal_->AddPartner("bad code", "X").code(), Code::kInvalidArgument);
  EXPECT_EQ(journal_->AddPartner("NEW", "").code(), Code::kInvalidArgument);
  ASSERT_TRUE(journal_->Post(MakeEntry("inv-1"), "t").ok());
  EXPECT_EQ(journal_->ClosePartner("ICB").code(), Code::kFailedPrecondition);
  EXPECT_EQ(journal_->ClosePartner("NOPE").code(), Code::kNotFound);
  EXPECT_TRUE(journal_->ClosePartner("CNCL").ok());
  auto partners = journal_->Partners();
  ASSERT_TRUE(partners.ok());
  ASSERT_EQ(partners->size(), 2u);
  EXPECT_TRUE((*partners)[0].closed_at.has_value());  // CNCL sorts first
}

TEST_F(LedgerTest, CreateAccountsOpensInferredAccountsWithTheEntry) {
  Entry e = MakeEntry("auto");
  e.postings[0].account = "spend:respite";
  PostOptions o;
  EXPECT_FALSE(journal_->PostBatch({e}, o).all_ok());
  o.create_accounts = true;
  ASSERT_TRUE(journal_->PostBatch({e}, o).all_ok());
  auto accounts = journal_->Accounts();
  ASSERT_TRUE(accounts.ok());
  bool found = false;
  for (const auto& a : *accounts)
    found = found || (a.name == "spend:respite" && a.type == AccountType::kExpense);
  EXPECT_TRUE(found);
  e.key = "auto-2";
  e.postings[0].account = "misc:thing";
  auto r = journal_->PostBatch({e}, o);
  EXPECT_NE(r.results[0].status().message().find("cannot tell what type"), std::string::npos);
}

// ---- Several writers on one file ----------------------------------------------------------------

TEST_F(LedgerTest, TwoWritersOnOneFileKeepOneChain) {
  auto other = Journal::Open(dir_.File("ledger.db"), testing::FixedClock());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->OpenAccount("spend:crisis", AccountType::kExpense).ok());
  Entry e = MakeEntry("from-first");
  e.postings[0].account = "spend:crisis";  // opened by the other writer: the first must see it
  for (int i = 0; i < 20; ++i) {
    Entry a = MakeEntry("a-" + std::to_string(i));
    Entry b = MakeEntry("b-" + std::to_string(i));
    ASSERT_TRUE(journal_->Post(a, "first").ok());
    ASSERT_TRUE((*other)->Post(b, "second").ok());
  }
  ASSERT_TRUE(journal_->Post(e, "first").ok());
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 41);
}

// ---- Model-based: random operations against an in-memory model ----------------------------------

TEST_F(LedgerTest, RandomOperationsMatchASimpleModel) {
  const std::uint64_t seed = testing::TestSeed();
  std::cout << "[ seed     ] " << testing::SeedNote(seed) << "\n";
  SCOPED_TRACE(testing::SeedNote(seed));
  std::mt19937_64 rng(seed);
  const std::vector<std::string> accounts = {"pool:cash", "spend:package", "income:contributions"};
  const std::vector<std::string> partners = {"ICB", "CNCL"};
  std::map<std::pair<std::string, std::string>, Int128> model;
  std::map<std::string, Entry> written;  // by key
  std::vector<std::pair<long long, Entry>> reversible;
  int closed_month = 0;  // months of 2025 closed through (0: none)
  auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  for (int step = 0; step < 400; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    int op = static_cast<int>(rng() % 10);
    if (op < 6) {  // post a random entry, sometimes invalid, sometimes a replay
      Entry e;
      bool replay = !written.empty() && rng() % 8 == 0;
      if (replay) {
        auto it = written.begin();
        std::advance(it, rng() % written.size());
        e = it->second;
      } else {
        e.key = "k" + std::to_string(step);
        e.book = Book::kActual;
        e.date = Date{2025, static_cast<int>(4 + rng() % 9), static_cast<int>(1 + rng() % 28)};
        int n = 2 + static_cast<int>(rng() % 3);
        Int128 sum = 0;
        for (int i = 0; i < n - 1; ++i) {
          Int128 pence = static_cast<long long>(rng() % 2'000'000) - 1'000'000;
          if (pence == 0) pence = 1;
          e.postings.push_back({pick(accounts), pick(partners), "", "", Money::FromPence(pence)});
          sum += pence;
        }
        if (sum == 0) {
          e.postings[0].amount += Money::FromPence(Int128(7));
          sum = 7;
        }
        e.postings.push_back({pick(accounts), pick(partners), "", "", Money::FromPence(Int128(-sum))});
        if (rng() % 7 == 0) e.postings[0].amount += Money::FromPence(Int128(1));  // unbalanced
      }
      bool balanced = true;
      Money s;
      for (const auto& p : e.postings) {
        s += p.amount;
        balanced = balanced && !p.amount.is_zero();
      }
      balanced = balanced && s.is_zero();
      bool period_open = e.date.year > 2025 || e.date.month > closed_month;
      auto r = journal_->Post(e, "model");
      if (replay) {
        ASSERT_TRUE(r.ok()) << r.status().message();
        EXPECT_TRUE(r->replayed);
      } else if (!balanced || !period_open) {
        ASSERT_FALSE(r.ok());
      } else {
        ASSERT_TRUE(r.ok()) << r.status().message();
        for (const auto& p : e.postings) model[{p.account, p.partner}] += p.amount.pence();
        written[e.key] = e;
        reversible.push_back({r->id, e});
      }
    } else if (op < 8 && !reversible.empty()) {  // reverse
      std::size_t i = rng() % reversible.size();
      auto [id, e] = reversible[i];
      reversible.erase(reversible.begin() + static_cast<long>(i));
      ReverseOptions o;
      o.reason = "model";
      ASSERT_TRUE(journal_->Reverse(id, o).ok());
      for (const auto& p : e.postings) model[{p.account, p.partner}] -= p.amount.pence();
    } else if (op == 8 && closed_month < 8) {  // close a period of 2025
      int month = closed_month == 0 ? 4 : closed_month + 1;
      ASSERT_TRUE(journal_->ClosePeriod(Period{2025, month}, "model").ok());
      closed_month = month;
    }
    for (const auto& a : accounts) {
      for (const auto& p : partners) {
        ASSERT_EQ(Bal(a, p).pence(), (model[{a, p}])) << a << " " << p;
      }
    }
  }
  VerifyReport v = Verify(journal_->db());
  EXPECT_TRUE(v.ok) << v.problem;
}

}  // namespace
}  // namespace poolbook

namespace poolbook::testing {
namespace {

// The server commits many users' posts in one transaction (PostOptions::users). When the database
// refuses one of them (here a balance past 64 bits) and the rest are written one at a time, each
// still records its own poster — posted_by is part of the hash chain.
TEST_F(LedgerTest, EachEntryOfAGroupKeepsItsOwnPosterWhenOneIsIsolated) {
  ASSERT_TRUE(journal_->Post(MakeEntry("big", "92233720368547758.07"), "carol").ok());
  PostOptions o;
  o.mode = BatchMode::kEach;
  o.users = {"alice", "bob"};
  Entry other = MakeEntry("small", "1.00");
  other.postings[0].partner = "CNCL";
  other.postings[1].partner = "CNCL";
  BatchResult r = journal_->PostBatch({MakeEntry("over", "0.01"), other}, o);
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_FALSE(r.results[0].ok());
  ASSERT_TRUE(r.results[1].ok()) << r.results[1].status().message();
  auto stored = journal_->GetEntry(r.results[1]->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->posted_by, "bob");
}

TEST_F(LedgerTest, OneUserPerEntryOrNone) {
  PostOptions o;
  o.users = {"alice"};
  BatchResult r = journal_->PostBatch({MakeEntry("a"), MakeEntry("b")}, o);
  for (const auto& x : r.results) EXPECT_FALSE(x.ok());
  o.users = {"alice", "bob"};
  r = journal_->PostBatch({MakeEntry("a"), MakeEntry("b")}, o);
  ASSERT_TRUE(r.all_ok());
  EXPECT_EQ(journal_->GetEntry(r.results[0]->id)->posted_by, "alice");
  EXPECT_EQ(journal_->GetEntry(r.results[1]->id)->posted_by, "bob");
}

}  // namespace
}  // namespace poolbook::testing
