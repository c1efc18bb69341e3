// Site and list handlers with their JSON (site, list, columnDefinition, listItem, fieldValueSet).
#include "sites/routes.h"

#include "common/seeded_random.h"
#include "common/text.h"
#include "content/edit.h"
#include "content/ids.h"
#include "content/text_gen.h"
#include "core/encoding.h"
#include "files/access.h"
#include "graphapi/errors.h"
#include "mail/json.h"
#include "workloads/odata.h"

namespace m365sim::sites {
namespace {

using content::kNone;
using mail::IsoTime;
using workloads::Call;
using workloads::Json;

Json WithContext(const std::string& context, const Json& entity) {
  Json j;
  j["@odata.context"] = context;
  workloads::AppendMembers(j, entity);
  return j;
}

Json IdentitySet(const content::Content& c, uint32_t person) {
  if (person == kNone || person >= c.people.size()) return {{"user", {{"displayName", "System Account"}}}};
  const auto& p = c.people[person];
  return {{"user", {{"email", p.mail}, {"id", p.id}, {"displayName", p.display_name}}}};
}

Json SiteJson(const content::Content& c, uint32_t index) {
  const content::Site& s = c.sites[index];
  Json j;
  j["createdDateTime"] = IsoTime(s.created);
  j["description"] = s.description;
  j["id"] = s.id;
  j["lastModifiedDateTime"] = IsoTime(s.created);
  j["name"] = s.name;
  j["webUrl"] = "https://" + s.hostname + s.path;
  j["displayName"] = s.display_name;
  j["isPersonalSite"] = s.kind == content::SiteKind::kPersonal;
  if (s.kind == content::SiteKind::kRoot) j["root"] = Json::object();
  j["siteCollection"] = {{"hostname", s.hostname}};
  return j;
}

Json ListJson(const content::Content& c, uint32_t site, uint32_t list) {
  const content::Site& s = c.sites[site];
  const content::List& l = s.lists[list];
  std::string etag = "\"" + l.guid + ",1\"";
  Json j;
  j["@odata.etag"] = etag;
  j["createdDateTime"] = IsoTime(l.created);
  j["description"] = "";
  j["eTag"] = etag;
  j["id"] = l.guid;
  j["lastModifiedDateTime"] = IsoTime(l.created);
  j["name"] = l.name;
  j["webUrl"] = "https://" + s.hostname + s.path + (l.library ? "/" + ark::PercentEncode(l.name) : "/Lists/" + l.name);
  j["displayName"] = l.display_name;
  j["createdBy"] = IdentitySet(c, kNone);
  j["parentReference"] = {{"siteId", s.id}};
  j["list"] = {{"contentTypesEnabled", false}, {"hidden", false}, {"template", l.library ? "documentLibrary" : "genericList"}};
  return j;
}

Json ColumnJson(const content::Content& c, const content::List& l, size_t index) {
  const content::Column& col = l.columns[index];
  Json j;
  j["columnGroup"] = index == 0 ? "Custom Columns" : "Custom Columns";
  j["description"] = "";
  j["displayName"] = col.display_name;
  j["enforceUniqueValues"] = false;
  j["hidden"] = false;
  j["id"] = content::GuidFrom(c.seed, l.guid + "/column/" + col.name);
  j["indexed"] = false;
  j["name"] = col.name;
  j["readOnly"] = false;
  j["required"] = index == 0;
  switch (col.type) {
    case content::ColumnType::kText:
      j["text"] = {{"allowMultipleLines", false}, {"appendChangesToExistingText", false}, {"linesForEditing", 0},
                   {"maxLength", 255}};
      break;
    case content::ColumnType::kNumber:
      j["number"] = {{"decimalPlaces", "automatic"}, {"displayAs", "number"}};
      break;
    case content::ColumnType::kDateTime:
      j["dateTime"] = {{"displayAs", "default"}, {"format", "dateOnly"}};
      break;
    case content::ColumnType::kBoolean:
      j["boolean"] = Json::object();
      break;
    case content::ColumnType::kChoice:
      j["choice"] = {{"allowTextEntry", false},
                     {"choices", Json::array({"Not started", "In progress", "Done"})},
                     {"displayAs", "dropDownMenu"}};
      break;
  }
  return j;
}

Json FieldsJson(const content::Content& c, const content::List& l, uint32_t index) {
  const content::ListItem& item = l.items[index];
  Json f;
  f["@odata.etag"] = "\"" + content::GuidFrom(c.seed, l.guid + "/item/" + std::to_string(index)) + "," +
                     std::to_string(item.revision) + "\"";
  if (!item.custom_fields.empty()) {
    Json custom = Json::parse(item.custom_fields, nullptr, false);
    if (custom.is_object()) workloads::AppendMembers(f, custom);
  } else {
    SeededRandom r(StableHash(std::to_string(index) + "/" + std::to_string(item.revision), l.seed));
    static const char* kStatus[] = {"Not started", "In progress", "Done"};
    f["Title"] = content::RandomSubject(r);
    f["Status"] = kStatus[r.Below(3)];
    f["DueDate"] = IsoTime(item.created + r.Between(1, 90) * 86400).substr(0, 10) + "T00:00:00Z";
    f["Budget"] = static_cast<double>(r.Between(1000, 90000));
    f["Approved"] = r.Chance(0.5);
  }
  f["id"] = std::to_string(index + 1);
  f["ContentType"] = "Item";
  f["Modified"] = IsoTime(item.modified);
  f["Created"] = IsoTime(item.created);
  f["AuthorLookupId"] = "6";
  f["EditorLookupId"] = "6";
  f["_UIVersionString"] = std::to_string(item.revision) + ".0";
  f["Attachments"] = item.attachments > 0;
  return f;
}

Json ListItemJson(const content::Content& c, uint32_t site, uint32_t list, uint32_t index, bool fields,
                  const std::string& base) {
  const content::Site& s = c.sites[site];
  const content::List& l = s.lists[list];
  const content::ListItem& item = l.items[index];
  std::string etag = "\"" + content::GuidFrom(c.seed, l.guid + "/item/" + std::to_string(index)) + "," +
                     std::to_string(item.revision) + "\"";
  Json j;
  j["@odata.etag"] = etag;
  j["createdDateTime"] = IsoTime(item.created);
  j["eTag"] = etag;
  j["id"] = std::to_string(index + 1);
  j["lastModifiedDateTime"] = IsoTime(item.modified);
  j["webUrl"] = "https://" + s.hostname + s.path + "/Lists/" + l.name + "/" + std::to_string(index + 1) + "_.000";
  j["createdBy"] = IdentitySet(c, item.created_by);
  j["lastModifiedBy"] = IdentitySet(c, item.created_by);
  j["parentReference"] = {{"id", content::GuidFrom(c.seed, l.guid + "/parent")}, {"siteId", s.id}};
  j["contentType"] = {{"id", "0x0100" + ark::HexEncode(l.guid.substr(0, 8))}, {"name", "Item"}};
  if (fields) {
    j["fields@odata.context"] = base + "/$metadata#sites('" + s.id + "')/lists('" + l.guid + "')/items('" +
                                std::to_string(index + 1) + "')/fields/$entity";
    j["fields"] = FieldsJson(c, l, index);
  }
  return j;
}

struct SiteRef {
  uint32_t site = kNone;
};

// The site of {site}: "root", a composite id, or a bare site collection id; checks permissions
// (personal sites refuse app-only tokens unless the tenant allows it) and throttling.
std::variant<uint32_t, http::Response> OpenSite(Call& call, std::string_view id, uint32_t cost) {
  bool write = call.req.method != "GET";
  static const std::vector<std::string_view> kRead = {"Sites.Read.All", "Sites.ReadWrite.All", "Sites.Manage.All",
                                                      "Sites.FullControl.All"};
  static const std::vector<std::string_view> kWrite = {"Sites.ReadWrite.All", "Sites.Manage.All",
                                                       "Sites.FullControl.All"};
  if (auto denied = workloads::Require(call, write ? kWrite : kRead, write ? kWrite : kRead, "accessDenied",
                                       "Either scp or roles claim need to be present in the token.")) {
    return *denied;
  }
  auto site = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::pair<uint32_t, bool>> {
    for (uint32_t s = 0; s < c.sites.size(); ++s) {
      const auto& x = c.sites[s];
      bool match = (EqualsIgnoreCase(id, "root") && x.kind == content::SiteKind::kRoot) || x.id == id ||
                   EqualsIgnoreCase(x.collection_guid, id) ||
                   (id.find(':') != std::string_view::npos &&
                    EqualsIgnoreCase(std::string(id), x.hostname + ":" + x.path));
      if (match) return std::make_pair(s, x.kind == content::SiteKind::kPersonal);
    }
    return std::nullopt;
  });
  if (!site) return files::ItemNotFound(call);
  if (site->second && call.caller.app_only && !call.svc.options.personal_sites_app_only) {
    return files::AccessDenied(call,
                               "Access denied. Personal sites do not accept app-only tokens in this tenant; sign in "
                               "as a user (delegated access) to read personal sites.");
  }
  if (auto throttled = workloads::Admit(call, workloads::ChargeFor(call, throttle::Workload::kSharePoint, "", cost))) {
    return *throttled;
  }
  return site->first;
}

#define OPEN_SITE(id, cost)                                   \
  auto opened_site = OpenSite(call, id, cost);                \
  if (auto* e = std::get_if<http::Response>(&opened_site)) {  \
    return std::move(*e);                                     \
  }                                                           \
  uint32_t si = std::get<uint32_t>(opened_site)

uint32_t FindList(const content::Site& s, std::string_view id) {
  for (uint32_t l = 0; l < s.lists.size(); ++l) {
    if (EqualsIgnoreCase(s.lists[l].guid, id) || EqualsIgnoreCase(s.lists[l].display_name, id) ||
        EqualsIgnoreCase(s.lists[l].name, id)) {
      return l;
    }
  }
  return kNone;
}

http::Response SearchSites(Call& call, bool all) {
  OPEN_SITE("root", 2);
  (void)si;
  std::string query = ToLowerAscii(call.req.query.GetOr("search"));
  if (query == "*") query.clear();
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    for (uint32_t s = 0; s < c.sites.size(); ++s) {
      const auto& x = c.sites[s];
      if (!all && x.kind == content::SiteKind::kPersonal) continue;
      if (!query.empty() && ToLowerAscii(x.display_name).find(query) == std::string::npos &&
          ToLowerAscii(x.name).find(query) == std::string::npos) {
        continue;
      }
      out.push_back(SiteJson(c, s));
    }
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#sites", std::move(items), 200, 1000);
}

http::Response GetSite(Call& call) {
  std::string id(call.req.Param("site"));
  std::string rest(call.req.Param("rest"));
  if (!rest.empty()) id += "/" + rest;  // the {hostname}:/{path} form
  if (!id.empty() && id.back() == ':') id.pop_back();
  OPEN_SITE(id, 1);
  Json j = call.svc.store.Read([&](const content::Content& c) { return SiteJson(c, si); });
  return graphapi::GraphJson(call.req, workloads::Select(WithContext(call.Base() + "/$metadata#sites/$entity", j),
                                                         call.req.query.GetOr("$select")));
}

http::Response Subsites(Call& call) {
  OPEN_SITE(call.req.Param("site"), 2);
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    for (uint32_t s : c.sites[si].subsites) out.push_back(SiteJson(c, s));
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#sites", std::move(items), 200, 1000);
}

http::Response Lists(Call& call) {
  OPEN_SITE(call.req.Param("site"), 2);
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    for (uint32_t l = 0; l < c.sites[si].lists.size(); ++l) out.push_back(ListJson(c, si, l));
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#sites('" + std::string(call.req.Param("site")) +
                                           "')/lists",
                                 std::move(items), 200, 1000);
}

