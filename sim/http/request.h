// Request: what a handler sees of an HTTP request — plain types only, no Beast.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "http/headers.h"
#include "http/url.h"

namespace m365sim::http {

struct Request {
  std::string method;          // "GET", upper case as sent
  std::string target;          // the raw request target: "/v1.0/users?$top=5"
  std::string path;            // percent-decoded path without the query: "/v1.0/users"
  std::string raw_query;       // the query string as sent, without '?'
  Params query;                // decoded query parameters, in order
  Headers headers;             // case-insensitive
  std::string body;            // the whole request body (bounded by the server's body limit)
  std::string listener;        // which listener received it: "login", "graph", "files"
  std::string remote_address;  // "127.0.0.1"
  // Scheme, host and port as the client addressed us ("https://localhost:4443"),
  // from the Host header; used to build absolute URLs in responses.
  std::string origin;
  // Values of the route pattern's {parameters}, percent-decoded, filled by the router.
  std::map<std::string, std::string> params;

  // Path parameter `name`, or "" when the route has none of that name.
  std::string_view Param(std::string_view name) const;
  // The body parsed as an application/x-www-form-urlencoded form.
  Params Form() const { return Params::Parse(body); }
};

}  // namespace m365sim::http
