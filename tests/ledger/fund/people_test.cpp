// NHS numbers: the modulus 11 check, and keyed pseudonyms that never contain the number.
#include "ledger/fund/people.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>

#include "ledger/entry.h"
#include "ledger/fund/fund.h"
#include "testing/fund_fixture.h"
#include "testing/seed.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

const std::string kSecret(40, 's');

// Builds a valid number from nine digits by computing its check digit; empty if none exists.
std::string WithCheckDigit(const std::string& nine) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (nine[i] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  return check == 10 ? "" : nine + static_cast<char>('0' + check);
}

TEST(NhsNumber, Table) {
  struct Case {
    const char* text;
    bool valid;
  };
  for (const Case& c : std::vector<Case>{
           {"9434765919", true},     // the NHS's published test number
           {"943 476 5919", true},   // grouped 3-3-4
           {"9434765918", false},    // wrong check digit
           {"943476591", false},     // nine digits
           {"94347659190", false},   // eleven
           {"943-476-5919", false},  // hyphens are not the NHS's grouping
           {"943  476 5919", false},
           {" 9434765919", false},
           {"94347659l9", false},
           {"", false},
           {"0000000000", true},  // check digit 0 (sum 0 -> 11 -> 0)
       }) {
    SCOPED_TRACE(c.text);
    Status st = CheckNhsNumber(c.text);
    EXPECT_EQ(st.ok(), c.valid) << st.message();
    if (!st.ok()) {
      EXPECT_EQ(st.field(), "nhs_number");
      if (*c.text) {
        EXPECT_EQ(st.message().find(c.text), std::string::npos);
      }
    }
  }
}

TEST(NhsNumber, ACheckValueOfTenIsNeverValid) {
  // 000000010: sum = 1*2 = 2 -> 11 - 2 = 9 (valid with 9); find nine digits whose check value is 10.
  std::string nine;
  for (int n = 0; n < 1000 && nine.empty(); ++n) {
    std::string candidate = "000000" + std::string(3 - std::to_string(n).size(), '0') + std::to_string(n);
    if (WithCheckDigit(candidate).empty()) nine = candidate;
  }
  ASSERT_FALSE(nine.empty());
  for (char last = '0'; last <= '9'; ++last) EXPECT_FALSE(CheckNhsNumber(nine + last).ok()) << nine << last;
}

TEST(NhsNumber, RandomNumbersAgreeWithTheRule) {
  const std::uint64_t seed = testing::TestSeed();
  SCOPED_TRACE(testing::SeedNote(seed));
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 5000; ++i) {
    std::string nine;
    for (int k = 0; k < 9; ++k) nine += static_cast<char>('0' + rng() % 10);
    const std::string valid = WithCheckDigit(nine);
    for (char last = '0'; last <= '9'; ++last) {
      EXPECT_EQ(CheckNhsNumber(nine + last).ok(), valid == nine + last) << nine << last;
    }
  }
}

TEST(Pseudonym, DeterministicKeyedAndFreeOfTheNumber) {
  auto a = PseudonymForNhsNumber("9434765919", kSecret);
  auto grouped = PseudonymForNhsNumber("943 476 5919", kSecret);
  auto other_secret = PseudonymForNhsNumber("9434765919", std::string(40, 't'));
  ASSERT_EQ(WithCheckDigit("123456788"), "1234567881");
  auto other_person = PseudonymForNhsNumber(WithCheckDigit("123456788"), kSecret);
  ASSERT_TRUE(a.ok() && grouped.ok() && other_secret.ok() && other_person.ok());
  EXPECT_EQ(*a, *grouped);
  EXPECT_NE(*a, *other_secret);
  EXPECT_NE(*a, *other_person);
  EXPECT_EQ(a->size(), 18u);
  EXPECT_EQ(a->rfind("P-", 0), 0u);
  EXPECT_EQ(a->find("9434765919"), std::string::npos);
  EXPECT_TRUE(CheckPerson(*a).ok()) << CheckPerson(*a).message();  // usable as a posting's person
}