http::Response GetList(Call& call) {
  OPEN_SITE(call.req.Param("site"), 1);
  auto j = call.svc.store.Read([&](const content::Content& c) -> std::optional<Json> {
    uint32_t l = FindList(c.sites[si], call.req.Param("list"));
    if (l == kNone) return std::nullopt;
    return ListJson(c, si, l);
  });
  if (!j) return files::ItemNotFound(call);
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#sites('" +
                                                       std::string(call.req.Param("site")) + "')/lists/$entity",
                                                   *j));
}

http::Response Columns(Call& call) {
  OPEN_SITE(call.req.Param("site"), 2);
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    uint32_t l = FindList(c.sites[si], call.req.Param("list"));
    if (l == kNone) return std::nullopt;
    std::vector<Json> out;
    const content::List& list = c.sites[si].lists[l];
    for (size_t i = 0; i < list.columns.size(); ++i) out.push_back(ColumnJson(c, list, i));
    return out;
  });
  if (!items) return files::ItemNotFound(call);
  return workloads::ListResponse(call, call.Base() + "/$metadata#Collection(columnDefinition)", std::move(*items), 200,
                                 1000);
}

bool ExpandFields(const http::Request& r) {
  return r.query.GetOr("expand").find("fields") != std::string::npos ||
         r.query.GetOr("$expand").find("fields") != std::string::npos;
}

