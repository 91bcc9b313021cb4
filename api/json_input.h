// Reading a request: the JSON body and the query string, with refusals that name the field.
//
// In collects the first fault and goes on returning empty values, so a handler reads every field
// it needs and then asks Finish() once; Finish() also refuses fields the route does not take.
// Amounts must be strings ("12.50"): a JSON number is refused with that advice, since a binary
// floating-point number cannot hold every amount of pence exactly.
#pragma once

#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "ledger/apportion.h"
#include "ledger/entry.h"
#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/status.h"

namespace poolbook::api {

// The body as a JSON value; "the body is not valid JSON ..." when it does not parse.
StatusOr<nlohmann::json> ParseJsonBody(const std::string& body);

// A record's id given as text (a path segment, a command-line argument): 1 to 18 digits.
// Refused as "\"x\" is not <what> (a whole number)", on `field`.
StatusOr<long long> ParseId(const std::string& text, const std::string& what,
                            const std::string& field = "id");

// A decimal quantity given as text ("37.5", "50"): digits, at most one '.', at most 6 decimals.
StatusOr<Rational> ParseQuantity(const std::string& text, const std::string& field);

class In {
 public:
  // A JSON object (a body, or one element of a list). `prefix` names it in messages: "entries[3].".
  explicit In(const nlohmann::json& object, std::string prefix = "");
  // The query string: every value is text.
  static In Query(const httplib::Request& req);

  std::string Str(const char* name);  // required
  std::string OptStr(const char* name, std::string def = "");
  Money Amount(const char* name);  // required
  std::optional<Money> OptAmount(const char* name);
  Date DateField(const char* name);  // required
  std::optional<Date> OptDate(const char* name);
  std::optional<Book> OptBook(const char* name);                  // actual, budget, commitment
  long long Int(const char* name, long long min, long long max);  // required
  long long OptInt(const char* name, long long def, long long min, long long max);
  bool OptBool(const char* name, bool def);
  Rational Quantity(const char* name);                      // "37.5" or 37
  std::map<std::string, Rational> Split(const char* name);  // optional {"ICB": "50", ...}
  const nlohmann::json* Raw(const char* name);              // marks the field as read

  // OK, or the first fault, or the first field nobody read.
  Status Finish();
  bool ok() const { return status_.ok(); }
  void Fail(Status st);

 private:
  const nlohmann::json* Get(const char* name, bool required);
  std::string Field(const char* name) const { return prefix_ + name; }

  const nlohmann::json& obj() const { return query_ ? owned_ : *ext_; }

  nlohmann::json owned_;  // the query's values
  const nlohmann::json* ext_ = nullptr;
  std::string prefix_;
  bool query_ = false;
  std::set<std::string> read_;
  Status status_;
};

}  // namespace poolbook::api
