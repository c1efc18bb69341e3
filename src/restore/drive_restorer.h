// DriveRestorer: puts files and folders back into a OneDrive or SharePoint drive through Graph.
//
// Small files (up to 4 MiB) are one PUT …:/{name}:/content; larger ones go
// through an upload session (graph/upload_session.h: 320 KiB-multiple
// fragments, resumable), so no file is ever whole in memory. The conflict
// policy maps onto Graph's @microsoft.graph.conflictBehavior: skip = fail (a
// 409 means "keep what is there"), overwrite = replace (the existing file gets
// a new version), keep-both = rename ("name 1.ext"). Folder names follow
// the drive's own rules because they come from the same kind of drive.
// The original modification and creation times are set afterwards
// (fileSystemInfo), as OneDrive clients do.
//
// Thread-safety: one DriveRestorer per drive and thread.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "graph/graph_client.h"
#include "graph/upload_session.h"
#include "restore/conflict.h"

namespace ark::restore {

// Files up to this size are uploaded with one PUT (Graph's limit for it is 250 MB on OneDrive
// but 4 MB is where Microsoft recommends upload sessions).
inline constexpr uint64_t kMaxSimpleUpload = uint64_t{4} << 20;

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's destructor, see graph/resources.h.
struct RestoredFile {
  ItemOutcome outcome = ItemOutcome::kCreated;
  nlohmann::json item;  // the driveItem Graph returned (empty when skipped)
};

class DriveRestorer {
 public:
  // `drive_id`: the target drive (see ResolveUserDrive()).
  DriveRestorer(graph::GraphClient& client, std::string drive_id, ConflictPolicy policy);

  // The id of the folder at `path` (names from the drive's root), creating what is missing.
  Result<std::string> EnsureFolder(const std::vector<std::string>& path);

  // Restores the file `name` into the folder `parent_id` from `source`;
  // `original` (the backed-up driveItem JSON, may be null) gives fileSystemInfo.
  Result<RestoredFile> RestoreFile(const std::string& parent_id, const std::string& name,
                                   graph::RandomAccessSource& source, const nlohmann::json& original);

 private:
  struct Folder {
    std::map<std::string, std::string> children;  // lower-case name -> id (files and folders)
    bool listed = false;
  };
  Status ListChildren(const std::string& folder_id, Folder& folder);
  Status SetFileSystemInfo(const std::string& item_id, const nlohmann::json& original);

  graph::GraphClient& client_;
  std::string drive_id_;
  ConflictPolicy policy_;
  std::map<std::string, Folder> folders_;
};

// The id of a user's OneDrive (GET /users/{user}/drive).
Result<std::string> ResolveUserDrive(graph::GraphClient& client, const std::string& user);

}  // namespace ark::restore
