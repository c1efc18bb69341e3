// UploadSessions: Content-Range parsing, ordering and size rules, expiry, completion.
#include "workloads/upload_sessions.h"

#include <charconv>

#include "common/seeded_random.h"
#include "core/encoding.h"
#include "graphapi/errors.h"
#include "mail/json.h"
#include "workloads/service.h"

namespace m365sim::workloads {
namespace {

std::optional<uint64_t> Number(std::string_view text) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

// "bytes 0-327679/1048576"
bool ParseContentRange(std::string_view header, uint64_t* first, uint64_t* last, uint64_t* total) {
  if (header.rfind("bytes ", 0) != 0) return false;
  header.remove_prefix(6);
  size_t dash = header.find('-');
  size_t slash = header.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) return false;
  auto a = Number(header.substr(0, dash));
  auto b = Number(header.substr(dash + 1, slash - dash - 1));
  auto t = Number(header.substr(slash + 1));
  if (!a || !b || !t || *b < *a) return false;
  *first = *a;
  *last = *b;
  *total = *t;
  return true;
}

}  // namespace

nlohmann::ordered_json UploadSessions::StateJson(const Session& s) const {
  nlohmann::ordered_json j;
  j["expirationDateTime"] = mail::IsoTime(s.expires);
  j["nextExpectedRanges"] = nlohmann::ordered_json::array({std::to_string(s.received) + "-"});
  return j;
}

nlohmann::ordered_json UploadSessions::Create(uint64_t size, Completion completion, bool attachment) {
  std::lock_guard lock(mu_);
  uint64_t number = next_++;
  std::string id = ark::Base64UrlEncode(std::to_string(number) + "/" +
                                        std::to_string(StableHash(svc_.url_secret + std::to_string(number))));
  Session s;
  s.size = size;
  s.expires = svc_.Now() + svc_.options.upload_session_lifetime_s;
  s.attachment = attachment;
  s.completion = std::move(completion);
  auto blob = svc_.store.blobs().Open();
  s.blob = blob.ok() ? *blob : 0;
  nlohmann::ordered_json j;
  j["@odata.context"] = svc_.ctx.endpoints.graph_host + "/v1.0/$metadata#microsoft.graph.uploadSession";
  j["uploadUrl"] = svc_.ctx.endpoints.files_base + "/upload/" + id + "?tempauth=" +
                   ark::Base64UrlEncode(svc_.url_secret.substr(4, 12) + id);
  j["expirationDateTime"] = mail::IsoTime(s.expires);
  j["nextExpectedRanges"] = nlohmann::ordered_json::array({"0-"});
  sessions_[id] = std::move(s);
  return j;
}

http::Response UploadSessions::Error(http::Request& r, int status, const std::string& code, const std::string& inner,
                                     const std::string& message) {
  nlohmann::ordered_json body = {
      {"error",
       {{"code", code},
        {"message", message},
        {"innerError", {{"code", inner}, {"date", mail::IsoTime(svc_.Now())}, {"request-id", graphapi::RequestId(r)}}}}}};
  return http::Response::Json(status, body);
}

http::Response UploadSessions::Handle(http::Request& r) {
  std::string id(r.Param("id"));
  std::string expected = ark::Base64UrlEncode(svc_.url_secret.substr(4, 12) + id);
  if (r.query.GetOr("tempauth") != expected) {
    return Error(r, 401, "unauthenticated", "invalidToken", "The upload URL's signature is not valid.");
  }
  std::unique_lock lock(mu_);
  auto it = sessions_.find(id);
  bool expired = it != sessions_.end() && (svc_.Now() > it->second.expires || r.Param("fault") == "upload-session-expired");
  if (it == sessions_.end() || expired) {
    if (expired) {
      svc_.store.blobs().Discard(it->second.blob);
      sessions_.erase(it);
    }
    return Error(r, 404, "itemNotFound", "uploadSessionNotFound", "The upload session was not found or has expired.");
  }
  Session& s = it->second;
  if (r.method == "GET") return http::Response::Json(200, StateJson(s));
  if (r.method == "DELETE") {
    svc_.store.blobs().Discard(s.blob);
    sessions_.erase(it);
    return http::Response::Empty(204);
  }
  if (r.method != "PUT") return Error(r, 405, "invalidRequest", "methodNotAllowed", "Use PUT to upload fragments.");
  if (r.headers.Has("Authorization") && !s.attachment) {
    // SharePoint refuses a bearer token on its pre-authenticated upload URLs.
    return Error(r, 401, "unauthenticated", "unauthenticated",
                 "Do not send an Authorization header to the upload URL.");
  }
  uint64_t first = 0, last = 0, total = 0;
  if (!ParseContentRange(r.headers.Get("Content-Range"), &first, &last, &total)) {
    return Error(r, 400, "invalidRequest", "invalidRange", "Content-Range is missing or malformed.");
  }
  uint64_t length = last - first + 1;
  if (s.size == 0 && s.received == 0) s.size = total;  // created without fileSize: the first fragment says
  if (total != s.size) {
    return Error(r, 400, "invalidRequest", "fragmentLengthMismatch",
                 "The total size in Content-Range does not match the session's size.");
  }
  if (length != r.body.size()) {
    return Error(r, 400, "invalidRequest", "fragmentLengthMismatch",
                 "Content-Range length does not match the request body.");
  }
  if (first < s.received) {
    return Error(r, 416, "invalidRange", "fragmentOverlap", "Uploaded fragment overlaps with existing data.");
  }
  if (first > s.received) {
    return Error(r, 416, "invalidRange", "fragmentOutOfOrder",
                 "Fragments must be uploaded in order; the next expected byte is " + std::to_string(s.received) + ".");
  }
  if (length > kMaxFragment) {
    return Error(r, 413, "invalidRequest", "maxFragmentLengthExceeded", "A fragment must be smaller than 60 MiB.");
  }
  bool last_fragment = last + 1 == s.size;
  if (!last_fragment && !s.attachment && length % kFragmentMultiple != 0) {
    return Error(r, 400, "invalidRequest", "invalidRange",
                 "Fragments other than the last must be a multiple of 320 KiB (327,680 bytes).");
  }
  auto written = svc_.store.blobs().WriteAt(s.blob, first, r.body);
  if (!written.ok()) return Error(r, 507, "insufficientStorage", "quotaLimitReached", written.message());
  s.received = last + 1;
  s.expires = svc_.Now() + svc_.options.upload_session_lifetime_s;
  // OneDrive answers 202 Accepted to a fragment, Outlook 200 OK.
  if (!last_fragment) return http::Response::Json(s.attachment ? 200 : 202, StateJson(s));
  Session done = std::move(s);
  sessions_.erase(it);
  lock.unlock();
  return done.completion(r, done.blob, done.size);
}

}  // namespace m365sim::workloads
