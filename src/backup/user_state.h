// The per-user incremental state stored in the snapshot as <user>/_state (docs/backup-format.md §5).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "graph/delta.h"

namespace ark::backup {

// An item that failed after the client's retries; the next run fetches it again by id.
struct FailedItem {
  std::string collection;  // e.g. "mail/<folder node>", "drive/<drive node>"
  std::string id;          // Graph id
  std::string what;        // "message 'Subject'", for the job record
  std::string reason;
  friend bool operator==(const FailedItem&, const FailedItem&) = default;
};

// A container's human name and parent, for catalog paths ("mail/<f>", "drive/<d>/<item>").
struct FolderName {
  std::string name;
  std::string parent_id;  // Graph id of the parent folder; empty at the top
};

struct UserState {
  std::map<std::string, graph::DeltaCursor> collections;
  std::vector<FailedItem> failed;
  std::map<std::string, FolderName> folders;

  nlohmann::json ToJson() const;
  static Result<UserState> FromJson(const nlohmann::json& j);
};

}  // namespace ark::backup
