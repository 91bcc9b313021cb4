#include "config/server_config.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "ledger/fund/people.h"

namespace poolbook::config {
namespace {

using nlohmann::json;

constexpr std::size_t kConfigBytesMax = 64 * 1024;

std::string EnvName(const std::string& setting, bool limit) {
  std::string out = limit ? "POOLBOOK_LIMIT_" : "POOLBOOK_";
  for (char c : setting) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

StatusOr<long long> WholeNumber(const std::string& text, const std::string& where) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument(where + " must be a whole number, not \"" + text.substr(0, 40) + "\"");
  }
  return std::stoll(text);
}

Status InRange(long long v, long long min, long long max, const std::string& where) {
  if (v < min || v > max) {
    return InvalidArgument(where + " is " + std::to_string(v) + "; it must be between " +
                           std::to_string(min) + " and " + std::to_string(max));
  }
  return Status::Ok();
}

const std::vector<std::string>& TextSettings() {
  static const std::vector<std::string> k = {"database", "bind",       "tls_cert",
                                             "tls_key",  "access_log", "pseudonym_secret"};
  return k;
}

std::string* TextField(ServerConfig& c, const std::string& name) {
  if (name == "database") return &c.database;
  if (name == "bind") return &c.bind;
  if (name == "tls_cert") return &c.tls_cert;
  if (name == "tls_key") return &c.tls_key;
  if (name == "access_log") return &c.access_log;
  if (name == "pseudonym_secret") return &c.pseudonym_secret;
  return nullptr;
}

Status FromFile(const std::string& path, ServerConfig& c) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open the server configuration \"" + path + "\"", "file");
  std::string text(kConfigBytesMax + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kConfigBytesMax) {
    return InvalidArgument("the server configuration \"" + path + "\" is larger than 64 KiB", "file");
  }
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgument("the server configuration \"" + path + "\" is not a JSON object", "file");
  }
  const std::string where = "server configuration \"" + path + "\": ";
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (std::string* f = TextField(c, k)) {
      if (!it->is_string()) return InvalidArgument(where + k + " must be a string", k);
      *f = it->get<std::string>();
    } else if (k == "port") {
      if (!it->is_number_integer()) return InvalidArgument(where + "port must be a whole number", k);
      const long long p = it->get<long long>();
      POOLBOOK_RETURN_IF_ERROR(InRange(p, 0, 65535, where + "port"));
      c.port = static_cast<int>(p);
    } else if (k == "limits") {
      if (!it->is_object()) return InvalidArgument(where + "limits must be an object", k);
      for (auto l = it->begin(); l != it->end(); ++l) {
        const LimitSetting* s = nullptr;
        for (const LimitSetting& ls : LimitSettings())
          if (l.key() == ls.name) s = &ls;
        if (!s) return InvalidArgument(where + "unknown limit \"" + l.key().substr(0, 40) + "\"", "limits");
        const std::string name = "limits." + l.key();
        if (!l->is_number_integer()) return InvalidArgument(where + name + " must be a whole number", name);
        const long long v = l->get<long long>();
        POOLBOOK_RETURN_IF_ERROR(InRange(v, s->min, s->max, where + name));
        c.limits.*(s->field) = v;
      }
    } else if (k != "comment") {
      return InvalidArgument(where + "unknown setting \"" + k.substr(0, 40) + "\"", k);
    }
  }
  return Status::Ok();
}

}  // namespace

const std::vector<LimitSetting>& LimitSettings() {
  static const std::vector<LimitSetting> k = {
      {"body_bytes_max", &ServerLimits::body_bytes_max, 1024, 256LL * 1024 * 1024},
      {"postings_per_entry_max", &ServerLimits::postings_per_entry_max, 2, 1000},
      {"entries_per_batch_max", &ServerLimits::entries_per_batch_max, 1, 50000},
      {"page_size_max", &ServerLimits::page_size_max, 1, 10000},
      {"read_timeout_seconds", &ServerLimits::read_timeout_seconds, 1, 600},
      {"write_timeout_seconds", &ServerLimits::write_timeout_seconds, 1, 600},
      {"request_timeout_seconds", &ServerLimits::request_timeout_seconds, 1, 600},
      {"threads", &ServerLimits::threads, 1, 1024},
      {"queue_max", &ServerLimits::queue_max, 1, 100000},
      {"write_queue_max", &ServerLimits::write_queue_max, 1, 1000000},
      {"keep_alive_max_count", &ServerLimits::keep_alive_max_count, 1, 1000000},
      {"keep_alive_timeout_seconds", &ServerLimits::keep_alive_timeout_seconds, 1, 600},
  };
  return k;
}

StatusOr<ServerConfig> LoadServerConfig(const std::string& path, const GetEnv& getenv) {
  ServerConfig c;
  if (!path.empty()) POOLBOOK_RETURN_IF_ERROR(FromFile(path, c));
  for (const std::string& name : TextSettings()) {
    if (const char* v = getenv(EnvName(name, false).c_str())) *TextField(c, name) = v;
  }
  if (const char* v = getenv("POOLBOOK_PORT")) {
    auto p = WholeNumber(v, "POOLBOOK_PORT");
    if (!p.ok()) return p.status();
    POOLBOOK_RETURN_IF_ERROR(InRange(*p, 0, 65535, "POOLBOOK_PORT"));
    c.port = static_cast<int>(*p);
  }
  for (const LimitSetting& s : LimitSettings()) {
    const std::string env = EnvName(s.name, true);
    if (const char* v = getenv(env.c_str())) {
      auto n = WholeNumber(v, env);
      if (!n.ok()) return n.status();
      POOLBOOK_RETURN_IF_ERROR(InRange(*n, s.min, s.max, env));
      c.limits.*(s.field) = *n;
    }
  }
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    return InvalidArgument("TLS needs both tls_cert and tls_key (or neither, for plain HTTP)", "tls_cert");
  }
  if (!c.pseudonym_secret.empty() && c.pseudonym_secret.size() < fund::kPseudonymSecretBytesMin) {
    return InvalidArgument(
        "pseudonym_secret must be at least " + std::to_string(fund::kPseudonymSecretBytesMin) + " bytes",
        "pseudonym_secret");
  }
  if (c.database.empty()) return InvalidArgument("database must name the ledger", "database");
  return c;
}

}  // namespace poolbook::config
