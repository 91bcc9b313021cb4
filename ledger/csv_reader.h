// An RFC 4180 CSV reader: comma-separated, fields optionally in double quotes, "" for a quote
// inside quotes, line breaks allowed inside quotes, CRLF or LF row ends, a UTF-8 byte-order mark
// at the start ignored. Rows longer than limits::kCsvRowBytesMax are refused.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "ledger/status.h"

namespace poolbook {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}

  // Reads the next row into `fields`. Returns true for a row, false at the end of the input, or a
  // refusal naming the line (an unclosed quote, text after a closing quote, an over-long row).
  StatusOr<bool> Next(std::vector<std::string>& fields);

  // The line on which the row last returned starts (1-based).
  long row_line() const { return row_line_; }
  // Bytes consumed so far.
  std::uint64_t bytes_read() const { return bytes_; }

 private:
  int Get();
  int Peek() { return in_.rdbuf()->sgetc(); }
  std::istream& in_;
  long line_ = 1;
  long row_line_ = 0;
  std::uint64_t bytes_ = 0;
  bool started_ = false;
};

}  // namespace poolbook
