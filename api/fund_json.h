// The pooled fund's figures as JSON (amounts as decimal strings): what `poolbook fund status`
// prints, and what the API will serve.
#pragma once

#include <nlohmann/json.hpp>

#include "ledger/fund/fund.h"

namespace poolbook::api {

// Positions per partner, the contributions statement, the forecast outturn per line as at
// `as_of`, the virement register, crises awaiting approval, transitions, and the risk share.
// No person's pseudonym appears: views of a person's data are logged, and this summary is not one.
StatusOr<nlohmann::json> FundStatusJson(fund::Fund& fund, const Date& as_of);

}  // namespace poolbook::api
