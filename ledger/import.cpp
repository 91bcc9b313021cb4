#include "ledger/import.h"

#include <array>
#include <atomic>
#include <future>
#include <unordered_set>

#include "ledger/csv_reader.h"
#include "ledger/limits.h"

namespace poolbook {
namespace {

constexpr std::array<const char*, 9> kColumns = {"key",     "book",   "date", "memo",  "account",
                                                 "partner", "person", "line", "amount"};
enum Col { kKey, kBook, kDate, kMemo, kAccount, kPartner, kPerson, kLine, kAmount };

struct Pending {
  Entry entry;
  long first_line = 0;
  long last_line = 0;
  std::string date_text;
};

// One batch of entries read from the file, checked and digested, ready to write.
struct Chunk {
  std::vector<Pending> pending;
  std::vector<Entry> entries;
  Journal::Prepared prepared;
  Status error;      // a row that could not be read; the chunk is then not written
  bool end = false;  // the file ends with this chunk
  std::uint64_t bytes_read = 0;
};

// Reads the file on a helper thread, one chunk ahead of the writer: while the journal commits one
// batch, the next is parsed, shape-checked and hashed (Journal::Prepare) — the two cores overlap.
class Importer {
 public:
  Importer(Journal& journal, std::istream& in, const ImportOptions& options)
      : journal_(journal), reader_(in), options_(options) {
    batch_max_ = options.batch_entries ? std::min(options.batch_entries, limits::kEntriesPerCommitMax)
                                       : limits::kEntriesPerCommitMax;
  }

  ImportResult Run() {
    if (Status st = ReadHeader(); !st.ok()) return Stop(st);
    std::future<Chunk> next = std::async(std::launch::async, [this] { return ReadChunk(); });
    while (true) {
      Chunk chunk = next.get();
      const bool more = chunk.error.ok() && !chunk.end;
      if (more) next = std::async(std::launch::async, [this] { return ReadChunk(); });
      if (!chunk.error.ok()) return Stop(chunk.error);
      if (!chunk.entries.empty() && !Write(chunk)) {
        stop_reading_ = true;
        if (more) next.wait();
        return Stop(Status());
      }
      if (!more) break;
    }
    if (result_.rows == 0) return Stop(InvalidArgument("the file has a header but no rows"));
    return result_;
  }

 private:
  Status ReadHeader() {
    std::vector<std::string> header;
    auto more = reader_.Next(header);
    if (!more.ok()) return more.status();
    if (!*more)
      return InvalidArgument("the file is empty; the first line must be the header " + HeaderText());
    if (header.size() != kColumns.size()) {
      return InvalidArgument("line 1: the header has " + std::to_string(header.size()) +
                             " columns; it must be " + HeaderText());
    }
    index_.fill(-1);
    for (std::size_t i = 0; i < header.size(); ++i) {
      bool known = false;
      for (std::size_t c = 0; c < kColumns.size(); ++c) {
        if (header[i] == kColumns[c]) {
          if (index_[c] >= 0) return InvalidArgument("line 1: column \"" + header[i] + "\" appears twice");
          index_[c] = static_cast<int>(i);
          known = true;
        }
      }
      if (!known) {
        return InvalidArgument("line 1: unknown column \"" + header[i].substr(0, 40) +
                               "\"; the header must be " + HeaderText());
      }
    }
    return Status::Ok();
  }

  static std::string HeaderText() {
    std::string h;
    for (const char* c : kColumns) h += (h.empty() ? "" : ",") + std::string(c);
    return h;
  }

  const std::string& Field(const std::vector<std::string>& row, Col c) const { return row[index_[c]]; }

  // Runs on the reading thread: rows until batch_max_ entries are complete, or the end, or an error.
  Chunk ReadChunk() {
    Chunk chunk;
    std::vector<std::string> row;
    while (chunk.pending.size() < batch_max_ && !stop_reading_) {
      auto more = reader_.Next(row);
      if (!more.ok()) {
        chunk.error = more.status();
        return chunk;
      }
      if (!*more) {
        if (current_) chunk.pending.push_back(std::move(*current_));
        current_.reset();
        chunk.end = true;
        break;
      }
      if (row.size() == 1 && row[0].empty()) continue;  // blank line
      ++result_.rows;
      if (Status st = AddRow(row, chunk); !st.ok()) {
        chunk.error = st;
        return chunk;
      }
    }
    chunk.entries.reserve(chunk.pending.size());
    for (Pending& p : chunk.pending) chunk.entries.push_back(std::move(p.entry));
    chunk.prepared = Journal::Prepare(chunk.entries);
    chunk.bytes_read = reader_.bytes_read();
    return chunk;
  }

