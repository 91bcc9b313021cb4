// Work left open in a finished demo year, for tests that need commitments: the demo pays all its
// care by the year end, so its commitment book ends at zero.
#pragma once

#include <string>

#include "ledger/fund/fund.h"

namespace poolbook::testing {

// Commissions package `id` for the first package's person, on its line, running from the start of
// March 2026 for a year, commissioned on 31 March 2026: committed and not yet paid.
inline Status CommissionOpenPackage(fund::Fund& fund, const std::string& id) {
  auto packages = fund.Packages();
  if (!packages.ok()) return packages.status();
  if (packages->empty()) return FailedPrecondition("the fund has no package to copy");
  fund::PackageSpec s = packages->front().spec;
  s.id = id;
  s.start = Date{2026, 3, 1};
  s.end = Date{2027, 2, 28};
  s.split.clear();
  auto p = fund.Commission(s, Date{2026, 3, 31}, "officer");
  return p.ok() ? Status() : p.status();
}

}  // namespace poolbook::testing
