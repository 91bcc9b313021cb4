// Exports: the audit CSV (every posting, exact, quoted and neutralised, with a manifest that agrees
// with the journal and the file), refusal of paths that cannot be written, and the hledger /
// ledger-cli journal, checked by running both tools and comparing every balance with poolbook's.
#include "reports/export.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "ledger/fund/demo.h"
#include "ledger/limits.h"
#include "reports/csv.h"
#include "testing/fund_fixture.h"
#include "testing/ledger_fixture.h"

namespace poolbook {
namespace {

using testing::M;
using Rows = std::vector<std::vector<std::string>>;

const char* const kHeader =
    "entry_id,key,book,effective_date,recorded_at,period,account,line,partner,person,amount,memo,posted_by,"
    "approver,reverses,reversed_by,entry_hash\r\n";
enum Col {
  kEntryId,
  kKey,
  kBook,
  kDate,
  kRecordedAt,
  kPeriod,
  kAccount,
  kLine,
  kPartner,
  kPerson,
  kAmount,
  kMemo,
  kPostedBy,
  kApprover,
  kReverses,
  kReversedBy,
  kEntryHash,
  kColumns
};

// RFC 4180, strictly: records end with `eol`, quoted fields double their quotes. A malformed text
// fails the test.
Rows ParseCsv(std::string_view text, std::string_view eol = "\r\n") {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return rows;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' && text.substr(i, eol.size()) != eol) {
        if (text[i] == '"' || text[i] == '\r' || text[i] == '\n') {
          ADD_FAILURE() << "a quote or line break in an unquoted field at byte " << i;
          return rows;
        }
        field += text[i++];
      }
    }
    row.push_back(std::move(field));
    field.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
    } else if (text.substr(i, eol.size()) == eol) {
      i += eol.size();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      ADD_FAILURE() << "a field ends without a comma or record end at byte " << i;
      return rows;
    }
  }
  if (!row.empty()) ADD_FAILURE() << "the last record has no line ending";
  return rows;
}

std::string Sha256Hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EXPECT_EQ(EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr), 1);
  std::string out;
  char hex[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", md[i]);
    out += hex;
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << path;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::set<std::string> FilesIn(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

std::string Scalar(store::Database& db, const std::string& query) {
  std::string v;
  db.sql() << query, soci::into(v);
  return v;
}

// Puts an entry straight into the tables, around the journal (which refuses line breaks in a
// memo): the exports must carry whatever the database holds.
void InsertRawEntry(store::Database& db, long long id, const std::string& memo) {
  db.sql()
      << "INSERT INTO entries (id, entry_key, book, effective_date, period, recorded_at, memo, posted_by,"
         " reverses, body_sha256, prev_hash, hash) VALUES (:id, :k, 'actual', '2025-06-30', '2025-06',"
         " '2026-11-23T12:00:00.000000Z', :m, 'raw', NULL, 'b', 'p', 'h')",
      soci::use(id), soci::use("raw-" + std::to_string(id)), soci::use(memo);
  db.sql() << "INSERT INTO postings (entry_id, seq, account, partner, amount) VALUES (:id, 1, 'pool:cash',"
              " 'ICB', 100), (:id2, 2, 'spend:package', 'ICB', -100)",
      soci::use(id), soci::use(id);
}

// ---- Running hledger and ledger ----------------------------------------------------------------

// The tool's full path when it is on PATH, else empty.
std::string FindTool(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const std::filesystem::path p = std::filesystem::path(dir) / name;
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Ran {
  int exit_code = -1;
  std::string out, err;
};

Ran Run(const std::string& command, const std::string& err_file) {
  Ran r;
  FILE* p = popen((command + " 2>" + Quote(err_file)).c_str(), "r");
  if (p == nullptr) return r;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadFile(err_file);
  return r;
}

// Poolbook's own balances, non-zero only, by journal account name "<book>:<account>:<partner>".
std::map<std::string, std::string> PoolbookBalances(Journal& journal) {
  std::map<std::string, std::string> out;
  auto rows = journal.Balances(std::nullopt);
  EXPECT_TRUE(rows.ok()) << rows.status().message();
  if (!rows.ok()) return out;
  for (const BalanceRow& r : *rows) {
    if (!r.balance.is_zero())
      out[std::string(BookName(r.book)) + ":" + r.account + ":" + r.partner] = r.balance.ToString();
  }
  return out;
}

// "12.50 GBP" -> "12.50" (exactly as poolbook writes it), or a failure.
std::string Amount(const std::string& text) {
  const std::string suffix = " GBP";
  if (text.size() <= suffix.size() || text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0) {
    ADD_FAILURE() << "not an amount in GBP: \"" << text << "\"";
    return "";
  }
  auto m = Money::Parse(text.substr(0, text.size() - suffix.size()));
  EXPECT_TRUE(m.ok()) << text;
  return m.ok() ? m->ToString() : "";
}

// hledger's flat balances (each account's own postings, not its subaccounts').
std::map<std::string, std::string> HledgerBalances(const std::string& hledger, const std::string& file,
                                                   const std::string& err_file) {
  Ran r = Run(hledger + " -f " + Quote(file) + " balance --flat --no-total -O csv", err_file);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> out;
  Rows rows = ParseCsv(r.out, "\n");
  EXPECT_FALSE(rows.empty());
  if (rows.empty()) return out;
  EXPECT_EQ(rows[0], (std::vector<std::string>{"account", "balance"}));
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].size(), 2u);
    if (rows[i].size() != 2) continue;
    EXPECT_FALSE(out.count(rows[i][0])) << rows[i][0];
    out[rows[i][0]] = Amount(rows[i][1]);
  }
  return out;
}

