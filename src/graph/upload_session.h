// Large uploads through an upload session (OneDrive/SharePoint files, big attachments), resumable.
//
// The session is created with an authenticated POST; fragments are PUT to the
// session's uploadUrl WITHOUT the Authorization header, each a multiple of
// 320 KiB (the last excepted) and under 60 MiB, with Content-Range. After a
// failure the session's status (GET uploadUrl) says which bytes the service
// still expects (nextExpectedRanges), and the upload continues from there;
// a session that expired or vanished (404) is created again and the upload
// restarts. Only one fragment is in memory at a time (none: it is streamed
// from the source).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "core/status.h"
#include "graph/graph_client.h"

namespace ark::graph {

inline constexpr uint64_t kUploadFragmentUnit = uint64_t{320} * 1024;

// The bytes being uploaded, readable at any offset (a file, a repository blob).
class RandomAccessSource {
 public:
  virtual ~RandomAccessSource() = default;
  virtual uint64_t size() const = 0;
  // Fills up to buffer.size() bytes from `offset`; returns how many (0 only at the end).
  virtual Result<size_t> ReadAt(uint64_t offset, std::span<char> buffer) = 0;
};

struct UploadOptions {
  // A multiple of 320 KiB below 60 MiB; 10 MiB by default.
  uint64_t fragment_size = uint64_t{32} * kUploadFragmentUnit;
  // Sessions created again after one expired or vanished.
  int max_session_restarts = 2;
  // Failed fragments (after the client's own retries) before giving up.
  int max_fragment_failures = 6;
};

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's destructor, see resources.h.
struct UploadResult {
  nlohmann::json item;  // the driveItem (or attachment) the service created
  int fragments = 0;
  int resumes = 0;  // continued from the session's status after a failure
  int session_restarts = 0;
};

// `create_url`: e.g. "/drives/{d}/items/{parent}:/{name}:/createUploadSession";
// `create_body`: e.g. {"item": {"@microsoft.graph.conflictBehavior": "replace"}}.
Result<UploadResult> UploadWithSession(GraphClient& client, const std::string& create_url,
                                       const nlohmann::json& create_body, RandomAccessSource& source,
                                       std::string_view what, const UploadOptions& options = {});

// The first byte the service expects, from ["12345-", "20000-29999"]; nullopt when none is listed.
std::optional<uint64_t> FirstExpectedByte(const nlohmann::json& next_expected_ranges);

}  // namespace ark::graph
