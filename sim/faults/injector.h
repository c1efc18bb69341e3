// Fault injection rules: which requests fail, how, and how often (POST /_sim/v1/faults).
//
// A rule matches requests by listener, method and a path pattern ('*'
// matches any run of characters, case-insensitively, as Graph paths are),
// and fires either for an exact number of matching requests (`count`, after
// `skip` matches pass) or with a probability per match (`rate`, drawn from a
// stream seeded by the rule so a run repeats exactly). The fault itself is
// applied by the listeners' middleware (workloads/fault_middleware.h).
// Thread-safety: all members may be called concurrently.
#pragma once

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/seeded_random.h"
#include "core/status.h"

namespace m365sim::faults {

enum class FaultKind {
  kStatus,                 // an error status: 429, 500, 502, 503, 504 (Graph error body, optional Retry-After)
  kResetBeforeHeaders,     // the connection is reset before any response byte
  kResetMidBody,           // half the body, then a reset (chunked)
  kTruncatedBody,          // Content-Length announced, half the body sent, then the connection dies
  kSlowBody,               // the body trickles at `bytes_per_second`
  kInvalidJson,            // 200 with a body that is not valid JSON
  kExpiredDownloadUrl,     // a download URL answers as if its lifetime had passed
  kUploadSessionExpired,   // an upload session expires at this request
  kDeltaTokenInvalid,      // delta/skip tokens are refused: 410 syncStateNotFound / resyncRequired
  kTokenExpired,           // 401 InvalidAuthenticationToken: the access token expired mid-run
};

struct FaultRule {
  std::string id;
  std::string listener;      // "graph", "files" or "" for both
  std::string method;        // "" for any
  std::string path = "*";    // pattern over the decoded request path
  FaultKind kind = FaultKind::kStatus;
  int status = 503;
  double rate = 0;           // used when count < 0
  int64_t count = -1;        // fire for this many matches, then stop
  int64_t skip = 0;          // matches that pass before the rule starts firing
  double retry_after = -1;   // seconds; < 0: no Retry-After header
  std::string retry_after_format = "integer";  // integer, fractional, http-date
  uint64_t bytes_per_second = 64 * 1024;       // slow-body speed
  // Counters (read back by GET /_sim/v1/faults).
  uint64_t matched = 0;
  uint64_t fired = 0;
};

std::string FaultKindName(const FaultRule& rule);
// Parses the JSON of POST /_sim/v1/faults; errors name the bad field.
ark::Result<FaultRule> ParseFaultRule(const nlohmann::json& body);
nlohmann::json FaultRuleJson(const FaultRule& rule);
// '*' globbing, ASCII case-insensitive.
bool PathMatches(std::string_view pattern, std::string_view path);

class Injector {
 public:
  explicit Injector(uint64_t seed) : seed_(seed) {}

  std::string Add(FaultRule rule);
  bool Remove(const std::string& id);
  void Clear();
  nlohmann::json List() const;

  // The first rule that fires for this request, counted; nullopt when none does.
  std::optional<FaultRule> Decide(std::string_view listener, std::string_view method, std::string_view path);

 private:
  struct Active {
    FaultRule rule;
    SeededRandom random;
  };
  mutable std::mutex mu_;
  uint64_t seed_;
  uint64_t next_id_ = 1;
  std::vector<Active> rules_;
};

}  // namespace m365sim::faults
