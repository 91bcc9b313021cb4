#include "ledger/csv_reader.h"

#include "ledger/limits.h"

namespace poolbook {

// Reads through the stream buffer directly: istream::get() per character costs a sentry each time.
int CsvReader::Get() {
  int c = in_.rdbuf()->sbumpc();
  if (c != std::char_traits<char>::eof()) ++bytes_;
  return c;
}

StatusOr<bool> CsvReader::Next(std::vector<std::string>& fields) {
  constexpr int kEof = std::char_traits<char>::eof();
  fields.clear();
  if (!started_) {
    started_ = true;
    if (Peek() == 0xEF) {  // UTF-8 byte-order mark, as spreadsheets write it
      Get();
      if (Get() != 0xBB || Get() != 0xBF) {
        return InvalidArgument("line 1: the file starts with bytes that are not text; save it as UTF-8 CSV");
      }
    }
  }
  row_line_ = line_;
  int c = Get();
  if (c == kEof) return false;
  std::string field;
  std::size_t row_bytes = 0;
  bool quoted = false, after_quote = false;
  auto too_long = [&] {
    return InvalidArgument("line " + std::to_string(row_line_) + ": the row is longer than " +
                           std::to_string(limits::kCsvRowBytesMax) + " bytes");
  };
  while (true) {
    // A row's size is its text: the line ending (or the end of input) is not counted.
    const bool ends_row =
        !quoted && (c == '\n' || c == kEof || (c == '\r' && (Peek() == '\n' || Peek() == kEof)));
    if (!ends_row && ++row_bytes > limits::kCsvRowBytesMax) return too_long();
    if (quoted) {
      if (c == kEof) {
        return InvalidArgument("line " + std::to_string(row_line_) + ": a quoted field is never closed");
      }
      if (c == '"') {
        if (Peek() == '"') {
          Get();
          if (++row_bytes > limits::kCsvRowBytesMax) return too_long();
          field += '"';
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line_;
        field += static_cast<char>(c);
      }
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
    } else if (ends_row) {
      if (c == '\r') Get();
      if (c != kEof) ++line_;
      fields.push_back(std::move(field));
      return true;
    } else if (after_quote) {
      return InvalidArgument("line " + std::to_string(line_) + ": text after the closing quote of a field");
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else {
      field += static_cast<char>(c);
    }
    c = Get();
  }
}

}  // namespace poolbook