// ledger's flat balances, which include subaccounts: compared with poolbook's sums over each name
// and the names below it.
void ExpectLedgerAgrees(const std::string& ledger, const std::string& file, const std::string& err_file,
                        const std::map<std::string, std::string>& poolbook) {
  Ran r = Run(ledger + " --args-only -f " + Quote(file) + " balance --flat --no-total", err_file);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  auto inclusive = [&](const std::string& name) {
    Money sum;
    for (const auto& [n, amount] : poolbook) {
      if (n == name || n.rfind(name + ":", 0) == 0) sum += M(amount.c_str());
    }
    return sum;
  };
  const std::regex line(R"(^\s*(-?[0-9]+\.[0-9]{2} GBP)  (\S+)$)");
  std::set<std::string> listed;
  std::stringstream lines(r.out);
  for (std::string l; std::getline(lines, l);) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(l, m, line)) << "unexpected ledger output line: \"" << l << "\"";
    EXPECT_EQ(Amount(m[1]), inclusive(m[2]).ToString()) << m[2];
    listed.insert(m[2]);
  }
  for (const auto& [name, amount] : poolbook) {
    if (!inclusive(name).is_zero()) {
      EXPECT_TRUE(listed.count(name)) << name << " " << amount << " not listed";
    }
  }
  EXPECT_GE(listed.size(), poolbook.size() / 2);
}

// Per transaction code (the entry id): its description, as each tool read it.
std::map<std::string, std::string> HledgerDescriptions(
    const std::string& hledger, const std::string& file, const std::string& err_file,
    std::map<std::string, std::string>* comments = nullptr) {
  Ran r = Run(hledger + " -f " + Quote(file) + " print -O csv", err_file);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Rows rows = ParseCsv(r.out, "\n");
  std::map<std::string, std::string> out;
  if (rows.empty()) return out;
  const std::vector<std::string>& h = rows[0];
  const auto col = [&](const char* name) { return std::find(h.begin(), h.end(), name) - h.begin(); };
  const auto code = col("code"), description = col("description"), comment = col("comment");
  EXPECT_LT(static_cast<std::size_t>(comment), h.size());
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() != h.size()) {
      ADD_FAILURE() << "row " << i << " has " << rows[i].size() << " fields";
      continue;
    }
    out[rows[i][code]] = rows[i][description];
    if (comments) (*comments)[rows[i][code]] = rows[i][comment];
  }
  return out;
}

std::map<std::string, std::string> LedgerDescriptions(const std::string& ledger, const std::string& file,
                                                      const std::string& err_file) {
  Ran r =
      Run(ledger + " --args-only -f " + Quote(file) + " register --format '%(code)\\t%(payee)\\n'", err_file);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> out;
  std::stringstream lines(r.out);
  for (std::string l; std::getline(lines, l);) {
    const auto tab = l.find('\t');
    EXPECT_NE(tab, std::string::npos) << l;
    if (tab == std::string::npos) continue;
    out[l.substr(0, tab)] = l.substr(tab + 1);
  }
  return out;
}

// ---- The audit CSV -----------------------------------------------------------------------------

class ExportTest : public testing::LedgerTest {
 protected:
  Receipt Post(const Entry& e) {
    auto r = journal_->Post(e, "tester");
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : Receipt{};
  }
  Entry Transfer(const std::string& key, const char* amount, const std::string& memo) {
    Entry e = testing::MakeEntry(key, amount);
    e.memo = memo;
    return e;
  }
  std::string Csv(reports::AuditManifest* manifest = nullptr) {
    std::ostringstream out;
    auto m = reports::ExportAudit(journal_->db(), out);
    EXPECT_TRUE(m.ok()) << m.status().message();
    if (manifest && m.ok()) *manifest = *m;
    return out.str();
  }
  std::string CsvThrough(long long through, reports::AuditManifest* manifest = nullptr) {
    std::ostringstream out;
    auto m = reports::ExportAudit(journal_->db(), out, through);
    EXPECT_TRUE(m.ok()) << m.status().message();
    if (manifest && m.ok()) *manifest = *m;
    return out.str();
  }
  std::string Journal() {
    std::ostringstream out;
    Status st = reports::ExportJournal(journal_->db(), out);
    EXPECT_TRUE(st.ok()) << st.message();
    return out.str();
  }
};

