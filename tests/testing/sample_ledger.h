// A small sample ledger for report tests (two partners, contributions, a budget, a package
// commitment and an invoice split by exact apportionment). Safe to run again: every entry has a
// fixed key, so a second run writes nothing new.
#pragma once

#include <string>

#include "ledger/journal.h"

namespace poolbook::testing {

Status WriteSampleLedger(Journal& journal, const std::string& user);

}  // namespace poolbook::testing
