// The agreement as JSON: the format of config/example-fund.json (docs/fund.md). Amounts are
// strings ("1234.56"); a JSON number where an amount belongs is refused, and so is a member the
// format does not know.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "ledger/fund/agreement.h"

namespace poolbook::fund {

// Reads an agreement and runs Validate; the message names the member that is wrong
// ("contributions[1].instalments[0].amount: ...").
StatusOr<Agreement> AgreementFromJson(const nlohmann::json& j);
nlohmann::json AgreementToJson(const Agreement& a);

}  // namespace poolbook::fund
