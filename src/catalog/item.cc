// The item model's tables (kind names and groups) and its small helpers.
#include "catalog/item.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace ark::catalog {
namespace {

struct KindInfo {
  ItemKind kind;
  std::string_view name;
  std::string_view group;
  bool container;
};

constexpr std::array<KindInfo, 19> kKinds = {{
    {ItemKind::kUser, "user", "user", true},
    {ItemKind::kMailbox, "mailbox", "folder", true},
    {ItemKind::kMailFolder, "mail_folder", "folder", true},
    {ItemKind::kMailMessage, "mail_message", "mail", false},
    {ItemKind::kCalendar, "calendar", "folder", true},
    {ItemKind::kEvent, "event", "event", false},
    {ItemKind::kContactFolder, "contact_folder", "folder", true},
    {ItemKind::kContact, "contact", "contact", false},
    {ItemKind::kDrive, "drive", "folder", true},
    {ItemKind::kFolder, "folder", "folder", true},
    {ItemKind::kFile, "file", "file", false},
    {ItemKind::kFileVersion, "file_version", "version", false},
    {ItemKind::kSite, "site", "site", true},
    {ItemKind::kList, "list", "list", true},
    {ItemKind::kListItem, "list_item", "list", false},
    {ItemKind::kTeam, "team", "team", true},
    {ItemKind::kChannel, "channel", "channel", true},
    {ItemKind::kChannelMessage, "channel_message", "message", false},
    {ItemKind::kGroup, "group", "team", true},
}};

const KindInfo& Info(ItemKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info;
  }
  return kKinds[0];  // unreachable for a valid enum value; callers validate numbers first
}

}  // namespace

const std::vector<ItemKind>& AllItemKinds() {
  static const std::vector<ItemKind> kinds = [] {
    std::vector<ItemKind> all;
    all.reserve(kKinds.size());
    for (const KindInfo& info : kKinds) all.push_back(info.kind);
    return all;
  }();
  return kinds;
}

std::string_view ItemKindName(ItemKind kind) { return Info(kind).name; }
std::string_view ItemKindGroup(ItemKind kind) { return Info(kind).group; }
bool IsContainer(ItemKind kind) { return Info(kind).container; }

std::optional<ItemKind> ItemKindFromNumber(int number) {
  for (const KindInfo& info : kKinds) {
    if (static_cast<int>(info.kind) == number) return info.kind;
  }
  return std::nullopt;
}

Result<std::vector<ItemKind>> KindsForType(std::string_view type) {
  std::vector<ItemKind> kinds;
  for (const KindInfo& info : kKinds) {
    if (info.name == type || info.group == type) kinds.push_back(info.kind);
  }
  if (!kinds.empty()) return kinds;
  std::vector<std::string_view> words;
  for (const KindInfo& info : kKinds) {
    if (std::find(words.begin(), words.end(), info.group) == words.end()) words.push_back(info.group);
  }
  std::string accepted;
  for (std::string_view w : words) accepted += std::string(accepted.empty() ? "" : ", ") + std::string(w);
  return InvalidArgument("unknown item type '" + std::string(type) + "'; expected one of: " + accepted +
                         ", or a kind such as mail_message, mail_folder, file_version");
}

std::string_view OwnerKindName(OwnerKind kind) {
  switch (kind) {
    case OwnerKind::kUser:
      return "user";
    case OwnerKind::kSite:
      return "site";
    case OwnerKind::kTeam:
      return "team";
    case OwnerKind::kGroup:
      return "group";
  }
  return "user";
}

std::optional<SystemTime> PrimaryDate(const Item& item) {
  switch (item.key.kind) {
    case ItemKind::kMailMessage:
      if (item.received) return item.received;
      if (item.sent) return item.sent;
      break;
    case ItemKind::kEvent:
      if (item.start) return item.start;
      break;
    case ItemKind::kChannelMessage:
      if (item.created) return item.created;
      break;
    default:
      break;
  }
  if (item.modified) return item.modified;
  return item.created;
}

Status ValidateItem(const Item& item) {
  if (!ItemKindFromNumber(static_cast<int>(item.key.kind))) {
    return InvalidArgument("catalog item '" + item.key.graph_id + "' has an unknown kind number " +
                           std::to_string(static_cast<int>(item.key.kind)));
  }
  std::string what = std::string(ItemKindName(item.key.kind)) + " '" + item.name + "'";
  if (item.key.graph_id.empty()) return InvalidArgument("catalog item " + what + " has no Graph id");
  if (item.key.owner_id.empty()) return InvalidArgument("catalog item " + what + " has no owner id");
  if (item.folder_path.empty() || item.folder_path.front() != '/') {
    return InvalidArgument("catalog item " + what + " has folder path '" + item.folder_path +
                           "'; expected an absolute path starting with '/'");
  }
  if (item.size < 0) return InvalidArgument("catalog item " + what + " has a negative size");
  return Status::Ok();
}

std::string ChildPath(std::string_view folder_path, std::string_view name) {
  std::string path(folder_path);
  if (path.empty() || path.back() != '/') path.push_back('/');
  for (char c : name) {
    if (c == '/') {
      path += "%2F";
    } else if (c == '%') {
      path += "%25";
    } else {
      path.push_back(c);
    }
  }
  return path;
}

std::string NormalizePath(std::string_view path) {
  std::string out = "/";
  for (char c : path) {
    if (c == '/' && out.back() == '/') continue;
    out.push_back(c);
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::int64_t ToMillis(SystemTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

SystemTime FromMillis(std::int64_t millis) {
  return SystemTime(std::chrono::duration_cast<SystemTime::duration>(std::chrono::milliseconds(millis)));
}

}  // namespace ark::catalog
