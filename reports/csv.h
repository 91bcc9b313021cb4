// RFC 4180 CSV writing: fields with a comma, quote, CR or LF are quoted, quotes doubled; text a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is neutralised with a
// leading apostrophe. Amounts are written with CsvAmount and are never altered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace poolbook::reports {

// One text cell, quoted as needed and neutralised if it could be read as a formula.
std::string CsvText(std::string_view text);
// One amount cell ("-12.50"): a decimal string, written as it is.
std::string CsvAmount(std::string_view amount);
// Cells joined by commas, ended by CRLF (RFC 4180). Cells must already be encoded.
std::string CsvRow(const std::vector<std::string>& cells);

}  // namespace poolbook::reports