TEST(Pseudonym, RefusesBadNumbersAndShortSecrets) {
  EXPECT_EQ(PseudonymForNhsNumber("9434765918", kSecret).status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(PseudonymForNhsNumber("9434765919", std::string(kPseudonymSecretBytesMin, 'k')).ok());
  auto short_secret = PseudonymForNhsNumber("9434765919", std::string(kPseudonymSecretBytesMin - 1, 'k'));
  EXPECT_EQ(short_secret.status().code(), Code::kFailedPrecondition);
}

TEST(Pseudonym, KnownValue) {
  // HMAC-SHA-256(key = 32 x 'k', "9434765919"), first 8 bytes; computed independently with
  // `printf 9434765919 | openssl dgst -sha256 -hmac kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk`.
  auto p = PseudonymForNhsNumber("9434765919", std::string(32, 'k'));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, "P-121EE75534CD8E8D");
}

// Registering people with the fund: by NHS number (never stored: the whole database file is
// searched for it) or by a local pseudonym.
TEST_F(FundTest, AnNhsNumberBecomesAPseudonymAndIsNeverStored) {
  const std::string secret(40, 's');
  auto p = fund_->RegisterPerson("", "943 476 5919", secret, "officer");
  ASSERT_TRUE(p.ok()) << p.status().message();
  auto again = fund_->RegisterPerson("", "9434765919", secret, "officer");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*p, *again);
  EXPECT_TRUE(fund_->CheckRegistered(*p).ok());
  PackageSpec s = Spec("PK-1");
  s.person = *p;
  ASSERT_TRUE(fund_->Commission(s, Date{2025, 6, 1}, "officer").ok());
  ASSERT_TRUE(fund_->PayInvoice("PK-1", testing::M("10.00"), Date{2025, 6, 30}, "INV-1", "officer").ok());

  // Nothing in the database or its write-ahead log holds the number, in any spelling.
  journal_->db().sql() << "PRAGMA wal_checkpoint(TRUNCATE)";
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(dir_.File(std::string("fund.db") + suffix), std::ios::binary);
    bytes += std::string(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 4096u);
  EXPECT_NE(bytes.find(*p), std::string::npos);  // the search itself works
  for (const char* spelling : {"9434765919", "943 476 5919", "943-476-5919"}) {
    EXPECT_EQ(bytes.find(spelling), std::string::npos) << spelling;
  }
}

TEST_F(FundTest, PeopleRegistrationRefusals) {
  const std::string secret(40, 's');
  struct Case {
    const char* pseudonym;
    const char* nhs;
    std::string secret;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"", "", secret, "give either an NHS number or a local pseudonym"},
      {"P-1", "9434765919", secret, "not both"},
      {"", "9434765918", secret, "check digit does not match"},
      {"", "9434765919", "short", "secret"},
      {"943-476-5919", "", secret, "looks like an NHS number"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    auto p = fund_->RegisterPerson(c.pseudonym, c.nhs, c.secret, "officer");
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.status().message().find(c.message), std::string::npos) << p.status().message();
    EXPECT_EQ(p.status().message().find("9434765918"), std::string::npos);  // never echoed
  }
}

// Once a fund is set up, an ordinary entry may name only a registered person; nothing is written
// when it names another. A reversal names whom its original named.
TEST_F(FundTest, AnEntryNamesOnlyARegisteredPerson) {
  auto entry = [](const std::string& key, const std::string& person) {
    Entry e;
    e.key = key;
    e.book = Book::kActual;
    e.date = Date{2025, 5, 1};
    e.memo = "Adjustment";
    e.postings = {{"spend:other:OTHER", "ICB", person, "OTHER", M("5.00")},
                  {"pool:cash", "ICB", "", "", M("-5.00")}};
    return e;
  };
  const std::string before = Snap();
  auto refused = journal_->Post(entry("adj-1", "P-NOBODY"), "officer");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(refused.status().field(), "postings[0].person");
  EXPECT_NE(refused.status().message().find("\"P-NOBODY\" is not registered"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(Snap(), before);

  auto posted = journal_->Post(entry("adj-2", "P-1A2B3C"), "officer");
  ASSERT_TRUE(posted.ok()) << posted.status().message();
  ReverseOptions undo;
  undo.reason = "posted in error";
  undo.user = "officer";
  EXPECT_TRUE(journal_->Reverse(posted->id, undo).ok());
}

}  // namespace
}  // namespace poolbook::fund
