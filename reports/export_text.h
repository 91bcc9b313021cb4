// The text the exports write, appended to a buffer without temporary strings where a row is
// common (the exports write millions of cells): integers, amounts, CSV cells, and the journal's
// one-line texts and account names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace poolbook::reports::internal {

// A decimal integer ("-12").
void AppendInt(std::string& out, std::int64_t v);

// Pence as Money writes them ("-12.50", "0.05").
void AppendAmount(std::string& out, std::int64_t pence);

// One CSV cell as CsvText encodes it (reports/csv.h); plain text is appended without a copy.
void AppendCsvText(std::string& out, std::string_view text);

// `text` as one line of journal text (see JournalDescription in reports/journal_export.h). In a
// comment (`comment`) ';' is kept: it means nothing there, and keys are shown exactly.
void AppendJournalLine(std::string& out, std::string_view text, bool comment = false);

// A book, account or partner `name` (`what`) of entry `entry_id` as part of a journal account
// name. Throws store::StoredValueError when the name holds a character other than letters, digits,
// '_', '.', '-' and ':', is empty, or starts or ends with ':'.
void AppendJournalName(std::string& out, std::string_view name, const char* what, long long entry_id);

}  // namespace poolbook::reports::internal
