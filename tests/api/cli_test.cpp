// The poolbook command line: every command form scripts rely on, exit codes 0/1/2, and messages.
#include "api/cli.h"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "api/auth.h"
#include "api/cli_commands.h"
#include "ledger/journal.h"
#include "testing/temp_dir.h"

namespace poolbook::api {
namespace {

struct Outcome {
  int code;
  std::string out, err;
};

class CliTest : public ::testing::Test {
 protected:
  Outcome Cli(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), {"--db", db_});
    std::istringstream in(stdin_text);
    std::ostringstream out, err;
    int code = RunCli(args, in, out, err);
    return {code, out.str(), err.str()};
  }
  static Outcome RunCliText(const std::vector<std::string>& args) {
    std::istringstream in;
    std::ostringstream out, err;
    int code = RunCli(args, in, out, err);
    return {code, out.str(), err.str()};
  }
  void AddBasics() {
    ASSERT_EQ(Cli({"init"}).code, kExitOk);
    ASSERT_EQ(Cli({"partner", "add", "ICB", "NHS Example ICB"}).code, kExitOk);
    ASSERT_EQ(Cli({"partner", "add", "CNCL", "Example Council"}).code, kExitOk);
    ASSERT_EQ(Cli({"account", "open", "pool:cash", "asset"}).code, kExitOk);
    ASSERT_EQ(Cli({"account", "open", "spend:package", "expense"}).code, kExitOk);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_.File(name);
    std::ofstream(path) << text;
    return path;
  }
  testing::TempDir dir_;
  std::string db_ = dir_.File("cli.db");
};

const char* kEntry = R"({"key": "inv-2025-000123", "book": "actual", "date": "2025-06-30",
  "memo": "Invoice 123, Acme Care, June",
  "postings": [
    {"account": "spend:package", "partner": "ICB", "person": "P-3F9A0C", "line": "LD-PKG", "amount": "740.74"},
    {"account": "spend:package", "partner": "CNCL", "person": "P-3F9A0C", "line": "LD-PKG", "amount": "493.82"},
    {"account": "pool:cash", "partner": "ICB", "amount": "-740.74"},
    {"account": "pool:cash", "partner": "CNCL", "amount": "-493.82"}]})";

TEST_F(CliTest, PostFromStdinAndFileThenBalanceAndTrialBalance) {
  AddBasics();
  Outcome posted = Cli({"post"}, kEntry);
  ASSERT_EQ(posted.code, kExitOk) << posted.err;
  EXPECT_EQ(posted.out.rfind("posted entry 1 ", 0), 0u) << posted.out;
  Outcome again = Cli({"post", Write("e.json", kEntry)});
  EXPECT_EQ(again.code, kExitOk);
  EXPECT_NE(again.out.find("already posted as entry 1"), std::string::npos);
  EXPECT_EQ(Cli({"balance", "spend:package"}).out, "1234.56\n");
  EXPECT_EQ(Cli({"balance", "spend", "--partner", "CNCL"}).out, "493.82\n");
  EXPECT_EQ(Cli({"balance", "pool:cash", "--book", "budget"}).out, "0.00\n");
  Outcome tb = Cli({"trial-balance", "--format", "json"});
  ASSERT_EQ(tb.code, kExitOk);
  EXPECT_EQ(nlohmann::json::parse(tb.out)["books"][0]["total_debit"], "1234.56");
  EXPECT_EQ(Cli({"trial-balance", "--format=csv", "--book", "actual"}).out.substr(0, 31),
            "book,account,type,debit,credit\r");
  Outcome show = Cli({"show", "1"});
  ASSERT_EQ(show.code, kExitOk);
  EXPECT_EQ(nlohmann::json::parse(show.out)["postings"][1]["amount"], "493.82");
}

