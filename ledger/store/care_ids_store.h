// Finding the care records (packages, PHBs, transitions) to show: their ids only, by id, for the
// API's lists and a person's page. Fund::Get* then reads each one whole.
// Every function throws the database's exception when the statement fails (the caller turns it
// into a Status with FromDatabaseError).
#pragma once

#include <string>
#include <vector>

#include "ledger/store/database.h"

namespace poolbook::store {

enum class CareRecord { kPackage, kPhb, kTransition };

// Returns the ids of every record of `kind` for `person`, in id order.
std::vector<std::string> CareIdsForPerson(Database& db, CareRecord kind, const std::string& person);

// Returns at most `limit` package ids after `after` (text order), only those for `person` and on
// `line` when they are not empty.
std::vector<std::string> PackageIdsPage(Database& db, const std::string& person, const std::string& line,
                                        const std::string& after, long long limit);

// Returns at most `limit` PHB ids after `after` (text order).
std::vector<std::string> PhbIdsPage(Database& db, const std::string& after, long long limit);

}  // namespace poolbook::store
