// Versioned migrations. Migration N brings the schema from version N-1 to N; each runs in one
// transaction with its row in schema_version. Never edit a released migration: add a new one.
#pragma once

#include <string>
#include <vector>

#include "ledger/store/dialect.h"

namespace poolbook::store {

// The statements of every migration, in order: result[0] is migration 1.
std::vector<std::vector<std::string>> Migrations(const Dialect& dialect);

}  // namespace poolbook::store
