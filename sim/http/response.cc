// Response constructors for the common body kinds.
#include "http/response.h"

namespace m365sim::http {

Response Response::Json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.headers.Set("Content-Type", "application/json; charset=utf-8");
  r.body = body.dump();
  return r;
}

Response Response::Text(int status, std::string body, std::string_view content_type) {
  Response r;
  r.status = status;
  r.headers.Set("Content-Type", content_type);
  r.body = std::move(body);
  return r;
}

Response Response::Html(int status, std::string html) {
  Response r = Text(status, std::move(html), "text/html; charset=utf-8");
  // Sign-in pages are never cached, as on login.microsoftonline.com.
  r.headers.Set("Cache-Control", "no-store, no-cache");
  r.headers.Set("Pragma", "no-cache");
  return r;
}

Response Response::Redirect(std::string_view location, int status) {
  Response r;
  r.status = status;
  r.headers.Set("Location", location);
  r.headers.Set("Cache-Control", "no-store, no-cache");
  return r;
}

Response Response::Empty(int status) {
  Response r;
  r.status = status;
  return r;
}

}  // namespace m365sim::http
