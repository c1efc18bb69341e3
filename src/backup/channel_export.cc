// Channel export: reads a channel's threads from a snapshot and renders them as HTML and JSON.
#include "backup/channel_export.h"

#include <algorithm>
#include <filesystem>

#include "backup/graph_json.h"
#include "backup/layout.h"
#include "core/file.h"
#include "repo/content.h"
#include "repo/directory.h"

namespace ark::backup {
namespace {

using nlohmann::json;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Result<json> Record(repo::Repository& repo, const repo::Node& node) {
  if (!node.record) return json();
  ARK_ASSIGN_OR_RETURN(std::string bytes, repo::LoadRecord(repo, *node.record));
  json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return DataLoss("the record of " + node.name + " is not JSON");
  return j;
}

// The directory below `dir` whose reserved node `marker` has a record matching `wanted` by name or id.
Result<std::optional<std::pair<repo::BlobId, json>>> FindOwner(repo::Repository& repo,
                                                               const repo::BlobId& dir,
                                                               std::string_view marker,
                                                               const std::string& wanted) {
  std::vector<repo::Node> dirs;
  ARK_RETURN_IF_ERROR(repo::ForEachNode(repo, dir, [&](const repo::Node& n) {
    if (n.type == repo::NodeType::kDir && n.subtree) dirs.push_back(n);
    return Status::Ok();
  }));
  for (const repo::Node& d : dirs) {
    ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> node, repo::LookupNode(repo, *d.subtree, marker));
    if (!node) continue;
    ARK_ASSIGN_OR_RETURN(json record, Record(repo, *node));
    if (Lower(JsonString(record, "displayName")) == Lower(wanted) ||
        Lower(JsonString(record, "id")) == Lower(wanted)) {
      return std::optional<std::pair<repo::BlobId, json>>(std::make_pair(*d.subtree, std::move(record)));
    }
  }
  return std::optional<std::pair<repo::BlobId, json>>();
}

Result<ChannelThread> ReadThread(repo::Repository& repo, const repo::BlobId& dir) {
  ChannelThread thread;
  std::vector<repo::Node> nodes;
  ARK_RETURN_IF_ERROR(repo::ForEachNode(repo, dir, [&](const repo::Node& n) {
    nodes.push_back(n);
    return Status::Ok();
  }));
  for (const repo::Node& n : nodes) {
    if (n.name == kMessageNode) {
      ARK_ASSIGN_OR_RETURN(thread.root, Record(repo, n));
    } else if ((n.name == kRepliesDir || n.name == kHostedDir) && n.subtree) {
      const bool replies = n.name == kRepliesDir;
      Status s = repo::ForEachNode(repo, *n.subtree, [&](const repo::Node& child) -> Status {
        ARK_ASSIGN_OR_RETURN(json record, Record(repo, child));
        if (replies) {
          thread.replies.push_back(std::move(record));
        } else {
          thread.images.emplace(JsonString(record, "messageId"),
                                std::make_pair(JsonString(record, "id"), child));
        }
        return Status::Ok();
      });
      ARK_RETURN_IF_ERROR(s);
    }
  }
  std::sort(thread.replies.begin(), thread.replies.end(), [](const json& a, const json& b) {
    return JsonString(a, "createdDateTime") < JsonString(b, "createdDateTime");
  });
  return thread;
}

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string MessageText(const json& message) {
  auto body = message.find("body");
  std::string html =
      body != message.end() && body->is_object() ? JsonString(*body, "content") : std::string();
  std::string text;
  bool in_tag = false;
  std::string tag;
  for (char c : html) {
    if (c == '<') {
      in_tag = true;
      tag.clear();
      continue;
    }
    if (in_tag) {
      if (c == '>') {
        in_tag = false;
        std::string t = Lower(tag);
        if (t.starts_with("/p") || t.starts_with("br") || t.starts_with("/div")) text += '\n';
      } else {
        tag += c;
      }
      continue;
    }
    text += c;
  }
  const std::pair<std::string_view, std::string_view> entities[] = {
      {"&nbsp;", " "}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

namespace {

std::string Author(const json& message) {
  auto from = message.find("from");
  if (from == message.end() || !from->is_object()) return "unknown";
  for (const char* kind : {"user", "application", "device"}) {
    auto who = from->find(kind);
    if (who != from->end() && who->is_object() && !JsonString(*who, "displayName").empty())
      return JsonString(*who, "displayName");
  }
  return "unknown";
}

void RenderMessage(std::string& html, const json& message, const ChannelThread& thread,
                   const std::map<std::string, std::string>& image_files, bool reply) {
  html += reply ? "<div class=\"reply\">" : "<div class=\"post\">";
  html += "<div class=\"head\"><span class=\"author\">" + Escape(Author(message)) + "</span> <time>" +
          Escape(JsonString(message, "createdDateTime")) + "</time>";
  if (!JsonString(message, "lastEditedDateTime").empty()) html += " <span class=\"note\">(edited)</span>";
  html += "</div>";
  if (!JsonString(message, "subject").empty())
    html += "<div class=\"subject\">" + Escape(JsonString(message, "subject")) + "</div>";
  if (!JsonString(message, "deletedDateTime").empty()) {
    html += "<div class=\"note\">This message was deleted.</div>";
  } else {
    html += "<div class=\"body\">" + Escape(MessageText(message)) + "</div>";
  }
  auto [begin, end] = thread.images.equal_range(JsonString(message, "id"));
  for (auto it = begin; it != end; ++it) {
    auto file = image_files.find(it->second.first);
    if (file != image_files.end()) html += "<img src=\"" + Escape(file->second) + "\" alt=\"image\">";
  }
  html += "</div>\n";
}

}  // namespace

Result<ChannelConversation> ReadChannel(repo::Repository& repo, const repo::BlobId& root,
                                        const std::string& team, const std::string& channel) {
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> teams, repo::LookupNode(repo, root, kTeamsDir));
  if (!teams || !teams->subtree)
    return NotFound("this snapshot has no teams; back up a set with the teams workload");
  ARK_ASSIGN_OR_RETURN(auto found_team, FindOwner(repo, *teams->subtree, kTeamNode, team));
  if (!found_team)
    return NotFound("no team '" + team + "' in this snapshot; give its display name or group id");
  ChannelConversation conversation;
  conversation.team = found_team->second;
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> channels,
                       repo::LookupNode(repo, found_team->first, kChannelsDir));
  if (!channels || !channels->subtree)
    return NotFound("team '" + team + "' has no channels in this snapshot");
  ARK_ASSIGN_OR_RETURN(auto found_channel, FindOwner(repo, *channels->subtree, kChannelNode, channel));
  if (!found_channel) {
    return NotFound("team '" + team + "' has no channel '" + channel +
                    "' in this snapshot; give its name or id");
  }
  conversation.channel = found_channel->second;
  std::vector<repo::Node> threads;
  ARK_RETURN_IF_ERROR(repo::ForEachNode(repo, found_channel->first, [&](const repo::Node& n) {
    if (n.type == repo::NodeType::kDir && n.subtree) threads.push_back(n);
    return Status::Ok();
  }));
  for (const repo::Node& t : threads) {
    ARK_ASSIGN_OR_RETURN(ChannelThread thread, ReadThread(repo, *t.subtree));
    conversation.threads.push_back(std::move(thread));
  }
  std::sort(conversation.threads.begin(), conversation.threads.end(), [](const auto& a, const auto& b) {
    return JsonString(a.root, "createdDateTime") < JsonString(b.root, "createdDateTime");
  });
  return conversation;
}

std::string ConversationHtml(const ChannelConversation& c,
                             const std::map<std::string, std::string>& image_files) {
  std::string title = JsonString(c.team, "displayName") + " / " + JsonString(c.channel, "displayName");
  std::string html =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Escape(title) +
      "</title>\n<style>body{font-family:sans-serif;max-width:50em;margin:auto}.post{border-top:1px solid "
      "#ccc;"
      "padding:.5em 0}.reply{margin-left:2em;padding:.3em 0}.head{color:#555}.author{font-weight:bold}"
      ".subject{font-weight:bold}.body{white-space:pre-wrap}.note{color:#888;font-style:italic}"
      "img{max-width:100%;display:block}</style></head><body>\n<h1>" +
      Escape(title) + "</h1>\n";
  for (const ChannelThread& t : c.threads) {
    html += "<section>";
    RenderMessage(html, t.root, t, image_files, false);
    for (const json& r : t.replies) RenderMessage(html, r, t, image_files, true);
    html += "</section>\n";
  }
  html += "</body></html>\n";
  return html;
}

json ConversationJson(const ChannelConversation& c) {
  json threads = json::array();
  for (const ChannelThread& t : c.threads) threads.push_back({{"message", t.root}, {"replies", t.replies}});
  return {{"team", c.team}, {"channel", c.channel}, {"threads", std::move(threads)}};
}

Result<ChannelExportReport> ExportChannel(repo::Repository& repo, const ChannelConversation& conversation,
                                          const std::string& directory) {
  ChannelExportReport report;
  ARK_RETURN_IF_ERROR(EnsureDirectory(directory + "/images", 0755));
  std::map<std::string, std::string> files;
  for (const ChannelThread& t : conversation.threads) {
    report.threads++;
    report.messages += 1 + t.replies.size();
    for (const auto& [message, image] : t.images) {
      // Numbered names: hosted content ids are opaque and must never become paths.
      std::string name = "images/" + std::to_string(++report.images);
      std::string bytes;
      repo::ContentReader reader(repo, image.second.content);
      ARK_RETURN_IF_ERROR(reader.ReadAll([&](std::string_view piece) {
        bytes.append(piece);
        return Status::Ok();
      }));
      ARK_RETURN_IF_ERROR(WriteFileAtomic((std::filesystem::path(directory) / name).string(), bytes));
      files[image.first] = name;
    }
  }
  ARK_RETURN_IF_ERROR(
      WriteFileAtomic(directory + "/conversation.html", ConversationHtml(conversation, files)));
  ARK_RETURN_IF_ERROR(
      WriteFileAtomic(directory + "/conversation.json", ConversationJson(conversation).dump(2)));
  return report;
}

}  // namespace ark::backup
