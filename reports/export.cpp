#include "reports/export.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

#include "ledger/store/sqlite_statement.h"
#include "reports/csv.h"

namespace poolbook::reports {
namespace {

using namespace sqlite_api;

// Output is gathered in a buffer and handed to the stream (and the digest) in chunks of this size.
constexpr std::size_t kChunkBytes = 256 * 1024;

// The stream refused the bytes (disk full, closed pipe): not the database's fault.
struct WriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The database holds something an export cannot carry faithfully.
struct DataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Column i of `q`, which must hold an integer (amounts and ids are never read through text or float).
std::int64_t IntColumn(store::SqliteStatement& q, int i, const char* what) {
  if (!q.IsInteger(i)) throw DataError(std::string("a ") + what + " in the database is not an integer");
  return q.ColumnInt(i);
}

bool HasTable(sqlite3* db, const char* name) {
  store::SqliteStatement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  q.Text(1, name);
  return q.Next();
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
    }
  }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes) {
    if (EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) != 1) {
      throw std::runtime_error("OpenSSL failed computing a SHA-256 digest");
    }
  }
  std::string Hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(ctx_, md, &n) != 1) throw std::runtime_error("OpenSSL failed finishing SHA-256");
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i) {
      out += kDigits[md[i] >> 4];
      out += kDigits[md[i] & 0xF];
    }
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
};

// Collects output and writes it to the stream (feeding the digest, if any) a chunk at a time.
class Sink {
 public:
  Sink(std::ostream& out, Sha256* sha) : out_(out), sha_(sha) { buf.reserve(kChunkBytes + 64 * 1024); }
  std::string buf;
  void RowDone() {
    if (buf.size() >= kChunkBytes) Flush();
  }
  void Flush() {
    if (buf.empty()) return;
    if (sha_ != nullptr) sha_->Update(buf);
    out_.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (!out_) throw WriteError("the output refused the export's bytes");
    buf.clear();
  }

 private:
  std::ostream& out_;
  Sha256* sha_;
};

void AppendInt(std::string& out, std::int64_t v) {
  char tmp[24];
  char* const end = tmp + sizeof tmp;
  char* p = end;
  std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) *--p = '-';
  out.append(p, end);
}

// Pence as pounds with two decimals, the same text as Money::ToString ("-12.50", "0.05").
void AppendPence(std::string& out, std::int64_t pence) {
  char tmp[32];
  char* const end = tmp + sizeof tmp;
  char* p = end;
  std::uint64_t u = pence < 0 ? 0 - static_cast<std::uint64_t>(pence) : static_cast<std::uint64_t>(pence);
  *--p = static_cast<char>('0' + u % 10);
  u /= 10;
  *--p = static_cast<char>('0' + u % 10);
  u /= 10;
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (pence < 0) *--p = '-';
  out.append(p, end);
}

