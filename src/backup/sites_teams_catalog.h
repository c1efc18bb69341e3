// Catalog entries of sites and Teams items (docs/backup-format.md §8), used both while backing up and by
// `catalog rebuild`, and the replay of a snapshot's sites/ and teams/ directories for the rebuild.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "backup/catalog_items.h"
#include "backup/user_state.h"
#include "catalog/catalog.h"
#include "repo/node.h"
#include "repo/repository.h"

namespace ark::backup {

// "<scope>/<id>": the catalog's Graph id of ids only unique in their list or channel.
inline std::string ScopedId(std::string scope, std::string_view id) {
  scope += '/';
  scope += id;
  return scope;
}

// A list item (Graph id "<list id>/<item id>", named by its Title field).
catalog::Item ListItemEntry(const ItemPlace& place, const std::string& list_id, const nlohmann::json& item);
// A channel post or reply (Graph id "<channel id>/<message id>", named by its subject or text).
catalog::Item ChannelMessageEntry(const ItemPlace& place, const std::string& channel_id,
                                  const nlohmann::json& message);

// Puts the catalog entries of the nodes below sites/ and teams/ of one snapshot, visited depth first in
// name order (an owner's _site/_team and _state come before its directories).
class OwnerReplay {
 public:
  OwnerReplay(repo::Repository& repo, catalog::SnapshotWriter& writer) : repo_(repo), writer_(writer) {}
  // `p` is the node's tree path split at '/', p[0] being "sites" or "teams".
  Status Visit(const std::vector<std::string>& p, const std::string& path, const repo::Node& node);
  uint64_t items() const { return items_; }

 private:
  Status VisitSite(const std::vector<std::string>& p, const std::string& path, const nlohmann::json& j,
                   const repo::Node& node);
  Status VisitTeam(const std::vector<std::string>& p, const std::string& path, const nlohmann::json& j);

  repo::Repository& repo_;
  catalog::SnapshotWriter& writer_;
  std::string owner_node_;  // "sites/<site>"
  std::string owner_id_;
  std::string root_path_;
  UserState state_;
  uint64_t items_ = 0;
};

}  // namespace ark::backup