TEST_F(CliTest, RefusalsExitOneWithOneClearLine) {
  AddBasics();
  struct Case {
    std::vector<std::string> args;
    std::string stdin_text;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {{"post"},
       R"({"key":"k","book":"actual","date":"2025-06-30","postings":[{"account":"pool:cash","partner":"ICB","amount":12.5}]})",
       "amounts are strings like \"12.50\""},
      {{"post"}, "{not json", "not valid JSON"},
      {{"post"}, R"({"key":"k","book":"actual","date":"2025-02-30","postings":[]})", "does not exist"},
      {{"post", dir_.File("missing.json")}, "", "cannot read file"},
      {{"balance", "nowhere"}, "", "there is no account \"nowhere\""},
      {{"balance", "pool:cash", "--book", "forecast"}, "", "is not one of actual, budget, commitment"},
      {{"account", "open", "x:y", "asset-ish"}, "", "account type \"asset-ish\""},
      {{"partner", "add", "ICB", "Again"}, "", "already exists"},
      {{"reverse", "7", "--reason", "x"}, "", "there is no entry 7"},
      {{"reverse", "abc", "--reason", "x"}, "", "is not an entry id"},
      {{"close-period", "2025-13"}, "", "has no month 13"},
      {{"import", dir_.File("none.csv")}, "", "cannot read file"},
      {{"show", "1"}, "", "there is no entry 1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args[0] + (c.args.size() > 1 ? " " + c.args[1] : ""));
    Outcome r = Cli(c.args, c.stdin_text);
    EXPECT_EQ(r.code, kExitRefused) << r.err;
    EXPECT_NE(r.err.find(c.message_part), std::string::npos) << r.err;
    EXPECT_EQ(r.err.rfind("poolbook: ", 0), 0u) << r.err;
  }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  for (const auto& args : std::vector<std::vector<std::string>>{{},
                                                                {"frobnicate"},
                                                                {"verify", "--bogus"},
                                                                {"balance"},
                                                                {"reverse", "1"},
                                                                {"partner", "add", "X"},
                                                                {"trial-balance", "--format", "xml"},
                                                                {"close-period"},
                                                                {"post", "a", "b"},
                                                                {"--db"}}) {
    std::istringstream in;
    std::ostringstream out, err;
    EXPECT_EQ(RunCli(args, in, out, err), kExitUsage) << (args.empty() ? "(none)" : args[0]);
    EXPECT_NE(err.str().find("usage: poolbook"), std::string::npos);
  }
}

// Every command refuses an option it does not take, wherever it stands on the line, with the usage
// text and exit code 2, before it opens the ledger.
TEST_F(CliTest, EveryCommandRefusesAnUnknownOption) {
  ASSERT_FALSE(Commands().empty());
  for (const CommandSpec& spec : Commands()) {
    std::vector<std::string> line;
    for (std::istringstream words(spec.path); !words.eof();) {
      std::string w;
      words >> w;
      line.push_back(w);
    }
    const std::size_t words = line.size();
    for (const char* operand : spec.operands) line.push_back(std::string(operand).back() == '?' ? "-" : "1");
    for (const char* required : spec.required) line.insert(line.end(), {required, "x"});
    for (std::string unknown : {"--no-such-option", "--no-such-option=1", "--partner"}) {
      if (unknown == "--partner" && std::string(spec.path) == "balance") continue;  // balance takes it
      for (std::size_t at : {words, line.size()}) {
        std::vector<std::string> args = {"--db", db_};
        args.insert(args.end(), line.begin(), line.end());
        args.insert(args.begin() + 2 + static_cast<long>(at), unknown);
        if (unknown == "--partner") args.insert(args.begin() + 3 + static_cast<long>(at), "NOPE");
        SCOPED_TRACE(std::string(spec.path) + " with " + unknown + " at " + std::to_string(at));
        std::istringstream in;
        std::ostringstream out, err;
        EXPECT_EQ(RunCli(args, in, out, err), kExitUsage) << out.str() << err.str();
        EXPECT_NE(err.str().find("usage: poolbook"), std::string::npos) << err.str();
        EXPECT_EQ(out.str(), "");
      }
    }
  }
  std::ifstream db(db_);
  EXPECT_FALSE(db.good()) << "a refused command line opened the ledger";
}

// The forms the parser keeps: options before or after the command's words, --name=value, the last
// of a repeated option, an operand that is also a command's name, --help anywhere.
TEST_F(CliTest, OptionsAnywhereAndHelp) {
  AddBasics();
  Outcome listed = RunCliText({"partner", "list", "--db", db_});
  EXPECT_NE(listed.out.find("ICB\tNHS Example ICB\n"), std::string::npos) << listed.out << listed.err;
  EXPECT_EQ(Cli({"balance", "--book=budget", "--book", "actual", "pool:cash"}).code, kExitOk);
  Outcome shown = Cli({"show", "init"});
  EXPECT_EQ(shown.code, kExitRefused) << shown.err;
  EXPECT_NE(shown.err.find("is not an entry id"), std::string::npos) << shown.err;
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"}, {"report", "--help"}}) {
    Outcome help = RunCliText(args);
    EXPECT_EQ(help.code, kExitOk);
    EXPECT_EQ(help.out.rfind("usage: poolbook", 0), 0u) << help.out;
    EXPECT_EQ(help.err, "");
  }
  EXPECT_EQ(Cli({"report", "transparency", "--partner", "NOPE"}).code, kExitUsage);
  EXPECT_EQ(Cli({"export", "audit"}).code, kExitUsage);
  EXPECT_EQ(Cli({"import", "x.csv", "--create-accounts=yes"}).code, kExitUsage);
}