// Characters that neither CSV quoting nor formula neutralising can touch: text made only of these
// (and not starting with '-') is its own cell, so most cells are appended without CsvText's copy.
constexpr std::array<bool, 256> PlainCsvBytes() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (char c : {' ', ':', '.', '_', '/', '-'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kPlainCsv = PlainCsvBytes();

void AppendCsvText(std::string& out, std::string_view text) {
  bool plain = text.empty() || text[0] != '-';
  for (std::size_t i = 0; plain && i < text.size(); ++i)
    plain = kPlainCsv[static_cast<unsigned char>(text[i])];
  if (plain) {
    out.append(text);
  } else {
    out += CsvText(text);
  }
}

// Exact sums per (book, partner), kept in 64 bits while they fit and carried into 128 bits when
// an addition would overflow.
class Totals {
 public:
  void Add(std::string_view book, std::string_view partner, std::int64_t pence) {
    key_.assign(book);
    key_ += '\0';
    key_ += partner;
    if (last_ == nullptr || key_ != last_key_) {
      auto it = sums_.find(key_);
      if (it == sums_.end()) it = sums_.emplace(key_, Sum{}).first;
      last_ = &it->second;
      last_key_ = key_;
    }
    std::int64_t r = 0;
    if (__builtin_add_overflow(last_->running, pence, &r)) {
      last_->carried += Int128(last_->running);
      last_->running = pence;
    } else {
      last_->running = r;
    }
  }
  void Into(AuditManifest& m) const {
    for (const auto& [key, sum] : sums_) {
      const std::size_t cut = key.find('\0');
      const std::string book = key.substr(0, cut), partner = key.substr(cut + 1);
      const Money total = Money::FromPence(sum.carried + Int128(sum.running));
      m.totals_by_book[book] += total;
      m.totals_by_book_and_partner[book][partner] += total;
    }
  }

 private:
  struct Sum {
    Int128 carried = 0;
    std::int64_t running = 0;
  };
  std::map<std::string, Sum, std::less<>> sums_;
  std::string key_, last_key_;
  Sum* last_ = nullptr;
};

// Approved virements by entry; at most one row per entry, so the join never repeats a posting.
constexpr const char* kApproverJoin =
    " LEFT JOIN (SELECT entry_id, MIN(decided_by) AS decided_by FROM fund_virements"
    " WHERE state = 'approved' AND entry_id IS NOT NULL GROUP BY entry_id) v ON v.entry_id = e.id";

// Entries 1 to ?1, and a reversal only when it is one of them too, so that the rows through an
// entry never change once it is recorded.
std::string AuditSql(bool has_virements) {
  return std::string(
             "SELECT e.id, e.entry_key, e.book, e.effective_date, e.recorded_at, e.period, p.account, p.line,"
             " p.partner, p.person, p.amount, e.memo, e.posted_by, ") +
         (has_virements ? "v.decided_by" : "NULL") +
         ", e.reverses, r.id, e.hash"
         " FROM entries e JOIN postings p ON p.entry_id = e.id"
         " LEFT JOIN entries r ON r.reverses = e.id AND r.id <= ?1" +
         (has_virements ? kApproverJoin : "") + " WHERE e.id <= ?1 ORDER BY e.id, p.seq";
}

// `through` checked against the last entry of the snapshot (the caller's read transaction), or
// that last entry when not given.
StatusOr<long long> Bound(store::Database& db, std::optional<long long> through) {
  auto head = LastEntryId(db);
  if (!head.ok()) return head.status();
  if (!through) return *head;
  if (*through < 0 || *through > *head) {
    return InvalidArgument("through is entry " + std::to_string(*through) +
                               ", but the last entry recorded is " + std::to_string(*head),
                           "through");
  }
  return *through;
}

Status ExportFailure(const std::exception& e, const std::string& what) {
  if (dynamic_cast<const WriteError*>(&e) != nullptr) {
    return Internal("writing the " + what + " failed: " + e.what());
  }
  if (dynamic_cast<const DataError*>(&e) != nullptr) {
    return Internal("the " + what + " stopped: " + e.what());
  }
  return Internal("the database failed while writing the " + what + ": " + e.what());
}

// Characters allowed in the account names written to the journal export (poolbook's own book,
// account and partner names: letters, digits, '_', '.', '-' and ':').
constexpr std::array<bool, 256> NameBytes() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (char c : {'_', '.', '-', ':'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kNameBytes = NameBytes();

void AppendName(std::string& out, std::string_view name, const char* what, long long entry_id) {
  bool ok = !name.empty() && name.front() != ':' && name.back() != ':';
  for (char c : name) ok = ok && kNameBytes[static_cast<unsigned char>(c)];
  if (!ok) {
    throw DataError("entry " + std::to_string(entry_id) + ": the " + what + " \"" + std::string(name) +
                    "\" cannot be written as part of a journal account name");
  }
  out.append(name);
}

// Appends `text` as one line of journal text (see JournalDescription). In a comment (`comment`)
// ';' is kept: it means nothing there, and keys are shown exactly.
void AppendLine(std::string& out, std::string_view text, bool comment = false) {
  const std::size_t start = out.size();
  bool space = true;  // drops leading spaces and collapses runs
  auto put_space = [&] {
    if (!space) out += ' ';
    space = true;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F || c == ' ') {
        put_space();
      } else {
        out += c == ';' && !comment ? ',' : static_cast<char>(c);
        space = false;
      }
      ++i;
      continue;
    }
    const std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    std::uint32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    bool valid = n != 0 && i + n <= text.size();
    for (std::size_t k = 1; valid && k < n; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      valid = (cc >> 6) == 0x2;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    valid = valid && cp >= kMinForLength[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!valid) {
      out += '?';
      space = false;
      ++i;
      continue;
    }
    // C1 controls (NEL among them) and the Unicode line and paragraph separators break lines too.
    if (cp <= 0x9F || cp == 0x2028 || cp == 0x2029) {
      put_space();
    } else {
      out.append(text.substr(i, n));
      space = false;
    }
    i += n;
  }
  if (out.size() > start && out.back() == ' ') out.pop_back();
}

std::string JournalSql() {
  return "SELECT e.id, e.entry_key, e.book, e.effective_date, e.memo, e.reverses, e.hash, p.account,"
         " p.partner, p.person, p.line, p.amount"
         " FROM entries e JOIN postings p ON p.entry_id = e.id WHERE e.id <= ?1 ORDER BY e.id, p.seq";
}

// Writes through PATH.tmp; on success the finished file is PATH.tmp (the caller renames it).
Status WriteTemp(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  const std::string tmp = path + ".tmp";
  std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
  if (!f) {
    return InvalidArgument("cannot write the export to \"" + path + "\": " + std::strerror(errno), "path");
  }
  Status st = write(f);
  f.close();
  if (st.ok() && f.fail()) st = Internal("writing \"" + tmp + "\" failed");
  if (st.ok()) {
    // On disk before it is renamed into place.
    const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) st = Internal("could not flush \"" + tmp + "\" to disk");
    if (fd >= 0) ::close(fd);
  }
  if (!st.ok()) std::remove(tmp.c_str());
  return st;
}

Status RenameIntoPlace(const std::string& path) {
  const std::string tmp = path + ".tmp";
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return Internal("could not move the finished export into place at \"" + path + "\": " + why);
  }
  return Status::Ok();
}

}  // namespace

