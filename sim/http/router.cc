// Router: pattern matching over raw path segments, then the middleware chain.
#include "http/router.h"

#include <map>

namespace m365sim::http {
namespace {

std::vector<std::string_view> SplitSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  if (!path.empty() && path[0] == '/') pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  // "/a/" has a trailing empty segment; Graph treats "/users/" like "/users".
  if (out.size() > 1 && out.back().empty()) out.pop_back();
  return out;
}

Response DefaultNotFound(Request& request) {
  return Response::Json(404, {{"error",
                               {{"code", "BadRequest"},
                                {"message", "Resource not found for the segment '" + request.path + "'."}}}});
}

}  // namespace

std::string_view Request::Param(std::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? std::string_view() : std::string_view(it->second);
}

Router::Router() : not_found_(DefaultNotFound) {}

void Router::Add(std::string_view method, std::string_view pattern, Handler handler) {
  Route route;
  route.method = std::string(method);
  for (std::string_view s : SplitSegments(pattern)) {
    if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
      std::string_view name = s.substr(1, s.size() - 2);
      if (name.back() == '*') {
        route.segments.push_back({Segment::kRest, std::string(name.substr(0, name.size() - 1))});
      } else {
        route.segments.push_back({Segment::kParam, std::string(name)});
      }
    } else {
      route.segments.push_back({Segment::kLiteral, std::string(s)});
      ++route.literals;
    }
  }
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
}

void Router::Use(Middleware middleware) { middleware_.push_back(std::move(middleware)); }

void Router::SetNotFound(Handler handler) { not_found_ = std::move(handler); }

bool Router::Match(const Route& route, const std::vector<std::string_view>& raw,
                   std::map<std::string, std::string>* params) {
  size_t i = 0;
  for (const Segment& seg : route.segments) {
    if (seg.kind == Segment::kRest) {
      std::string rest;
      for (size_t j = i; j < raw.size(); ++j) {
        if (j > i) rest += '/';
        rest += raw[j];
      }
      auto decoded = DecodePath(rest);
      if (!decoded) return false;
      (*params)[seg.text] = *decoded;
      return true;
    }
    if (i >= raw.size()) return false;
    auto decoded = DecodePath(raw[i]);
    if (!decoded) return false;
    if (seg.kind == Segment::kLiteral) {
      if (!EqualsIgnoreCase(seg.text, *decoded)) return false;
    } else {
      if (decoded->empty()) return false;
      (*params)[seg.text] = *decoded;
    }
    ++i;
  }
  return i == raw.size();
}

Handler Router::Resolve(Request& request) const {
  auto raw = SplitSegments(SplitTarget(request.target).first);
  const Route* best = nullptr;
  bool path_matched = false;
  std::map<std::string, std::string> best_params;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(route, raw, &params)) continue;
    path_matched = true;
    if (route.method != "*" && route.method != request.method) continue;
    if (best == nullptr || route.literals > best->literals) {
      best = &route;
      best_params = std::move(params);
    }
  }
  if (best != nullptr) {
    request.params = std::move(best_params);
    return best->handler;
  }
  if (path_matched) {
    return [](Request&) {
      return Response::Json(
          405, {{"error",
                 {{"code", "Request_BadRequest"},
                  {"message", "Specified HTTP method is not allowed for the request target."}}}});
    };
  }
  return not_found_;
}

Response Router::Dispatch(Request& request) const {
  Handler handler = Resolve(request);
  // Build the chain from the innermost middleware outwards.
  for (auto it = middleware_.rbegin(); it != middleware_.rend(); ++it) {
    const Middleware& m = *it;
    handler = [&m, next = std::move(handler)](Request& r) { return m(r, next); };
  }
  return handler(request);
}

}  // namespace m365sim::http