  Status AddRow(const std::vector<std::string>& row, Chunk& chunk) {
    const long line = reader_.row_line();
    const std::string where = "line " + std::to_string(line);
    if (row.size() != kColumns.size()) {
      return InvalidArgument(where + ": the row has " + std::to_string(row.size()) +
                             " fields; the header has " + std::to_string(kColumns.size()));
    }
    const std::string& key = Field(row, kKey);
    if (!current_ || current_->entry.key != key) {
      if (current_) chunk.pending.push_back(std::move(*current_));
      if (!seen_keys_.insert(key).second) {
        return InvalidArgument(
            where + ": key \"" + key.substr(0, 60) +
            "\" appears again after other entries; the rows of one entry must be consecutive");
      }
      current_.emplace();
      current_->first_line = line;
      current_->entry.key = key;
      current_->date_text = Field(row, kDate);
      current_->entry.memo = Field(row, kMemo);
      auto book = ParseBook(Field(row, kBook));
      if (!book.ok()) return book.status().WithContext(where);
      current_->entry.book = *book;
      auto date = Date::Parse(Field(row, kDate));
      if (!date.ok()) return date.status().WithContext(where);
      current_->entry.date = *date;
    } else {
      for (Col c : {kBook, kDate, kMemo}) {
        const std::string& first = c == kBook   ? std::string(BookName(current_->entry.book))
                                   : c == kDate ? current_->date_text
                                                : current_->entry.memo;
        if (Field(row, c) != first) {
          return InvalidArgument(where + ": the " + kColumns[c] + " differs from the first row of entry \"" +
                                 key + "\" (line " + std::to_string(current_->first_line) +
                                 "); every row of an entry must have the same book, date and memo");
        }
      }
    }
    if (current_->entry.postings.size() >= limits::kPostingsPerEntryMax) {
      return InvalidArgument(where + ": entry \"" + key + "\" has more than " +
                             std::to_string(limits::kPostingsPerEntryMax) + " rows");
    }
    auto amount = Money::Parse(Field(row, kAmount));
    if (!amount.ok()) return amount.status().WithContext(where);
    current_->entry.postings.push_back(
        Posting{Field(row, kAccount), Field(row, kPartner), Field(row, kPerson), Field(row, kLine), *amount});
    current_->last_line = line;
    return Status::Ok();
  }

  // Runs on the calling thread: writes one chunk, all or nothing. False when it was refused.
  bool Write(const Chunk& chunk) {
    PostOptions po;
    po.user = options_.user;
    po.create_accounts = options_.create_accounts;
    po.mode = BatchMode::kAllOrNothing;
    BatchResult r = journal_.PostPrepared(chunk.entries, chunk.prepared, po);
    if (!r.all_ok()) {
      for (std::size_t i = 0; i < r.results.size(); ++i) {
        const Status& st = r.results[i].status();
        if (r.results[i].ok() || st.reason() == Reason::kAbandonedInBatch) continue;
        if (errors_.size() >= limits::kImportErrorsReportedMax) break;
        errors_.push_back("line " + std::to_string(chunk.pending[i].first_line) + " (key \"" +
                          chunk.entries[i].key + "\"): " + st.message());
        if (first_error_.ok()) first_error_ = st;
      }
      if (errors_.empty()) errors_.push_back("the batch could not be written");
      return false;
    }
    for (const auto& res : r.results) {
      (res->replayed ? result_.entries_replayed : result_.entries_written) += 1;
    }
    result_.last_line_written = chunk.pending.back().last_line;
    if (options_.progress)
      options_.progress(chunk.bytes_read, result_.entries_written + result_.entries_replayed);
    return true;
  }

  ImportResult Stop(const Status& st) {
    if (!st.ok()) {
      errors_.insert(errors_.begin(), st.message());
      if (first_error_.ok()) first_error_ = st;
    }
    std::string summary = result_.last_line_written > 0 ? "imported the entries up to line " +
                                                              std::to_string(result_.last_line_written) +
                                                              "; nothing after that line was written"
                                                        : "nothing was written";
    result_.errors = errors_;
    result_.status = Status(first_error_.ok() ? Code::kInvalidArgument : first_error_.code(),
                            errors_.front() + " (" + summary + ")");
    return result_;
  }

  Journal& journal_;
  CsvReader reader_;
  const ImportOptions& options_;
  std::size_t batch_max_;
  std::array<int, kColumns.size()> index_{};
  // Reading-thread state (one ReadChunk runs at a time; each future is joined before the next).
  std::optional<Pending> current_;
  std::unordered_set<std::string> seen_keys_;
  std::atomic<bool> stop_reading_{false};
  // Writer state.
  std::vector<std::string> errors_;
  Status first_error_;
  ImportResult result_;  // rows is counted by the reader, the rest by the writer
};

}  // namespace

ImportResult ImportCsv(Journal& journal, std::istream& in, const ImportOptions& options) {
  return Importer(journal, in, options).Run();
}

}  // namespace poolbook