StatusOr<long long> LastEntryId(store::Database& db) {
  try {
    long long last = 0;
    soci::indicator ind = soci::i_null;
    db.sql() << "SELECT MAX(id) FROM entries", soci::into(last, ind);
    return ind == soci::i_ok ? last : 0;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the last entry's id");
  }
}

StatusOr<std::vector<std::string>> PeopleThrough(store::Database& db, long long through) {
  std::vector<std::string> out;
  try {
    // The postings_person index (person, entry_id) holds every posting that names someone.
    soci::rowset<std::string> rows =
        (db.sql().prepare << "SELECT DISTINCT person FROM postings WHERE person IS NOT NULL AND person <> ''"
                             " AND entry_id <= :through ORDER BY person",
         soci::use(through));
    for (const std::string& p : rows) out.push_back(p);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the people the export shows");
  }
  return out;
}

struct AuditExport::State {
  std::unique_ptr<store::ReadTransaction> tx;
  std::unique_ptr<store::SqliteStatement> query;  // finalized before the transaction ends
  bool written = false;
};

AuditExport::AuditExport(store::Database& db) : db_(db), state_(std::make_unique<State>()) {}

AuditExport::~AuditExport() {
  state_->query.reset();
  state_->tx.reset();
}

StatusOr<std::unique_ptr<AuditExport>> AuditExport::Begin(store::Database& db,
                                                          std::optional<long long> through) {
  std::unique_ptr<AuditExport> x(new AuditExport(db));
  try {
    sqlite3* conn = store::NativeHandle(db);
    x->state_->tx = std::make_unique<store::ReadTransaction>(db);
    auto bound = Bound(db, through);
    if (!bound.ok()) return bound.status();
    x->through_ = *bound;
    const std::string sql = AuditSql(HasTable(conn, "fund_virements"));
    x->state_->query = std::make_unique<store::SqliteStatement>(conn, sql.c_str());
    x->state_->query->Int(1, x->through_);
  } catch (const std::exception& e) {
    return ExportFailure(e, "audit export");
  }
  return x;
}

StatusOr<std::vector<std::string>> AuditExport::People() { return PeopleThrough(db_, through_); }