TEST_F(ExportTest, AuditCsvHasTheHeaderAndOneExactRowPerPostingInOrder) {
  const Receipt r1 = Post(testing::MakeEntry("inv-1", "100.00"));
  Entry split = testing::MakeEntry("inv-2", "12.34");
  split.postings = {{"spend:package", "ICB", "P-3F9A0C", "LD-PKG", M("7.40")},
                    {"spend:package", "CNCL", "P-3F9A0C", "LD-PKG", M("4.94")},
                    {"pool:cash", "ICB", "", "", M("-7.40")},
                    {"pool:cash", "CNCL", "", "", M("-4.94")}};
  Post(split);
  Post(testing::MakeEntry("bud-1", "0.05", "2025-07-01", Book::kBudget));

  const std::string csv = Csv();
  ASSERT_EQ(csv.substr(0, std::string(kHeader).size()), kHeader);
  const Rows rows = ParseCsv(csv);
  ASSERT_EQ(rows.size(), 1u + 8u);
  EXPECT_EQ(Scalar(journal_->db(), "SELECT CAST(COUNT(*) AS TEXT) FROM postings"), "8");
  for (const auto& row : rows) ASSERT_EQ(row.size(), static_cast<std::size_t>(kColumns));

  auto stored = journal_->GetEntry(1);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "inv-1", "actual", "2025-06-30", stored->recorded_at,
                                               "2025-06", "spend:package", "LD-PKG", "ICB", "P-3F9A0C",
                                               "100.00", "Invoice inv-1", "tester", "", "", "", r1.hash}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"1", "inv-1", "actual", "2025-06-30", stored->recorded_at,
                                               "2025-06", "pool:cash", "", "ICB", "", "-100.00",
                                               "Invoice inv-1", "tester", "", "", "", r1.hash}));
  EXPECT_EQ(rows[8][kBook], "budget");
  EXPECT_EQ(rows[8][kPeriod], "2025-07");
  EXPECT_EQ(rows[8][kAmount], "-0.05");

  // Every amount, in order, is exactly the stored pence.
  soci::rowset<soci::row> stored_rows =
      (journal_->db().sql().prepare << "SELECT CAST(entry_id AS TEXT), account, partner, CAST(amount AS "
                                       "TEXT) FROM postings ORDER BY entry_id, seq");
  std::size_t i = 1;
  for (const soci::row& s : stored_rows) {
    ASSERT_LT(i, rows.size());
    EXPECT_EQ(rows[i][kEntryId], s.get<std::string>(0));
    EXPECT_EQ(rows[i][kAccount], s.get<std::string>(1));
    EXPECT_EQ(rows[i][kPartner], s.get<std::string>(2));
    EXPECT_EQ(rows[i][kAmount], Money::FromPence(std::int64_t{std::stoll(s.get<std::string>(3))}).ToString());
    ++i;
  }
  EXPECT_EQ(i, rows.size());
}

TEST_F(ExportTest, AuditAmountsAndTotalsAreExactBeyondSixtyFourBits) {
  ASSERT_TRUE(journal_->OpenAccount("spend:other", AccountType::kExpense).ok());
  const Money max = Money::FromPence(limits::kPenceMax);
  Entry a = testing::MakeEntry("max-1");
  a.postings = {{"spend:package", "ICB", "", "", max}, {"pool:cash", "CNCL", "", "", -max}};
  Entry b = testing::MakeEntry("max-2");
  b.postings = {{"income:contributions", "ICB", "", "", max}, {"spend:other", "CNCL", "", "", -max}};
  Post(a);
  Post(b);
  Post(testing::MakeEntry("small", "0.01", "2025-06-30", Book::kBudget));  // spend:package/ICB is full

  reports::AuditManifest m;
  const Rows rows = ParseCsv(Csv(&m));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[1][kAmount], "92233720368547758.07");
  EXPECT_EQ(rows[2][kAmount], "-92233720368547758.07");
  EXPECT_EQ(rows[5][kAmount], "0.01");
  EXPECT_EQ(rows[6][kAmount], "-0.01");
  // ICB's postings sum to twice the 64-bit limit: summed exactly, not wrapped.
  EXPECT_EQ(m.totals_by_book_and_partner["actual"]["ICB"].ToString(), "184467440737095516.14");
  EXPECT_EQ(m.totals_by_book_and_partner["actual"]["CNCL"].ToString(), "-184467440737095516.14");
  EXPECT_EQ(m.totals_by_book["actual"].ToString(), "0.00");
  EXPECT_EQ(m.totals_by_book["budget"].ToString(), "0.00");
  EXPECT_EQ(m.totals_by_book_and_partner["budget"]["ICB"].ToString(), "0.00");
  EXPECT_EQ(m.rows, 6);
  EXPECT_EQ(m.entries, 3);
}

