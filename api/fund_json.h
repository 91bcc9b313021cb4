// The pooled fund's records as JSON (amounts as decimal strings), for the API and the CLI.
#pragma once

#include <nlohmann/json.hpp>

#include "ledger/fund/fund.h"

namespace poolbook::api {

// Positions per partner, the contributions statement, the forecast outturn per line as at
// `as_of`, the virement register, crises awaiting approval, transitions, and the risk share.
// No person's pseudonym appears: views of a person's data are logged, and this summary is not one.
StatusOr<nlohmann::json> FundStatusJson(fund::Fund& fund, const Date& as_of);

nlohmann::json PositionJson(const fund::PartnerPosition& p);
nlohmann::json ContributionJson(const fund::ContributionLine& c);
nlohmann::json VariationJson(const fund::ContributionVariation& v);
nlohmann::json ForecastJson(const fund::LineForecast& f);
nlohmann::json VirementJson(const fund::Virement& v);
nlohmann::json RiskShareJson(const fund::RiskShareStatement& rs);
// These carry the person's pseudonym: a response holding one must be logged (Context::Viewed).
nlohmann::json PackageJson(const fund::Package& p);
nlohmann::json PhbJson(const fund::Phb& p);
// A recovery names its PHB, not the person.
nlohmann::json RecoveryJson(const fund::Recovery& r);
nlohmann::json CrisisJson(const fund::CrisisFlag& c, bool with_person);
nlohmann::json TransitionJson(const fund::Transition& t, bool with_person);
nlohmann::json ReceiptJson(const Receipt& r);

}  // namespace poolbook::api
