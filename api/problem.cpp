#include "api/problem.h"

namespace poolbook::api {
namespace {

const char* Slug(int status) {
  switch (status) {
    case 400:
      return "invalid-input";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
      return "method-not-allowed";
    case 409:
      return "conflict";
    case 414:
      return "uri-too-long";
    case 413:
      return "body-too-large";
    case 422:
      return "business-rule";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "invalid-input";
  }
}

const char* Title(const std::string& slug) {
  if (slug == "malformed-json") return "The request body is not valid JSON";
  if (slug == "invalid-input") return "The request has a missing, mistyped or badly formed field";
  if (slug == "unauthenticated") return "A valid bearer token is needed";
  if (slug == "forbidden") return "Your role may not do this";
  if (slug == "not-found") return "Not found";
  if (slug == "method-not-allowed") return "This path does not take that method";
  if (slug == "conflict") return "This conflicts with what is already recorded";
  if (slug == "period-closed") return "The period is closed";
  if (slug == "body-too-large") return "The request body is too large";
  if (slug == "business-rule") return "The ledger's rules refuse this";
  if (slug == "uri-too-long") return "The request's path and query are too long";
  if (slug == "unavailable") return "The service is busy or stopping; nothing was done";
  if (slug == "done-not-shown") return "Done, but the result cannot be shown yet";
  return "Something went wrong on our side";
}

}  // namespace

nlohmann::json Problem::ToJson(const std::string& instance) const {
  nlohmann::json j = {{"type", "/problems/" + slug},
                      {"title", Title(slug)},
                      {"status", status},
                      {"detail", detail},
                      {"instance", instance}};
  if (!field.empty()) j["field"] = field;
  for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
  return j;
}

Problem MakeProblem(int status, std::string detail, std::string field) {
  Problem p;
  p.status = status;
  p.slug = Slug(status);
  p.detail = std::move(detail);
  p.field = std::move(field);
  return p;
}

Problem BadInput(const Status& st) {
  Problem p = MakeProblem(400, st.message(), st.field());
  if (st.message().rfind("the body is not valid JSON", 0) == 0) p.slug = "malformed-json";
  return p;
}

Problem FromStatus(const Status& st) {
  switch (st.code()) {
    case Code::kOk:
    case Code::kInternal:
      return MakeProblem(
          500, "the request could not be completed because of a fault on our side: " + st.message());
    case Code::kInvalidArgument:
      return MakeProblem(422, st.message(), st.field());
    case Code::kNotFound:
      return MakeProblem(422, st.message(), st.field());
    case Code::kFailedPrecondition: {
      // The journal refuses a date in a closed period with field "date" and "period ... is closed".
      Problem p = MakeProblem(422, st.message(), st.field());
      if (st.message().rfind("period ", 0) == 0 && st.message().find(" is closed") != std::string::npos) {
        p.status = 409;
        p.slug = "period-closed";
      }
      return p;
    }
    case Code::kAlreadyExists:
    case Code::kAborted:
      return MakeProblem(409, st.message(), st.field());
    case Code::kUnavailable:
      return MakeProblem(503, st.message(), st.field());
  }
  return MakeProblem(500, st.message());
}

}  // namespace poolbook::api
