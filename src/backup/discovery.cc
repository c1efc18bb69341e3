// Discovery: getAllSites plus subsites, teams by group filter, channels and where their files are.
#include "backup/discovery.h"

#include <spdlog/spdlog.h>

#include <map>
#include <set>

#include "backup/graph_json.h"
#include "core/encoding.h"
#include "graph/paging.h"
#include "org/selection.h"

namespace ark::backup {
namespace {

using nlohmann::json;

// "alice_contoso_com" of "https://contoso-my.sharepoint.com/personal/alice_contoso_com".
std::string PersonalSegment(const std::string& url) {
  size_t at = url.find("/personal/");
  if (at == std::string::npos) return "";
  std::string rest = url.substr(at + 10);
  return rest.substr(0, rest.find('/'));
}

// SharePoint names a personal site after its owner's UPN with '@' and '.' as '_'.
std::vector<org::SelectionRule> AsPersonalSegments(std::vector<org::SelectionRule> rules) {
  for (org::SelectionRule& r : rules) {
    for (char& c : r.pattern) {
      if (c == '@' || c == '.') c = '_';
    }
  }
  return rules;
}

UserInfo SiteInfo(json site) {
  site.erase("@odata.context");
  std::string id = JsonString(site, "id");
  std::string url = JsonString(site, "webUrl");
  std::string name = JsonString(site, "displayName");
  return {id, url, name, std::move(site)};
}

// The site among `sites` that holds a channel's files folder, from the folder's parentReference.siteId:
// a full site id, or (as some responses give it) the site collection's GUID, then the collection's top site.
std::string FilesSite(const std::map<std::string, json>& sites, const std::string& site_id) {
  if (site_id.empty()) return "";
  if (sites.contains(site_id)) return site_id;
  std::string best;
  size_t best_length = std::string::npos;
  for (const auto& [id, site] : sites) {
    size_t comma = id.find(',');
    if (comma == std::string::npos || id.compare(comma + 1, site_id.size(), site_id) != 0) continue;
    size_t length = JsonString(site, "webUrl").size();
    if (length < best_length) best = id, best_length = length;
  }
  return best;
}

Status ListSites(graph::GraphClient& graph, std::map<std::string, json>& sites) {
  std::vector<std::string> pending;
  ARK_RETURN_IF_ERROR(graph::ForEachItem(graph, "/sites/getAllSites", "the tenant's sites", [&](json& site) {
    std::string id = JsonString(site, "id");
    // Personal sites have no subsites, and app-only tokens may not even read them.
    bool personal = IsPersonalSite(site);
    if (!id.empty() && sites.emplace(id, std::move(site)).second && !personal) pending.push_back(id);
    return Status::Ok();
  }));
  // Subsites are sites of their own; getAllSites may or may not list them.
  while (!pending.empty()) {
    std::string id = std::move(pending.back());
    pending.pop_back();
    ARK_RETURN_IF_ERROR(graph::ForEachItem(graph, "/sites/" + PercentEncode(id) + "/sites",
                                           "the subsites of " + JsonString(sites[id], "webUrl"),
                                           [&](json& site) {
                                             std::string sub = JsonString(site, "id");
                                             if (!sub.empty() && sites.emplace(sub, std::move(site)).second) {
                                               pending.push_back(sub);
                                             }
                                             return Status::Ok();
                                           }));
  }
  return Status::Ok();
}

Result<TeamTarget> DescribeTeam(graph::GraphClient& graph, const json& group,
                                const std::map<std::string, json>& sites,
                                std::vector<std::string>& warnings) {
  TeamTarget team;
  team.group = {JsonString(group, "id"), JsonString(group, "displayName"), JsonString(group, "displayName"),
                group};
  const std::string team_url = "/teams/" + PercentEncode(team.group.id);
  ARK_RETURN_IF_ERROR(graph::ForEachItem(graph, team_url + "/allChannels",
                                         "the channels of " + team.group.upn, [&](json& channel) {
                                           team.channels.push_back(std::move(channel));
                                           return Status::Ok();
                                         }));
  for (const json& channel : team.channels) {
    std::string name = JsonString(channel, "displayName");
    Result<json> folder =
        graph.GetJson(team_url + "/channels/" + PercentEncode(JsonString(channel, "id")) + "/filesFolder",
                      "the files folder of channel '" + name + "'");
    if (!folder.ok()) {
      // A channel whose folder was never provisioned has no files; anything else is worth a warning.
      if (folder.status().code() != StatusCode::kNotFound) {
        warnings.push_back("team " + team.group.upn + ", channel '" + name +
                           "': where its files are could not be read: " + folder.status().message());
      }
      team.files_folders.emplace_back();
      team.files_sites.emplace_back();
      continue;
    }
    std::string site_id;
    if (auto it = folder->find("parentReference"); it != folder->end() && it->is_object()) {
      site_id = FilesSite(sites, JsonString(*it, "siteId"));
    }
    if (site_id.empty()) {
      warnings.push_back(
          "team " + team.group.upn + ", channel '" + name +
          "': the site of its files is not among the tenant's sites; its files are not backed up");
    }
    team.files_folders.push_back(std::move(*folder));
    team.files_sites.push_back(site_id);
  }
  return team;
}

}  // namespace

bool IsPersonalSite(const json& site) {
  return site.value("isPersonalSite", false) || !PersonalSegment(JsonString(site, "webUrl")).empty();
}

bool SiteSelected(const org::BackupSet& set, const json& site) {
  const std::string url = JsonString(site, "webUrl");
  if (IsPersonalSite(site)) {
    return org::IsSelected(set.selection, org::ObjectKind::kPersonalSite, url) ||
           org::IsSelected(AsPersonalSegments(set.selection), org::ObjectKind::kPersonalSite,
                           PersonalSegment(url));
  }
  return org::IsSelected(set.selection, org::ObjectKind::kSite, url) ||
         org::IsSelected(set.selection, org::ObjectKind::kSite, JsonString(site, "displayName"));
}

Result<Discovered> DiscoverSitesAndTeams(graph::GraphClient& graph, const org::BackupSet& set) {
  Discovered found;
  const bool sites_on = set.workloads.contains(org::Workload::kSites) &&
                        (set.Selects(org::ObjectKind::kSite) || set.Selects(org::ObjectKind::kPersonalSite));
  const bool teams_on = set.workloads.contains(org::Workload::kTeams) && set.Selects(org::ObjectKind::kTeam);
  if (!sites_on && !teams_on) return found;
  std::map<std::string, json> sites;
  ARK_RETURN_IF_ERROR(ListSites(graph, sites));
  std::set<std::string> chosen;
  if (sites_on) {
    for (const auto& [id, site] : sites) {
      if (!SiteSelected(set, site)) continue;
      if (IsPersonalSite(site) && set.auth_mode == org::AuthMode::kModern)
        continue;  // refused when the set was made
      chosen.insert(id);
    }
  }
  if (teams_on) {
    std::vector<json> groups;
    ARK_RETURN_IF_ERROR(graph::ForEachItem(
        graph,
        "/groups?$filter=" + PercentEncode("resourceProvisioningOptions/Any(x:x eq 'Team')") +
            "&$select=id,displayName,mail,resourceProvisioningOptions&$top=999",
        "the tenant's teams", [&](json& g) {
          g.erase("@odata.context");
          if (org::IsSelected(set.selection, org::ObjectKind::kTeam, JsonString(g, "displayName")) ||
              org::IsSelected(set.selection, org::ObjectKind::kTeam, JsonString(g, "mail"))) {
            groups.push_back(std::move(g));
          }
          return Status::Ok();
        }));
    for (const json& g : groups) {
      ARK_ASSIGN_OR_RETURN(TeamTarget team, DescribeTeam(graph, g, sites, found.warnings));
      for (const std::string& site : team.files_sites) {
        if (!site.empty()) chosen.insert(site);
      }
      found.teams.push_back(std::move(team));
    }
  }
  for (const std::string& id : chosen) found.sites.push_back(SiteInfo(sites[id]));
  for (const std::string& w : found.warnings) spdlog::warn("{}", w);
  return found;
}

}  // namespace ark::backup