TEST_F(ExportTest, AuditMemosAreQuotedAndFormulasNeutralised) {
  Post(Transfer("q-1", "1.00", "Invoice 7, \"Acme\" Care"));
  Post(Transfer("q-2", "1.00", "=HYPERLINK(\"http://x.example\",\"pay\")"));
  Post(Transfer("q-3", "1.00", "-refund"));
  Post(Transfer("q-4", "1.00", "Café — £12"));
  InsertRawEntry(journal_->db(), 5, "first line\r\nsecond line\nthird, \"quoted\"");

  const std::string csv = Csv();
  EXPECT_NE(csv.find(",\"Invoice 7, \"\"Acme\"\" Care\",tester,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"pay\"\")\",tester,"), std::string::npos);
  EXPECT_NE(csv.find(",'-refund,tester,"), std::string::npos);
  EXPECT_NE(csv.find(",Café — £12,tester,"), std::string::npos);
  EXPECT_NE(csv.find(",\"first line\r\nsecond line\nthird, \"\"quoted\"\"\",raw,"), std::string::npos);

  const Rows rows = ParseCsv(csv);
  ASSERT_EQ(rows.size(), 1u + 10u);  // the line breaks inside a quoted memo make no extra rows
  EXPECT_EQ(rows[1][kMemo], "Invoice 7, \"Acme\" Care");
  EXPECT_EQ(rows[3][kMemo], "'=HYPERLINK(\"http://x.example\",\"pay\")");
  EXPECT_EQ(rows[5][kMemo], "'-refund");
  EXPECT_EQ(rows[7][kMemo], "Café — £12");
  EXPECT_EQ(rows[9][kMemo], "first line\r\nsecond line\nthird, \"quoted\"");
  EXPECT_EQ(rows[10][kEntryHash], "h");
  // The same rules as every other CSV of poolbook.
  for (long long id = 1; id <= 4; ++id) {
    auto e = journal_->GetEntry(id);
    ASSERT_TRUE(e.ok());
    EXPECT_NE(csv.find("," + reports::CsvText(e->entry.memo) + ",tester,"), std::string::npos) << id;
  }
}

TEST_F(ExportTest, ReversalsAreLinkedBothWays) {
  Post(testing::MakeEntry("inv-1"));
  Post(testing::MakeEntry("inv-2"));
  ReverseOptions o;
  o.reason = "keyed twice";
  auto rev = journal_->Reverse(1, o);
  ASSERT_TRUE(rev.ok()) << rev.status().message();
  ASSERT_EQ(rev->id, 3);
  const Rows rows = ParseCsv(Csv());
  ASSERT_EQ(rows.size(), 7u);
  for (std::size_t i : {1, 2}) {
    EXPECT_EQ(rows[i][kReversedBy], "3");
    EXPECT_EQ(rows[i][kReverses], "");
  }
  for (std::size_t i : {3, 4}) EXPECT_EQ(rows[i][kReversedBy] + rows[i][kReverses], "");
  for (std::size_t i : {5, 6}) {
    EXPECT_EQ(rows[i][kEntryId], "3");
    EXPECT_EQ(rows[i][kReverses], "1");
    EXPECT_EQ(rows[i][kReversedBy], "");
  }
}

// Through an entry: its rows and none after, no reversal recorded after it, and the same bytes
// whatever is appended later. Past the last entry is refused, naming `through`.
TEST_F(ExportTest, ThroughAnEntryIsTheSameWhateverIsAppendedAfter) {
  const Receipt r1 = Post(testing::MakeEntry("inv-1"));
  Post(testing::MakeEntry("inv-2"));
  reports::AuditManifest whole, first;
  const std::string two = Csv(&whole);
  EXPECT_EQ(whole.through, 2);
  const std::string one = CsvThrough(1, &first);
  EXPECT_EQ(ParseCsv(one).size(), 3u);
  EXPECT_EQ(one, two.substr(0, one.size()));
  EXPECT_EQ(first.through, 1);
  EXPECT_EQ(first.entries, 1);
  EXPECT_EQ(first.last_hash, r1.hash);
  EXPECT_EQ(nlohmann::json::parse(reports::AuditManifestJson(first, "a.csv"))["through"], 1);

  ReverseOptions o;
  o.reason = "keyed twice";
  ASSERT_TRUE(journal_->Reverse(1, o).ok());  // entry 3
  Entry later = testing::MakeEntry("inv-4");
  later.postings[0].person = "P-LATER1";
  Post(later);

  reports::AuditManifest again;
  EXPECT_EQ(CsvThrough(1, &again), one);
  EXPECT_EQ(again.sha256, first.sha256);
  EXPECT_EQ(CsvThrough(2), two);  // entry 1's reversal (3) is past the bound: not named
  const Rows now = ParseCsv(Csv());
  EXPECT_EQ(now[1][kReversedBy], "3");

  auto last = reports::LastEntryId(journal_->db());
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 4);
  for (long long bad : {5LL, -1LL}) {
    std::ostringstream out;
    auto m = reports::ExportAudit(journal_->db(), out, bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(m.status().field(), "through");
    EXPECT_NE(m.status().message().find("the last entry recorded is 4"), std::string::npos)
        << m.status().message();
    EXPECT_TRUE(out.str().empty());
  }
  reports::AuditManifest none;
  EXPECT_EQ(CsvThrough(0, &none), kHeader);
  EXPECT_EQ(none.through, 0);

  // Who each bound shows.
  using People = std::vector<std::string>;
  EXPECT_EQ(*reports::PeopleThrough(journal_->db(), 0), People{});
  EXPECT_EQ(*reports::PeopleThrough(journal_->db(), 3), People{"P-3F9A0C"});
  EXPECT_EQ(*reports::PeopleThrough(journal_->db(), 4), (People{"P-3F9A0C", "P-LATER1"}));

  // The journal export takes the same bound.
  std::ostringstream j;
  ASSERT_TRUE(reports::ExportJournal(journal_->db(), j, 1).ok());
  EXPECT_NE(j.str().find(" (1) "), std::string::npos);
  EXPECT_EQ(j.str().find(" (2) "), std::string::npos);
  std::ostringstream past;
  EXPECT_EQ(reports::ExportJournal(journal_->db(), past, 5).field(), "through");
}

