// CSV import of entries (docs/design.md §4): one row per posting, header
//   key,book,date,memo,account,partner,person,line,amount
// (columns in any order, all nine present, no others). Rows of one entry share its key and are
// consecutive; book, date and memo must be the same on every row of an entry.
//
// Entries are written in batches of up to limits::kEntriesPerCommitMax, each batch in one
// transaction and all-or-nothing. The import stops at the first batch holding a refused entry:
// the batches before it are written, nothing from that batch on is. Importing the same file again
// is safe: entries already written are recognised by their keys and skipped, so a fixed file (or
// one whose import was interrupted) can simply be imported again.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "ledger/journal.h"

namespace poolbook {

struct ImportOptions {
  std::string user = "cli";
  bool create_accounts = false;
  std::size_t batch_entries = 0;  // 0: limits::kEntriesPerCommitMax
  // Called after each batch with the bytes read so far and the entries done so far.
  std::function<void(std::uint64_t bytes_read, long long entries_done)> progress;
};

struct ImportResult {
  Status status;                    // OK when the whole file was imported
  std::vector<std::string> errors;  // up to limits::kImportErrorsReportedMax, each "line N (key K): ..."
  long long rows = 0;               // posting rows read
  long long entries_written = 0;    // new entries
  long long entries_replayed = 0;   // entries already in the ledger with the same content
  long long last_line_written = 0;  // the last line of the last batch written (0: none)
};

ImportResult ImportCsv(Journal& journal, std::istream& in, const ImportOptions& options);

}  // namespace poolbook