http::Response Items(Call& call) {
  OPEN_SITE(call.req.Param("site"), 2);
  bool fields = ExpandFields(call.req);
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    uint32_t l = FindList(c.sites[si], call.req.Param("list"));
    if (l == kNone) return std::nullopt;
    std::vector<Json> out;
    for (uint64_t k : c.sites[si].lists[l].journal.LiveKeys(0, SIZE_MAX)) {
      out.push_back(ListItemJson(c, si, l, static_cast<uint32_t>(k), fields, call.Base()));
    }
    return out;
  });
  if (!items) return files::ItemNotFound(call);
  return workloads::ListResponse(call, call.Base() + "/$metadata#Collection(listItem)", std::move(*items), 200, 1000);
}

http::Response GetItem(Call& call) {
  OPEN_SITE(call.req.Param("site"), 1);
  bool fields = ExpandFields(call.req);
  auto j = call.svc.store.Read([&](const content::Content& c) -> std::optional<Json> {
    uint32_t l = FindList(c.sites[si], call.req.Param("list"));
    if (l == kNone) return std::nullopt;
    uint32_t index = static_cast<uint32_t>(std::strtoul(std::string(call.req.Param("item")).c_str(), nullptr, 10));
    const auto& list = c.sites[si].lists[l];
    if (index == 0 || index > list.items.size() || list.items[index - 1].deleted) return std::nullopt;
    return ListItemJson(c, si, l, index - 1, fields, call.Base());
  });
  if (!j) return files::ItemNotFound(call);
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#listItem", *j));
}

