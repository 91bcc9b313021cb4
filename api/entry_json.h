// The JSON form of an entry (docs/design.md §4), shared by the CLI and (later) the HTTP API.
// Amounts are decimal strings; a JSON number where an amount belongs is refused.
#pragma once

#include <nlohmann/json.hpp>

#include "ledger/entry.h"
#include "ledger/store/ledger_store.h"

namespace poolbook::api {

// Refuses, naming the field: unknown fields, wrong types, missing key/book/date/postings, bad
// amounts and dates. "memo", "person", "line" are optional.
StatusOr<Entry> EntryFromJson(const nlohmann::json& j);

// Parses text that must hold one JSON object. The message names the line and column of bad JSON.
StatusOr<Entry> EntryFromJsonText(const std::string& text);

nlohmann::json EntryToJson(const store::StoredEntry& e);

}  // namespace poolbook::api
