#include "api/json_input.h"

namespace poolbook::api {

using nlohmann::json;

StatusOr<json> ParseJsonBody(const std::string& body) {
  json j;
  try {
    j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  } catch (const json::exception&) {
    j = json(json::value_t::discarded);
  }
  if (j.is_discarded()) {
    // Find where it went wrong for the message.
    try {
      json again = json::parse(body);
      (void)again;
    } catch (const json::parse_error& e) {
      return InvalidArgument("the body is not valid JSON (at byte " + std::to_string(e.byte) +
                             "); send one JSON object, with Content-Type: application/json")
          .With(Reason::kMalformedJson);
    } catch (const json::exception&) {
      // A number too large for any type (1e999), for instance.
    }
    return InvalidArgument("the body is not valid JSON; send one JSON object").With(Reason::kMalformedJson);
  }
  return j;
}

StatusOr<long long> ParseId(const std::string& text, const std::string& what, const std::string& field) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return InvalidArgument("\"" + text.substr(0, 40) + "\" is not " + what + " (a whole number)", field);
  return std::stoll(text);
}

StatusOr<Rational> ParseQuantity(const std::string& text, const std::string& field) {
  const std::size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  const bool digits = !whole.empty() && whole.size() <= 12 &&
                      whole.find_first_not_of("0123456789") == std::string::npos && frac.size() <= 6 &&
                      frac.find_first_not_of("0123456789") == std::string::npos &&
                      (dot == std::string::npos || !frac.empty());
  if (!digits) {
    return InvalidArgument(
        field + " must be a number written as text, like \"37.5\" (at most 6 decimals), not \"" +
            text.substr(0, 40) + "\"",
        field);
  }
  Rational r{boost::multiprecision::cpp_int(whole)};
  if (!frac.empty()) {
    boost::multiprecision::cpp_int den = 1;
    for (std::size_t i = 0; i < frac.size(); ++i) den *= 10;
    r += Rational(boost::multiprecision::cpp_int(frac), den);
  }
  return r;
}

In::In(const json& object, std::string prefix) : ext_(&object), prefix_(std::move(prefix)) {
  if (!object.is_object()) {
    Fail(InvalidArgument((prefix_.empty() ? std::string("the body") : prefix_.substr(0, prefix_.size() - 1)) +
                             " must be a JSON object",
                         prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1)));
  }
}

In In::Query(const httplib::Request& req) {
  static const json kEmpty = json::object();
  In in(kEmpty);
  in.query_ = true;
  for (const auto& [k, v] : req.params) {
    if (in.owned_.contains(k))
      in.Fail(InvalidArgument("query parameter \"" + k.substr(0, 40) + "\" is given twice", k));
    in.owned_[k] = v;
  }
  if (in.owned_.is_null()) in.owned_ = json::object();
  return in;
}

void In::Fail(Status st) {
  if (status_.ok()) status_ = std::move(st);
}

const json* In::Get(const char* name, bool required) {
  read_.insert(name);
  const json& obj = this->obj();
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) {
    if (required) Fail(InvalidArgument(Field(name) + " is missing", Field(name)));
    return nullptr;
  }
  return &*it;
}

const json* In::Raw(const char* name) { return Get(name, false); }

std::string In::Str(const char* name) {
  const json* v = Get(name, true);
  if (!v) return {};
  if (!v->is_string()) {
    Fail(InvalidArgument(Field(name) + " must be a string", Field(name)));
    return {};
  }
  return v->get<std::string>();
}

std::string In::OptStr(const char* name, std::string def) {
  const json* v = Get(name, false);
  if (!v) return def;
  if (!v->is_string()) {
    Fail(InvalidArgument(Field(name) + " must be a string", Field(name)));
    return def;
  }
  return v->get<std::string>();
}

std::optional<Money> In::OptAmount(const char* name) {
  const json* v = Get(name, false);
  if (!v) return std::nullopt;
  if (v->is_number()) {
    Fail(InvalidArgument(Field(name) + " is a JSON number; amounts are strings like \"12.50\"", Field(name)));
    return std::nullopt;
  }
  if (!v->is_string()) {
    Fail(
        InvalidArgument(Field(name) + " must be an amount written as a string, like \"12.50\"", Field(name)));
    return std::nullopt;
  }
  auto m = Money::Parse(v->get<std::string>());
  if (!m.ok()) {
    Fail(InvalidArgument(Field(name) + ": " + m.status().message(), Field(name)));
    return std::nullopt;
  }
  return *m;
}

