// The hash chain: SHA-256, canonical forms, and what an entry's hash depends on.
#include "ledger/chain.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "testing/seed.h"

namespace poolbook {
namespace {

using testing::SeedNote;
using testing::TestSeed;

Posting P(std::string account, std::string partner, std::int64_t pence, std::string person = "",
          std::string line = "") {
  return Posting{std::move(account), std::move(partner), std::move(person), std::move(line),
                 Money::FromPence(pence)};
}

Entry BaseEntry() {
  Entry e;
  e.key = "inv-2025-000123";
  e.book = Book::kActual;
  e.date = Date{2025, 6, 30};
  e.memo = "Invoice 123, Acme Care, June";
  e.postings = {P("spend:package", "ICB", 74074, "P-3F9A0C", "LD-PKG"),
                P("spend:package", "CNCL", 49382, "P-3F9A0C", "LD-PKG"), P("pool:cash", "ICB", -74074),
                P("pool:cash", "CNCL", -49382)};
  return e;
}

// ---------------------------------------------------------------------------------------------
// SHA-256 test vectors (FIPS 180-2).

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Embedded NUL bytes are hashed, not treated as the end of the text.
  EXPECT_EQ(Sha256Hex(std::string("\0", 1)),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(Sha256Hex, LowerCaseHexOf64Characters) {
  for (const std::string s : {"", "x", "poolbook"}) {
    const std::string h = Sha256Hex(s);
    ASSERT_EQ(h.size(), 64u);
    for (char c : h) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << h;
  }
  EXPECT_EQ(kGenesisHash, std::string(64, '0'));
}

// ---------------------------------------------------------------------------------------------
// Canonical forms: exact layout as documented in chain.h.

TEST(CanonicalBody, ExactLayout) {
  Entry e;
  e.key = "k1";
  e.book = Book::kActual;
  e.date = Date{2025, 6, 30};
  e.memo = "m";
  e.postings = {P("pool:cash", "ICB", 1250), P("spend:x", "ICB", -1250, "P-1", "LD")};
  EXPECT_EQ(CanonicalBody(e),
            "17:poolbook-entry-v1\n"
            "2:k1\n"
            "6:actual\n"
            "10:2025-06-30\n"
            "1:m\n"
            "0:\n"
            "1:2\n"
            "9:pool:cash\n3:ICB\n0:\n0:\n5:12.50\n"
            "7:spend:x\n3:ICB\n3:P-1\n2:LD\n6:-12.50\n");
  e.reverses = 42;
  e.book = Book::kCommitment;
  e.memo = "";
  EXPECT_EQ(CanonicalBody(e),
            "17:poolbook-entry-v1\n"
            "2:k1\n"
            "10:commitment\n"
            "10:2025-06-30\n"
            "0:\n"
            "2:42\n"
            "1:2\n"
            "9:pool:cash\n3:ICB\n0:\n0:\n5:12.50\n"
            "7:spend:x\n3:ICB\n3:P-1\n2:LD\n6:-12.50\n");
}

TEST(CanonicalBody, LengthsAreBytesNotCharacters) {
  Entry e = BaseEntry();
  e.memo = "Caf\xC3\xA9";  // 4 characters, 5 bytes
  EXPECT_NE(CanonicalBody(e).find("\n5:Caf\xC3\xA9\n"), std::string::npos);
}

TEST(CanonicalLink, ExactLayout) {
  EXPECT_EQ(CanonicalLink(7, kGenesisHash, "2025-06-30T12:00:00Z", "alice", "abc"),
            "16:poolbook-link-v1\n"
            "1:7\n"
            "64:" +
                kGenesisHash +
                "\n"
                "20:2025-06-30T12:00:00Z\n"
                "5:alice\n"
                "3:abc\n");
}

// ---------------------------------------------------------------------------------------------
// Every field is in the body: a table of single-field mutations.

struct Mutation {
  std::string name;
  std::function<void(Entry&)> apply;
};

std::vector<Mutation> Mutations() {
  return {
      {"key", [](Entry& e) { e.key = "inv-2025-000124"; }},
      {"key_case", [](Entry& e) { e.key = "INV-2025-000123"; }},
      {"book_budget", [](Entry& e) { e.book = Book::kBudget; }},
      {"book_commitment", [](Entry& e) { e.book = Book::kCommitment; }},
      {"date_day", [](Entry& e) { e.date.day = 29; }},
      {"date_month", [](Entry& e) { e.date.month = 5; }},
      {"date_year", [](Entry& e) { e.date.year = 2026; }},
      {"memo", [](Entry& e) { e.memo += "."; }},
      {"memo_empty", [](Entry& e) { e.memo.clear(); }},
      {"memo_trailing_space", [](Entry& e) { e.memo += " "; }},
      {"reverses_set", [](Entry& e) { e.reverses = 1; }},
      {"reverses_zero", [](Entry& e) { e.reverses = 0; }},
      {"reverses_other", [](Entry& e) { e.reverses = 10; }},
      {"p0_account", [](Entry& e) { e.postings[0].account = "spend:packages"; }},
      {"p0_partner", [](Entry& e) { e.postings[0].partner = "CNCL"; }},
      {"p0_person", [](Entry& e) { e.postings[0].person = "P-3F9A0D"; }},
      {"p0_person_cleared", [](Entry& e) { e.postings[0].person.clear(); }},
      {"p0_line", [](Entry& e) { e.postings[0].line = "LD-PKH"; }},
      {"p0_line_cleared", [](Entry& e) { e.postings[0].line.clear(); }},
      {"p0_amount_penny", [](Entry& e) { e.postings[0].amount += Money::FromPence(1); }},
      {"p0_amount_sign", [](Entry& e) { e.postings[0].amount = -e.postings[0].amount; }},
      {"p3_account", [](Entry& e) { e.postings[3].account = "pool:bank"; }},
      {"p3_partner", [](Entry& e) { e.postings[3].partner = "ICB"; }},
      {"p3_person", [](Entry& e) { e.postings[3].person = "P-1"; }},
      {"p3_line", [](Entry& e) { e.postings[3].line = "LD"; }},
      {"p3_amount", [](Entry& e) { e.postings[3].amount = Money::FromPence(-49381); }},
      {"swap_first_two", [](Entry& e) { std::swap(e.postings[0], e.postings[1]); }},
      {"swap_last_two", [](Entry& e) { std::swap(e.postings[2], e.postings[3]); }},
      {"rotate", [](Entry& e) { std::rotate(e.postings.begin(), e.postings.begin() + 1, e.postings.end()); }},
      {"drop_last", [](Entry& e) { e.postings.pop_back(); }},
      {"duplicate_last", [](Entry& e) { e.postings.push_back(e.postings.back()); }},
      {"no_postings", [](Entry& e) { e.postings.clear(); }},
      // Moving bytes between neighbouring fields.
      {"account_partner_boundary",
       [](Entry& e) {
         e.postings[2].account = "pool:cashI";
         e.postings[2].partner = "CB";
       }},
      {"person_line_boundary",
       [](Entry& e) {
         e.postings[0].person = "";
         e.postings[0].line = "P-3F9A0C";
       }},
      {"key_into_memo",
       [](Entry& e) {
         e.key = "inv-2025-00012";
         e.memo = "3" + e.memo;
       }},
  };
}

class CanonicalBodyMutationTest : public ::testing::TestWithParam<Mutation> {};

TEST_P(CanonicalBodyMutationTest, ChangesTheBodyAndItsHash) {
  const Entry base = BaseEntry();
  Entry changed = base;
  GetParam().apply(changed);
  ASSERT_NE(changed, base) << "mutation did nothing";
  EXPECT_NE(CanonicalBody(changed), CanonicalBody(base));
  EXPECT_NE(HashEntry(changed, 1, kGenesisHash, "t", "u").hash,
            HashEntry(base, 1, kGenesisHash, "t", "u").hash);
  EXPECT_NE(HashEntry(changed, 1, kGenesisHash, "t", "u").body_sha256,
            HashEntry(base, 1, kGenesisHash, "t", "u").body_sha256);
}

INSTANTIATE_TEST_SUITE_P(Table, CanonicalBodyMutationTest, ::testing::ValuesIn(Mutations()),
                         [](const ::testing::TestParamInfo<Mutation>& info) { return info.param.name; });

TEST(CanonicalBody, AllMutationsAreDistinctFromEachOther) {
  std::map<std::string, std::string> seen;  // body -> mutation name
  const std::vector<Mutation> mutations = Mutations();
  for (const Mutation& m : mutations) {
    Entry e = BaseEntry();
    m.apply(e);
    auto [it, inserted] = seen.emplace(CanonicalBody(e), m.name);
    EXPECT_TRUE(inserted) << m.name << " has the same body as " << it->second;
  }
}

TEST(CanonicalBody, SameEntrySameBody) { EXPECT_EQ(CanonicalBody(BaseEntry()), CanonicalBody(BaseEntry())); }

// ---------------------------------------------------------------------------------------------
// Length prefixes leave no ambiguity.

TEST(CanonicalBody, NeighbouringFieldsCannotTradeBytes) {
  Entry a = BaseEntry(), b = BaseEntry();
  a.postings[0].account = "a";
  a.postings[0].partner = "bc";
  b.postings[0].account = "ab";
  b.postings[0].partner = "c";
  EXPECT_NE(CanonicalBody(a), CanonicalBody(b));

  // Separators inside the text cannot forge field boundaries: joined naively with '\n', these two
  // would be identical.
  a = BaseEntry();
  b = BaseEntry();
  a.postings[0].account = "a\nb";
  a.postings[0].partner = "c";
  b.postings[0].account = "a";
  b.postings[0].partner = "b\nc";
  EXPECT_NE(CanonicalBody(a), CanonicalBody(b));

  // A memo that contains what looks like the next field.
  a = BaseEntry();
  b = BaseEntry();
  a.memo = "x\n0:";
  a.reverses.reset();
  b.memo = "x";
  b.reverses.reset();
  EXPECT_NE(CanonicalBody(a), CanonicalBody(b));
  a.memo = "a\n1:b";
  b.memo = "a";
  b.key = a.key;
  EXPECT_NE(CanonicalBody(a), CanonicalBody(b));

  // Memo "5" without a reversal against an empty memo reversing entry 5.
  a = BaseEntry();
  b = BaseEntry();
  a.memo = "5";
  b.memo = "";
  b.reverses = 5;
  EXPECT_NE(CanonicalBody(a), CanonicalBody(b));

  // One fewer posting whose text forges the missing one.
  a = BaseEntry();
  b = BaseEntry();
  b.postings.pop_back();
  b.postings.back().line =
      a.postings[2].line + "\n" + std::to_string(a.postings[3].account.size()) + ":" + a.postings[3].account;
  EXPECT_NE(CanonicalBody(a), CanonicalBody(b));
}

TEST(CanonicalLink, NeighbouringFieldsCannotTradeBytes) {
  EXPECT_NE(CanonicalLink(1, kGenesisHash, "a", "bc", "h"), CanonicalLink(1, kGenesisHash, "ab", "c", "h"));
  EXPECT_NE(CanonicalLink(12, kGenesisHash, "t", "u", "h"),
            CanonicalLink(1, "2" + kGenesisHash, "t", "u", "h"));
  EXPECT_NE(CanonicalLink(1, "p", "t\n1:u", "", "h"), CanonicalLink(1, "p", "t", "u", "h"));
}

// Reads "<len>:<bytes>\n" fields back; nullopt when the text is not a sequence of such fields.
std::optional<std::vector<std::string>> DecodeFields(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t colon = s.find(':', i);
    if (colon == std::string::npos || colon == i) return std::nullopt;
    std::size_t len = 0;
    for (std::size_t k = i; k < colon; ++k) {
      if (s[k] < '0' || s[k] > '9') return std::nullopt;
      len = len * 10 + static_cast<std::size_t>(s[k] - '0');
    }
    if (colon + 1 + len + 1 > s.size() || s[colon + 1 + len] != '\n') return std::nullopt;
    out.push_back(s.substr(colon + 1, len));
    i = colon + 1 + len + 1;
  }
  return out;
}

std::vector<std::string> ExpectedFields(const Entry& e) {
  std::vector<std::string> f = {"poolbook-entry-v1",
                                e.key,
                                BookName(e.book),
                                e.date.ToString(),
                                e.memo,
                                e.reverses ? std::to_string(*e.reverses) : "",
                                std::to_string(e.postings.size())};
  for (const Posting& p : e.postings) {
    f.insert(f.end(), {p.account, p.partner, p.person, p.line, p.amount.ToString()});
  }
  return f;
}

std::string RandomText(std::mt19937_64& rng) {
  static const char* kAtoms[] = {"a", "b", ":", "\n", "1", "0", "2:", "\n0:", "-", "é"};
  std::string s;
  for (std::size_t n = rng() % 5; n > 0; --n) s += kAtoms[rng() % std::size(kAtoms)];
  return s;
}

Entry RandomEntry(std::mt19937_64& rng) {
  Entry e;
  e.key = RandomText(rng);
  e.book = static_cast<Book>(rng() % 3);
  e.date = Date{2025, static_cast<int>(1 + rng() % 2), static_cast<int>(1 + rng() % 2)};
  e.memo = RandomText(rng);
  if (rng() % 2) e.reverses = static_cast<long long>(rng() % 12);
  for (std::size_t n = rng() % 4; n > 0; --n) {
    e.postings.push_back(P(RandomText(rng), RandomText(rng), static_cast<std::int64_t>(rng() % 5) - 2,
                           RandomText(rng), RandomText(rng)));
  }
  return e;
}

// The body decodes back into exactly the entry's fields, so two different entries can never share
// a body.
TEST(CanonicalBodyProperty, DecodesBackToTheEntrysFields) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 5000; ++i) {
    const Entry e = RandomEntry(rng);
    const auto fields = DecodeFields(CanonicalBody(e));
    ASSERT_TRUE(fields.has_value()) << CanonicalBody(e);
    ASSERT_EQ(*fields, ExpectedFields(e));
  }
}

