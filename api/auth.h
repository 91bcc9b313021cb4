// Who may call the API: users, their roles (docs/design.md §2) and their bearer tokens.
//
// A token reads "pbt_<id>_<secret>": the id (12 hex digits) finds its row, and the SHA-256 of the
// whole token is compared with the stored hash in constant time. Only the hash is stored; the
// token is shown once, when it is issued. A revoked token, or any token of a disabled user, is
// refused like an unknown one.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::api {

enum class Role { kFinanceOfficer, kLeadBudgetHolder, kCommissioner, kAuditor, kAdmin };
inline constexpr std::array<Role, 5> kAllRoles = {Role::kFinanceOfficer, Role::kLeadBudgetHolder,
                                                  Role::kCommissioner, Role::kAuditor, Role::kAdmin};
const char* RoleName(Role r);  // finance_officer, lead_budget_holder, commissioner, auditor, admin
StatusOr<Role> ParseRole(std::string_view text);

inline constexpr std::size_t kUserNameBytesMax = 64;
inline constexpr std::size_t kTokenLabelBytesMax = 100;
inline constexpr std::size_t kTokenBytesMax = 128;  // a longer Authorization value is refused unread

struct Principal {
  std::string user;
  Role role = Role::kCommissioner;
  std::string token_id;
};

struct IssuedToken {
  std::string id;
  std::string token;  // shown once; only its hash is kept
};

struct TokenRow {
  std::string id, label, created_at, created_by;
  std::optional<std::string> revoked_at;
};

struct UserRow {
  std::string name;
  Role role = Role::kCommissioner;
  std::string created_at, created_by;
  std::optional<std::string> disabled_at;
  std::vector<TokenRow> tokens;
};

// Writes: each runs in its own write transaction.
// Creates the user with a first token, labelled `token_label`, in one transaction: both or neither.
StatusOr<IssuedToken> CreateUser(store::Database& db, const std::string& name, Role role,
                                 const std::string& token_label, const std::string& by,
                                 const std::string& now);
StatusOr<IssuedToken> IssueToken(store::Database& db, const std::string& user, const std::string& label,
                                 const std::string& by, const std::string& now);
Status RevokeToken(store::Database& db, const std::string& token_id, const std::string& by,
                   const std::string& now);
// Disables a user and revokes every token they hold.
Status DisableUser(store::Database& db, const std::string& name, const std::string& by,
                   const std::string& now);

// Reads.
StatusOr<std::vector<UserRow>> ListUsers(store::Database& db);
// The principal a bearer token stands for, or nothing (unknown, malformed, revoked, disabled);
// Unavailable when the database cannot be read.
StatusOr<std::optional<Principal>> Authenticate(store::Database& db, std::string_view token);

}  // namespace poolbook::api
