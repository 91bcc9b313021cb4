// Route paths as the HTTP library matches them: "{name}" stands for one path segment.
#pragma once

#include <string>

namespace poolbook::api {

// The regular expression for a route's path: "/api/v1/entries/{id}" -> "^/api/v1/entries/([^/]+)$".
std::string PathRegex(const std::string& path);
// The methods the server has for `path` ("GET, POST"), or "" when it has none.
std::string AllowedMethods(const std::string& path);

}  // namespace poolbook::api