// An export begun has fixed its last entry and holds its snapshot: what is posted meanwhile on
// another connection is not in it. It is written once.
TEST_F(ExportTest, ABegunExportIsWrittenOnceFromItsSnapshot) {
  Post(testing::MakeEntry("inv-1"));
  auto other = poolbook::Journal::Open(dir_.File("ledger.db"), testing::FixedClock());
  ASSERT_TRUE(other.ok());
  auto x = reports::AuditExport::Begin(journal_->db());
  ASSERT_TRUE(x.ok()) << x.status().message();
  EXPECT_EQ((*x)->through(), 1);
  Entry later = testing::MakeEntry("inv-2");
  later.postings[0].person = "P-LATER1";
  ASSERT_TRUE((*other)->Post(later, "tester").ok());
  auto people = (*x)->People();
  ASSERT_TRUE(people.ok());
  EXPECT_EQ(*people, std::vector<std::string>{"P-3F9A0C"});
  std::ostringstream out;
  auto m = (*x)->Write(out);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->rows, 2);
  EXPECT_EQ(m->through, 1);
  std::ostringstream twice;
  EXPECT_EQ((*x)->Write(twice).status().code(), Code::kInternal);
  x->reset();  // the read transaction ends: the connection sees entry 2 now
  EXPECT_EQ(*reports::LastEntryId(journal_->db()), 2);
  EXPECT_EQ(CsvThrough(1), out.str());
}

