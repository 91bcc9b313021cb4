#include "ledger/store/users_store.h"

namespace poolbook::store {
namespace {

std::optional<std::string> OptionalText(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return r.get<std::string>(i);
}

}  // namespace

bool UserExists(Database& db, const std::string& name) {
  int n = 0;
  db.sql() << "SELECT COUNT(*) FROM api_users WHERE name = :n", soci::use(name), soci::into(n);
  return n > 0;
}

std::optional<bool> UserDisabled(Database& db, const std::string& name) {
  soci::indicator disabled = soci::i_null;
  std::string disabled_at;
  db.sql() << "SELECT disabled_at FROM api_users WHERE name = :n", soci::use(name),
      soci::into(disabled_at, disabled);
  if (!db.sql().got_data()) return std::nullopt;
  return disabled == soci::i_ok;
}

void InsertUser(Database& db, const std::string& name, const std::string& role, const std::string& now,
                const std::string& by) {
  db.sql() << "INSERT INTO api_users (name, role, created_at, created_by) VALUES (:n, :r, :a, :b)",
      soci::use(name), soci::use(role), soci::use(now), soci::use(by);
}

void InsertToken(Database& db, const StoredToken& t, const std::string& sha256) {
  db.sql() << "INSERT INTO api_tokens (id, user_name, sha256, label, created_at, created_by)"
              " VALUES (:i, :u, :h, :l, :a, :b)",
      soci::use(t.id), soci::use(t.user), soci::use(sha256), soci::use(t.label), soci::use(t.created_at),
      soci::use(t.created_by);
}

bool TokenExists(Database& db, const std::string& id) {
  int n = 0;
  db.sql() << "SELECT COUNT(*) FROM api_tokens WHERE id = :i", soci::use(id), soci::into(n);
  return n > 0;
}

void RevokeTokenRow(Database& db, const std::string& id, const std::string& now, const std::string& by) {
  db.sql() << "UPDATE api_tokens SET revoked_at = :a, revoked_by = :b WHERE id = :i AND revoked_at IS NULL",
      soci::use(now), soci::use(by), soci::use(id);
}

void DisableUserRows(Database& db, const std::string& name, const std::string& now, const std::string& by) {
  db.sql()
      << "UPDATE api_users SET disabled_at = :a, disabled_by = :b WHERE name = :n AND disabled_at IS NULL",
      soci::use(now), soci::use(by), soci::use(name);
  db.sql() << "UPDATE api_tokens SET revoked_at = :a, revoked_by = :b WHERE user_name = :n AND revoked_at "
              "IS NULL",
      soci::use(now), soci::use(by), soci::use(name);
}

std::vector<StoredUser> ReadUsers(Database& db) {
  std::vector<StoredUser> out;
  soci::rowset<soci::row> rows = (db.sql().prepare << "SELECT name, role, created_at, created_by, "
                                                      "disabled_at FROM api_users ORDER BY name");
  for (const soci::row& r : rows) {
    out.push_back(StoredUser{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                             r.get<std::string>(3), OptionalText(r, 4)});
  }
  return out;
}

std::vector<StoredToken> ReadTokens(Database& db) {
  std::vector<StoredToken> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT user_name, id, label, created_at, created_by, revoked_at FROM api_tokens"
                           " ORDER BY created_at, id");
  for (const soci::row& r : rows) {
    out.push_back(StoredToken{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                              r.get<std::string>(3), r.get<std::string>(4), OptionalText(r, 5)});
  }
  return out;
}

std::optional<TokenCredential> FindTokenCredential(Database& db, const std::string& id) {
  TokenCredential c;
  soci::indicator revoked = soci::i_null, disabled = soci::i_null;
  std::string revoked_at, disabled_at;
  db.sql() << "SELECT t.sha256, t.revoked_at, u.name, u.role, u.disabled_at FROM api_tokens t"
              " JOIN api_users u ON u.name = t.user_name WHERE t.id = :i",
      soci::use(id), soci::into(c.sha256), soci::into(revoked_at, revoked), soci::into(c.user),
      soci::into(c.role), soci::into(disabled_at, disabled);
  if (!db.sql().got_data()) return std::nullopt;
  c.revoked = revoked == soci::i_ok;
  c.user_disabled = disabled == soci::i_ok;
  return c;
}

}  // namespace poolbook::store