StatusOr<AuditManifest> AuditExport::Write(std::ostream& csv_out) {
  if (state_->written) return Internal("an audit export is written once");
  state_->written = true;
  AuditManifest m;
  m.through = through_;
  try {
    store::SqliteStatement& q = *state_->query;
    Sha256 sha;
    Sink sink(csv_out, &sha);
    std::string& b = sink.buf;
    for (std::size_t i = 0; i < std::size(kAuditColumns); ++i) {
      if (i != 0) b += ',';
      AppendCsvText(b, kAuditColumns[i]);
    }
    b += "\r\n";
    Totals totals;
    std::int64_t last_id = 0;
    // The entry's cells before and after the posting's, encoded once per entry.
    std::string head, tail, book;
    while (q.Next()) {
      const std::int64_t id = IntColumn(q, 0, "entry id");
      if (m.entries == 0 || id != last_id) {
        const std::string_view hash = q.ColumnText(16);
        if (m.entries == 0) m.first_hash = hash;
        m.last_hash = hash;
        ++m.entries;
        last_id = id;
        book = q.ColumnText(2);
        head.clear();
        AppendInt(head, id);
        for (int col : {1, 2, 3, 4, 5}) {
          head += ',';
          AppendCsvText(head, q.ColumnText(col));
        }
        tail.clear();
        for (int col : {11, 12, 13}) {
          tail += ',';
          AppendCsvText(tail, q.ColumnText(col));
        }
        tail += ',';
        if (!q.IsNull(14)) AppendInt(tail, IntColumn(q, 14, "reversed entry id"));
        tail += ',';
        if (!q.IsNull(15)) AppendInt(tail, IntColumn(q, 15, "reversing entry id"));
        tail += ',';
        AppendCsvText(tail, hash);
        tail += "\r\n";
      }
      const std::int64_t amount = IntColumn(q, 10, "posting amount");
      const std::string_view partner = q.ColumnText(8);
      ++m.rows;
      totals.Add(book, partner, amount);
      b += head;
      for (int col : {6, 7}) {
        b += ',';
        AppendCsvText(b, q.ColumnText(col));
      }
      b += ',';
      AppendCsvText(b, partner);
      b += ',';
      AppendCsvText(b, q.ColumnText(9));
      b += ',';
      AppendPence(b, amount);
      b += tail;
      sink.RowDone();
    }
    sink.Flush();
    m.sha256 = sha.Hex();
    totals.Into(m);
  } catch (const std::exception& e) {
    return ExportFailure(e, "audit export");
  }
  return m;
}

StatusOr<AuditManifest> ExportAudit(store::Database& db, std::ostream& csv_out,
                                    std::optional<long long> through) {
  auto x = AuditExport::Begin(db, through);
  if (!x.ok()) return x.status();
  return (*x)->Write(csv_out);
}

std::string AuditManifestJson(const AuditManifest& manifest, const std::string& csv_file_name) {
  nlohmann::ordered_json by_book = nlohmann::ordered_json::object();
  for (const auto& [book, total] : manifest.totals_by_book) by_book[book] = total.ToString();
  nlohmann::ordered_json by_partner = nlohmann::ordered_json::object();
  for (const auto& [book, partners] : manifest.totals_by_book_and_partner) {
    nlohmann::ordered_json p = nlohmann::ordered_json::object();
    for (const auto& [partner, total] : partners) p[partner] = total.ToString();
    by_partner[book] = std::move(p);
  }
  nlohmann::ordered_json j;
  j["file"] = csv_file_name;
  j["rows"] = manifest.rows;
  j["entries"] = manifest.entries;
  j["through"] = manifest.through;
  j["sha256"] = manifest.sha256;
  j["first_hash"] = manifest.first_hash;
  j["last_hash"] = manifest.last_hash;
  j["totals_by_book"] = std::move(by_book);
  j["totals_by_book_and_partner"] = std::move(by_partner);
  j["generated_by"] = "poolbook";
  return j.dump(2) + "\n";
}

