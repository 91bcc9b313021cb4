#include "api/entry_json.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

StatusOr<std::string> Text(const json& obj, const char* name, const std::string& field, bool required) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) {
    if (required) return InvalidArgument(field + " is missing", field);
    return std::string();
  }
  if (!it->is_string()) return InvalidArgument(field + " must be a string", field);
  return it->get<std::string>();
}

// Refuses fields not in `allowed`; the field path is `prefix` + the field's name.
Status OnlyFields(const json& obj, std::initializer_list<const char*> allowed, const std::string& where,
                  const std::string& prefix) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return InvalidArgument(
          where + "has an unknown field \"" + it.key().substr(0, 40) + "\" (allowed: " + list + ")",
          prefix + it.key());
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Entry> EntryFromJson(const json& j) {
  if (!j.is_object()) return InvalidArgument("an entry must be a JSON object");
  POOLBOOK_RETURN_IF_ERROR(OnlyFields(j, {"key", "book", "date", "memo", "postings"}, "the entry ", ""));
  Entry e;
  auto key = Text(j, "key", "key", true);
  if (!key.ok()) return key.status();
  e.key = *key;
  auto book_text = Text(j, "book", "book", true);
  if (!book_text.ok()) return book_text.status();
  auto book = ParseBook(*book_text);
  if (!book.ok()) return book.status();
  e.book = *book;
  auto date_text = Text(j, "date", "date", true);
  if (!date_text.ok()) return date_text.status();
  auto date = Date::Parse(*date_text);
  if (!date.ok()) return InvalidArgument(date.status().message(), "date");
  e.date = *date;
  auto memo = Text(j, "memo", "memo", false);
  if (!memo.ok()) return memo.status();
  e.memo = *memo;
  auto postings = j.find("postings");
  if (postings == j.end() || !postings->is_array())
    return InvalidArgument("postings must be a list", "postings");
  for (std::size_t i = 0; i < postings->size(); ++i) {
    const json& p = (*postings)[i];
    const std::string f = "postings[" + std::to_string(i) + "]";
    if (!p.is_object()) return InvalidArgument(f + " must be an object", f);
    POOLBOOK_RETURN_IF_ERROR(
        OnlyFields(p, {"account", "partner", "person", "line", "amount"}, f + " ", f + "."));
    Posting out;
    auto account = Text(p, "account", f + ".account", true);
    auto partner = Text(p, "partner", f + ".partner", true);
    auto person = Text(p, "person", f + ".person", false);
    auto line = Text(p, "line", f + ".line", false);
    for (const auto* s : {&account, &partner, &person, &line}) {
      if (!s->ok()) return s->status();
    }
    auto a = p.find("amount");
    if (a == p.end() || a->is_null()) return InvalidArgument(f + ".amount is missing", f + ".amount");
    if (a->is_number()) {
      return InvalidArgument(f + ".amount is a JSON number; amounts are strings like \"12.50\"",
                             f + ".amount");
    }
    if (!a->is_string()) return InvalidArgument(f + ".amount must be a string like \"12.50\"", f + ".amount");
    auto amount = Money::Parse(a->get<std::string>());
    if (!amount.ok()) return InvalidArgument(f + ": " + amount.status().message(), f + ".amount");
    out.account = *account;
    out.partner = *partner;
    out.person = *person;
    out.line = *line;
    out.amount = *amount;
    e.postings.push_back(std::move(out));
  }
  return e;
}

StatusOr<Entry> EntryFromJsonText(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    return InvalidArgument(std::string("the entry is not valid JSON: ") + e.what());
  }
  return EntryFromJson(j);
}

json EntryToJson(const store::StoredEntry& s) {
  json postings = json::array();
  for (const Posting& p : s.entry.postings) {
    json jp = {{"account", p.account}, {"partner", p.partner}, {"amount", p.amount.ToString()}};
    if (!p.person.empty()) jp["person"] = p.person;
    if (!p.line.empty()) jp["line"] = p.line;
    postings.push_back(std::move(jp));
  }
  json j = {{"id", s.id},
            {"key", s.entry.key},
            {"book", BookName(s.entry.book)},
            {"date", s.entry.date.ToString()},
            {"period", s.period},
            {"memo", s.entry.memo},
            {"recorded_at", s.recorded_at},
            {"posted_by", s.posted_by},
            {"postings", postings},
            {"prev_hash", s.prev_hash},
            {"hash", s.hash}};
  j["reverses"] = s.entry.reverses ? json(*s.entry.reverses) : json(nullptr);
  j["reversed_by"] = s.reversed_by ? json(*s.reversed_by) : json(nullptr);
  return j;
}

}  // namespace poolbook::api