http::Response ItemsDelta(Call& call) {
  OPEN_SITE(call.req.Param("site"), call.req.query.Has("token") ? 1 : 2);
  auto list = call.svc.store.Read([&](const content::Content& c) { return FindList(c.sites[si], call.req.Param("list")); });
  if (list == kNone) return files::ItemNotFound(call);
  std::string collection = "list/" + std::to_string(si) + "/" + std::to_string(list);
  auto begun = workloads::BeginDelta(call, workloads::DeltaStyle::kDrive, collection, call.req.query.GetOr("$select"), 0);
  if (auto* e = std::get_if<http::Response>(&begun)) return std::move(*e);
  auto& round = std::get<workloads::DeltaRound>(begun);
  size_t page = workloads::PageSize(call.req, 200, 1000);
  Json body = call.svc.store.Read([&](const content::Content& c) {
    const auto& s = c.sites[si];
    std::string path = call.Base() + "/sites/" + s.id + "/lists/" + s.lists[list].guid + "/items/delta";
    return workloads::DeltaPage(call, workloads::DeltaStyle::kDrive, round, s.lists[list].journal, page,
                                call.Base() + "/$metadata#Collection(listItem)", path,
                                [&](const delta::JournalEntry& e) -> std::optional<Json> {
                                  uint32_t k = static_cast<uint32_t>(e.key);
                                  if (e.removed) {
                                    return Json{{"id", std::to_string(k + 1)}, {"deleted", {{"state", "deleted"}}}};
                                  }
                                  return ListItemJson(c, si, list, k, true, call.Base());
                                });
  });
  return graphapi::GraphJson(call.req, body);
}