TEST_F(CliTest, ImportReverseClosePeriodAndVerify) {
  AddBasics();
  std::string csv =
      "key,book,date,memo,account,partner,person,line,amount\n"
      "a,actual,2025-05-01,First,spend:package,ICB,,,10.00\n"
      "a,actual,2025-05-01,First,pool:cash,ICB,,,-10.00\n"
      "b,actual,2025-06-01,Second,spend:respite,CNCL,,,5.00\n"
      "b,actual,2025-06-01,Second,pool:cash,CNCL,,,-5.00\n";
  std::string path = Write("in.csv", csv);
  Outcome refused = Cli({"import", path});
  EXPECT_EQ(refused.code, kExitRefused);
  EXPECT_NE(refused.err.find("account \"spend:respite\" does not exist"), std::string::npos) << refused.err;
  Outcome imported = Cli({"import", path, "--create-accounts"});
  ASSERT_EQ(imported.code, kExitOk) << imported.err;
  EXPECT_EQ(imported.out, "imported 4 rows: 2 new entries, 0 already present\n");
  Outcome closed = Cli({"close-period", "2025-05"});
  ASSERT_EQ(closed.code, kExitOk) << closed.err;
  EXPECT_NE(closed.out.find("current open period is 2025-06"), std::string::npos);
  Outcome rev = Cli({"--user", "fo1", "reverse", "1", "--reason", "duplicate"});
  ASSERT_EQ(rev.code, kExitOk) << rev.err;
  EXPECT_EQ(rev.out, "reversed by entry 3\n");
  auto shown = nlohmann::json::parse(Cli({"show", "3"}).out);
  EXPECT_EQ(shown["date"], "2025-06-01");  // May is closed: the reversal goes into June
  EXPECT_EQ(shown["posted_by"], "fo1");
  EXPECT_EQ(Cli({"balance", "spend:package"}).out, "0.00\n");
  Outcome v = Cli({"verify"});
  EXPECT_EQ(v.code, kExitOk) << v.err;
  EXPECT_EQ(v.out.rfind("verify ok: 3 entries, 6 postings", 0), 0u) << v.out;
}

TEST_F(CliTest, ImportFromAPipeOnATerminalShowsCountsOnly) {
  AddBasics();
  const std::string fifo = dir_.File("pipe.csv");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream(fifo) << "key,book,date,memo,account,partner,person,line,amount\n"
                           "a,actual,2025-05-01,m,spend:package,ICB,,,10.00\n"
                           "a,actual,2025-05-01,m,pool:cash,ICB,,,-10.00\n";
  });
  std::istringstream in;
  std::ostringstream out, err;
  int code = RunCli({"--db", db_, "import", fifo}, in, out, err, /*stderr_is_terminal=*/true);
  writer.join();
  EXPECT_EQ(code, kExitOk) << err.str();
  EXPECT_NE(err.str().find("importing 1 entries"), std::string::npos) << err.str();
  EXPECT_EQ(out.str(), "imported 2 rows: 1 new entries, 0 already present\n");
}

