// The fund's personal health budgets (fund_phbs): their terms as agreed, and the terms the
// forecast's accruals need. Their histories are in fund_events_store, recoveries in
// fund_recoveries_store.
// Functions throw SOCI's exceptions, and StoredValueError for a stored date that does not read;
// callers turn both into a Status (FromDatabaseError). Writes must be inside a WriteTransaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/store/as_at.h"
#include "ledger/store/database.h"

namespace poolbook::store {

struct PhbRow {
  std::string id, person, line;
  std::string mode;  // "notional", "third_party", "direct_payment"
  Money indicative, agreed;
  Date start, end, review;
  std::string split;  // the funder split as JSON text; "{}" for the contribution shares
};

// Returns PHB `id`, or nothing when there is none.
std::optional<PhbRow> FindPhb(Database& db, const std::string& id);
// Returns every PHB agreed at or before `as_at`, ordered by id.
std::vector<PhbRow> AllPhbs(Database& db, const AsAt& as_at = {});
// Records a new PHB. Throws on a duplicate id.
void InsertPhb(Database& db, const PhbRow& row, const std::string& created_at, const std::string& created_by);

// What a PHB's accruals and later years need: its budget, its dates and what has been paid on it.
struct PhbTermsRow {
  std::string id, line, person;
  std::string split;  // the funder split as JSON text
  Money agreed;
  Date start, end;
  Money paid;
};
// Returns every PHB's terms and payments so far (only `person`'s, unless empty), in no set order.
std::vector<PhbTermsRow> AllPhbTerms(Database& db, const std::string& person = "");
// The same as they stood at `as_at`: the PHBs agreed by then, paid summed from the postings (on
// accounts beginning `spend_prefix`) of their payments and corrections recorded by then.
std::vector<PhbTermsRow> AllPhbTermsAsAt(Database& db, const std::string& as_at,
                                         const std::string& spend_prefix, const std::string& person = "");

}  // namespace poolbook::store
