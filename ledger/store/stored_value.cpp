#include "ledger/store/stored_value.h"

namespace poolbook::store {

Date StoredDate(const std::string& text, const char* table, const std::string& row) {
  auto date = Date::Parse(text);
  if (!date.ok()) {
    throw StoredValueError(std::string("the date \"") + text + "\" stored in " + table + ", row " + row +
                           ", does not read: " + date.status().message());
  }
  return *date;
}

Date StoredDate(const std::string& text, const char* table, long long row) {
  return StoredDate(text, table, std::to_string(row));
}

}  // namespace poolbook::store