Money In::Amount(const char* name) {
  if (!Get(name, true)) return Money();
  return OptAmount(name).value_or(Money());
}

std::optional<Date> In::OptDate(const char* name) {
  const json* v = Get(name, false);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(InvalidArgument(Field(name) + " must be a date written as \"YYYY-MM-DD\"", Field(name)));
    return std::nullopt;
  }
  auto d = Date::Parse(v->get<std::string>());
  if (!d.ok()) {
    Fail(InvalidArgument(Field(name) + ": " + d.status().message(), Field(name)));
    return std::nullopt;
  }
  return *d;
}

std::optional<Book> In::OptBook(const char* name) {
  const std::string text = OptStr(name);
  if (text.empty()) return std::nullopt;
  auto b = ParseBook(text);
  if (!b.ok()) {
    Fail(InvalidArgument(b.status().message(), Field(name)));
    return std::nullopt;
  }
  return *b;
}

Date In::DateField(const char* name) {
  if (!Get(name, true)) return Date{};
  return OptDate(name).value_or(Date{});
}

long long In::OptInt(const char* name, long long def, long long min, long long max) {
  const json* v = Get(name, false);
  if (!v) return def;
  long long n = 0;
  if (v->is_number_integer()) {
    n = v->get<long long>();
  } else if (query_ && v->is_string()) {
    const std::string s = v->get<std::string>();
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
      Fail(InvalidArgument(Field(name) + " must be a whole number", Field(name)));
      return def;
    }
    n = std::stoll(s);
  } else {
    Fail(InvalidArgument(Field(name) + " must be a whole number", Field(name)));
    return def;
  }
  if (n < min || n > max) {
    Fail(InvalidArgument(Field(name) + " is " + std::to_string(n) + "; it must be between " +
                             std::to_string(min) + " and " + std::to_string(max),
                         Field(name)));
    return def;
  }
  return n;
}

long long In::Int(const char* name, long long min, long long max) {
  if (!Get(name, true)) return min;
  return OptInt(name, min, min, max);
}

bool In::OptBool(const char* name, bool def) {
  const json* v = Get(name, false);
  if (!v) return def;
  if (v->is_boolean()) return v->get<bool>();
  if (query_ && v->is_string() && (*v == "true" || *v == "false")) return *v == "true";
  Fail(InvalidArgument(Field(name) + " must be true or false", Field(name)));
  return def;
}

Rational In::Quantity(const char* name) {
  const json* v = Get(name, true);
  if (!v) return Rational(0);
  std::string text;
  if (v->is_number_unsigned() || v->is_number_integer()) {
    text = v->dump();
  } else if (v->is_string()) {
    text = v->get<std::string>();
  } else {
    Fail(InvalidArgument(Field(name) + " must be a number written as text, like \"37.5\"", Field(name)));
    return Rational(0);
  }
  auto r = ParseQuantity(text, Field(name));
  if (!r.ok()) {
    Fail(r.status());
    return Rational(0);
  }
  return *r;
}

std::map<std::string, Rational> In::Split(const char* name) {
  std::map<std::string, Rational> out;
  const json* v = Get(name, false);
  if (!v) return out;
  if (!v->is_object()) {
    Fail(InvalidArgument(Field(name) + " must be an object of partner to share, like {\"ICB\": \"50\"}",
                         Field(name)));
    return out;
  }
  for (auto it = v->begin(); it != v->end(); ++it) {
    const std::string f = Field(name) + "." + it.key();
    std::string text = it->is_string() ? it->get<std::string>() : it->is_number_integer() ? it->dump() : "";
    auto r = ParseQuantity(text, f);
    if (!r.ok()) {
      Fail(r.status());
      return {};
    }
    out[it.key()] = *r;
  }
  return out;
}

Status In::Finish() {
  if (!status_.ok()) return status_;
  const json& obj = this->obj();
  if (!obj.is_object()) return status_;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (read_.count(it.key())) continue;
    std::string known;
    for (const std::string& k : read_) known += (known.empty() ? "" : ", ") + k;
    return InvalidArgument((query_ ? "unknown query parameter \"" : "unknown field \"") + prefix_ +
                               it.key().substr(0, 40) + "\"" +
                               (known.empty() ? "" : " (this takes: " + known + ")"),
                           prefix_ + it.key());
  }
  return Status::Ok();
}

}  // namespace poolbook::api
