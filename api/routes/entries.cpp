// Entries: post one, post a batch (all or nothing), get one, list with filters and cursor paging,
// reverse.
#include "api/entry_json.h"
#include "api/fund_json.h"
#include "api/routes/route.h"
#include "ledger/limits.h"
#include "ledger/store/entry_listing_store.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

// Refuses an entry with more postings than the server allows (its own limit, at most the ledger's).
Status CheckPostings(const Entry& e, const config::ServerConfig& c, const std::string& where) {
  if (static_cast<long long>(e.postings.size()) > c.limits.postings_per_entry_max) {
    return InvalidArgument(where + "has " + std::to_string(e.postings.size()) +
                               " postings; an entry may have at most " +
                               std::to_string(c.limits.postings_per_entry_max),
                           "postings");
  }
  return Status::Ok();
}

void ViewedIn(Context& c, const Entry& e) {
  for (const Posting& p : e.postings) c.Viewed(p.person);
}

Reply PostOne(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  auto e = EntryFromJson(body);
  if (!e.ok()) return Reply::Bad(e.status());
  if (Status st = CheckPostings(*e, c.config, "the entry "); !st.ok()) return Reply::Bad(st);
  auto r = c.writer.Post(std::move(*e), c.who.user);
  if (!r.ok()) return Reply::Refused(r.status());
  json out = ReceiptJson(*r);
  if (r->replayed) return Reply::Json(out, 200);
  return Reply::Created(out, "/api/v1/entries/" + std::to_string(r->id));
}

Reply PostBatch(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const json* list = in.Raw("entries");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  if (!list || !list->is_array())
    return Reply::Bad(InvalidArgument("entries must be a list of entries", "entries"));
  if (list->empty())
    return Reply::Bad(InvalidArgument("entries is empty; send at least one entry", "entries"));
  if (static_cast<long long>(list->size()) > c.config.limits.entries_per_batch_max) {
    return Reply::Bad(InvalidArgument("the batch has " + std::to_string(list->size()) +
                                          " entries; a batch may have at most " +
                                          std::to_string(c.config.limits.entries_per_batch_max) +
                                          " (limits.entries_per_batch_max): split it",
                                      "entries"));
  }
  std::vector<Entry> entries;
  entries.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string where = "entries[" + std::to_string(i) + "]";
    auto e = EntryFromJson((*list)[i]);
    if (!e.ok()) {
      const Status& st = e.status();
      return Reply::Bad(InvalidArgument(where + ": " + st.message(),
                                        st.field().empty() ? where : where + "." + st.field()));
    }
    if (Status st = CheckPostings(*e, c.config, where + " "); !st.ok()) {
      return Reply::Bad(InvalidArgument(st.message(), where + ".postings"));
    }
    entries.push_back(std::move(*e));
  }
  BatchResult r = c.writer.PostBatch(std::move(entries), c.who.user);
  if (!r.all_ok()) {
    // Nothing was written. Name every entry that was refused for a reason of its own.
    json errors = json::array();
    std::optional<Status> first;
    for (std::size_t i = 0; i < r.results.size(); ++i) {
      if (r.results[i].ok()) continue;
      const Status& st = r.results[i].status();
      if (st.reason() == Reason::kAbandonedInBatch && r.results.size() > 1) continue;
      if (!first) first = st;
      json e = {{"index", i}, {"detail", st.message()}};
      if (!st.field().empty()) e["field"] = "entries[" + std::to_string(i) + "]." + st.field();
      errors.push_back(e);
    }
    if (!first) first = r.results[0].status();
    // The status and type come from the refusal itself (a closed period stays 409).
    Problem p = FromStatus(*first);
    p.detail =
        first
            ->WithContext("nothing in the batch was written; entries[" +
                          std::to_string(errors.empty() ? 0 : errors[0]["index"].get<std::size_t>()) + "]")
            .message();
    if (!errors.empty() && errors[0].contains("field")) p.field = errors[0]["field"];
    p.extra["errors"] = errors;
    return Reply::Fail(p);
  }
  json results = json::array();
  bool all_replayed = true;
  for (const auto& res : r.results) {
    results.push_back(ReceiptJson(*res));
    all_replayed = all_replayed && res->replayed;
  }
  return Reply::Json({{"entries", results}}, all_replayed ? 200 : 201);
}