TEST_F(ExportTest, ManifestAgreesWithTheJournalAndTheFileAndAgainIsIdentical) {
  Post(testing::MakeEntry("inv-1", "100.00"));
  Entry move = testing::MakeEntry("move-1");
  move.postings = {{"pool:cash", "ICB", "", "", M("10.00")}, {"pool:cash", "CNCL", "", "", M("-10.00")}};
  Post(move);
  Post(testing::MakeEntry("bud-1", "250.00", "2025-07-01", Book::kBudget));
  ReverseOptions o;
  o.reason = "wrong";
  ASSERT_TRUE(journal_->Reverse(1, o).ok());

  const std::string path = dir_.File("audit.csv");
  reports::AuditManifest m;
  Status st = reports::ExportAuditToFile(journal_->db(), path, &m);
  ASSERT_TRUE(st.ok()) << st.message();
  const std::string csv = ReadFile(path);
  EXPECT_EQ(m.sha256, Sha256Hex(csv));
  EXPECT_EQ(m.sha256.size(), 64u);
  EXPECT_EQ(m.rows, 8);
  EXPECT_EQ(m.entries, 4);
  auto first = journal_->GetEntry(1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(m.first_hash, first->hash);
  EXPECT_EQ(m.last_hash, Scalar(journal_->db(), "SELECT last_hash FROM chain_head"));
  EXPECT_NE(m.first_hash, m.last_hash);

  // Totals: each book sums to zero; per partner as the database sums them.
  ASSERT_EQ(m.totals_by_book.size(), 2u);
  for (const auto& [book, total] : m.totals_by_book) EXPECT_EQ(total.ToString(), "0.00") << book;
  std::map<std::string, std::map<std::string, std::string>> expected;
  soci::rowset<soci::row> sums =
      (journal_->db().sql().prepare << "SELECT e.book, p.partner, CAST(SUM(p.amount) AS TEXT) FROM postings p"
                                       " JOIN entries e ON e.id = p.entry_id GROUP BY 1, 2");
  for (const soci::row& s : sums) {
    expected[s.get<std::string>(0)][s.get<std::string>(1)] =
        Money::FromPence(std::int64_t{std::stoll(s.get<std::string>(2))}).ToString();
  }
  std::map<std::string, std::map<std::string, std::string>> got;
  for (const auto& [book, partners] : m.totals_by_book_and_partner) {
    for (const auto& [partner, total] : partners) got[book][partner] = total.ToString();
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(got["actual"]["ICB"], "10.00");

  // The manifest file says the same.
  const auto j = nlohmann::json::parse(ReadFile(path + ".manifest.json"));
  // nlohmann::json sorts keys when reading; the file's order is checked on its text below.
  EXPECT_EQ(j["file"], "audit.csv");
  EXPECT_EQ(j["rows"], 8);
  EXPECT_EQ(j["entries"], 4);
  EXPECT_EQ(j["sha256"], Sha256Hex(csv));
  EXPECT_EQ(j["first_hash"], first->hash);
  EXPECT_EQ(j["last_hash"], m.last_hash);
  EXPECT_EQ(j["totals_by_book"], (nlohmann::json{{"actual", "0.00"}, {"budget", "0.00"}}));
  EXPECT_EQ(j["totals_by_book_and_partner"]["actual"]["CNCL"], "-10.00");
  EXPECT_EQ(j["totals_by_book_and_partner"]["budget"]["ICB"], "0.00");
  EXPECT_EQ(j["generated_by"], "poolbook");
  const std::string text = ReadFile(path + ".manifest.json");
  EXPECT_LT(text.find("\"file\""), text.find("\"rows\""));
  EXPECT_LT(text.find("\"last_hash\""), text.find("\"totals_by_book\""));
  EXPECT_LT(text.find("\"totals_by_book_and_partner\""), text.find("\"generated_by\""));
  EXPECT_EQ(text, reports::AuditManifestJson(m, "audit.csv"));

  // Again: byte for byte the same, to a file or a stream.
  ASSERT_TRUE(reports::ExportAuditToFile(journal_->db(), dir_.File("again.csv"), nullptr).ok());
  EXPECT_EQ(ReadFile(dir_.File("again.csv")), csv);
  EXPECT_EQ(Csv(), csv);
  for (const std::string& f : FilesIn(dir_.path())) EXPECT_EQ(f.find(".tmp"), std::string::npos) << f;
}

TEST_F(ExportTest, AnEmptyJournalHasOnlyTheHeader) {
  reports::AuditManifest m;
  EXPECT_EQ(Csv(&m), kHeader);
  EXPECT_EQ(m.rows, 0);
  EXPECT_EQ(m.entries, 0);
  EXPECT_EQ(m.first_hash, "");
  EXPECT_EQ(m.sha256, Sha256Hex(kHeader));
  EXPECT_TRUE(m.totals_by_book.empty());
}

TEST_F(ExportTest, APathThatCannotBeWrittenIsRefusedAndNothingIsLeft) {
  Post(testing::MakeEntry("inv-1"));
  const std::set<std::string> before = FilesIn(dir_.path());
  const std::string path = dir_.File("no-such-dir") + "/audit.csv";
  Status st = reports::ExportAuditToFile(journal_->db(), path, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_NE(st.message().find(path), std::string::npos) << st.message();
  st = reports::ExportJournalToFile(journal_->db(), path);
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_NE(st.message().find(path), std::string::npos) << st.message();
  EXPECT_EQ(FilesIn(dir_.path()), before);

  // A directory in the way: written to the side, refused on the rename, and the side file removed.
  const std::string in_the_way = dir_.File("taken");
  std::filesystem::create_directories(in_the_way + "/inside");
  const std::set<std::string> with_dir = FilesIn(dir_.path());
  st = reports::ExportAuditToFile(journal_->db(), in_the_way, nullptr);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find(in_the_way), std::string::npos) << st.message();
  EXPECT_EQ(FilesIn(dir_.path()), with_dir);
  EXPECT_TRUE(std::filesystem::is_directory(in_the_way + "/inside"));
}

// A stream that takes nothing (a full disk).
struct RefusingBuf : std::streambuf {
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
  int overflow(int) override { return traits_type::eof(); }
};

TEST_F(ExportTest, AStreamThatRefusesTheBytesFailsTheExport) {
  Post(testing::MakeEntry("inv-1"));
  RefusingBuf buf;
  std::ostream out(&buf);
  auto m = reports::ExportAudit(journal_->db(), out);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Code::kInternal);
  EXPECT_NE(m.status().message().find("writing the audit export failed"), std::string::npos)
      << m.status().message();
  std::ostream out2(&buf);
  Status st = reports::ExportJournal(journal_->db(), out2);
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_NE(st.message().find("writing the journal export failed"), std::string::npos) << st.message();
}

TEST_F(ExportTest, AJournalExportThatFailsHalfwayLeavesNoFile) {
  std::vector<Entry> entries;  // enough to pass one chunk of output before the failure
  for (int i = 1; i <= 3000; ++i) entries.push_back(testing::MakeEntry("inv-" + std::to_string(i)));
  PostOptions o;
  o.mode = BatchMode::kAllOrNothing;
  ASSERT_TRUE(journal_->PostBatch(entries, o).all_ok());
  // An account name with a space (only possible around the journal) would read as name and amount.
  journal_->db().sql() << "INSERT INTO entries (id, entry_key, book, effective_date, period, recorded_at,"
                          " memo, posted_by, body_sha256, prev_hash, hash) VALUES (3001, 'raw', 'actual',"
                          " '2025-06-30', '2025-06', 'x', 'm', 'raw', 'b', 'p', 'h')";
  journal_->db().sql() << "INSERT INTO postings (entry_id, seq, account, partner, amount) VALUES"
                          " (3001, 1, 'pool cash', 'ICB', 1), (3001, 2, 'pool:cash', 'ICB', -1)";
  const std::set<std::string> before = FilesIn(dir_.path());
  const std::string path = dir_.File("out.journal");
  Status st = reports::ExportJournalToFile(journal_->db(), path);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("entry 3001: the account \"pool cash\" cannot"), std::string::npos)
      << st.message();
  EXPECT_EQ(FilesIn(dir_.path()), before);
}

TEST_F(ExportTest, ALedgerWithoutTheFundTablesHasNoApprovers) {
  Post(testing::MakeEntry("inv-1"));
  journal_->db().sql() << "DROP TABLE fund_virements";
  const Rows rows = ParseCsv(Csv());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][kApprover] + rows[2][kApprover], "");
}

class ExportFundTest : public testing::FundTest {};

