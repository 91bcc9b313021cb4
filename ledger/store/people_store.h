// The people the fund buys care for, by pseudonym (fund_people); never an NHS number.
// Functions throw SOCI's exceptions; callers turn them into a Status (FromDatabaseError). Writes
// must be inside a WriteTransaction.
#pragma once

#include <string>
#include <vector>

#include "ledger/store/database.h"

namespace poolbook::store {

// Returns whether `pseudonym` is registered.
bool PersonRegistered(Database& db, const std::string& pseudonym);
// Registers `pseudonym`, made from `source` ("local" or "nhs-hmac"). Throws when it is registered
// already.
void InsertPerson(Database& db, const std::string& pseudonym, const std::string& source,
                  const std::string& registered_at, const std::string& registered_by);
// Registers every one of `pseudonyms` as local; those registered already are left as they are.
void InsertLocalPeople(Database& db, const std::vector<std::string>& pseudonyms,
                       const std::string& registered_at, const std::string& registered_by);

}  // namespace poolbook::store
