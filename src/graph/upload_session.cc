// UploadWithSession: create, PUT fragments, read the session's status after failures, restart expired
// sessions.
#include "graph/upload_session.h"

#include <spdlog/spdlog.h>

#include "core/time.h"
#include "graph/graph_error.h"
#include "http/body.h"

namespace ark::graph {
namespace {

// One fragment of the source as a request body (rewindable for resends).
class FragmentSource final : public http::BodySource {
 public:
  FragmentSource(RandomAccessSource& source, uint64_t offset, uint64_t length)
      : source_(source), offset_(offset), length_(length) {}
  uint64_t size() const override { return length_; }
  Result<size_t> Read(std::span<char> buffer) override {
    uint64_t left = length_ - read_;
    if (left == 0) return size_t{0};
    std::span<char> want = buffer.first(static_cast<size_t>(std::min<uint64_t>(left, buffer.size())));
    ARK_ASSIGN_OR_RETURN(size_t n, source_.ReadAt(offset_ + read_, want));
    if (n == 0) return DataLoss("the upload source ended early at byte " + std::to_string(offset_ + read_));
    read_ += n;
    return n;
  }
  bool Rewind() override {
    read_ = 0;
    return true;
  }

 private:
  RandomAccessSource& source_;
  uint64_t offset_;
  uint64_t length_;
  uint64_t read_ = 0;
};

struct Session {
  std::string upload_url;
  std::optional<SystemTime> expires;
};

Result<Session> CreateSession(GraphClient& client, const std::string& create_url, const nlohmann::json& body,
                              std::string_view what) {
  ARK_ASSIGN_OR_RETURN(
      nlohmann::json doc,
      client.SendJson("POST", create_url, body, std::string(what) + " (creating the upload session)"));
  Session s;
  if (doc.is_object() && doc.contains("uploadUrl") && doc["uploadUrl"].is_string())
    s.upload_url = doc["uploadUrl"];
  if (s.upload_url.empty()) return Unavailable(std::string(what) + ": the upload session has no uploadUrl");
  if (doc.contains("expirationDateTime") && doc["expirationDateTime"].is_string()) {
    s.expires = ParseRfc3339(doc["expirationDateTime"].get<std::string>());
  }
  return s;
}

enum class SessionState { kExpected, kGone };

// Asks the session which byte comes next. kGone: it expired or never existed.
Result<std::pair<SessionState, uint64_t>> QuerySession(GraphClient& client, Session& session,
                                                       std::string_view what) {
  GraphRequest request;
  request.url = session.upload_url;
  request.authenticate = false;
  request.what = std::string(what) + " (upload session status)";
  ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client.Send(request));
  if (response.status == 404 || response.status == 410)
    return std::make_pair(SessionState::kGone, uint64_t{0});
  if (!response.ok()) return GraphStatus(response, request.what);
  nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Unavailable(request.what + ": not a JSON answer");
  if (doc.contains("expirationDateTime") && doc["expirationDateTime"].is_string()) {
    session.expires = ParseRfc3339(doc["expirationDateTime"].get<std::string>());
  }
  std::optional<uint64_t> next = FirstExpectedByte(doc.value("nextExpectedRanges", nlohmann::json::array()));
  if (!next) return Unavailable(request.what + ": the session lists no expected range");
  return std::make_pair(SessionState::kExpected, *next);
}

}  // namespace

std::optional<uint64_t> FirstExpectedByte(const nlohmann::json& ranges) {
  if (!ranges.is_array() || ranges.empty() || !ranges[0].is_string()) return std::nullopt;
  const std::string& r = ranges[0].get_ref<const std::string&>();
  if (r.empty() || r[0] < '0' || r[0] > '9') return std::nullopt;
  return std::strtoull(r.c_str(), nullptr, 10);
}

