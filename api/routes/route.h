// One route of the API: its method and path, the roles that may call it (deny by default: a role
// not listed gets 403), and its handler. api/routes/routes.cpp gathers every route into the one
// table the server installs, the role test walks and docs/openapi.json must describe.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/auth.h"
#include "api/json_input.h"
#include "api/problem.h"
#include "api/writer.h"
#include "config/server_config.h"
#include "ledger/fund/fund.h"
#include "ledger/journal.h"

namespace poolbook::api {

class Slots;

// What a handler answers: a JSON body with a status, or a problem.
struct Reply {
  int status = 200;
  nlohmann::json body;
  std::string location;  // Location header for 201
  std::optional<Problem> problem;
  // A body that is not JSON (a CSV download): sent as it is with this content type.
  std::string text, content_type;
  std::string filename;  // with text or stream: offered as a download under this name
  // A body written while it is sent (chunked), for one too large to hold: `stream` writes all of
  // it to the stream it is given, once. Everything that can be refused must be refused before:
  // once the status line is out, a failure (its Status, for the request log) can only cut the
  // connection. Whatever `stream` holds (a read transaction, a slot) is released when the
  // response is done or abandoned.
  std::function<Status(std::ostream&)> stream;
  std::vector<std::pair<std::string, std::string>> headers;  // more response headers

  static Reply Text(std::string text, std::string content_type, std::string filename) {
    Reply r;
    r.text = std::move(text);
    r.content_type = std::move(content_type);
    r.filename = std::move(filename);
    return r;
  }
  static Reply Stream(std::function<Status(std::ostream&)> write, std::string content_type,
                      std::string filename) {
    Reply r;
    r.stream = std::move(write);
    r.content_type = std::move(content_type);
    r.filename = std::move(filename);
    return r;
  }

  static Reply Json(nlohmann::json body, int status = 200) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Reply Created(nlohmann::json body, std::string location, int status = 201) {
    Reply r = Json(std::move(body), status);
    r.location = std::move(location);
    return r;
  }
  // A write that may be a retry: 201 with a Location when this call wrote it, 200 when it was
  // already there (the same body either way, with "replayed").
  static Reply Written(nlohmann::json body, std::string location, bool replayed) {
    body["replayed"] = replayed;
    return replayed ? Json(std::move(body)) : Created(std::move(body), std::move(location));
  }
  static Reply Fail(Problem p) {
    Reply r;
    r.status = p.status;
    r.problem = std::move(p);
    return r;
  }
  static Reply Bad(const Status& st) { return Fail(BadInput(st)); }        // 400
  static Reply Refused(const Status& st) { return Fail(FromStatus(st)); }  // by the ledger's rules
  static Reply Missing(const std::string& what) { return Fail(MakeProblem(404, what)); }
};

// Everything a handler may use for one request.
class Context {
 public:
  Context(const httplib::Request& req, const Principal& who, Journal& read, Writer& writer,
          const config::ServerConfig& config)
      : req(req), who(who), writer(writer), config(config), read_(read) {}

  const httplib::Request& req;
  const Principal& who;
  Writer& writer;
  const config::ServerConfig& config;
  // The server's allowance of exports running at once (kExportsAtOnceMax); null outside a server.
  Slots* exports = nullptr;

  // The request's own read connection (never used for writing). A streamed reply may keep using
  // it after the handler returns: the server keeps it for the reply until the response is done.
  Journal& read() { return read_; }
  // The fund, loaded on the read connection.
  StatusOr<fund::Fund*> ReadFund();
  // Path parameter i (1-based, in the order of the path's {names}).
  std::string Param(std::size_t i) const { return req.matches[i].str(); }
  // Records that this response shows `person`'s data: the server writes it to the access log
  // before the response is sent.
  void Viewed(const std::string& person) {
    if (!person.empty()) viewed.insert(person);
  }
  std::set<std::string> viewed;

 private:
  Journal& read_;
  std::unique_ptr<fund::Fund> fund_;
};

using Handler = std::function<Reply(Context&)>;

struct Route {
  std::string method;  // GET, POST, DELETE
  std::string path;    // "/api/v1/entries/{id}"
  std::vector<Role> roles;
  std::string summary;
  Handler handler;
};

// The route table (routes.cpp), and each resource's part of it (one file each).
const std::vector<Route>& AllRoutes();
void AddEntryRoutes(std::vector<Route>& r);
void AddLedgerRoutes(std::vector<Route>& r);  // accounts, balances, partners, periods, verify
void AddFundRoutes(std::vector<Route>& r);    // set-up, status, lines, contributions, risk share, next year
void AddPeopleRoutes(std::vector<Route>& r);
void AddCareRoutes(std::vector<Route>& r);  // packages, payment runs, crises, transitions
void AddPhbRoutes(std::vector<Route>& r);   // PHBs and recoveries
void AddVirementRoutes(std::vector<Route>& r);
void AddCorrectionRoutes(std::vector<Route>& r);  // voids, credit notes, cancellations, reversals, undo
void AddUserRoutes(std::vector<Route>& r);        // users, tokens, the access log
void AddReportRoutes(std::vector<Route>& r);      // reports as JSON or CSV
void AddExportRoutes(std::vector<Route>& r);      // the audit export, streamed, and its manifest

// Role sets used by the tables.
inline const std::vector<Role> kReaders = {Role::kFinanceOfficer, Role::kLeadBudgetHolder,
                                           Role::kCommissioner, Role::kAuditor};
inline const std::vector<Role> kFinance = {Role::kFinanceOfficer};
inline const std::vector<Role> kLead = {Role::kLeadBudgetHolder};
inline const std::vector<Role> kAdminOnly = {Role::kAdmin};

// Shared helpers for handlers.
// Runs `fn` with the fund loaded on the writer's connection, in the writer's thread.
Status WithWriteFund(Context& c, const std::function<Status(fund::Fund&)>& fn);
// The same for a fund operation that answers StatusOr<T>: its answer, or why it was not run.
template <typename Fn>
auto WriteFund(Context& c, Fn fn) -> std::decay_t<decltype(fn(std::declval<fund::Fund&>()))> {
  std::optional<std::decay_t<decltype(fn(std::declval<fund::Fund&>()))>> out;
  Status st = WithWriteFund(c, [&](fund::Fund& f) {
    out.emplace(fn(f));
    return out->ok() ? Status::Ok() : out->status();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}
// The body as a JSON object, or a 400 reply.
std::optional<Reply> ReadBody(Context& c, nlohmann::json& out);
// For a route whose path names the thing: 404 when the ledger says that thing does not exist
// (NotFound on the field "id", "package", "phb", "recovery"), else as FromStatus.
Reply NotFoundOr(const Status& st);
// A sum of pence the database gave as text ("-12345"), as Money.
StatusOr<Money> PenceSum(const std::string& text);
// A page size from ?limit= (default 100, at most limits.page_size_max).
long long PageLimit(In& q, const config::ServerConfig& config);

}  // namespace poolbook::api
