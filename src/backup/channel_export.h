// Export of a backed-up Teams channel's conversation: a readable HTML page (threads with their replies,
// authors, times and inline images) and the same threads as JSON, from one snapshot (docs/backup-format.md
// §8).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "repo/ids.h"
#include "repo/node.h"
#include "repo/repository.h"

namespace ark::backup {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's move constructor does not throw.
struct ChannelThread {
  nlohmann::json root;                  // graph.chatMessage
  std::vector<nlohmann::json> replies;  // oldest first
  // Hosted images of the thread by the message id that shows them: (hosted content id, node).
  std::multimap<std::string, std::pair<std::string, repo::Node>> images;
};

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's move constructor does not throw.
struct ChannelConversation {
  nlohmann::json team;                 // graph.team
  nlohmann::json channel;              // graph.channel
  std::vector<ChannelThread> threads;  // oldest first
};

// Finds the team (display name or id, case-insensitive) and its channel (likewise) in the snapshot tree.
Result<ChannelConversation> ReadChannel(repo::Repository& repo, const repo::BlobId& root,
                                        const std::string& team, const std::string& channel);

// The conversation as one HTML page. Message bodies are reduced to text (nothing from a backup is ever
// rendered as markup); `image_files` maps hosted content ids to the relative paths of their files.
std::string ConversationHtml(const ChannelConversation& conversation,
                             const std::map<std::string, std::string>& image_files);
// The conversation as JSON: {"team", "channel", "threads": [{"message", "replies": [...]}]}.
nlohmann::json ConversationJson(const ChannelConversation& conversation);

// A chat message's text: its HTML body with paragraph and line breaks kept, every tag dropped and the
// common entities decoded (for catalog previews and the export).
std::string MessageText(const nlohmann::json& message);

// Writes conversation.html, conversation.json and images/<n> into `directory` (created if needed).
struct ChannelExportReport {
  size_t threads = 0;
  size_t messages = 0;
  size_t images = 0;
};
Result<ChannelExportReport> ExportChannel(repo::Repository& repo, const ChannelConversation& conversation,
                                          const std::string& directory);

}  // namespace ark::backup