// A user and their first token are created together: when the token is refused (its label is one
// byte over the limit) the user is not created either, and the same command then works with a
// label at the limit.
TEST_F(CliTest, UserAddCreatesTheUserAndFirstTokenTogetherOrNeither) {
  ASSERT_EQ(Cli({"init"}).code, kExitOk);
  const std::string over(kTokenLabelBytesMax + 1, 'x');
  Outcome refused = Cli({"user", "add", "alice", "auditor", "--label", over});
  EXPECT_EQ(refused.code, kExitRefused) << refused.out;
  EXPECT_NE(refused.err.find("label"), std::string::npos) << refused.err;
  EXPECT_EQ(Cli({"user", "list"}).out.find("alice"), std::string::npos);
  Outcome added = Cli({"user", "add", "alice", "auditor", "--label", std::string(kTokenLabelBytesMax, 'x')});
  ASSERT_EQ(added.code, kExitOk) << added.err;
  EXPECT_NE(added.out.find("pbt_"), std::string::npos);
  Outcome listed = Cli({"user", "list"});
  EXPECT_NE(listed.out.find("alice\tauditor\t1 live token"), std::string::npos) << listed.out;
}

TEST_F(CliTest, ImportProgressBarOnATerminal) {
  AddBasics();
  std::string path = Write("bar.csv",
                           "key,book,date,memo,account,partner,person,line,amount\n"
                           "a,actual,2025-05-01,m,spend:package,ICB,,,10.00\n"
                           "a,actual,2025-05-01,m,pool:cash,ICB,,,-10.00\n");
  std::istringstream in;
  std::ostringstream out, err;
  ASSERT_EQ(RunCli({"--db", db_, "import", path}, in, out, err, /*stderr_is_terminal=*/true), kExitOk);
  EXPECT_NE(err.str().find("[##############################] 100%  1 entries"), std::string::npos)
      << err.str();
}

TEST_F(CliTest, DemoIsSafeToRunTwice) {
  Outcome first = Cli({"demo"});
  ASSERT_EQ(first.code, kExitOk) << first.err;
  EXPECT_NE(first.out.find("Demo fund written to"), std::string::npos) << first.out;
  Outcome second = Cli({"demo"});
  ASSERT_EQ(second.code, kExitOk) << second.err;
  EXPECT_NE(second.out.find("is already in"), std::string::npos) << second.out;
  // The same fund and the same trial balance both times: 2026-27 through November, its
  // contributions raised to date (ICB's and CNCL2's first three quarters of 8,497,500.00 and
  // 3,090,000.00, CNCL1's eight months of 1,287,500.00) and the budget of 61,800,000.00.
  const auto tail = [](const std::string& s) { return s.substr(s.find("Each partner's money")); };
  EXPECT_EQ(tail(first.out), tail(second.out));
  EXPECT_NE(
      first.out.find("fund:contributions             income                                    45062500.00"),
      std::string::npos)
      << first.out;
  EXPECT_NE(
      first.out.find("budget:funding             income                                    61800000.00"),
      std::string::npos)
      << first.out;
  EXPECT_EQ(Cli({"verify"}).code, kExitOk);
}

