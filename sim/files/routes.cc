// Drive item handlers: reads, delta (OneDrive style), 302 downloads, uploads with conflict behaviour.
#include "files/routes.h"

#include "common/text.h"
#include "content/edit.h"
#include "content/ids.h"
#include "files/access.h"
#include "files/download.h"
#include "files/json.h"
#include "graphapi/errors.h"
#include "mail/json.h"
#include "workloads/odata.h"
#include "workloads/upload_sessions.h"

namespace m365sim::files {
namespace {

using content::kNone;
using workloads::Call;
using workloads::Json;

// Graph's resource-unit costs for SharePoint/OneDrive (graph-protocol.md §3.4).
uint32_t CostOf(const http::Request& r) {
  if (r.query.GetOr("$expand").find("permissions") != std::string::npos) return 5;
  if (r.method != "GET") return 2;
  std::string path = ToLowerAscii(r.path);
  bool delta = path.size() >= 5 && path.substr(path.size() - 5) == "delta";
  if (delta) return r.query.Has("token") ? 1 : 2;
  if (path.size() >= 8 && path.substr(path.size() - 8) == "children") return 2;
  return 1;
}

Links LinksFor(Call& call) { return {call.Base(), &call.svc, true}; }

std::string Behaviour(const http::Request& r, const Json& body, const char* fallback) {
  std::string b = r.query.GetOr("@microsoft.graph.conflictBehavior");
  if (b.empty() && body.is_object()) {
    if (body.contains("@microsoft.graph.conflictBehavior")) b = body.value("@microsoft.graph.conflictBehavior", "");
    if (body.contains("item") && body["item"].is_object()) {
      b = body["item"].value("@microsoft.graph.conflictBehavior", b);
    }
  }
  return b.empty() ? fallback : b;
}

std::string RenameFree(const content::Drive& d, uint32_t parent, const std::string& name) {
  size_t dot = name.rfind('.');
  std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
  std::string ext = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
  for (int i = 1;; ++i) {
    std::string candidate = stem + " " + std::to_string(i) + ext;
    if (content::FindChild(d, parent, candidate) == kNone) return candidate;
  }
}

http::Response Conflict(Call& call) {
  return graphapi::GraphError(call.req, 409, "nameAlreadyExists", "The specified item name already exists.");
}

http::Response InvalidName(Call& call) {
  return graphapi::GraphError(call.req, 400, "invalidRequest",
                              "The name contains characters that are not allowed (\" * : < > ? / \\ |), or starts or "
                              "ends with a space, or ends with a period.");
}

Json WithContext(const std::string& context, const Json& entity) {
  Json j;
  j["@odata.context"] = context;
  workloads::AppendMembers(j, entity);
  return j;
}

// Stores uploaded bytes as a new file or a new version; the response JSON or an HTTP status.
std::variant<std::pair<Json, int>, int> CommitFile(workloads::Service& svc, uint32_t drive, uint32_t item,
                                                    uint32_t parent, const std::string& name,
                                                    const std::string& behaviour, uint32_t blob, uint64_t size,
                                                    const std::string& creator_id, const std::string& base) {
  content::Time now = svc.Now();
  return svc.store.Write([&](content::Content& c) -> std::variant<std::pair<Json, int>, int> {
    content::Drive& d = c.drives[drive];
    uint32_t author = kNone;
    if (auto it = c.person_by_id.find(creator_id); it != c.person_by_id.end()) author = it->second;
    content::FileVersion v;
    v.size = size;
    v.blob = blob;
    v.modified = now;
    v.modified_by = author;
    uint32_t target = item;
    if (target == kNone) target = content::FindChild(d, parent, name);
    int status = 200;
    if (target != kNone && item == kNone) {
      if (behaviour == "fail") return 409;
      if (behaviour == "rename") target = kNone;
    }
    if (target != kNone && d.items[target].folder) return 409;
    if (target == kNone) {
      content::DriveItem x;
      x.parent = parent;
      x.name = behaviour == "rename" && content::FindChild(d, parent, name) != kNone ? RenameFree(d, parent, name) : name;
      x.created = now;
      x.modified = now;
      x.created_by = author;
      x.versions.push_back(v);
      target = content::AddDriveItem(c, d, x);
      status = 201;
    } else {
      content::AddFileVersion(c, d, target, v);
    }
    return std::make_pair(ItemJson(c, drive, target, {base, &svc, true}), status);
  });
}

http::Response Upload(Call& call, const Target& t) {
  if (t.item == kNone && t.new_name.empty()) return ItemNotFound(call);
  if (t.item == kNone && !ValidName(t.new_name)) return InvalidName(call);
  auto blob = call.svc.store.blobs().Put(call.req.body);
  if (!blob.ok()) return graphapi::GraphError(call.req, 507, "quotaLimitReached", blob.status().message());
  auto result = CommitFile(call.svc, t.drive, t.item, t.parent, t.new_name, Behaviour(call.req, Json(), "replace"),
                           *blob, call.req.body.size(), call.caller.object_id, call.Base());
  if (std::holds_alternative<int>(result)) return Conflict(call);
  auto& [json, status] = std::get<std::pair<Json, int>>(result);
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#driveItem", json), status);
}

http::Response CreateUploadSession(Call& call, const Target& t) {
  Json body = call.req.body.empty() ? Json::object() : Json::parse(call.req.body, nullptr, false);
  std::string behaviour = Behaviour(call.req, body, "replace");
  uint32_t item = t.item;
  uint32_t parent = t.parent;
  std::string name = t.new_name;
  if (item != kNone && t.new_name.empty()) {
    bool folder = call.svc.store.Read([&](const content::Content& c) { return c.drives[t.drive].items[item].folder; });
    if (folder) return graphapi::GraphError(call.req, 400, "invalidRequest", "Cannot upload content to a folder.");
  }
  if (item == kNone && !ValidName(name)) return InvalidName(call);
  if (item != kNone && behaviour == "fail" && t.new_name.empty() && call.req.path.find(':') != std::string::npos) {
    return Conflict(call);
  }
  uint64_t size = 0;
  if (body.is_object() && body.contains("item") && body["item"].is_object() && body["item"].contains("fileSize")) {
    size = body["item"].value("fileSize", uint64_t{0});
  }
  workloads::Service& svc = call.svc;
  uint32_t drive = t.drive;
  std::string creator = call.caller.object_id;
  std::string base = call.Base();
  auto completion = [&svc, drive, item, parent, name, behaviour, creator, base](http::Request& r, uint32_t blob,
                                                                                 uint64_t length) {
    auto result = CommitFile(svc, drive, item, parent, name, behaviour, blob, length, creator, base);
    if (std::holds_alternative<int>(result)) {
      return graphapi::GraphError(r, 409, "nameAlreadyExists", "The specified item name already exists.");
    }
    auto& [json, status] = std::get<std::pair<Json, int>>(result);
    return http::Response::Json(status, json);
  };
  Json session = svc.uploads->Create(size, completion, false);
  return graphapi::GraphJson(call.req, session);
}

http::Response CreateFolder(Call& call, const Target& t) {
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("name") || !body["name"].is_string()) {
    return graphapi::GraphError(call.req, 400, "invalidRequest", "A name is required.");
  }
  std::string name = body["name"].get<std::string>();
  if (!ValidName(name)) return InvalidName(call);
  bool is_folder = body.contains("folder");
  if (!is_folder) return graphapi::GraphError(call.req, 400, "invalidRequest", "Use PUT .../content to create files.");
  std::string behaviour = Behaviour(call.req, body, "fail");
  content::Time now = call.svc.Now();
  Links links = LinksFor(call);
  auto result = call.svc.store.Write([&](content::Content& c) -> std::variant<Json, int> {
    content::Drive& d = c.drives[t.drive];
    if (t.item == kNone || !d.items[t.item].folder) return 404;
    uint32_t existing = content::FindChild(d, t.item, name);
    if (existing != kNone) {
      if (behaviour == "fail") return 409;
      if (behaviour == "replace") {
        content::DeleteDriveItem(c, d, existing, now);
      } else {
        name = RenameFree(d, t.item, name);
      }
    }
    content::DriveItem x;
    x.parent = t.item;
    x.name = name;
    x.folder = true;
    x.created = now;
    x.modified = now;
    if (auto it = c.person_by_id.find(call.caller.object_id); it != c.person_by_id.end()) x.created_by = it->second;
    uint32_t key = content::AddDriveItem(c, d, x);
    return ItemJson(c, t.drive, key, links);
  });
  if (auto* status = std::get_if<int>(&result)) return *status == 404 ? ItemNotFound(call) : Conflict(call);
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#driveItem", std::get<Json>(result)), 201);
}

http::Response Patch(Call& call, const Target& t) {
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object()) return graphapi::GraphError(call.req, 400, "invalidRequest", "Expected a JSON object.");
  content::Time now = call.svc.Now();
  Links links = LinksFor(call);
  auto result = call.svc.store.Write([&](content::Content& c) -> std::variant<Json, int> {
    content::Drive& d = c.drives[t.drive];
    if (t.item == kNone || t.item == 0) return 404;
    uint32_t parent = d.items[t.item].parent;
    if (body.contains("parentReference") && body["parentReference"].is_object()) {
      auto key = content::DecodeDriveItemId(body["parentReference"].value("id", ""), c.id_salt);
      if (!key || key->drive != t.drive || !d.items[key->item].folder || d.items[key->item].deleted) return 400;
      parent = key->item;
    }
    std::string name = body.value("name", d.items[t.item].name);
    if (!ValidName(name)) return 422;
    uint32_t clash = content::FindChild(d, parent, name);
    if (clash != kNone && clash != t.item) return 409;
    if (parent != d.items[t.item].parent) content::MoveDriveItem(c, d, t.item, parent, now);
    if (name != d.items[t.item].name) content::RenameDriveItem(c, d, t.item, name, now);
    return ItemJson(c, t.drive, t.item, links);
  });
  if (auto* status = std::get_if<int>(&result)) {
    if (*status == 404) return ItemNotFound(call);
    if (*status == 409) return Conflict(call);
    if (*status == 422) return InvalidName(call);
    return graphapi::GraphError(call.req, 400, "invalidRequest", "parentReference.id is not a folder of this drive.");
  }
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#driveItem", std::get<Json>(result)));
}