TEST_F(ExportFundTest, TheApproverIsWhoDecidedTheApprovedVirement) {
  auto big =
      fund_->RequestVirement("PKG", "CRISIS", M("60.00"), Date{2025, 7, 1}, "VIR-1", "winter", "officer");
  ASSERT_TRUE(big.ok()) << big.status().message();
  auto approved = fund_->DecideVirement(big->id, true, "lead.holder", "ICB", "agreed");
  ASSERT_TRUE(approved.ok()) << approved.status().message();
  auto small =
      fund_->RequestVirement("PKG", "OTHER", M("10.00"), Date{2025, 7, 2}, "VIR-2", "advocacy", "officer");
  ASSERT_TRUE(small.ok()) << small.status().message();
  auto rejected_req =
      fund_->RequestVirement("PKG", "PHB", M("70.00"), Date{2025, 7, 3}, "VIR-3", "x", "officer");
  ASSERT_TRUE(rejected_req.ok());
  ASSERT_TRUE(fund_->DecideVirement(rejected_req->id, false, "lead.holder", "ICB", "no").ok());

  std::ostringstream out;
  auto m = reports::ExportAudit(journal_->db(), out);
  ASSERT_TRUE(m.ok()) << m.status().message();
  const Rows rows = ParseCsv(out.str());
  const std::string big_id = std::to_string(*approved->entry_id), small_id = std::to_string(*small->entry_id);
  int big_rows = 0, small_rows = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][kEntryId] == big_id) {
      ++big_rows;
      EXPECT_EQ(rows[i][kApprover], "lead.holder");
    } else if (rows[i][kEntryId] == small_id) {
      ++small_rows;
      EXPECT_EQ(rows[i][kApprover], "within threshold");
    } else {
      EXPECT_EQ(rows[i][kApprover], "") << "entry " << rows[i][kEntryId];
    }
  }
  const auto postings_of = [&](const std::string& id) {
    return std::stoi(
        Scalar(journal_->db(), "SELECT CAST(COUNT(*) AS TEXT) FROM postings WHERE entry_id = " + id));
  };
  EXPECT_EQ(big_rows, postings_of(big_id));
  EXPECT_GT(big_rows, 0);
  EXPECT_EQ(small_rows, postings_of(small_id));
  EXPECT_EQ(m->rows, static_cast<long long>(rows.size() - 1));
  for (const auto& [book, total] : m->totals_by_book) EXPECT_TRUE(total.is_zero()) << book;
}

// ---- The hledger / ledger journal --------------------------------------------------------------

TEST(JournalDescription, IsOneLineWithoutCommentsOrBrokenText) {
  EXPECT_EQ(reports::JournalDescription("Invoice 7; see (note) *now* !"), "Invoice 7, see (note) *now* !");
  EXPECT_EQ(reports::JournalDescription("  two\n\r\tlines  \x7f end  "), "two lines end");
  EXPECT_EQ(reports::JournalDescription("Café — £12 日本"), "Café — £12 日本");
  EXPECT_EQ(reports::JournalDescription("a\xC2\x85"
                                        "b\xE2\x80\xA8"
                                        "c"),
            "a b c");  // NEL, line separator
  EXPECT_EQ(reports::JournalDescription("bad \xFF\xC3 bytes \xE2\x82"), "bad ?? bytes ??");
  EXPECT_EQ(reports::JournalDescription(""), "");
}

TEST_F(ExportTest, JournalTextIsAsDocumented) {
  const Receipt r = Post(testing::MakeEntry("inv-1", "100.00"));
  const std::string text = Journal();
  const std::string expected =
      "\n2025-06-30 (1) Invoice inv-1\n"
      "    ; key: inv-1\n"
      "    ; hash: " +
      r.hash +
      "\n"
      "    actual:spend:package:ICB  100.00 GBP\n"
      "        ; person: P-3F9A0C\n"
      "        ; line: LD-PKG\n"
      "    actual:pool:cash:ICB  -100.00 GBP\n";
  ASSERT_GE(text.size(), expected.size());
  EXPECT_EQ(text.substr(text.size() - expected.size()), expected);
  EXPECT_EQ(text[0], ';');
}

class ToolsTest : public ExportTest {
 protected:
  void SetUp() override {
    ExportTest::SetUp();
    hledger_ = FindTool("hledger");
    ledger_ = FindTool("ledger");
  }
  std::string hledger_, ledger_;
};