Result<UploadResult> UploadWithSession(GraphClient& client, const std::string& create_url,
                                       const nlohmann::json& create_body, RandomAccessSource& source,
                                       std::string_view what, const UploadOptions& options) {
  const uint64_t total = source.size();
  if (total == 0)
    return InvalidArgument(std::string(what) + ": an upload session cannot carry an empty file");
  if (options.fragment_size == 0 || options.fragment_size % kUploadFragmentUnit != 0 ||
      options.fragment_size >= (60ull << 20)) {
    return InvalidArgument(std::string(what) +
                           ": the fragment size must be a multiple of 320 KiB below 60 MiB");
  }
  UploadResult result;
  ARK_ASSIGN_OR_RETURN(Session session, CreateSession(client, create_url, create_body, what));
  uint64_t offset = 0;
  int failures = 0;
  auto restart = [&]() -> Status {
    if (++result.session_restarts > options.max_session_restarts) {
      return Unavailable(std::string(what) + ": the upload session expired " +
                         std::to_string(result.session_restarts) + " times; try again");
    }
    spdlog::info("graph: {}: the upload session expired or vanished; starting a new one", what);
    ARK_ASSIGN_OR_RETURN(session, CreateSession(client, create_url, create_body, what));
    offset = 0;
    return Status::Ok();
  };
  // After a failed fragment: continue from what the service says it has.
  auto resume = [&](const Status& why) -> Status {
    if (++failures > options.max_fragment_failures) return why.Context(std::string(what));
    ARK_ASSIGN_OR_RETURN(auto state, QuerySession(client, session, what));
    if (state.first == SessionState::kGone) return restart();
    ++result.resumes;
    spdlog::info("graph: {}: resuming the upload at byte {} ({})", what, state.second, why.message());
    offset = state.second;
    return Status::Ok();
  };

  while (true) {
    if (session.expires && *session.expires <= client.options().clock()) {
      ARK_RETURN_IF_ERROR(restart());
      continue;
    }
    uint64_t length = std::min(options.fragment_size, total - offset);
    FragmentSource fragment(source, offset, length);
    GraphRequest request;
    request.method = "PUT";
    request.url = session.upload_url;
    request.authenticate = false;  // the upload URL carries its own authorization
    request.body_source = &fragment;
    request.headers.Set("Content-Range", "bytes " + std::to_string(offset) + "-" +
                                             std::to_string(offset + length - 1) + "/" +
                                             std::to_string(total));
    request.what = std::string(what) + " (bytes " + std::to_string(offset) + "-" +
                   std::to_string(offset + length - 1) + " of " + std::to_string(total) + ")";
    Result<http::HttpResponse> response = client.Send(request);
    if (!response.ok()) {
      if (response.status().code() != StatusCode::kUnavailable) return response.status();
      ARK_RETURN_IF_ERROR(resume(response.status()));
      continue;
    }
    int status = response->status;
    if (status == 200 || status == 201) {
      ++result.fragments;
      result.item = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
      return result;
    }
    if (status == 202) {
      ++result.fragments;
      nlohmann::json doc = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
      std::optional<uint64_t> next =
          doc.is_object() ? FirstExpectedByte(doc.value("nextExpectedRanges", nlohmann::json::array()))
                          : std::nullopt;
      offset = next.value_or(offset + length);
      if (doc.is_object() && doc.contains("expirationDateTime") && doc["expirationDateTime"].is_string()) {
        session.expires = ParseRfc3339(doc["expirationDateTime"].get<std::string>());
      }
      continue;
    }
    if (status == 404 || status == 410) {
      ARK_RETURN_IF_ERROR(restart());
      continue;
    }
    if (status == 416 || status >= 500 || status == 429) {
      // 416: the service already had (part of) this range, e.g. after a reset that hid its answer.
      ARK_RETURN_IF_ERROR(resume(GraphStatus(*response, request.what)));
      continue;
    }
    return GraphStatus(*response, request.what);
  }
}

}  // namespace ark::graph