TEST_F(CliTest, FundSetupFromTheExampleFileAndStatusAsJson) {
  Outcome none = Cli({"fund", "status"});
  EXPECT_EQ(none.code, kExitRefused);
  EXPECT_NE(none.err.find("no fund is set up in this ledger"), std::string::npos) << none.err;
  const std::string example = std::string(POOLBOOK_SOURCE_DIR) + "/config/example-fund.json";
  Outcome setup = Cli({"fund", "setup", example});
  ASSERT_EQ(setup.code, kExitOk) << setup.err;
  EXPECT_NE(setup.out.find("3 partners, 9 lines; host CNCL1, lead budget holder ICB"), std::string::npos)
      << setup.out;
  Outcome again = Cli({"fund", "setup", example});
  EXPECT_EQ(again.code, kExitRefused);
  EXPECT_NE(again.err.find("already set up"), std::string::npos) << again.err;
  Outcome status = Cli({"fund", "status", "--date", "2025-06-30"});
  ASSERT_EQ(status.code, kExitOk) << status.err;
  const auto j = nlohmann::json::parse(status.out);
  EXPECT_EQ(j["partners"].size(), 3u);
  EXPECT_EQ(j["lines"].size(), 9u);
  EXPECT_EQ(j["lines"][3]["revised"], "21000000.00");
  EXPECT_EQ(j["contributions"][0]["agreed"], "33000000.00");
  EXPECT_EQ(j["fund"]["as_at"], "2025-06-30");
  EXPECT_EQ(Cli({"fund", "status", "--date", "2025-02-30"}).code, kExitRefused);
  EXPECT_EQ(Cli({"fund", "launch"}).code, kExitUsage);
  Outcome bad = Cli({"fund", "setup", Write("bad.json", "{\"name\": 1}")});
  EXPECT_EQ(bad.code, kExitRefused);
  EXPECT_NE(bad.err.find("name must be text"), std::string::npos) << bad.err;
}

// Both exports show every person with a posting: each is written to the access log, with the role
// cli, before the file is written; an export that shows no one logs nothing.
TEST_F(CliTest, ExportsLogEveryPersonTheyShow) {
  AddBasics();
  ASSERT_EQ(Cli({"export", "audit", "--out", dir_.File("empty.csv")}).code, kExitOk);
  ASSERT_EQ(Cli({"post"}, kEntry).code, kExitOk);
  ASSERT_EQ(Cli({"post"}, R"({"key": "inv-2", "book": "actual", "date": "2025-06-30", "postings": [
    {"account": "spend:package", "partner": "ICB", "person": "P-AB12CD", "amount": "1.00"},
    {"account": "pool:cash", "partner": "ICB", "amount": "-1.00"}]})")
                .code,
            kExitOk);
  Outcome audit = Cli({"--user", "alice", "export", "audit", "--out", dir_.File("a.csv")});
  ASSERT_EQ(audit.code, kExitOk) << audit.err;
  Outcome journal = Cli({"--user", "alice", "export", "journal", "--out", dir_.File("a.journal")});
  ASSERT_EQ(journal.code, kExitOk) << journal.err;
  auto j = Journal::Open(db_);
  ASSERT_TRUE(j.ok());
  std::vector<std::string> logged;
  soci::rowset<std::string> rows =
      ((*j)->db().sql().prepare
       << "SELECT person || '|' || user_name || '|' || role || '|' || method || '|' ||"
          " route || '|' || target FROM access_log ORDER BY id");
  for (const std::string& r : rows) logged.push_back(r);
  EXPECT_EQ(logged, (std::vector<std::string>{
                        "P-3F9A0C|alice|cli|CLI|poolbook export audit|poolbook export audit",
                        "P-AB12CD|alice|cli|CLI|poolbook export audit|poolbook export audit",
                        "P-3F9A0C|alice|cli|CLI|poolbook export journal|poolbook export journal",
                        "P-AB12CD|alice|cli|CLI|poolbook export journal|poolbook export journal",
                    }));
}

TEST(CliBinary, ExitCodesFromTheRealExecutable) {
  testing::TempDir dir;
  auto status_of = [](const std::string& cmd) {
    int s = std::system((cmd + " >/dev/null 2>&1").c_str());
    return WEXITSTATUS(s);
  };
  const std::string bin = POOLBOOK_BINARY, db = " --db " + dir.File("b.db");
  EXPECT_EQ(status_of(bin + db + " init"), 0);
  EXPECT_EQ(status_of(bin + db + " balance nothing"), 1);
  EXPECT_EQ(status_of(bin + db + " nonsense"), 2);
  EXPECT_EQ(status_of("echo '{' | " + bin + db + " post"), 1);
}

}  // namespace
}  // namespace poolbook::api
