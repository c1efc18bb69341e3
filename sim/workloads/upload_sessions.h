// Resumable upload sessions (driveItem and message-attachment createUploadSession), served on the files listener.
//
// A session has a total size, receives fragments with Content-Range in
// order, each a multiple of 320 KiB except the last, answers 202 with
// nextExpectedRanges until the last byte, then runs its completion (create
// the file or the attachment) and answers with its result. GET reports the
// state, DELETE cancels, and a session past its expiry is gone (404
// itemNotFound / uploadSessionNotFound), as on SharePoint. Upload URLs are
// pre-authenticated: they carry their own signature and need no
// Authorization header.
// Thread-safety: all members may be called concurrently.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "content/model.h"
#include "http/request.h"
#include "http/response.h"

namespace m365sim::workloads {

struct Service;

class UploadSessions {
 public:
  // Runs when the last byte arrived: the blob holds `size` bytes. Returns the response to the final PUT.
  using Completion = std::function<http::Response(http::Request&, uint32_t blob, uint64_t size)>;

  explicit UploadSessions(Service& svc) : svc_(svc) {}

  // Creates a session; returns {"uploadUrl","expirationDateTime","nextExpectedRanges"}. A
  // `size` of 0 means "not announced": the first fragment's Content-Range sets it.
  nlohmann::ordered_json Create(uint64_t size, Completion completion, bool attachment);

  // The files listener's handler for /upload/{id}.
  http::Response Handle(http::Request& request);

 private:
  struct Session {
    uint64_t size = 0;
    uint64_t received = 0;
    uint32_t blob = 0;
    content::Time expires = 0;
    bool attachment = false;
    Completion completion;
  };
  http::Response Error(http::Request& r, int status, const std::string& code, const std::string& inner,
                       const std::string& message);
  nlohmann::ordered_json StateJson(const Session& s) const;

  Service& svc_;
  std::mutex mu_;
  uint64_t next_ = 1;
  std::map<std::string, Session> sessions_;
};

// Fragment size rule of OneDrive upload sessions.
inline constexpr uint64_t kFragmentMultiple = 320 * 1024;
inline constexpr uint64_t kMaxFragment = 60ULL * 1024 * 1024;

}  // namespace m365sim::workloads
