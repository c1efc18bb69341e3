// MailRestorer: puts messages back into a mailbox through Graph — folder trees, exact MIME, read/flag state.
//
// A message is created from its exact MIME (POST …/mailFolders/{id}/messages,
// Content-Type: text/plain, base64): headers, dates, bodies, attachments,
// inline parts and attached messages come back as they were. Graph then
// knows it only as a draft (isDraft can be set only at creation and only by a
// JSON creation, which would lose the MIME: graph-protocol.md §2.6); its read
// state, flag and categories are set afterwards with a PATCH from the
// backed-up JSON. Graph refuses request bodies over 4 MB, so a MIME over 3 MiB
// (4 MiB once base64-encoded) cannot be imported this way; RestoreMessage()
// says so by name (see docs/backup-and-restore.md).
//
// Conflicts are recognised by internetMessageId in the target folder:
// skip leaves the folder as it is, overwrite deletes the existing copies
// first, keep-both adds another copy.
//
// Thread-safety: one MailRestorer per mailbox and thread.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "graph/graph_client.h"
#include "restore/conflict.h"
#include "restore/export_writers.h"

namespace ark::restore {

// The longest MIME that fits a 4 MiB request once base64-encoded.
inline constexpr uint64_t kMaxImportMime = uint64_t{3} << 20;

struct RestoredMessage {
  ItemOutcome outcome = ItemOutcome::kCreated;
  std::string id;  // the new message's id (empty when skipped)
};

class MailRestorer {
 public:
  // `user`: the target mailbox (id or UPN).
  MailRestorer(graph::GraphClient& client, std::string user, ConflictPolicy policy);

  // The id of the folder at `path` (display names from the mailbox root, e.g.
  // {"Restored-2026-11-23", "Inbox", "Projects"}), creating what is missing.
  // `hidden` applies to folders this call creates at the leaf.
  Result<std::string> EnsureFolder(const std::vector<std::string>& path, bool hidden = false);

  // Restores one message into `folder_id`: its MIME (`mime_size` bytes) and the
  // Graph JSON it had (isRead, flag, categories, internetMessageId).
  Result<RestoredMessage> RestoreMessage(const std::string& folder_id, const ContentProducer& mime,
                                         uint64_t mime_size, const nlohmann::json& original);

 private:
  struct Folder {
    std::string id;
    std::map<std::string, std::string> children;  // lower-case display name -> id
    bool listed = false;
  };
  Status ListChildren(const std::string& parent_key, Folder& folder);
  Result<std::string> CreateChild(const std::string& parent_id, const std::string& name, bool hidden);
  // internetMessageId -> ids of the messages in the folder with it.
  Result<std::multimap<std::string, std::string>*> MessageIndex(const std::string& folder_id);
  Status ApplyState(const std::string& id, const nlohmann::json& created, const nlohmann::json& original);

  graph::GraphClient& client_;
  std::string user_;
  ConflictPolicy policy_;
  http::Headers headers_;
  std::map<std::string, Folder> folders_;  // key: folder id ("" = the root)
  std::map<std::string, std::multimap<std::string, std::string>> indexes_;
};

}  // namespace ark::restore