TEST(CanonicalBodyProperty, DifferentEntriesHaveDifferentBodies) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  std::map<std::string, Entry> seen;
  for (int i = 0; i < 20000; ++i) {
    Entry e = RandomEntry(rng);
    auto [it, inserted] = seen.emplace(CanonicalBody(e), e);
    if (!inserted) {
      ASSERT_EQ(it->second, e) << "two different entries share the body:\n" << it->first;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// HashEntry.

TEST(HashEntry, ComposesBodyAndLinkHashes) {
  const Entry e = BaseEntry();
  const std::string prev = Sha256Hex("previous");
  EntryHashes h = HashEntry(e, 7, prev, "2025-06-30T12:00:00.000Z", "alice");
  EXPECT_EQ(h.body_sha256, Sha256Hex(CanonicalBody(e)));
  EXPECT_EQ(h.hash, Sha256Hex(CanonicalLink(7, prev, "2025-06-30T12:00:00.000Z", "alice", h.body_sha256)));
  EXPECT_EQ(h.hash.size(), 64u);
  EXPECT_NE(h.hash, h.body_sha256);
}

TEST(HashEntry, DependsOnEveryLinkField) {
  const Entry e = BaseEntry();
  const std::string prev = Sha256Hex("previous");
  const EntryHashes base = HashEntry(e, 7, prev, "2025-06-30T12:00:00Z", "alice");
  struct Case {
    std::string name;
    EntryHashes h;
  };
  const std::vector<Case> cases = {
      {"id", HashEntry(e, 8, prev, "2025-06-30T12:00:00Z", "alice")},
      {"id_negative", HashEntry(e, -7, prev, "2025-06-30T12:00:00Z", "alice")},
      {"prev_hash", HashEntry(e, 7, kGenesisHash, "2025-06-30T12:00:00Z", "alice")},
      {"prev_hash_one_char", HashEntry(e, 7, "1" + prev.substr(1), "2025-06-30T12:00:00Z", "alice")},
      {"recorded_at", HashEntry(e, 7, prev, "2025-06-30T12:00:01Z", "alice")},
      {"posted_by", HashEntry(e, 7, prev, "2025-06-30T12:00:00Z", "bob")},
      {"posted_by_empty", HashEntry(e, 7, prev, "2025-06-30T12:00:00Z", "")},
      {"recorded_at_posted_by_boundary", HashEntry(e, 7, prev, "2025-06-30T12:00:00Za", "lice")},
  };
  std::map<std::string, std::string> seen{{base.hash, "base"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    // The body hash is what the client sent, and does not change.
    EXPECT_EQ(c.h.body_sha256, base.body_sha256);
    auto [it, inserted] = seen.emplace(c.h.hash, c.name);
    EXPECT_TRUE(inserted) << "same hash as " << it->second;
  }
}

TEST(HashEntry, Deterministic) {
  const Entry e = BaseEntry();
  const EntryHashes a = HashEntry(e, 1, kGenesisHash, "t", "u");
  const EntryHashes b = HashEntry(e, 1, kGenesisHash, "t", "u");
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_EQ(a.body_sha256, b.body_sha256);
}

}  // namespace
}  // namespace poolbook
