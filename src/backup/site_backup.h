// SiteBackup: one SharePoint site (or personal site) into sites/<site>/: its record, every document library
// through the drive code, and its lists with their columns and items by delta (docs/backup-format.md §8).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "backup/user_backup.h"

namespace ark::backup {

// The tree path of a site's subtree: "sites/<escaped site id>".
std::string SiteNode(const std::string& site_id);
// The catalog root of a site: "/<host>/<path segments>" from its webUrl.
std::string SiteRootPath(const std::string& web_url);

class SiteBackup : public UserBackup {
 public:
  // `site.id` is the Graph site id, `site.upn` its webUrl, `site.raw` its Graph JSON.
  SiteBackup(RunContext& run, const UserInfo& site);
  Status Run() override;

 private:
  Status RetryItem(const FailedItem& failed) override;
  Status BackupLibraries();
  Status BackupLists();
  Status BackupList(nlohmann::json list);
  Status StoreListItem(const std::string& list_id, const nlohmann::json& item);
  std::string SitePath() const;  // "/sites/{id}"
};

}  // namespace ark::backup
