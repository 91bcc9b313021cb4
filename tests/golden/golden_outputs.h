// Every output the golden test compares, rendered through the library functions the CLI, the API
// and the web pages call: for each report of the catalogue its text, JSON, HTML and CSV (one file
// per table) for the fund's year, and its text for one quarter as at a past day; a page of spend
// per person; the ledger's trial balance as `poolbook trial-balance` prints it; both exports.
//
// File names (tests/golden/expected/):
//   NAME.txt, NAME.json        poolbook report NAME [--format json]
//   NAME.csv, NAME.TABLE.csv   poolbook report NAME --format csv [--table TABLE] (the first table
//                              has no TABLE in its name)
//   NAME.html                  the report's tables as the web page /reports/NAME shows them
//   NAME.2025-07-to-2025-09-as-at-2025-09-05.txt
//                              ... --from 2025-07 --to 2025-09 --as-at 2025-09-05
//   spend-per-person.limit-2.json   ... --limit 2 --format json (a first page, with next_cursor)
//   ledger-trial-balance.{txt,csv,json}   poolbook trial-balance [--format csv|json]
//   audit-export.csv, audit-export.csv.manifest.json, journal-export.journal
//                              poolbook export audit|journal
#pragma once

#include <map>
#include <string>

#include "ledger/fund/fund.h"

namespace poolbook::testing {

// File name -> content. A failure to build an output becomes its content ("FAILED: ..."), so that
// it shows up as a diff like any other change.
std::map<std::string, std::string> RenderGoldenOutputs(fund::Fund& fund);

}  // namespace poolbook::testing