http::Response Delta(Call& call, const Target& t) {
  if (t.item != 0) {
    return graphapi::GraphError(call.req, 400, "invalidRequest", "Delta is only supported on the root of a drive.");
  }
  bool exclude_parent = call.req.headers.Get("Prefer").find("deltaExcludeParent") != std::string_view::npos;
  std::string select = call.req.query.GetOr("$select");
  std::string collection = "drive/" + std::to_string(t.drive);
  std::string path = call.Base() + "/drives/" +
                     call.svc.store.Read([&](const content::Content& c) { return c.drives[t.drive].id; }) +
                     "/root/delta";
  std::string context = call.Base() + "/$metadata#Collection(driveItem)";
  if (call.req.query.GetOr("token") == "latest") {
    auto latest = call.svc.store.Read([&](const content::Content& c) { return c.drives[t.drive].journal.last_seq(); });
    return graphapi::GraphJson(
        call.req, workloads::LatestDeltaLink(call, workloads::DeltaStyle::kDrive, collection, select, latest, context, path));
  }
  auto begun = workloads::BeginDelta(call, workloads::DeltaStyle::kDrive, collection, select, 0);
  if (auto* e = std::get_if<http::Response>(&begun)) return std::move(*e);
  auto& round = std::get<workloads::DeltaRound>(begun);
  size_t page = workloads::PageSize(call.req, 200, 1000);
  Links links = LinksFor(call);
  Json body = call.svc.store.Read([&](const content::Content& c) {
    const content::Drive& d = c.drives[t.drive];
    return workloads::DeltaPage(call, workloads::DeltaStyle::kDrive, round, d.journal, page, context, path,
                                [&](const delta::JournalEntry& e) -> std::optional<Json> {
                                  uint32_t k = static_cast<uint32_t>(e.key);
                                  if (e.removed || d.items[k].deleted) return DeletedItemJson(c, t.drive, k);
                                  if (exclude_parent && d.items[k].folder && d.items[k].changed < e.seq) {
                                    return std::nullopt;  // touched only because a child changed
                                  }
                                  return workloads::Select(ItemJson(c, t.drive, k, links), round.state.options);
                                });
  });
  return graphapi::GraphJson(call.req, body);
}

