// The JSON form of an entry: parsing (with refusals naming the field) and writing.
#include "api/entry_json.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "testing/seed.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

using testing::SeedNote;
using testing::TestSeed;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Verbatim from docs/design.md §4.
const char* const kDesignExample = R"({
  "key": "inv-2025-000123",
  "book": "actual",
  "date": "2025-06-30",
  "memo": "Invoice 123, Acme Care, June",
  "postings": [
    {"account": "spend:package", "partner": "ICB", "person": "P-3F9A0C", "line": "LD-PKG", "amount": "740.74"},
    {"account": "spend:package", "partner": "CNCL", "person": "P-3F9A0C", "line": "LD-PKG", "amount": "493.82"},
    {"account": "pool:cash", "partner": "ICB", "amount": "-740.74"},
    {"account": "pool:cash", "partner": "CNCL", "amount": "-493.82"}
  ]
})";

Posting P(std::string account, std::string partner, std::int64_t pence, std::string person = "",
          std::string line = "") {
  return Posting{std::move(account), std::move(partner), std::move(person), std::move(line),
                 Money::FromPence(pence)};
}

Entry DesignEntry() {
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

TEST(EntryFromJson, DesignExampleParses) {
  StatusOr<Entry> e = EntryFromJsonText(kDesignExample);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(*e, DesignEntry());
  EXPECT_FALSE(e->reverses.has_value());
  StatusOr<Entry> from_value = EntryFromJson(json::parse(kDesignExample));
  ASSERT_TRUE(from_value.ok());
  EXPECT_EQ(*from_value, DesignEntry());
}

TEST(EntryFromJson, OptionalFieldsMayBeAbsentOrNull) {
  json j = json::parse(kDesignExample);
  j.erase("memo");
  j["postings"][0].erase("person");
  j["postings"][0]["line"] = nullptr;
  StatusOr<Entry> e = EntryFromJson(j);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->memo, "");
  EXPECT_EQ(e->postings[0].person, "");
  EXPECT_EQ(e->postings[0].line, "");
}

TEST(EntryFromJson, AllBooks) {
  for (const std::string book : {"actual", "budget", "commitment"}) {
    json j = json::parse(kDesignExample);
    j["book"] = book;
    StatusOr<Entry> e = EntryFromJson(j);
    ASSERT_TRUE(e.ok()) << book;
    EXPECT_STREQ(BookName(e->book), book.c_str());
  }
}

// ---------------------------------------------------------------------------------------------
// Refusals: each names the field, and most say what to do.

struct Refusal {
  std::string name;
  std::function<void(json&)> mutate;
  std::string field;
  std::string says;  // a fragment the message must contain ("" for none)
};
std::ostream& operator<<(std::ostream& os, const Refusal& r) { return os << r.name; }

class EntryFromJsonRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(EntryFromJsonRefusalTest, RefusedNamingTheField) {
  const Refusal& r = GetParam();
  json j = json::parse(kDesignExample);
  r.mutate(j);
  SCOPED_TRACE(j.dump());
  StatusOr<Entry> e = EntryFromJson(j);
  ASSERT_FALSE(e.ok()) << "accepted";
  EXPECT_EQ(e.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(e.status().field(), r.field) << e.status().message();
  if (!r.says.empty()) {
    EXPECT_TRUE(Contains(e.status().message(), r.says)) << e.status().message();
  }
  // The text form refuses the same way.
  StatusOr<Entry> from_text = EntryFromJsonText(j.dump());
  ASSERT_FALSE(from_text.ok());
  EXPECT_EQ(from_text.status().field(), r.field);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EntryFromJsonRefusalTest,
    ::testing::Values(
        Refusal{"AmountAsNumber", [](json& j) { j["postings"][0]["amount"] = 740.74; }, "postings[0].amount",
                "\"12.50\""},
        Refusal{"AmountAsInteger", [](json& j) { j["postings"][1]["amount"] = 49382; }, "postings[1].amount",
                "\"12.50\""},
        Refusal{"AmountThreeDecimals", [](json& j) { j["postings"][2]["amount"] = "-740.740"; },
                "postings[2].amount", "\"-740.740\""},
        Refusal{"AmountExponent", [](json& j) { j["postings"][0]["amount"] = "7.4074e2"; },
                "postings[0].amount", "exponent"},
        Refusal{"AmountEmpty", [](json& j) { j["postings"][0]["amount"] = ""; }, "postings[0].amount", ""},
        Refusal{"AmountBool", [](json& j) { j["postings"][0]["amount"] = true; }, "postings[0].amount",
                "string"},
        Refusal{"AmountMissing", [](json& j) { j["postings"][3].erase("amount"); }, "postings[3].amount",
                "missing"},
        Refusal{"AmountNull", [](json& j) { j["postings"][3]["amount"] = nullptr; }, "postings[3].amount",
                "missing"},
        Refusal{"KeyMissing", [](json& j) { j.erase("key"); }, "key", "missing"},
        Refusal{"KeyNumber", [](json& j) { j["key"] = 123; }, "key", "string"},
        Refusal{"BookMissing", [](json& j) { j.erase("book"); }, "book", "missing"},
        Refusal{"BookNumber", [](json& j) { j["book"] = 1; }, "book", "string"},
        Refusal{"BookUnknown", [](json& j) { j["book"] = "actuals"; }, "book", "actual, budget, commitment"},
        Refusal{"DateMissing", [](json& j) { j.erase("date"); }, "date", "missing"},
        Refusal{"DateNumber", [](json& j) { j["date"] = 20250630; }, "date", "string"},
        Refusal{"DateDoesNotExist", [](json& j) { j["date"] = "2025-02-30"; }, "date", "2025-02-30"},
        Refusal{"DateWrongForm", [](json& j) { j["date"] = "30/06/2025"; }, "date", "YYYY-MM-DD"},
        Refusal{"MemoNumber", [](json& j) { j["memo"] = 5; }, "memo", "string"},
        Refusal{"PostingsMissing", [](json& j) { j.erase("postings"); }, "postings", ""},
        Refusal{"PostingsObject", [](json& j) { j["postings"] = json::object(); }, "postings", "list"},
        Refusal{"PostingsString", [](json& j) { j["postings"] = "none"; }, "postings", "list"},
        Refusal{"PostingNotObject", [](json& j) { j["postings"][1] = 5; }, "postings[1]", "object"},
        Refusal{"UnknownTopLevelField", [](json& j) { j["colour"] = "red"; }, "colour", "\"colour\""},
        Refusal{"UnknownPostingField", [](json& j) { j["postings"][1]["colour"] = "red"; },
                "postings[1].colour", "\"colour\""},
        Refusal{"AccountMissing", [](json& j) { j["postings"][0].erase("account"); }, "postings[0].account",
                "missing"},
        Refusal{"PartnerNumber", [](json& j) { j["postings"][1]["partner"] = 7; }, "postings[1].partner",
                "string"},
        Refusal{"PersonNumber", [](json& j) { j["postings"][0]["person"] = 943; }, "postings[0].person",
                "string"},
        Refusal{"LineArray", [](json& j) { j["postings"][0]["line"] = json::array({"LD"}); },
                "postings[0].line", "string"}),
    [](const ::testing::TestParamInfo<Refusal>& info) { return info.param.name; });

TEST(EntryFromJson, NotAnObject) {
  for (const json& j : {json::array(), json("entry"), json(5), json(nullptr)}) {
    StatusOr<Entry> e = EntryFromJson(j);
    ASSERT_FALSE(e.ok()) << j.dump();
    EXPECT_EQ(e.status().code(), Code::kInvalidArgument);
  }
}

TEST(EntryFromJson, AmountAsNumberMessageSaysAmountsAreStrings) {
  json j = json::parse(kDesignExample);
  j["postings"][0]["amount"] = 740.74;
  StatusOr<Entry> e = EntryFromJson(j);
  ASSERT_FALSE(e.ok());
  EXPECT_TRUE(Contains(e.status().message(), "strings like \"12.50\"")) << e.status().message();
}

// ---------------------------------------------------------------------------------------------
// Malformed JSON text.

TEST(EntryFromJsonText, MalformedTextIsRefused) {
  for (const std::string& text :
       {std::string(), std::string("{"), std::string("{\"key\": }"), std::string("not json"),
        std::string("{\"key\": \"k\",}"), std::string("{\"key\": \"k\xFF\"}"), std::string("{} {}"),
        std::string("{'key': 'k'}")}) {
    SCOPED_TRACE(text);
    StatusOr<Entry> e = EntryFromJsonText(text);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.status().code(), Code::kInvalidArgument);
    EXPECT_TRUE(Contains(e.status().message(), "not valid JSON")) << e.status().message();
  }
}

TEST(EntryFromJsonText, MessageNamesTheLine) {
  StatusOr<Entry> e = EntryFromJsonText("{\n  \"key\": \"k\",\n  \"book\": ,\n}");
  ASSERT_FALSE(e.ok());
  EXPECT_TRUE(Contains(e.status().message(), "line 3")) << e.status().message();
}

// ---------------------------------------------------------------------------------------------
// Writing.

