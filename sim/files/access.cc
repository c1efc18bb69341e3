// Drive and item resolution, permission checks (incl. personal sites), throttling of file requests.
#include "files/access.h"

#include "common/text.h"
#include "content/edit.h"
#include "content/ids.h"
#include "graphapi/errors.h"

namespace m365sim::files {
namespace {

using content::kNone;

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string segment = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!segment.empty()) out.push_back(segment);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

struct DriveRef {
  uint32_t drive = kNone;
  bool personal_site_path = false;  // reached through /sites/{personal site}
  bool other_users_drive = false;   // someone else's OneDrive (delegated callers may not)
};

std::optional<DriveRef> FindDrive(workloads::Call& call) {
  const http::Request& r = call.req;
  std::string user(r.Param("user"));
  bool me = r.path.rfind("/v1.0/me/", 0) == 0 || r.path == "/v1.0/me/drive";
  std::optional<std::string> user_id;
  if (!user.empty() || me) {
    std::string who = me ? call.caller.object_id : user;
    user_id = call.svc.ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<std::string> {
      const tenant::User* u = t.FindUser(who);
      return u ? std::optional<std::string>(u->id) : std::nullopt;
    });
    if (!user_id) return std::nullopt;
  }
  return call.svc.store.Read([&](const content::Content& c) -> std::optional<DriveRef> {
    DriveRef ref;
    if (user_id) {
      auto it = c.person_by_id.find(*user_id);
      if (it == c.person_by_id.end() || c.person_drive[it->second] == kNone) return std::nullopt;
      ref.drive = c.person_drive[it->second];
      ref.other_users_drive = !call.caller.app_only && *user_id != call.caller.object_id;
      return ref;
    }
    if (auto group = r.Param("group"); !group.empty()) {
      auto it = c.group_by_id.find(std::string(group));
      if (it == c.group_by_id.end() || c.group_site[it->second] == kNone) return std::nullopt;
      ref.drive = c.sites[c.group_site[it->second]].drives[0];
      return ref;
    }
    if (auto site = r.Param("site"); !site.empty()) {
      auto it = c.site_by_id.find(std::string(site));
      if (it == c.site_by_id.end() || c.sites[it->second].drives.empty()) return std::nullopt;
      ref.drive = c.sites[it->second].drives[0];
      ref.personal_site_path = c.sites[it->second].kind == content::SiteKind::kPersonal;
      return ref;
    }
    auto list = content::DecodeDriveIdList(r.Param("drive"));
    if (!list) return std::nullopt;
    auto it = c.drive_by_list.find(*list);
    if (it == c.drive_by_list.end()) return std::nullopt;
    ref.drive = it->second;
    const content::Drive& d = c.drives[ref.drive];
    ref.other_users_drive = !call.caller.app_only && d.kind == content::DriveKind::kPersonal &&
                            c.people[d.owner].id != call.caller.object_id;
    return ref;
  });
}

}  // namespace

http::Response ItemNotFound(workloads::Call& call) {
  return graphapi::GraphError(call.req, 404, "itemNotFound", "The resource could not be found.");
}

http::Response AccessDenied(workloads::Call& call, std::string_view message) {
  return graphapi::GraphError(call.req, 403, "accessDenied", message);
}

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 400) return false;
  if (name.find_first_of("\"*:<>?/\\|") != std::string::npos) return false;
  if (name.front() == ' ' || name.back() == ' ' || name.back() == '.') return false;
  return name != "." && name != "..";
}

std::variant<Target, http::Response> Open(workloads::Call& call, uint32_t cost) {
  bool write = call.req.method != "GET";
  static const std::vector<std::string_view> kReadRoles = {"Files.Read.All", "Files.ReadWrite.All", "Sites.Read.All",
                                                           "Sites.ReadWrite.All", "Sites.FullControl.All"};
  static const std::vector<std::string_view> kWriteRoles = {"Files.ReadWrite.All", "Sites.ReadWrite.All",
                                                            "Sites.FullControl.All"};
  static const std::vector<std::string_view> kReadScopes = {"Files.Read", "Files.Read.All", "Files.ReadWrite",
                                                            "Files.ReadWrite.All", "Sites.Read.All",
                                                            "Sites.ReadWrite.All"};
  static const std::vector<std::string_view> kWriteScopes = {"Files.ReadWrite", "Files.ReadWrite.All",
                                                             "Sites.ReadWrite.All"};
  if (auto denied = workloads::Require(call, write ? kWriteRoles : kReadRoles, write ? kWriteScopes : kReadScopes,
                                       "accessDenied", "Either scp or roles claim need to be present in the token.")) {
    return *denied;
  }
  auto ref = FindDrive(call);
  if (!ref) return ItemNotFound(call);
  if (ref->other_users_drive) return AccessDenied(call);
  if (ref->personal_site_path && call.caller.app_only && !call.svc.options.personal_sites_app_only) {
    return AccessDenied(call,
                        "Access denied. Personal sites do not accept app-only tokens in this tenant; sign in as a "
                        "user (delegated access) to read personal sites.");
  }
  if (auto throttled = workloads::Admit(call, workloads::ChargeFor(call, throttle::Workload::kSharePoint, "", cost))) {
    return *throttled;
  }
  Target t;
  t.drive = ref->drive;
  std::string rest(call.req.Param("rest"));
  bool ok = call.svc.store.Read([&](const content::Content& c) {
    const content::Drive& d = c.drives[t.drive];
    if (rest.empty()) return true;
    t.addressed_item = true;
    std::string remainder;
    if (rest.rfind("root", 0) == 0) {
      t.item = 0;
      remainder = rest.substr(4);
    } else if (rest.rfind("items/", 0) == 0) {
      size_t end = rest.find_first_of("/:", 6);
      std::string id = rest.substr(6, end == std::string::npos ? std::string::npos : end - 6);
      auto key = content::DecodeDriveItemId(id, c.id_salt);
      if (!key || key->drive != t.drive || key->item >= d.items.size() || d.items[key->item].deleted) return false;
      t.item = key->item;
      remainder = end == std::string::npos ? "" : rest.substr(end);
    } else {
      return false;
    }
    if (!remainder.empty() && remainder[0] == ':') {
      size_t close = remainder.find(':', 1);
      std::string path = remainder.substr(1, close == std::string::npos ? std::string::npos : close - 1);
      remainder = close == std::string::npos ? "" : remainder.substr(close + 1);
      std::vector<std::string> names = Split(path);
      for (size_t i = 0; i < names.size(); ++i) {
        uint32_t child = content::FindChild(d, t.item, names[i]);
        if (child == kNone) {
          if (i + 1 != names.size()) return false;
          t.parent = t.item;
          t.new_name = names[i];
          t.item = kNone;
          break;
        }
        t.item = child;
      }
    }
    if (!remainder.empty() && remainder[0] == '/') remainder = remainder.substr(1);
    t.action = remainder;
    return true;
  });
  if (!ok) return ItemNotFound(call);
  return t;
}

}  // namespace m365sim::files
