// GET /api/v1/exports/audit and /api/v1/exports/audit/manifest: the streamed CSV is byte for byte
// what ExportAudit writes through the same entry, the manifest describes exactly those bytes, the
// `through` bound holds while entries are appended, only auditors may call either, every person
// the CSV shows is in the access log, a bad `through` is refused, and kExportsAtOnceMax exports
// run at once (one more is 503) with a stalled client releasing its slot and its snapshot.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <sstream>

#include "ledger/chain.h"
#include "reports/export.h"
#include "testing/server_fixture.h"

namespace poolbook::testing {
namespace {

using api::Role;
using nlohmann::json;

constexpr const char* kCsv = "/api/v1/exports/audit";
constexpr const char* kManifest = "/api/v1/exports/audit/manifest";

// The data rows of an audit CSV: its lines after the header (memos hold no line breaks here).
std::size_t DataRows(const std::string& csv) {
  std::size_t n = 0;
  for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++n;
  return n == 0 ? 0 : n - 1;
}

// A raw TCP connection to 127.0.0.1:`port` with a small receive buffer, so that a response larger
// than the socket buffers cannot be sent while the client does not read.

// Reads until the end of the response's headers (and whatever came with them); returns them.
std::string ReadHeaders(int fd) {
  std::string got;
  char buf[1024];
  while (got.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got.substr(0, got.find("\r\n\r\n"));
}

class ExportRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    // Contributions, a package for P-1A2B3C paid once, and a second person's package.
    FundEverything();
    ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 2}, "officer").ok());
    ASSERT_TRUE(fund_->RegisterPerson("P-4D5E6F", "", "", "officer").ok());
    fund::PackageSpec other = Spec("PK-2");
    other.person = "P-4D5E6F";
    ASSERT_TRUE(fund_->Commission(other, Date{2025, 6, 2}, "officer").ok());
  }
  long long Head() {
    auto h = reports::LastEntryId(journal_->db());
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : -1;
  }
  // What ExportAudit writes through `through`, read on the test's own connection.
  std::string Expected(long long through, reports::AuditManifest* m = nullptr) {
    std::ostringstream out;
    auto r = reports::ExportAudit(journal_->db(), out, through);
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (m && r.ok()) *m = *r;
    return out.str();
  }
  httplib::Result Get(Role role, const std::string& path) {
    httplib::Client cl = Client();
    return cl.Get(path.c_str(), {{"Authorization", "Bearer " + tokens_[role]}});
  }
  // The access log's (person, route, user) rows, in order.
  std::vector<std::string> Logged() {
    std::vector<std::string> out;
    soci::rowset<std::string> rows =
        (journal_->db().sql().prepare << "SELECT person || '|' || route || '|' || user_name || '|' || target"
                                         " FROM access_log ORDER BY id");
    for (const std::string& r : rows) out.push_back(r);
    return out;
  }
};

TEST_F(ExportRoutesTest, TheStreamedCsvIsWhatExportAuditWritesAndTheManifestDescribesIt) {
  const long long head = Head();
  ASSERT_GT(head, 0);
  auto r = Get(Role::kAuditor, kCsv);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Content-Disposition"),
            "attachment; filename=\"poolbook-audit-through-" + std::to_string(head) + ".csv\"");
  EXPECT_EQ(r->get_header_value("Poolbook-Through-Entry"), std::to_string(head));
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(r->get_header_value("Transfer-Encoding"), "chunked");  // streamed, not held whole
  EXPECT_FALSE(r->has_header("Content-Length"));
  reports::AuditManifest want;
  const std::string expected = Expected(head, &want);
  EXPECT_EQ(r->body, expected);  // byte for byte
  long long postings = 0;
  journal_->db().sql() << "SELECT COUNT(*) FROM postings", soci::into(postings);
  EXPECT_EQ(want.rows, postings);

  auto m = Get(Role::kAuditor, std::string(kManifest) + "?through=" + std::to_string(head));
  ASSERT_TRUE(m);
  ASSERT_EQ(m->status, 200) << m->body;
  EXPECT_EQ(m->get_header_value("Poolbook-Through-Entry"), std::to_string(head));
  const json j = json::parse(m->body);
  EXPECT_EQ(j["sha256"], Sha256Hex(r->body));
  EXPECT_EQ(j["rows"], DataRows(r->body));
  EXPECT_EQ(j["rows"], want.rows);
  EXPECT_EQ(j["entries"], want.entries);
  EXPECT_EQ(j["through"], head);
  EXPECT_EQ(j["file"], "poolbook-audit-through-" + std::to_string(head) + ".csv");
  EXPECT_EQ(j["first_hash"], want.first_hash);
  EXPECT_EQ(j["last_hash"], want.last_hash);
  EXPECT_EQ(j["totals_by_book"]["actual"], "0.00");
  EXPECT_EQ(j["totals_by_book_and_partner"]["commitment"]["ICB"],
            want.totals_by_book_and_partner["commitment"]["ICB"].ToString());
  EXPECT_EQ(j["generated_by"], "poolbook");
  // Without ?through= the manifest is for the last entry too.
  auto latest = Get(Role::kAuditor, kManifest);
  ASSERT_TRUE(latest);
  EXPECT_EQ(json::parse(latest->body)["sha256"], j["sha256"]);
}