TEST_F(ToolsTest, AwkwardMemosAndKeysReadTheSameInHledgerAndLedger) {
  if (hledger_.empty()) GTEST_SKIP() << "hledger is not installed (apt-get install hledger); CI installs it";
  const std::vector<std::string> memos = {
      "Refund; see note (ref 12) *urgent* !",
      "(starts with a parenthesis)",
      "* starts with a star",
      "! starts with a bang",
      "Café — £12 résumé 日本",
      "payee | note  @ 3 {x} [y] =z #h  ",
      "=SUM(A1)",
      "1.00 GBP",
  };
  for (std::size_t i = 0; i < memos.size(); ++i) Post(Transfer("awk-" + std::to_string(i), "1.00", memos[i]));
  Entry odd = testing::MakeEntry("k;(x)*!:y:,z");
  Post(odd);
  ReverseOptions o;
  o.reason = "test";
  ASSERT_TRUE(journal_->Reverse(2, o).ok());
  const std::string file = dir_.File("awkward.journal");
  ASSERT_TRUE(reports::ExportJournalToFile(journal_->db(), file).ok());
  const std::string err = dir_.File("err.txt");

  std::map<std::string, std::string> comments;
  const auto h = HledgerDescriptions(hledger_, file, err, &comments);
  ASSERT_EQ(h.size(), memos.size() + 2);
  EXPECT_EQ(h.at("1"), "Refund, see note (ref 12) *urgent* !");
  EXPECT_EQ(h.at("2"), "(starts with a parenthesis)");
  EXPECT_EQ(h.at("3"), "* starts with a star");
  EXPECT_EQ(h.at("4"), "! starts with a bang");
  EXPECT_EQ(h.at("5"), "Café — £12 résumé 日本");
  EXPECT_EQ(h.at("6"), "payee | note @ 3 {x} [y] =z #h");
  EXPECT_EQ(h.at("7"), "=SUM(A1)");
  EXPECT_EQ(h.at("8"), "1.00 GBP");
  for (std::size_t i = 0; i < memos.size(); ++i) {
    EXPECT_EQ(h.at(std::to_string(i + 1)), reports::JournalDescription(memos[i]));
  }
  EXPECT_NE(comments.at("9").find("key: k;(x)*!:y:,z"), std::string::npos) << comments.at("9");
  EXPECT_NE(comments.at("10").find("reverses: 2"), std::string::npos) << comments.at("10");
  EXPECT_EQ(HledgerBalances(hledger_, file, err), PoolbookBalances(*journal_));

  if (ledger_.empty()) GTEST_SKIP() << "ledger is not installed (apt-get install ledger); CI installs it";
  EXPECT_EQ(LedgerDescriptions(ledger_, file, err), h);
  ExpectLedgerAgrees(ledger_, file, err, PoolbookBalances(*journal_));
}

TEST_F(ToolsTest, AMemoWithLineBreaksCannotInjectATransaction) {
  if (hledger_.empty()) GTEST_SKIP() << "hledger is not installed (apt-get install hledger); CI installs it";
  Post(testing::MakeEntry("inv-1"));
  InsertRawEntry(
      journal_->db(), 2,
      "first line\nsecond; line\r\n2025-01-01 (99) injected\n    actual:pool:cash:ICB  1.00 GBP\n");
  const std::string file = dir_.File("breaks.journal");
  ASSERT_TRUE(reports::ExportJournalToFile(journal_->db(), file).ok());
  const std::string err = dir_.File("err.txt");
  const auto h = HledgerDescriptions(hledger_, file, err);
  EXPECT_EQ(h, (std::map<std::string, std::string>{
                   {"1", "Invoice inv-1"},
                   {"2", "first line second, line 2025-01-01 (99) injected actual:pool:cash:ICB 1.00 GBP"}}));
  if (ledger_.empty()) GTEST_SKIP() << "ledger is not installed (apt-get install ledger); CI installs it";
  EXPECT_EQ(LedgerDescriptions(ledger_, file, err), h);
}

// The demo fund's two years (100 people): every balance hledger and ledger compute from the export
// is poolbook's, and the tools show no account poolbook does not have.
class DemoExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto j = Journal::Open(dir_->File("demo.db"), testing::FixedClock());
    ASSERT_TRUE(j.ok()) << j.status().message();
    journal_ = j->release();
    fund::DemoOptions o;
    o.people = 100;
    auto s = fund::BuildDemoFund(*journal_, o);
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_GT(s->virements, 0);
    ASSERT_EQ(s->years, 2);  // a year closed into reserves, and November's care still committed
    ASSERT_TRUE(reports::ExportJournalToFile(journal_->db(), dir_->File("demo.journal")).ok());
  }
  static void TearDownTestSuite() {
    delete journal_;
    delete dir_;
    journal_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(journal_, nullptr);
    poolbook_ = PoolbookBalances(*journal_);
    ASSERT_GT(poolbook_.size(), 100u);  // many accounts, partners and all three books
    for (const char* book : {"actual:", "budget:", "commitment:"}) {
      EXPECT_TRUE(std::any_of(poolbook_.begin(), poolbook_.end(), [&](const auto& b) {
        return b.first.rfind(book, 0) == 0;
      })) << book;
    }
  }
  static inline testing::TempDir* dir_ = nullptr;
  static inline Journal* journal_ = nullptr;
  std::map<std::string, std::string> poolbook_;
};

TEST_F(DemoExportTest, HledgerBalancesArePoolbooksPerBookAccountAndPartner) {
  const std::string hledger = FindTool("hledger");
  if (hledger.empty()) GTEST_SKIP() << "hledger is not installed (apt-get install hledger); CI installs it";
  EXPECT_EQ(HledgerBalances(hledger, dir_->File("demo.journal"), dir_->File("err.txt")), poolbook_);
}

TEST_F(DemoExportTest, LedgerBalancesArePoolbooksPerBookAccountAndPartner) {
  const std::string ledger = FindTool("ledger");
  if (ledger.empty()) GTEST_SKIP() << "ledger is not installed (apt-get install ledger); CI installs it";
  ExpectLedgerAgrees(ledger, dir_->File("demo.journal"), dir_->File("err.txt"), poolbook_);
}

}  // namespace
}  // namespace poolbook
