// Graph JSON to catalog items.
#include "backup/catalog_items.h"

#include <vector>

#include "backup/graph_json.h"
#include "backup/layout.h"
#include "core/time.h"

namespace ark::backup {
namespace {

using nlohmann::json;

std::optional<SystemTime> Time(const json& j, const char* key) {
  std::string text = JsonString(j, key);
  if (text.empty()) return std::nullopt;
  return ParseRfc3339(text);
}

// "Name <address>" of an emailAddress object.
std::string Address(const json& recipient) {
  if (!recipient.is_object()) return {};
  auto it = recipient.find("emailAddress");
  const json& e = it != recipient.end() ? *it : recipient;
  std::string name = JsonString(e, "name");
  std::string address = JsonString(e, "address");
  if (name.empty() || name == address) return address;
  return name + " <" + address + ">";
}

std::string Addresses(const json& j, std::initializer_list<const char*> keys) {
  std::string out;
  for (const char* key : keys) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) continue;
    for (const json& r : *it) {
      std::string a = Address(r);
      if (a.empty()) continue;
      if (!out.empty()) out += "; ";
      out += a;
    }
  }
  return out;
}

// Graph event times are "dateTime" without an offset plus "timeZone"; UTC is what the backup asks for.
std::optional<SystemTime> EventTime(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return std::nullopt;
  std::string text = JsonString(*it, "dateTime");
  if (text.empty()) return std::nullopt;
  if (text.back() != 'Z' && text.find('+', 10) == std::string::npos) text += "Z";
  return ParseRfc3339(text);
}

catalog::Item Base(const ItemPlace& place, catalog::ItemKind kind, std::string graph_id, std::string name) {
  catalog::Item item;
  item.key = {place.owner_id, kind, std::move(graph_id)};
  item.folder_path = place.folder_path;
  item.ref = place.ref;
  item.name = std::move(name);
  return item;
}

}  // namespace

catalog::Item MessageItem(const ItemPlace& place, const json& m, uint64_t size) {
  catalog::Item item =
      Base(place, catalog::ItemKind::kMailMessage, JsonString(m, "id"), JsonString(m, "subject"));
  item.size = static_cast<int64_t>(size);
  item.created = Time(m, "createdDateTime");
  item.modified = Time(m, "lastModifiedDateTime");
  item.sent = Time(m, "sentDateTime");
  item.received = Time(m, "receivedDateTime");
  item.from = Address(m.value("from", json()));
  item.to = Addresses(m, {"toRecipients", "ccRecipients", "bccRecipients"});
  item.preview = JsonString(m, "bodyPreview");
  item.has_attachments = m.value("hasAttachments", false);
  return item;
}

catalog::Item EventItem(const ItemPlace& place, const json& e) {
  catalog::Item item = Base(place, catalog::ItemKind::kEvent, JsonString(e, "id"), JsonString(e, "subject"));
  item.created = Time(e, "createdDateTime");
  item.modified = Time(e, "lastModifiedDateTime");
  item.start = EventTime(e, "start");
  item.end = EventTime(e, "end");
  item.from = Address(e.value("organizer", json()));
  item.to = Addresses(e, {"attendees"});
  item.preview = JsonString(e, "bodyPreview");
  if (auto it = e.find("location"); it != e.end() && it->is_object())
    item.location = JsonString(*it, "displayName");
  item.has_attachments = e.value("hasAttachments", false);
  return item;
}

catalog::Item ContactItem(const ItemPlace& place, const json& c) {
  catalog::Item item =
      Base(place, catalog::ItemKind::kContact, JsonString(c, "id"), JsonString(c, "displayName"));
  item.created = Time(c, "createdDateTime");
  item.modified = Time(c, "lastModifiedDateTime");
  item.to = Addresses(c, {"emailAddresses"});
  return item;
}

catalog::Item DriveItemEntry(const ItemPlace& place, const json& d, uint64_t size) {
  bool folder = d.contains("folder") || d.contains("root");
  catalog::Item item = Base(place, folder ? catalog::ItemKind::kFolder : catalog::ItemKind::kFile,
                            JsonString(d, "id"), JsonString(d, "name"));
  item.size = static_cast<int64_t>(size);
  item.created = Time(d, "createdDateTime");
  item.modified = Time(d, "lastModifiedDateTime");
  if (auto it = d.find("lastModifiedBy"); it != d.end() && it->is_object()) {
    auto user = it->find("user");
    if (user != it->end() && user->is_object()) {
      std::string name = JsonString(*user, "displayName");
      std::string mail = JsonString(*user, "email");
      item.from = mail.empty() ? name : (name.empty() ? mail : name + " <" + mail + ">");
    }
  }
  return item;
}

catalog::Item ContainerItem(const ItemPlace& place, catalog::ItemKind kind, const std::string& graph_id,
                            const std::string& name) {
  return Base(place, kind, graph_id, name);
}

std::string HumanFolderPath(const UserState& state, const std::string& key_prefix,
                            const std::string& folder_id, const std::string& root_path) {
  std::vector<const std::string*> names;
  std::string id = folder_id;
  // Bounded: a damaged parent chain with a cycle must not loop.
  for (size_t depth = 0; !id.empty() && depth < 256; ++depth) {
    auto it = state.folders.find(JoinPath(key_prefix, EscapeName(id)));
    if (it == state.folders.end()) break;
    names.push_back(&it->second.name);
    id = it->second.parent_id;
  }
  std::string path = root_path;
  for (auto n = names.rbegin(); n != names.rend(); ++n) path = catalog::ChildPath(path, **n);
  return path;
}

std::string UserRootPath(const std::string& upn) { return catalog::ChildPath("/", upn); }

}  // namespace ark::backup
