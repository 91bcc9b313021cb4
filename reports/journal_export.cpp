#include "reports/journal_export.h"

#include "ledger/store/export_store.h"
#include "reports/export_stream.h"
#include "reports/export_text.h"

namespace poolbook::reports {
namespace {

using internal::AppendInt;
using internal::AppendJournalLine;
using internal::AppendJournalName;

constexpr const char* kPreamble =
    "; Poolbook journal: one transaction per entry (its id in parentheses); accounts are\n"
    "; book:account:partner; amounts in GBP. Read with hledger or ledger, e.g.\n"
    "; hledger -f FILE balance actual:\n";

// The entry's first line and its comments: date, id, description, key, hash, what it reverses.
void AppendTransaction(std::string& b, const store::JournalRow& r) {
  b += '\n';
  AppendJournalLine(b, r.effective_date);  // YYYY-MM-DD
  b += " (";
  AppendInt(b, r.entry_id);
  b += ')';
  const std::size_t before = b.size();
  b += ' ';
  AppendJournalLine(b, r.memo);
  if (b.size() == before + 1) b.pop_back();  // no memo: no trailing space
  b += "\n    ; key: ";
  AppendJournalLine(b, r.key, true);
  b += "\n    ; hash: ";
  AppendJournalLine(b, r.entry_hash, true);
  b += '\n';
  if (r.reverses) {
    b += "    ; reverses: ";
    AppendInt(b, *r.reverses);
    b += '\n';
  }
}

// A comment under a posting ("        ; person: P-1A2B3C"), when `value` is not empty.
void AppendPostingComment(std::string& b, const char* label, std::string_view value) {
  if (value.empty()) return;
  b += "        ; ";
  b += label;
  b += ": ";
  AppendJournalLine(b, value, true);
  b += '\n';
}

void AppendPosting(std::string& b, const store::JournalRow& r) {
  b += "    ";
  AppendJournalName(b, r.book, "book", r.entry_id);
  b += ':';
  AppendJournalName(b, r.account, "account", r.entry_id);
  b += ':';
  AppendJournalName(b, r.partner, "partner", r.entry_id);
  b += "  ";
  internal::AppendAmount(b, r.amount);
  b += " GBP\n";
  AppendPostingComment(b, "person", r.person);
  AppendPostingComment(b, "line", r.line);
}

}  // namespace

std::string JournalDescription(std::string_view memo) {
  std::string out;
  AppendJournalLine(out, memo);
  return out;
}

Status ExportJournal(store::Database& db, std::ostream& out, std::optional<long long> through) {
  try {
    store::ReadTransaction tx(db);
    auto bound = internal::Bound(db, through);
    if (!bound.ok()) return bound.status();
    auto cursor = store::OpenJournalCursor(db, *bound);
    internal::Sink sink(out, nullptr);
    sink.buf += kPreamble;
    store::JournalRow row;
    while (cursor->Next(row)) {
      if (row.new_entry) AppendTransaction(sink.buf, row);
      AppendPosting(sink.buf, row);
      sink.RowDone();
    }
    sink.Flush();
  } catch (const std::exception& e) {
    return internal::ExportFailure(e, "journal export");
  }
  return Status::Ok();
}

Status ExportJournalToFile(store::Database& db, const std::string& path, std::optional<long long> through) {
  POOLBOOK_RETURN_IF_ERROR(
      internal::WriteTemp(path, [&](std::ostream& o) { return ExportJournal(db, o, through); }));
  return internal::RenameIntoPlace(path);
}

}  // namespace poolbook::reports
