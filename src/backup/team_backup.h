// TeamBackup: one team into teams/<team>/: the team, its members, its channels (standard, private, shared),
// every thread by message delta with its replies and hosted images, and where each channel's files are
// (the files themselves are stored once, by the site that holds them; docs/backup-format.md §8).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "backup/user_backup.h"

namespace ark::backup {

// A selected team as discovery found it: the group, its channels and each channel's files folder (a
// driveItem; null when the channel has none yet), and the tree path of that folder's site.
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's move constructor does not throw.
struct TeamTarget {
  UserInfo group;  // id = group id, upn = display name, raw = group JSON
  std::vector<nlohmann::json> channels;
  std::vector<nlohmann::json> files_folders;
  std::vector<std::string> files_sites;  // Graph site id holding each channel's files ("" when unknown)
};

// The tree path of a team's subtree: "teams/<escaped group id>".
std::string TeamNode(const std::string& group_id);

// The tree path of a hosted content a message body refers to: the Graph path (below the service root) of
// its bytes when `src` is an image URL of this team and channel, else "".
std::string HostedContentPath(const std::string& src, const std::string& team_id,
                              const std::string& channel_id);

class TeamBackup : public UserBackup {
 public:
  explicit TeamBackup(RunContext& run, TeamTarget team);
  Status Run() override;

 private:
  Status BackupMembers();
  Status BackupChannel(size_t index);
  Status StoreThread(const std::string& channel_id, const std::string& channel_name, nlohmann::json message);
  // Stores `message` at `path` and the hosted images its body refers to under `hosted_dir`.
  Status RetryItem(const FailedItem& failed) override;
  // `root_id` is the thread's: a failed image makes the next run fetch the whole thread again.
  Status StoreMessage(const std::string& channel_id, const std::string& root_id, const std::string& path,
                      const std::string& hosted_dir, const std::string& folder_path,
                      const nlohmann::json& message);
  std::string TeamPath() const;  // "/teams/{id}"

  TeamTarget team_;
};

}  // namespace ark::backup