http::Response Get(Call& call, const Target& t) {
  Links links = LinksFor(call);
  if (t.action == "delta") return Delta(call, t);
  if (!t.addressed_item) {
    Json j = call.svc.store.Read([&](const content::Content& c) { return DriveJson(c, t.drive, links); });
    return graphapi::GraphJson(call.req, workloads::Select(WithContext(call.Base() + "/$metadata#drives/$entity", j),
                                                           call.req.query.GetOr("$select")));
  }
  if (t.item == kNone) return ItemNotFound(call);
  if (t.action.empty()) {
    Json j = call.svc.store.Read([&](const content::Content& c) { return ItemJson(c, t.drive, t.item, links); });
    return graphapi::GraphJson(
        call.req, workloads::Select(WithContext(call.Base() + "/$metadata#driveItem", j), call.req.query.GetOr("$select")));
  }
  if (t.action == "children") {
    auto items = call.svc.store.Read([&](const content::Content& c) {
      std::vector<Json> out;
      const content::Drive& d = c.drives[t.drive];
      for (uint32_t k = 1; k < d.items.size(); ++k) {
        if (d.items[k].parent == t.item && !d.items[k].deleted) out.push_back(ItemJson(c, t.drive, k, links));
      }
      return out;
    });
    return workloads::ListResponse(call, call.Base() + "/$metadata#Collection(driveItem)", std::move(items), 200, 1000);
  }
  if (t.action == "content" || (t.action.rfind("versions/", 0) == 0 && t.action.size() > 8 &&
                                t.action.substr(t.action.size() - 8) == "/content")) {
    uint32_t version = kNone;
    bool ok = call.svc.store.Read([&](const content::Content& c) {
      const content::DriveItem& x = c.drives[t.drive].items[t.item];
      if (x.folder) return false;
      version = static_cast<uint32_t>(x.versions.size() - 1);
      if (t.action != "content") {
        std::string id = t.action.substr(9, t.action.size() - 9 - 8);
        uint32_t v = static_cast<uint32_t>(std::strtoul(id.c_str(), nullptr, 10));
        if (v == 0 || v > x.versions.size()) return false;
        version = v - 1;
      }
      return true;
    });
    if (!ok) return ItemNotFound(call);
    return http::Response::Redirect(DownloadUrl(call.svc, t.drive, t.item, version), 302);
  }
  if (t.action == "versions") {
    auto items = call.svc.store.Read([&](const content::Content& c) {
      std::vector<Json> out;
      const content::DriveItem& x = c.drives[t.drive].items[t.item];
      for (size_t v = x.versions.size(); v-- > 0;) {
        out.push_back(VersionJson(c, t.drive, t.item, static_cast<uint32_t>(v), links));
      }
      return out;
    });
    return workloads::ListResponse(call, call.Base() + "/$metadata#Collection(driveItemVersion)", std::move(items),
                                   200, 1000);
  }
  if (t.action.rfind("versions/", 0) == 0) {
    uint32_t v = static_cast<uint32_t>(std::strtoul(t.action.substr(9).c_str(), nullptr, 10));
    auto j = call.svc.store.Read([&](const content::Content& c) -> std::optional<Json> {
      const content::DriveItem& x = c.drives[t.drive].items[t.item];
      if (v == 0 || v > x.versions.size()) return std::nullopt;
      return VersionJson(c, t.drive, t.item, v - 1, links);
    });
    if (!j) return ItemNotFound(call);
    return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#driveItemVersion", *j));
  }
  return graphapi::GraphError(call.req, 400, "invalidRequest", "Unsupported segment '" + t.action + "'.");
}