// Entries appended after the first download, one of them reversing an entry inside it, change
// nothing of the export through the same entry: the same bytes, the same manifest. Without
// `through`, the export goes on to the new last entry.
TEST_F(ExportRoutesTest, TheThroughBoundHoldsWhileEntriesAreAppended) {
  // An officer's own entry, which may be reversed (an entry the fund wrote may not).
  Entry own;
  own.key = "adj-1";
  own.book = Book::kActual;
  own.date = Date{2025, 6, 1};
  own.memo = "a receivable settled";
  own.postings = {{"pool:cash", "ICB", "", "", M("1.00")}, {"pool:receivable", "ICB", "", "", -M("1.00")}};
  auto own_entry = journal_->Post(own, "officer");
  ASSERT_TRUE(own_entry.ok()) << own_entry.status().message();
  const long long first = Head();
  auto before = Get(Role::kAuditor, kCsv);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);
  ASSERT_EQ(before->get_header_value("Poolbook-Through-Entry"), std::to_string(first));

  ASSERT_TRUE(fund_->RegisterPerson("P-7A8B9C", "", "", "officer").ok());
  fund::PackageSpec later = Spec("PK-3");
  later.person = "P-7A8B9C";
  ASSERT_TRUE(fund_->Commission(later, Date{2025, 6, 2}, "officer").ok());
  ReverseOptions undo;
  undo.user = "officer";
  undo.reason = "a reversal after the first download";
  ASSERT_TRUE(journal_->Reverse(own_entry->id, undo).ok());
  const long long now = Head();
  ASSERT_GT(now, first + 1);

  const std::string q = "?through=" + std::to_string(first);
  auto again = Get(Role::kAuditor, kCsv + q);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(again->get_header_value("Poolbook-Through-Entry"), std::to_string(first));
  EXPECT_EQ(again->body, before->body);
  EXPECT_EQ(again->body.find("P-7A8B9C"), std::string::npos);
  auto m = Get(Role::kAuditor, kManifest + q);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->status, 200);
  EXPECT_EQ(json::parse(m->body)["sha256"], Sha256Hex(before->body));
  EXPECT_EQ(json::parse(m->body)["through"], first);

  auto all = Get(Role::kAuditor, kCsv);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->get_header_value("Poolbook-Through-Entry"), std::to_string(now));
  EXPECT_EQ(all->body, Expected(now));
  EXPECT_NE(all->body.find("P-7A8B9C"), std::string::npos);
  EXPECT_EQ(all->body.substr(0, 200), before->body.substr(0, 200));
  EXPECT_NE(all->body, before->body);
}

TEST_F(ExportRoutesTest, OnlyAuditorsMayCallEither) {
  for (const char* path : {kCsv, kManifest}) {
    for (Role role : api::kAllRoles) {
      auto r = Get(role, path);
      ASSERT_TRUE(r);
      if (role == Role::kAuditor) {
        EXPECT_EQ(r->status, 200) << path;
      } else {
        EXPECT_EQ(r->status, 403) << path << " as " << api::RoleName(role);
        EXPECT_NE(r->body.find("it is for: auditor"), std::string::npos) << r->body;
      }
    }
    EXPECT_EQ(CallToken("", "GET", path).status, 401);
  }
}

