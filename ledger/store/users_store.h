// The API's users and their bearer tokens (tables api_users and api_tokens). Only a token's
// SHA-256 is stored. Roles are kept as their names; api/auth.h owns what a role means.
// Every function throws the database's exception when a statement fails (the caller turns it into
// a Status with FromDatabaseError); writes must run inside the caller's WriteTransaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/store/database.h"

namespace poolbook::store {

struct StoredToken {
  std::string user;  // the user who holds it
  std::string id, label, created_at, created_by;
  std::optional<std::string> revoked_at;
};

struct StoredUser {
  std::string name, role, created_at, created_by;
  std::optional<std::string> disabled_at;
};

// What checking a presented token needs: its stored hash, and whether it or its user is shut out.
struct TokenCredential {
  std::string sha256;
  std::string user, role;
  bool revoked = false;
  bool user_disabled = false;
};

// Returns whether a user called `name` exists (disabled or not).
bool UserExists(Database& db, const std::string& name);
// Returns nullopt when there is no user called `name`, else whether that user is disabled.
std::optional<bool> UserDisabled(Database& db, const std::string& name);
// Inserts a user; the caller has checked that the name is free (a duplicate throws).
void InsertUser(Database& db, const std::string& name, const std::string& role, const std::string& now,
                const std::string& by);
// Inserts a token held by `token.user` (revoked_at is ignored; a new token is live).
void InsertToken(Database& db, const StoredToken& token, const std::string& sha256);
// Returns whether a token with this id exists (revoked or not).
bool TokenExists(Database& db, const std::string& id);
// Marks the token revoked; one already revoked keeps its first revocation.
void RevokeTokenRow(Database& db, const std::string& id, const std::string& now, const std::string& by);
// Marks the user disabled and revokes every live token they hold; earlier stamps are kept.
void DisableUserRows(Database& db, const std::string& name, const std::string& now, const std::string& by);
// Returns every user, by name.
std::vector<StoredUser> ReadUsers(Database& db);
// Returns every token of every user, in the order they were created (then by id).
std::vector<StoredToken> ReadTokens(Database& db);
// Returns the credential of the token with this id, or nullopt when there is none.
std::optional<TokenCredential> FindTokenCredential(Database& db, const std::string& id);

}  // namespace poolbook::store
