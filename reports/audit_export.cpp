#include "reports/audit_export.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>

#include "ledger/sha256.h"
#include "ledger/store/export_store.h"
#include "reports/export_stream.h"
#include "reports/export_text.h"

namespace poolbook::reports {
namespace {

using internal::AppendCsvText;
using internal::AppendInt;

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

void AppendHeader(std::string& b) {
  for (std::size_t i = 0; i < std::size(kAuditColumns); ++i) {
    if (i != 0) b += ',';
    AppendCsvText(b, kAuditColumns[i]);
  }
  b += "\r\n";
}

// An entry's cells before the posting's (`head`: entry_id to period) and after them (`tail`: memo
// to entry_hash, with the line's end), encoded once per entry.
void EncodeEntry(const store::AuditRow& r, std::string& head, std::string& tail) {
  head.clear();
  AppendInt(head, r.entry_id);
  for (std::string_view cell : {r.key, r.book, r.effective_date, r.recorded_at, r.period}) {
    head += ',';
    AppendCsvText(head, cell);
  }
  tail.clear();
  for (std::string_view cell : {r.memo, r.posted_by, r.approver}) {
    tail += ',';
    AppendCsvText(tail, cell);
  }
  tail += ',';
  if (r.reverses) AppendInt(tail, *r.reverses);
  tail += ',';
  if (r.reversed_by) AppendInt(tail, *r.reversed_by);
  tail += ',';
  AppendCsvText(tail, r.entry_hash);
  tail += "\r\n";
}

// One posting's row: its entry's head, the posting's cells, its entry's tail.
void AppendPosting(std::string& b, const store::AuditRow& r, const std::string& head,
                   const std::string& tail) {
  b += head;
  for (std::string_view cell : {r.account, r.line, r.partner, r.person}) {
    b += ',';
    AppendCsvText(b, cell);
  }
  b += ',';
  internal::AppendAmount(b, r.amount);
  b += tail;
}

// Writes every row of `cursor` after the header, filling the manifest's counts, hashes and sums.
void WriteRows(store::AuditCursor& cursor, std::ostream& csv_out, AuditManifest& m) {
  Sha256 sha;
  internal::Sink sink(csv_out, &sha);
  AppendHeader(sink.buf);
  Totals totals;
  store::AuditRow row;
  std::string head, tail, book;  // of the current entry
  while (cursor.Next(row)) {
    if (row.new_entry) {
      if (m.entries == 0) m.first_hash = row.entry_hash;
      m.last_hash = row.entry_hash;
      ++m.entries;
      book = row.book;
      EncodeEntry(row, head, tail);
    }
    ++m.rows;
    totals.Add(book, row.partner, row.amount);
    AppendPosting(sink.buf, row, head, tail);
    sink.RowDone();
  }
  sink.Flush();
  m.sha256 = sha.Hex();
  totals.Into(m);
}

nlohmann::ordered_json TotalsJson(const std::map<std::string, Money>& totals) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [name, total] : totals) j[name] = total.ToString();
  return j;
}

}  // namespace

StatusOr<long long> LastEntryId(store::Database& db) { return store::LastEntryId(db); }

StatusOr<std::vector<std::string>> PeopleThrough(store::Database& db, long long through) {
  return store::PeopleThrough(db, through);
}

struct AuditExport::State {
  std::unique_ptr<store::ReadTransaction> tx;
  std::unique_ptr<store::AuditCursor> cursor;  // finished before the transaction ends
  bool written = false;
};

AuditExport::AuditExport(store::Database& db) : db_(db), state_(std::make_unique<State>()) {}

AuditExport::~AuditExport() {
  state_->cursor.reset();
  state_->tx.reset();
}

StatusOr<std::unique_ptr<AuditExport>> AuditExport::Begin(store::Database& db,
                                                          std::optional<long long> through) {
  std::unique_ptr<AuditExport> x(new AuditExport(db));
  try {
    x->state_->tx = std::make_unique<store::ReadTransaction>(db);
    auto bound = internal::Bound(db, through);
    if (!bound.ok()) return bound.status();
    x->through_ = *bound;
    x->state_->cursor = store::OpenAuditCursor(db, x->through_);
  } catch (const std::exception& e) {
    return internal::ExportFailure(e, "audit export");
  }
  return x;
}

StatusOr<std::vector<std::string>> AuditExport::People() { return store::PeopleThrough(db_, through_); }

StatusOr<AuditManifest> AuditExport::Write(std::ostream& csv_out) {
  if (state_->written) return Internal("an audit export is written once");
  state_->written = true;
  AuditManifest m;
  m.through = through_;
  try {
    WriteRows(*state_->cursor, csv_out, m);
  } catch (const std::exception& e) {
    return internal::ExportFailure(e, "audit export");
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
  nlohmann::ordered_json by_partner = nlohmann::ordered_json::object();
  for (const auto& [book, partners] : manifest.totals_by_book_and_partner)
    by_partner[book] = TotalsJson(partners);
  nlohmann::ordered_json j;
  j["file"] = csv_file_name;
  j["rows"] = manifest.rows;
  j["entries"] = manifest.entries;
  j["through"] = manifest.through;
  j["sha256"] = manifest.sha256;
  j["first_hash"] = manifest.first_hash;
  j["last_hash"] = manifest.last_hash;
  j["totals_by_book"] = TotalsJson(manifest.totals_by_book);
  j["totals_by_book_and_partner"] = std::move(by_partner);
  j["generated_by"] = "poolbook";
  return j.dump(2) + "\n";
}

Status ExportAuditToFile(store::Database& db, const std::string& path, AuditManifest* out,
                         std::optional<long long> through) {
  const std::string manifest_path = path + ".manifest.json";
  AuditManifest m;
  POOLBOOK_RETURN_IF_ERROR(internal::WriteTemp(path, [&](std::ostream& o) -> Status {
    auto r = ExportAudit(db, o, through);
    if (!r.ok()) return r.status();
    m = std::move(*r);
    return Status::Ok();
  }));
  const std::string file_name = std::filesystem::path(path).filename().string();
  Status st = internal::WriteTemp(manifest_path, [&](std::ostream& o) -> Status {
    o << AuditManifestJson(m, file_name);
    return Status::Ok();
  });
  if (!st.ok()) {
    std::remove((path + ".tmp").c_str());
    return st;
  }
  st = internal::RenameIntoPlace(path);
  if (!st.ok()) {
    std::remove((manifest_path + ".tmp").c_str());
    return st;
  }
  st = internal::RenameIntoPlace(manifest_path);
  if (!st.ok()) {
    std::remove(path.c_str());  // a CSV without its manifest is not a finished export
    return st;
  }
  if (out != nullptr) *out = std::move(m);
  return Status::Ok();
}

}  // namespace poolbook::reports
