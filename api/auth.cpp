#include "api/auth.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ledger/chain.h"
#include "ledger/entry.h"
#include "ledger/store/users_store.h"

namespace poolbook::api {
namespace {

constexpr std::size_t kIdHexDigits = 12;
constexpr std::size_t kSecretBytes = 32;

std::string RandomHex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) return {};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : buf) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool IsHex(std::string_view s) { return s.find_first_not_of("0123456789abcdef") == std::string_view::npos; }

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > kUserNameBytesMax)
    return InvalidArgument("a user name has 1 to " + std::to_string(kUserNameBytesMax) + " characters",
                           "name");
  if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-") !=
      std::string::npos) {
    return InvalidArgument("a user name may hold letters, digits and . _ @ - only", "name");
  }
  return Status::Ok();
}

}  // namespace

const char* RoleName(Role r) {
  switch (r) {
    case Role::kFinanceOfficer:
      return "finance_officer";
    case Role::kLeadBudgetHolder:
      return "lead_budget_holder";
    case Role::kCommissioner:
      return "commissioner";
    case Role::kAuditor:
      return "auditor";
    case Role::kAdmin:
      return "admin";
  }
  return "?";
}

StatusOr<Role> ParseRole(std::string_view text) {
  for (Role r : kAllRoles)
    if (text == RoleName(r)) return r;
  return InvalidArgument("\"" + std::string(text.substr(0, 40)) +
                             "\" is not a role; roles are finance_officer, lead_budget_holder, commissioner, "
                             "auditor and admin",
                         "role");
}

namespace {

// Inserts a token for `user` inside the caller's write transaction.
StatusOr<IssuedToken> InsertToken(store::Database& db, const std::string& user, const std::string& label,
                                  const std::string& by, const std::string& now) {
  POOLBOOK_RETURN_IF_ERROR(CheckText(label, kTokenLabelBytesMax, "the token's label"));
  IssuedToken t;
  t.id = RandomHex(kIdHexDigits / 2);
  const std::string secret = RandomHex(kSecretBytes);
  if (t.id.empty() || secret.empty()) return Internal("the system's random number source failed");
  t.token = "pbt_" + t.id + "_" + secret;
  const std::optional<bool> disabled = store::UserDisabled(db, user);
  if (!disabled) return NotFound("there is no user called \"" + user + "\"", "name");
  if (*disabled) return FailedPrecondition("user \"" + user + "\" is disabled", "name");
  store::InsertToken(db, store::StoredToken{user, t.id, label, now, by, std::nullopt}, Sha256Hex(t.token));
  return t;
}

// The users with their tokens, as the store gives them.
StatusOr<std::vector<UserRow>> JoinUsers(const std::vector<store::StoredUser>& users,
                                         const std::vector<store::StoredToken>& tokens) {
  std::vector<UserRow> out;
  for (const store::StoredUser& s : users) {
    auto role = ParseRole(s.role);
    if (!role.ok()) return Internal("a stored role does not read");
    out.push_back(UserRow{s.name, *role, s.created_at, s.created_by, s.disabled_at, {}});
  }
  for (const store::StoredToken& t : tokens) {
    for (UserRow& u : out) {
      if (u.name != t.user) continue;
      u.tokens.push_back(TokenRow{t.id, t.label, t.created_at, t.created_by, t.revoked_at});
    }
  }
  return out;
}

}  // namespace

StatusOr<IssuedToken> CreateUser(store::Database& db, const std::string& name, Role role,
                                 const std::string& token_label, const std::string& by,
                                 const std::string& now) {
  POOLBOOK_RETURN_IF_ERROR(CheckName(name));
  try {
    store::WriteTransaction tx(db);
    if (store::UserExists(db, name))
      return AlreadyExists("there is already a user called \"" + name + "\"", "name");
    store::InsertUser(db, name, RoleName(role), now, by);
    auto t = InsertToken(db, name, token_label, by, now);
    if (t.ok()) tx.Commit();  // otherwise the user is rolled back with the token
    return t;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "creating a user");
  }
}

StatusOr<IssuedToken> IssueToken(store::Database& db, const std::string& user, const std::string& label,
                                 const std::string& by, const std::string& now) {
  try {
    store::WriteTransaction tx(db);
    auto t = InsertToken(db, user, label, by, now);
    if (t.ok()) tx.Commit();
    return t;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "issuing a token");
  }
}

Status RevokeToken(store::Database& db, const std::string& token_id, const std::string& by,
                   const std::string& now) {
  try {
    store::WriteTransaction tx(db);
    if (!store::TokenExists(db, token_id))
      return NotFound("there is no token with id \"" + token_id.substr(0, 40) + "\"", "id");
    store::RevokeTokenRow(db, token_id, now, by);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "revoking a token");
  }
  return Status::Ok();
}

Status DisableUser(store::Database& db, const std::string& name, const std::string& by,
                   const std::string& now) {
  try {
    store::WriteTransaction tx(db);
    if (!store::UserExists(db, name)) return NotFound("there is no user called \"" + name + "\"", "name");
    store::DisableUserRows(db, name, now, by);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "disabling a user");
  }
  return Status::Ok();
}

StatusOr<std::vector<UserRow>> ListUsers(store::Database& db) {
  try {
    return JoinUsers(store::ReadUsers(db), store::ReadTokens(db));
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "listing users");
  }
}

StatusOr<std::optional<Principal>> Authenticate(store::Database& db, std::string_view token) {
  // "pbt_" + 12 hex + "_" + 64 hex.
  if (token.size() != 4 + kIdHexDigits + 1 + 2 * kSecretBytes || token.substr(0, 4) != "pbt_" ||
      token[4 + kIdHexDigits] != '_' || !IsHex(token.substr(4, kIdHexDigits)) ||
      !IsHex(token.substr(4 + kIdHexDigits + 1))) {
    return std::optional<Principal>();
  }
  const std::string id(token.substr(4, kIdHexDigits));
  const std::string presented = Sha256Hex(token);
  std::optional<store::TokenCredential> found;
  try {
    found = store::FindTokenCredential(db, id);
  } catch (const std::exception& e) {
    return Unavailable(std::string("the ledger could not be read to check the token: ") + e.what());
  }
  const std::string stored = found ? found->sha256 : std::string(64, '0');
  if (stored.size() != presented.size()) return std::optional<Principal>();
  // Compared in constant time, whether or not the id was found.
  const bool same = CRYPTO_memcmp(stored.data(), presented.data(), presented.size()) == 0;
  if (!found || !same || found->revoked || found->user_disabled) return std::optional<Principal>();
  auto role = ParseRole(found->role);
  if (!role.ok()) return std::optional<Principal>();
  return std::optional<Principal>(Principal{found->user, *role, id});
}

}  // namespace poolbook::api