http::Response Handle(Call& call) {
  auto opened = Open(call, CostOf(call.req));
  if (auto* e = std::get_if<http::Response>(&opened)) return std::move(*e);
  Target& t = std::get<Target>(opened);
  const std::string& m = call.req.method;
  if (m == "GET") return Get(call, t);
  if (m == "PUT" && t.action == "content") return Upload(call, t);
  if (m == "POST" && t.action == "createUploadSession") return CreateUploadSession(call, t);
  if (m == "POST" && t.action == "children") return CreateFolder(call, t);
  if (m == "PATCH" && t.action.empty() && t.item != kNone) return Patch(call, t);
  if (m == "DELETE" && t.action.empty()) {
    if (t.item == kNone || t.item == 0) return ItemNotFound(call);
    content::Time now = call.svc.Now();
    call.svc.store.Write([&](content::Content& c) { content::DeleteDriveItem(c, c.drives[t.drive], t.item, now); });
    return http::Response::Empty(204);
  }
  return graphapi::GraphError(call.req, 405, "invalidRequest", "The method is not allowed on this resource.");
}

http::Response ListDrives(Call& call) {
  auto opened = Open(call, 2);
  if (auto* e = std::get_if<http::Response>(&opened)) return std::move(*e);
  uint32_t drive = std::get<Target>(opened).drive;
  Links links = LinksFor(call);
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    uint32_t site = c.drives[drive].site;
    for (uint32_t d : c.sites[site].drives) out.push_back(DriveJson(c, d, links));
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#drives", std::move(items), 200, 1000);
}

}  // namespace

void RegisterRoutes(http::Router& graph, http::Router& files, workloads::Service& svc) {
  for (const char* prefix : {"/v1.0/drives/{drive}", "/v1.0/users/{user}/drive", "/v1.0/me/drive",
                             "/v1.0/groups/{group}/drive", "/v1.0/sites/{site}/drive"}) {
    workloads::AddRoute(graph, svc, "*", prefix, Handle);
    workloads::AddRoute(graph, svc, "*", std::string(prefix) + "/{rest*}", Handle);
  }
  for (const char* path : {"/v1.0/users/{user}/drives", "/v1.0/me/drives", "/v1.0/groups/{group}/drives",
                           "/v1.0/sites/{site}/drives"}) {
    workloads::AddRoute(graph, svc, "GET", path, ListDrives);
  }
  files.Add("*", "/upload/{id}", [&svc](http::Request& r) { return svc.uploads->Handle(r); });
  RegisterDownloadRoutes(files, svc);
}

}  // namespace m365sim::files
