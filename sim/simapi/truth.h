// Ground truth: every item of a user, drive, site or team with its path, metadata and the SHA-256 of its bytes.
//
// GET /_sim/v1/truth lists what a perfect backup holds, so that tests can
// prove a backup and a restore byte for byte: a message's exact MIME (what
// $value serves), every version of every file, a contact's, event's, list
// item's or chat message's canonical JSON. The listing's own SHA-256 is
// stable for a seed (same seed, same tenant, same bytes).
#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "workloads/service.h"

namespace m365sim::simapi {

struct TruthScope {
  std::string user;   // id or UPN of a user, or a group id (its mailbox)
  std::string drive;  // drive id
  std::string site;   // site id
  std::string team;   // team (group) id
  bool hash_content = true;
};

class Truth {
 public:
  explicit Truth(workloads::Service& svc) : svc_(svc) {}
  // {"scope": ..., "items": [...], "count": n, "sha256": ...}; nullopt when the scope names nothing.
  std::optional<nlohmann::ordered_json> List(const TruthScope& scope);

 private:
  std::string HashOf(const std::string& key, const content::ByteSourcePtr& bytes);
  workloads::Service& svc_;
  std::mutex mu_;
  std::map<std::string, std::string> cache_;  // content key -> SHA-256, content is immutable per key
};

}  // namespace m365sim::simapi