// Every person with a posting through the bound is logged, once each, before the CSV is sent;
// the manifest names no one and logs no one; refusals log no one.
TEST_F(ExportRoutesTest, TheAccessLogGetsEveryPersonTheCsvShows) {
  const long long head_id = Head();
  auto m = Get(Role::kAuditor, kManifest);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_TRUE(Logged().empty());
  EXPECT_EQ(Get(Role::kCommissioner, kCsv)->status, 403);
  EXPECT_EQ(Get(Role::kAuditor, std::string(kCsv) + "?through=x")->status, 400);
  auto head = Client().Head(kCsv, {{"Authorization", "Bearer " + tokens_[Role::kAuditor]}});
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);  // the headers only: no one is shown
  EXPECT_EQ(head->get_header_value("Poolbook-Through-Entry"), std::to_string(head_id));
  EXPECT_TRUE(Logged().empty());

  auto r = Get(Role::kAuditor, kCsv);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::vector<std::string> want = {"P-1A2B3C|/api/v1/exports/audit|t-auditor|/api/v1/exports/audit",
                                         "P-4D5E6F|/api/v1/exports/audit|t-auditor|/api/v1/exports/audit"};
  EXPECT_EQ(Logged(), want);
  // They are the people in the CSV (the person column of each row), and no one else.
  auto people = reports::PeopleThrough(journal_->db(), head_id);
  ASSERT_TRUE(people.ok());
  EXPECT_EQ(*people, (std::vector<std::string>{"P-1A2B3C", "P-4D5E6F"}));
  for (const std::string& p : *people) EXPECT_NE(r->body.find("," + p + ","), std::string::npos);

  // Through an entry before the second person's package: only the first is shown and logged.
  soci::indicator ind;
  long long first_of_second = 0;
  journal_->db().sql() << "SELECT MIN(entry_id) FROM postings WHERE person = 'P-4D5E6F'",
      soci::into(first_of_second, ind);
  const std::string q = "?through=" + std::to_string(first_of_second - 1);
  auto part = Get(Role::kAuditor, kCsv + q);
  ASSERT_TRUE(part);
  ASSERT_EQ(part->status, 200);
  EXPECT_EQ(part->body.find("P-4D5E6F"), std::string::npos);
  const std::vector<std::string> all = Logged();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2], "P-1A2B3C|/api/v1/exports/audit|t-auditor|/api/v1/exports/audit" + q);
}

TEST_F(ExportRoutesTest, ABadThroughIsRefusedNamingIt) {
  for (const char* bad : {"?through=abc", "?through=0", "?through=-1", "?through=1.5",
                          "?through=", "?through=1234567890123456789", "?through=1&through=2"}) {
    for (const char* path : {kCsv, kManifest}) {
      auto r = Call(Role::kAuditor, "GET", std::string(path) + bad);
      EXPECT_EQ(r.status, 400) << path << bad << ": " << r.raw;
      EXPECT_EQ(r.body["type"], "/problems/invalid-input") << path << bad;
      EXPECT_EQ(r.body["field"], "through") << path << bad << ": " << r.raw;
    }
  }
  auto other = Call(Role::kAuditor, "GET", std::string(kCsv) + "?from=2025-04");
  EXPECT_EQ(other.status, 400) << other.raw;
  // Well formed, but past the last entry recorded: the ledger refuses it.
  const std::string past = "?through=" + std::to_string(Head() + 1);
  for (const char* path : {kCsv, kManifest}) {
    auto r = Call(Role::kAuditor, "GET", path + past);
    EXPECT_EQ(r.status, 422) << r.raw;
    EXPECT_EQ(r.body["field"], "through");
    EXPECT_NE(r.body["detail"].get<std::string>().find("the last entry recorded is"), std::string::npos);
  }
  EXPECT_TRUE(Logged().empty());
  EXPECT_EQ(server_->exports_running(), 0);  // no refusal kept its slot
}