store::StoredEntry Stored() {
  store::StoredEntry s;
  s.id = 42;
  s.entry = DesignEntry();
  s.entry.reverses = 41;
  s.period = "2025-06";
  s.recorded_at = "2025-06-30T12:34:56.789Z";
  s.posted_by = "alice";
  s.body_sha256 = std::string(64, 'b');
  s.prev_hash = std::string(64, '0');
  s.hash = std::string(64, 'h');
  s.reversed_by = 43;
  return s;
}

// The fields only the ledger sets; a client never sends them.
const char* const kStoredOnly[] = {"id",        "period", "recorded_at", "posted_by",
                                   "prev_hash", "hash",   "reverses",    "reversed_by"};

TEST(EntryToJson, WritesEveryField) {
  const store::StoredEntry s = Stored();
  const json j = EntryToJson(s);
  EXPECT_EQ(j.at("id"), 42);
  EXPECT_EQ(j.at("key"), "inv-2025-000123");
  EXPECT_EQ(j.at("book"), "actual");
  EXPECT_EQ(j.at("date"), "2025-06-30");
  EXPECT_EQ(j.at("period"), "2025-06");
  EXPECT_EQ(j.at("memo"), "Invoice 123, Acme Care, June");
  EXPECT_EQ(j.at("recorded_at"), "2025-06-30T12:34:56.789Z");
  EXPECT_EQ(j.at("posted_by"), "alice");
  EXPECT_EQ(j.at("prev_hash"), s.prev_hash);
  EXPECT_EQ(j.at("hash"), s.hash);
  EXPECT_EQ(j.at("reverses"), 41);
  EXPECT_EQ(j.at("reversed_by"), 43);
  ASSERT_TRUE(j.at("postings").is_array());
  ASSERT_EQ(j.at("postings").size(), 4u);
  // Amounts are strings, never numbers; person and line are left out when empty.
  EXPECT_EQ(j["postings"][0],
            json::parse(R"({"account":"spend:package","partner":"ICB","person":"P-3F9A0C","line":"LD-PKG",)"
                        R"("amount":"740.74"})"));
  EXPECT_EQ(j["postings"][3], json::parse(R"({"account":"pool:cash","partner":"CNCL","amount":"-493.82"})"));
  for (const json& p : j["postings"]) EXPECT_TRUE(p.at("amount").is_string());
}

TEST(EntryToJson, AbsentLinksAreNull) {
  store::StoredEntry s = Stored();
  s.entry.reverses.reset();
  s.reversed_by.reset();
  const json j = EntryToJson(s);
  ASSERT_TRUE(j.contains("reverses"));
  ASSERT_TRUE(j.contains("reversed_by"));
  EXPECT_TRUE(j.at("reverses").is_null());
  EXPECT_TRUE(j.at("reversed_by").is_null());
}

TEST(EntryToJson, RoundTripsThroughEntryFromJson) {
  store::StoredEntry s = Stored();
  s.entry.reverses.reset();  // a client does not send `reverses` in an entry
  json j = EntryToJson(s);
  for (const char* field : kStoredOnly) j.erase(field);
  StatusOr<Entry> back = EntryFromJsonText(j.dump(2));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, s.entry);
}

TEST(EntryToJson, RandomEntriesRoundTrip) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  static const char* kText[] = {"",    "a", "Caf\xC3\xA9", "quote \" and \\ backslash", "\xE2\x82\xAC",
                                "x:y", "0"};
  std::uniform_int_distribution<std::int64_t> pence(-9'223'372'036'854'775'807, 9'223'372'036'854'775'807);
  for (int i = 0; i < 500; ++i) {
    store::StoredEntry s;
    s.id = static_cast<long long>(rng() % 1'000'000);
    s.entry.key = "k-" + std::to_string(rng());
    s.entry.book = static_cast<Book>(rng() % 3);
    s.entry.date = Date::FromDaysSinceEpoch(7305 + static_cast<long>(rng() % 76700));
    s.entry.memo = kText[rng() % std::size(kText)];
    for (std::size_t n = 2 + rng() % 5; n > 0; --n) {
      std::int64_t p = pence(rng);
      if (p == 0) p = 1;
      s.entry.postings.push_back(P(std::string("acct:") + kText[rng() % std::size(kText)],
                                   kText[rng() % std::size(kText)], p, kText[rng() % std::size(kText)],
                                   kText[rng() % std::size(kText)]));
    }
    json j = EntryToJson(s);
    for (const char* field : kStoredOnly) j.erase(field);
    const std::string text = j.dump();
    SCOPED_TRACE(text);
    StatusOr<Entry> back = EntryFromJsonText(text);
    ASSERT_TRUE(back.ok()) << back.status().message();
    ASSERT_EQ(*back, s.entry);
  }
}

}  // namespace
}  // namespace poolbook::api
