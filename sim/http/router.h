// Router: maps (method, path pattern) to handlers, case-insensitively as Graph does.
//
// Patterns are '/'-separated segments. A literal segment matches ignoring ASCII
// case ("/v1.0/mailFolders" matches "/V1.0/MAILFOLDERS"); "{name}" captures one
// segment; "{name*}" as the last segment captures the rest of the path (may be
// empty). Captured values are percent-decoded per segment, so an id holding
// "%2F" stays one segment. When several patterns match, the one with the most
// literal segments, then the earliest added, wins. Middleware wraps every
// handler, outermost first, and sees unmatched requests too (with the 404/405
// handler as `next`).
//
// Thread-safety: configure (Add, Use, SetNotFound) before the server starts;
// Dispatch is then called concurrently and never mutates the router.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace m365sim::http {

using Handler = std::function<Response(Request&)>;
using Middleware = std::function<Response(Request&, const Handler& next)>;

class Router {
 public:
  Router();

  // `method` is "GET", "POST", ... or "*" for any method.
  void Add(std::string_view method, std::string_view pattern, Handler handler);
  void Use(Middleware middleware);
  // Replaces the default 404 answer (a Graph-style JSON error body).
  void SetNotFound(Handler handler);

  Response Dispatch(Request& request) const;

 private:
  struct Segment {
    enum Kind { kLiteral, kParam, kRest } kind;
    std::string text;  // the literal, or the parameter's name
  };
  struct Route {
    std::string method;
    std::vector<Segment> segments;
    int literals = 0;
    Handler handler;
  };

  // Finds the handler for `request` and fills request.params; 404/405 otherwise.
  Handler Resolve(Request& request) const;
  static bool Match(const Route& route, const std::vector<std::string_view>& raw_segments,
                    std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
  std::vector<Middleware> middleware_;
  Handler not_found_;
};

}  // namespace m365sim::http