// A ledger whose CSV (about 20 MB) cannot fit in the socket buffers: a client that reads only the
// headers holds its export, and its slot, until it goes away or write_timeout_seconds pass.
class ExportLimitTest : public ExportRoutesTest {
 protected:
  static constexpr int kEntries = 100;
  static constexpr int kPostings = 1000;
  int write_timeout_ = 600;  // long enough that no held export is given up on while a test looks
  void Configure(config::ServerConfig& c) override { c.limits.write_timeout_seconds = write_timeout_; }
  void SetUp() override {
    ExportRoutesTest::SetUp();
    if (HasFatalFailure()) return;
    const std::vector<poolbook::Entry> entries = testing::LargeEntries(kEntries, kPostings);
    ASSERT_TRUE(journal_->PostBatch(entries, {}).all_ok());
  }
  // Asks for the CSV on a connection that then reads only the response's headers.
  int Stall(std::string* headers) {
    const int fd = testing::ConnectTo(port_, 4096);
    const std::string req = std::string("GET ") + kCsv + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                            tokens_[Role::kAuditor] + "\r\n\r\n";
    EXPECT_EQ(write(fd, req.data(), req.size()), static_cast<ssize_t>(req.size()));
    *headers = ReadHeaders(fd);
    return fd;
  }
  // Waits (without limit on the result, only on how long) until `n` exports are running.
  void WaitForRunning(int n) {
    for (int i = 0; i < 3000 && server_->exports_running() != n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
};

TEST_F(ExportLimitTest, AtMostExportsAtOnceMaxRunAndOneMoreIs503) {
  std::vector<int> held;
  for (int i = 0; i < api::kExportsAtOnceMax; ++i) {
    std::string headers;
    held.push_back(Stall(&headers));
    ASSERT_EQ(headers.rfind("HTTP/1.1 200", 0), 0u)
        << "export " << i + 1 << " of " << api::kExportsAtOnceMax << " at once: " << headers;
  }
  // The slot is taken before the headers are sent and kept until the body is done.
  EXPECT_EQ(server_->exports_running(), api::kExportsAtOnceMax);
  for (const char* path : {kCsv, kManifest}) {
    auto r = Get(Role::kAuditor, path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503) << path;
    EXPECT_EQ(r->get_header_value("Retry-After"), "1");
    EXPECT_NE(r->body.find("/problems/unavailable"), std::string::npos) << r->body;
    EXPECT_NE(r->body.find("try again"), std::string::npos) << r->body;
  }
  // One goes away: its slot is free again, and the next export runs whole.
  close(held.back());
  held.pop_back();
  WaitForRunning(api::kExportsAtOnceMax - 1);
  ASSERT_EQ(server_->exports_running(), api::kExportsAtOnceMax - 1);
  auto m = Get(Role::kAuditor, kManifest);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_GT(json::parse(m->body)["rows"].get<long long>(), kEntries * kPostings);
  for (int fd : held) close(fd);
  WaitForRunning(0);
  EXPECT_EQ(server_->exports_running(), 0);
}

class ExportStalledClientTest : public ExportLimitTest {
 protected:
  void Configure(config::ServerConfig& c) override { c.limits.write_timeout_seconds = 1; }
};

// A client that stops reading (and keeps its connection open) is given up on after
// write_timeout_seconds: its slot is free and its read transaction over, so the ledger's WAL can
// be checkpointed past the snapshot the export was reading.
TEST_F(ExportStalledClientTest, AClientThatStopsReadingReleasesItsSlotAndSnapshot) {
  auto checkpoint = [&] {
    int busy = 0, log = 0, done = 0;
    journal_->db().sql() << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(log),
        soci::into(done);
    return std::make_pair(log, done);
  };
  std::string headers;
  const int fd = Stall(&headers);
  ASSERT_EQ(headers.rfind("HTTP/1.1 200", 0), 0u) << headers;
  // Written after the export's snapshot: while the export reads, these frames cannot be copied back.
  poolbook::Entry after;
  after.key = "after-the-snapshot";
  after.date = *Date::Parse("2025-06-30");
  after.postings = {{"pool:cash", "ICB", "", "", M("1.00")}, {"pool:receivable", "ICB", "", "", -M("1.00")}};
  ASSERT_TRUE(journal_->Post(after, "officer").ok());
  if (server_->exports_running() == 1) {
    auto [log, done] = checkpoint();
    EXPECT_LT(done, log) << "the export's snapshot should hold the WAL";
  }
  WaitForRunning(0);
  ASSERT_EQ(server_->exports_running(), 0) << "the stalled export was not given up on";
  auto [log, done] = checkpoint();
  EXPECT_EQ(done, log) << "a read transaction is still open";
  // The connection was cut: it ends before the body does.
  std::string rest;
  char buf[1 << 16];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) rest.append(buf, static_cast<std::size_t>(n));
  close(fd);
  EXPECT_EQ(rest.find("\r\n0\r\n\r\n"), std::string::npos) << "the last chunk was sent";
  auto next = Get(Role::kAuditor, kManifest);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

}  // namespace
}  // namespace poolbook::testing
