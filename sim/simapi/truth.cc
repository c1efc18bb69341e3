// Truth: walks the content model per workload, then hashes the byte sources outside the lock.
#include "simapi/truth.h"

#include "content/edit.h"
#include "content/mail_gen.h"
#include "core/hash.h"
#include "files/json.h"
#include "mail/json.h"

namespace m365sim::simapi {
namespace {

using content::kNone;
using Json = nlohmann::ordered_json;

struct Entry {
  Json item;
  std::vector<std::pair<std::string, content::ByteSourcePtr>> bytes;  // (cache key, content) per "sha256" slot
};

std::string FolderPath(const content::Mailbox& mb, uint32_t f) {
  std::string path;
  for (uint32_t k = f; k != kNone && mb.folders[k].parent != kNone; k = mb.folders[k].parent) {
    path = "/" + mb.folders[k].name + path;
  }
  return path.empty() ? "/" : path;
}

void AddMailbox(const content::Content& c, uint32_t mbi, std::vector<Entry>& out) {
  const content::Mailbox& mb = c.mailboxes[mbi];
  mail::IdMode immutable{true};
  for (uint32_t f = 1; f < mb.folders.size(); ++f) {
    if (mb.folders[f].deleted) continue;
    out.push_back({Json{{"workload", "mail"},
                        {"kind", mb.folders[f].search ? "searchFolder" : "folder"},
                        {"id", mail::FolderId(mb, f)},
                        {"path", FolderPath(mb, f)},
                        {"metadata", {{"hidden", mb.folders[f].hidden}}}},
                   {}});
  }
  for (uint32_t n = 0; n < mb.messages.size(); ++n) {
    const content::Message& m = mb.messages[n];
    if (m.deleted) continue;
    content::MessageSpec spec = content::MessageSpecOf(c, mb, n);
    auto mime = content::MessageMime(c, mb, n);
    Entry e{Json{{"workload", "mail"},
                 {"kind", "message"},
                 {"id", mail::MessageId(mb, n, immutable)},
                 {"path", FolderPath(mb, m.folder)},
                 {"size", mime->size()},
                 {"metadata",
                  {{"subject", spec.subject},
                   {"internetMessageId", spec.message_id},
                   {"from", spec.from.address},
                   {"receivedDateTime", mail::IsoTime(m.received)},
                   {"isRead", m.read},
                   {"isDraft", m.draft},
                   {"attachments", spec.attachments.size()}}}},
            {}};
    e.bytes.emplace_back("mime/" + mb.guid + "/" + std::to_string(n) + "/" + std::to_string(m.custom) + "/" +
                             std::to_string(m.custom == kNone ? 0 : mb.custom_messages[m.custom].spec.attachments.size()),
                         mime);
    out.push_back(std::move(e));
  }
  for (uint32_t k = 0; k < mb.contacts.size(); ++k) {
    if (mb.contacts[k].deleted) continue;
    Json j = mail::ContactJson(c, mb, k, immutable);
    out.push_back({Json{{"workload", "contacts"},
                        {"kind", "contact"},
                        {"id", j["id"]},
                        {"path", "/" + mb.contact_folders[mb.contacts[k].folder].name},
                        {"metadata", {{"displayName", j.value("displayName", "")}}},
                        {"json_sha256", ark::Sha256Hex(j.dump())}},
                   {}});
  }
  for (uint32_t k = 0; k < mb.events.size(); ++k) {
    if (mb.events[k].deleted) continue;
    Json j = mail::EventJson(c, mb, k, immutable);
    out.push_back({Json{{"workload", "calendar"},
                        {"kind", "event"},
                        {"id", j["id"]},
                        {"path", "/" + mb.calendars[mb.events[k].calendar].name},
                        {"metadata", {{"subject", j["subject"]}, {"type", j["type"]}, {"start", j["start"]}}},
                        {"json_sha256", ark::Sha256Hex(j.dump())}},
                   {}});
  }
}

void AddDrive(const content::Content& c, content::Store& store, uint32_t d, std::vector<Entry>& out) {
  const content::Drive& drive = c.drives[d];
  for (uint32_t k = 1; k < drive.items.size(); ++k) {
    const content::DriveItem& x = drive.items[k];
    if (x.deleted) continue;
    Json item = {{"workload", "files"},
                 {"kind", x.folder ? "folder" : "file"},
                 {"drive", drive.id},
                 {"id", files::ItemId(c, d, k)},
                 {"path", content::DrivePath(drive, k)}};
    Entry e;
    if (!x.folder) {
      item["size"] = x.versions.back().size;
      item["metadata"] = {{"name", x.name}, {"lastModifiedDateTime", mail::IsoTime(x.modified)}};
      Json versions = Json::array();
      for (uint32_t v = 0; v < x.versions.size(); ++v) {
        versions.push_back({{"id", std::to_string(v + 1) + ".0"}, {"size", x.versions[v].size}});
        e.bytes.emplace_back("file/" + drive.id + "/" + std::to_string(k) + "/" + std::to_string(v) + "/" +
                                 std::to_string(x.versions[v].blob),
                             files::FileBytes(c, store, d, k, v));
      }
      item["versions"] = versions;
    }
    e.item = std::move(item);
    out.push_back(std::move(e));
  }
}

void AddSite(const content::Content& c, content::Store& store, uint32_t s, std::vector<Entry>& out) {
  const content::Site& site = c.sites[s];
  for (const auto& list : site.lists) {
    if (list.library) continue;
    for (uint32_t k = 0; k < list.items.size(); ++k) {
      if (list.items[k].deleted) continue;
      out.push_back({Json{{"workload", "lists"},
                          {"kind", "listItem"},
                          {"site", site.id},
                          {"id", std::to_string(k + 1)},
                          {"path", "/Lists/" + list.name + "/" + std::to_string(k + 1)},
                          {"metadata", {{"revision", list.items[k].revision}, {"attachments", list.items[k].attachments}}}},
                     {}});
    }
  }
  for (uint32_t d : site.drives) AddDrive(c, store, d, out);
}

void AddTeam(const content::Content& c, uint32_t t, std::vector<Entry>& out) {
  const content::Team& team = c.teams[t];
  for (const auto& ch : team.channels) {
    for (uint32_t k = 0; k < ch.messages.size(); ++k) {
      const content::ChatMessage& m = ch.messages[k];
      std::string root = std::to_string(m.reply_to == kNone ? m.id : ch.messages[m.reply_to].id);
      out.push_back({Json{{"workload", "teams"},
                          {"kind", m.reply_to == kNone ? "post" : "reply"},
                          {"id", std::to_string(m.id)},
                          {"path", "/" + ch.name + "/" + root},
                          {"metadata",
                           {{"deleted", m.deleted}, {"revision", m.revision}, {"hostedContent", m.hosted_image},
                            {"from", c.people[m.from < c.people.size() ? m.from : 0].id}}}},
                     {}});
    }
  }
}

}  // namespace

std::string Truth::HashOf(const std::string& key, const content::ByteSourcePtr& bytes) {
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  std::string hash = content::Sha256HexOf(*bytes);
  std::lock_guard lock(mu_);
  cache_[key] = hash;
  return hash;
}

std::optional<Json> Truth::List(const TruthScope& scope) {
  std::optional<std::string> user_id;
  if (!scope.user.empty()) {
    user_id = svc_.ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<std::string> {
      if (const auto* u = t.FindUser(scope.user)) return u->id;
      if (const auto* g = t.FindGroup(scope.user)) return g->id;
      return std::nullopt;
    });
    if (!user_id) return std::nullopt;
  }
  bool everything = scope.user.empty() && scope.drive.empty() && scope.site.empty() && scope.team.empty();
  std::vector<Entry> entries;
  bool found = svc_.store.Read([&](const content::Content& c) {
    bool any = everything;
    for (uint32_t m = 0; m < c.mailboxes.size(); ++m) {
      if (everything || (user_id && c.mailboxes[m].guid == *user_id)) {
        AddMailbox(c, m, entries);
        any = true;
      }
    }
    if (user_id) {
      if (auto it = c.person_by_id.find(*user_id); it != c.person_by_id.end() && c.person_drive[it->second] != kNone) {
        AddDrive(c, svc_.store, c.person_drive[it->second], entries);
        any = true;
      }
    }
    for (uint32_t d = 0; d < c.drives.size() && !scope.drive.empty(); ++d) {
      if (c.drives[d].id == scope.drive) {
        AddDrive(c, svc_.store, d, entries);
        any = true;
      }
    }
    for (uint32_t s = 0; s < c.sites.size(); ++s) {
      if (everything || c.sites[s].id == scope.site) {
        AddSite(c, svc_.store, s, entries);
        any = true;
      }
    }
    for (uint32_t t = 0; t < c.teams.size(); ++t) {
      if (everything || c.groups[c.teams[t].group].id == scope.team) {
        AddTeam(c, t, entries);
        any = true;
      }
    }
    return any;
  });
  if (!found) return std::nullopt;
  Json items = Json::array();
  for (auto& e : entries) {
    if (scope.hash_content && !e.bytes.empty()) {
      if (e.item.contains("versions")) {
        for (size_t v = 0; v < e.bytes.size(); ++v) e.item["versions"][v]["sha256"] = HashOf(e.bytes[v].first, e.bytes[v].second);
        e.item["sha256"] = e.item["versions"].back()["sha256"];
      } else {
        e.item["sha256"] = HashOf(e.bytes[0].first, e.bytes[0].second);
      }
    }
    items.push_back(std::move(e.item));
  }
  Json out;
  Json scope_json = Json::object();
  if (!scope.user.empty()) scope_json["user"] = scope.user;
  if (!scope.drive.empty()) scope_json["drive"] = scope.drive;
  if (!scope.site.empty()) scope_json["site"] = scope.site;
  if (!scope.team.empty()) scope_json["team"] = scope.team;
  out["scope"] = scope_json;
  out["count"] = items.size();
  out["sha256"] = ark::Sha256Hex(items.dump());
  out["items"] = std::move(items);
  return out;
}

}  // namespace m365sim::simapi
