#include "api/auth.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ledger/chain.h"
#include "ledger/entry.h"

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
  const std::string hash = Sha256Hex(t.token);
  soci::indicator disabled = soci::i_null;
  std::string disabled_at;
  db.sql() << "SELECT disabled_at FROM api_users WHERE name = :n", soci::use(user),
      soci::into(disabled_at, disabled);
  if (!db.sql().got_data()) return NotFound("there is no user called \"" + user + "\"", "name");
  if (disabled == soci::i_ok) return FailedPrecondition("user \"" + user + "\" is disabled", "name");
  db.sql() << "INSERT INTO api_tokens (id, user_name, sha256, label, created_at, created_by)"
              " VALUES (:i, :u, :h, :l, :a, :b)",
      soci::use(t.id), soci::use(user), soci::use(hash), soci::use(label), soci::use(now), soci::use(by);
  return t;
}

}  // namespace

StatusOr<IssuedToken> CreateUser(store::Database& db, const std::string& name, Role role,
                                 const std::string& token_label, const std::string& by,
                                 const std::string& now) {
  POOLBOOK_RETURN_IF_ERROR(CheckName(name));
  try {
    store::WriteTransaction tx(db);
    int n = 0;
    db.sql() << "SELECT COUNT(*) FROM api_users WHERE name = :n", soci::use(name), soci::into(n);
    if (n > 0) return AlreadyExists("there is already a user called \"" + name + "\"", "name");
    const std::string role_name = RoleName(role);
    db.sql() << "INSERT INTO api_users (name, role, created_at, created_by) VALUES (:n, :r, :a, :b)",
        soci::use(name), soci::use(role_name), soci::use(now), soci::use(by);
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
    int n = 0;
    db.sql() << "SELECT COUNT(*) FROM api_tokens WHERE id = :i", soci::use(token_id), soci::into(n);
    if (n == 0) return NotFound("there is no token with id \"" + token_id.substr(0, 40) + "\"", "id");
    db.sql() << "UPDATE api_tokens SET revoked_at = :a, revoked_by = :b WHERE id = :i AND revoked_at IS NULL",
        soci::use(now), soci::use(by), soci::use(token_id);
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
    int n = 0;
    db.sql() << "SELECT COUNT(*) FROM api_users WHERE name = :n", soci::use(name), soci::into(n);
    if (n == 0) return NotFound("there is no user called \"" + name + "\"", "name");
    db.sql()
        << "UPDATE api_users SET disabled_at = :a, disabled_by = :b WHERE name = :n AND disabled_at IS NULL",
        soci::use(now), soci::use(by), soci::use(name);
    db.sql() << "UPDATE api_tokens SET revoked_at = :a, revoked_by = :b WHERE user_name = :n AND revoked_at "
                "IS NULL",
        soci::use(now), soci::use(by), soci::use(name);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "disabling a user");
  }
  return Status::Ok();
}

StatusOr<std::vector<UserRow>> ListUsers(store::Database& db) {
  std::vector<UserRow> out;
  try {
    soci::rowset<soci::row> users = (db.sql().prepare << "SELECT name, role, created_at, created_by, "
                                                         "disabled_at FROM api_users ORDER BY name");
    for (const soci::row& r : users) {
      UserRow u;
      u.name = r.get<std::string>(0);
      auto role = ParseRole(r.get<std::string>(1));
      if (!role.ok()) return Internal("a stored role does not read");
      u.role = *role;
      u.created_at = r.get<std::string>(2);
      u.created_by = r.get<std::string>(3);
      if (r.get_indicator(4) == soci::i_ok) u.disabled_at = r.get<std::string>(4);
      out.push_back(std::move(u));
    }
    soci::rowset<soci::row> tokens =
        (db.sql().prepare << "SELECT user_name, id, label, created_at, created_by, revoked_at FROM api_tokens"
                             " ORDER BY created_at, id");
    for (const soci::row& r : tokens) {
      const std::string user = r.get<std::string>(0);
      for (UserRow& u : out) {
        if (u.name != user) continue;
        TokenRow t{r.get<std::string>(1), r.get<std::string>(2), r.get<std::string>(3), r.get<std::string>(4),
                   std::nullopt};
        if (r.get_indicator(5) == soci::i_ok) t.revoked_at = r.get<std::string>(5);
        u.tokens.push_back(std::move(t));
      }
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "listing users");
  }
  return out;
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
  std::string stored(64, '0'), user, role_name;
  soci::indicator revoked = soci::i_null, disabled = soci::i_null;
  std::string revoked_at, disabled_at;
  bool found = false;
  try {
    db.sql() << "SELECT t.sha256, t.revoked_at, u.name, u.role, u.disabled_at FROM api_tokens t"
                " JOIN api_users u ON u.name = t.user_name WHERE t.id = :i",
        soci::use(id), soci::into(stored), soci::into(revoked_at, revoked), soci::into(user),
        soci::into(role_name), soci::into(disabled_at, disabled);
    found = db.sql().got_data();
  } catch (const std::exception& e) {
    return Unavailable(std::string("the ledger could not be read to check the token: ") + e.what());
  }
  if (stored.size() != presented.size()) return std::optional<Principal>();
  // Compared in constant time, whether or not the id was found.
  const bool same = CRYPTO_memcmp(stored.data(), presented.data(), presented.size()) == 0;
  if (!found || !same || revoked == soci::i_ok || disabled == soci::i_ok) return std::optional<Principal>();
  auto role = ParseRole(role_name);
  if (!role.ok()) return std::optional<Principal>();
  return std::optional<Principal>(Principal{user, *role, id});
}

}  // namespace poolbook::api
