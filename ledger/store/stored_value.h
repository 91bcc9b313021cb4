// Checked reads of values the ledger stored itself. A stored value that does not read is a fault of
// the database (a hand edit, a bad migration), never of the user: the read stops with an exception
// that names the table and the row, so the fault can be found, instead of carrying on with a
// wrong value.
#pragma once

#include <stdexcept>
#include <string>

#include "ledger/period.h"

namespace poolbook::store {

// Thrown when a stored value does not read. A std::runtime_error, so the usual catch around a
// store read turns it into an Internal status (FromDatabaseError) with the message kept.
struct StoredValueError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Returns the date stored as "YYYY-MM-DD" in `table`'s row `row` (its id or key, for the
// message). Throws StoredValueError naming table, row and text when `text` is not such a date.
Date StoredDate(const std::string& text, const char* table, const std::string& row);
Date StoredDate(const std::string& text, const char* table, long long row);

}  // namespace poolbook::store