http::Response CreateItem(Call& call) {
  OPEN_SITE(call.req.Param("site"), 2);
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("fields") || !body["fields"].is_object()) {
    return graphapi::GraphError(call.req, 400, "invalidRequest", "A list item needs a fields object.");
  }
  content::Time now = call.svc.Now();
  auto j = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    uint32_t l = FindList(c.sites[si], call.req.Param("list"));
    if (l == kNone || c.sites[si].lists[l].library) return std::nullopt;
    content::ListItem item;
    item.custom_fields = body["fields"].dump();
    item.created = now;
    item.modified = now;
    if (auto it = c.person_by_id.find(call.caller.object_id); it != c.person_by_id.end()) item.created_by = it->second;
    uint32_t index = content::AddListItem(c, c.sites[si].lists[l], item);
    return ListItemJson(c, si, l, index, true, call.Base());
  });
  if (!j) return files::ItemNotFound(call);
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#listItem", *j), 201);
}

http::Response CreateList(Call& call) {
  OPEN_SITE(call.req.Param("site"), 2);
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("displayName")) {
    return graphapi::GraphError(call.req, 400, "invalidRequest", "A list needs a displayName.");
  }
  std::string name = body.value("displayName", "");
  content::Time now = call.svc.Now();
  auto j = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    auto& s = c.sites[si];
    if (FindList(s, name) != kNone) return std::nullopt;
    content::List list;
    list.guid = content::GuidFrom(c.seed ^ static_cast<uint64_t>(now), s.id + "/list/" + name);
    list.name = name;
    list.display_name = name;
    list.created = now;
    list.columns.push_back({"Title", "Title", content::ColumnType::kText});
    if (body.contains("columns") && body["columns"].is_array()) {
      for (const auto& col : body["columns"]) {
        content::ColumnType type = col.contains("number")     ? content::ColumnType::kNumber
                                   : col.contains("dateTime") ? content::ColumnType::kDateTime
                                   : col.contains("boolean")  ? content::ColumnType::kBoolean
                                   : col.contains("choice")   ? content::ColumnType::kChoice
                                                              : content::ColumnType::kText;
        list.columns.push_back({col.value("name", "Column"), col.value("displayName", col.value("name", "Column")), type});
      }
    }
    s.lists.push_back(std::move(list));
    return ListJson(c, si, static_cast<uint32_t>(s.lists.size() - 1));
  });
  if (!j) return graphapi::GraphError(call.req, 409, "nameAlreadyExists", "A list with this name already exists.");
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#lists/$entity", *j), 201);
}

}  // namespace

void RegisterRoutes(http::Router& graph, workloads::Service& svc) {
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites", [](Call& c) { return SearchSites(c, false); });
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/getAllSites", [](Call& c) { return SearchSites(c, true); });
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}", GetSite);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}/{rest*}", GetSite);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/groups/{group}/sites/root", [](Call& c) {
    std::string site = c.svc.store.Read([&](const content::Content& x) -> std::string {
      auto it = x.group_by_id.find(std::string(c.req.Param("group")));
      if (it == x.group_by_id.end() || x.group_site[it->second] == kNone) return "none";
      return x.sites[x.group_site[it->second]].id;
    });
    c.req.params["site"] = site;
    return GetSite(c);
  });
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}/sites", Subsites);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}/lists", Lists);
  workloads::AddRoute(graph, svc, "POST", "/v1.0/sites/{site}/lists", CreateList);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}/lists/{list}", GetList);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}/lists/{list}/columns", Columns);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}/lists/{list}/items", Items);
  workloads::AddRoute(graph, svc, "POST", "/v1.0/sites/{site}/lists/{list}/items", CreateItem);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}/lists/{list}/items/delta", ItemsDelta);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/sites/{site}/lists/{list}/items/{item}", GetItem);
}

}  // namespace m365sim::sites