Reply GetOne(Context& c) {
  auto id = ParseId(c.Param(1), "an entry id");
  if (!id.ok()) return Reply::Bad(id.status());
  auto e = c.read().GetEntry(*id);
  if (!e.ok()) {
    if (e.status().code() == Code::kNotFound) return Reply::Missing(e.status().message());
    return Reply::Refused(e.status());
  }
  ViewedIn(c, e->entry);
  return Reply::Json(EntryToJson(*e));
}

Reply List(Context& c) {
  In q = In::Query(c.req);
  const auto from = q.OptDate("from");
  const auto to = q.OptDate("to");
  const std::optional<Book> book = q.OptBook("book");
  const std::string account = q.OptStr("account");
  const std::string partner = q.OptStr("partner");
  const std::string person = q.OptStr("person");
  const std::string line = q.OptStr("line");
  const long long after = q.OptInt("cursor", 0, 0, std::numeric_limits<long long>::max() / 2);
  const long long limit = PageLimit(q, c.config);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  store::EntryFilter f;
  if (from) f.from = from->ToString();
  if (to) f.to = to->ToString();
  if (book) f.book = BookName(*book);
  f.account = account;
  f.partner = partner;
  f.person = person;
  f.line = line;
  f.after_id = after;
  f.limit = limit + 1;
  std::vector<store::StoredEntry> entries;
  try {
    entries = store::ListEntries(c.read().db(), f);
  } catch (const std::exception& e) {
    return Reply::Refused(store::FromDatabaseError(e, "listing entries"));
  }
  const bool more = static_cast<long long>(entries.size()) > limit;
  if (more) entries.pop_back();
  json items = json::array();
  for (const store::StoredEntry& e : entries) {
    ViewedIn(c, e.entry);
    items.push_back(EntryToJson(e));
  }
  json out = {{"entries", items}};
  out["next_cursor"] = more ? json(std::to_string(entries.back().id)) : json(nullptr);
  return Reply::Json(out);
}

Reply ReverseOne(Context& c) {
  auto id = ParseId(c.Param(1), "an entry id");
  if (!id.ok()) return Reply::Bad(id.status());
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  ReverseOptions o;
  o.user = c.who.user;
  o.reason = in.Str("reason");
  o.key = in.OptStr("key");
  o.date = in.OptDate("date");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  StatusOr<Receipt> r = Internal("not run");
  Status st = c.writer.Run([&](Journal& j) {
    r = j.Reverse(*id, o);
    return r.ok() ? Status::Ok() : r.status();
  });
  if (!st.ok()) {
    if (st.code() == Code::kNotFound && st.reason() == Reason::kNoSuchEntry)
      return Reply::Missing(st.message());
    return Reply::Refused(st);
  }
  if (r->replayed) return Reply::Json(ReceiptJson(*r));
  return Reply::Created(ReceiptJson(*r), "/api/v1/entries/" + std::to_string(r->id));
}

}  // namespace

void AddEntryRoutes(std::vector<Route>& r) {
  r.push_back({"POST", "/api/v1/entries", kFinance, "Post one entry", PostOne});
  r.push_back({"POST", "/api/v1/entries/batch", kFinance, "Post many entries, all or nothing", PostBatch});
  r.push_back({"GET", "/api/v1/entries", kReaders, "List entries with filters and cursor paging", List});
  r.push_back({"GET", "/api/v1/entries/{id}", kReaders, "One entry with its postings and hashes", GetOne});
  r.push_back({"POST", "/api/v1/entries/{id}/reverse", kFinance, "Reverse an entry", ReverseOne});
}

}  // namespace poolbook::api