Status ExportAuditToFile(store::Database& db, const std::string& path, AuditManifest* out,
                         std::optional<long long> through) {
  const std::string manifest_path = path + ".manifest.json";
  AuditManifest m;
  POOLBOOK_RETURN_IF_ERROR(WriteTemp(path, [&](std::ostream& o) -> Status {
    auto r = ExportAudit(db, o, through);
    if (!r.ok()) return r.status();
    m = std::move(*r);
    return Status::Ok();
  }));
  const std::string file_name = std::filesystem::path(path).filename().string();
  Status st = WriteTemp(manifest_path, [&](std::ostream& o) -> Status {
    o << AuditManifestJson(m, file_name);
    return Status::Ok();
  });
  if (!st.ok()) {
    std::remove((path + ".tmp").c_str());
    return st;
  }
  st = RenameIntoPlace(path);
  if (!st.ok()) {
    std::remove((manifest_path + ".tmp").c_str());
    return st;
  }
  st = RenameIntoPlace(manifest_path);
  if (!st.ok()) {
    std::remove(path.c_str());  // a CSV without its manifest is not a finished export
    return st;
  }
  if (out != nullptr) *out = std::move(m);
  return Status::Ok();
}

std::string JournalDescription(std::string_view memo) {
  std::string out;
  AppendLine(out, memo);
  return out;
}

Status ExportJournal(store::Database& db, std::ostream& out, std::optional<long long> through) {
  try {
    sqlite3* conn = store::NativeHandle(db);
    store::ReadTransaction tx(db);
    auto bound = Bound(db, through);
    if (!bound.ok()) return bound.status();
    const std::string sql = JournalSql();
    store::SqliteStatement q(conn, sql.c_str());
    q.Int(1, *bound);
    Sink sink(out, nullptr);
    std::string& b = sink.buf;
    b += "; Poolbook journal: one transaction per entry (its id in parentheses); accounts are\n"
         "; book:account:partner; amounts in GBP. Read with hledger or ledger, e.g.\n"
         "; hledger -f FILE balance actual:\n";
    bool first = true;
    std::int64_t last_id = 0;
    while (q.Next()) {
      const std::int64_t id = IntColumn(q, 0, "entry id");
      if (first || id != last_id) {
        first = false;
        last_id = id;
        b += '\n';
        AppendLine(b, q.ColumnText(3));  // effective date, YYYY-MM-DD
        b += " (";
        AppendInt(b, id);
        b += ')';
        const std::size_t before = b.size();
        b += ' ';
        AppendLine(b, q.ColumnText(4));
        if (b.size() == before + 1) b.pop_back();  // no memo: no trailing space
        b += "\n    ; key: ";
        AppendLine(b, q.ColumnText(1), true);
        b += "\n    ; hash: ";
        AppendLine(b, q.ColumnText(6), true);
        b += '\n';
        if (!q.IsNull(5)) {
          b += "    ; reverses: ";
          AppendInt(b, IntColumn(q, 5, "reversed entry id"));
          b += '\n';
        }
      }
      b += "    ";
      AppendName(b, q.ColumnText(2), "book", id);
      b += ':';
      AppendName(b, q.ColumnText(7), "account", id);
      b += ':';
      AppendName(b, q.ColumnText(8), "partner", id);
      b += "  ";
      AppendPence(b, IntColumn(q, 11, "posting amount"));
      b += " GBP\n";
      if (!q.IsNull(9) && !q.ColumnText(9).empty()) {
        b += "        ; person: ";
        AppendLine(b, q.ColumnText(9), true);
        b += '\n';
      }
      if (!q.IsNull(10) && !q.ColumnText(10).empty()) {
        b += "        ; line: ";
        AppendLine(b, q.ColumnText(10), true);
        b += '\n';
      }
      sink.RowDone();
    }
    sink.Flush();
  } catch (const std::exception& e) {
    return ExportFailure(e, "journal export");
  }
  return Status::Ok();
}

Status ExportJournalToFile(store::Database& db, const std::string& path, std::optional<long long> through) {
  POOLBOOK_RETURN_IF_ERROR(WriteTemp(path, [&](std::ostream& o) { return ExportJournal(db, o, through); }));
  return RenameIntoPlace(path);
}

}  // namespace poolbook::reports
