// Discovery of the sites, personal sites and teams a backup set selects (docs/backup-format.md §8).
#pragma once

#include <string>
#include <vector>

#include "backup/team_backup.h"
#include "backup/user_backup.h"
#include "core/status.h"
#include "graph/graph_client.h"
#include "org/model.h"

namespace ark::backup {

struct Discovered {
  // Sites to back up: id = site id, upn = webUrl, display_name, raw = the site's Graph JSON.
  std::vector<UserInfo> sites;
  std::vector<TeamTarget> teams;
  std::vector<std::string> warnings;
};

// True for a personal site (a user's "-my" site): isPersonalSite, or its URL's "/personal/" path.
bool IsPersonalSite(const nlohmann::json& site);
// Whether `site` is selected by the set's site or personal-site rules.
bool SiteSelected(const org::BackupSet& set, const nlohmann::json& site);

// Every site (getAllSites and subsites, recursively) the set selects, every team it selects with its
// channels and their files folders, and the sites holding those files (added when teams are protected,
// so that channel files are stored once, by their site). Personal sites only when the set's
// authentication can read them (not Modern).
Result<Discovered> DiscoverSitesAndTeams(graph::GraphClient& graph, const org::BackupSet& set);

}  // namespace ark::backup
