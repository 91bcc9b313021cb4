// The fund's packages of care (fund_packages): their terms as commissioned, a crisis package's
// approval, and the terms the forecast's accruals need. Their histories are in fund_events_store.
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

struct PackageRow {
  std::string id, person, provider, line;
  Money rate;
  std::string unit;            // "hour", "day", "week", "night"
  std::string units_per_week;  // an exact quantity as text: "75/2"
  Date start;
  std::optional<Date> end;     // none: open-ended
  std::optional<Date> review;  // when the package is reviewed
  std::string split;           // the funder split as JSON text; "{}" for the contribution shares
  bool needs_approval = false;
  std::string approved_by, approved_at;  // empty until approved
};

// Returns package `id`, or nothing when there is none.
std::optional<PackageRow> FindPackage(Database& db, const std::string& id);
// Returns every package commissioned at or before `as_at`, ordered by id; a crisis package's
// approval only if given by then.
std::vector<PackageRow> AllPackages(Database& db, const AsAt& as_at = {});
// Records a new package (approved_by and approved_at are not written). Throws on a duplicate id.
void InsertPackage(Database& db, const PackageRow& row, const std::string& created_at,
                   const std::string& created_by);
// Whether package `id` now ends on `end` (none: is open-ended): its row keeps the end it was
// commissioned with, and each "ended" event of its history moves it (the newest counts). False for
// an unknown id.
bool PackageEndsOn(Database& db, const std::string& id, const std::optional<Date>& end);
// Records the approval of crisis package `id`, unless it is approved already (then nothing).
void ApproveCrisisPackage(Database& db, const std::string& id, const std::string& approver,
                          const std::string& approved_at);
// Returns the ids of crisis packages neither approved nor cancelled, ordered.
std::vector<std::string> UnapprovedCrisisIds(Database& db);

// What a package's accruals and later years need: its terms and what has been paid on it.
struct PackageTermsRow {
  std::string id, line, person;
  std::string split;  // the funder split as JSON text
  Money rate;
  std::string units_per_week;
  Date start;
  std::optional<Date> end;  // none: open-ended
  Money paid;
};
// Returns every package's terms and payments so far (only `person`'s, unless empty), in no set
// order; a cancelled crisis package runs no days and is left out.
std::vector<PackageTermsRow> AllPackageTerms(Database& db, const std::string& person = "");
// The same as they stood at `as_at`: the packages commissioned by then, each with its end and
// cancellation as recorded by then, and paid summed from the postings (on accounts beginning
// `spend_prefix`) of its payments and their corrections recorded by then.
std::vector<PackageTermsRow> AllPackageTermsAsAt(Database& db, const std::string& as_at,
                                                 const std::string& spend_prefix,
                                                 const std::string& person = "");

}  // namespace poolbook::store
