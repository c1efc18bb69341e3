// DriveItem JSON: identity sets, parent references, facets, eTags and download URLs.
#include "files/json.h"

#include "content/edit.h"
#include "content/ids.h"
#include "content/text_gen.h"
#include "core/encoding.h"
#include "files/download.h"
#include "mail/json.h"

namespace m365sim::files {
namespace {

using content::kNone;

Json IdentitySet(const content::Content& c, uint32_t person) {
  if (person == kNone || person >= c.people.size()) {
    return {{"user", {{"displayName", "System Account"}}}};
  }
  const content::Person& p = c.people[person];
  return {{"user", {{"email", p.mail}, {"id", p.id}, {"displayName", p.display_name}}}};
}

std::string ItemGuid(const content::Drive& d, uint32_t item) {
  return content::GuidFrom(StableHash(d.id), "item/" + std::to_string(item));
}

std::string EncodePath(const std::string& path) {
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string segment = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    out += ark::PercentEncode(segment);
    if (slash == std::string::npos) break;
    out += "/";
    start = slash + 1;
  }
  return out;
}

const char* DriveType(const content::Drive& d) {
  return d.kind == content::DriveKind::kPersonal ? "business" : "documentLibrary";
}

Json ParentReference(const content::Content& c, uint32_t drive, uint32_t parent) {
  const content::Drive& d = c.drives[drive];
  Json j;
  j["driveType"] = DriveType(d);
  j["driveId"] = d.id;
  if (parent == kNone) return j;
  j["id"] = ItemId(c, drive, parent);
  j["name"] = parent == 0 ? std::string("root") : d.items[parent].name;
  j["path"] = "/drives/" + d.id + "/root:" + EncodePath(content::DrivePath(d, parent));
  if (d.site != kNone) j["siteId"] = c.sites[d.site].collection_guid;
  return j;
}

}  // namespace

std::string ItemId(const content::Content& c, uint32_t drive, uint32_t item) {
  return content::EncodeDriveItemId({drive, item}, c.id_salt);
}

std::string MimeTypeOf(const std::string& name) { return content::FileKindFor(name).mime_type; }

Json DriveJson(const content::Content& c, uint32_t drive, const Links& links) {
  (void)links;
  const content::Drive& d = c.drives[drive];
  uint64_t used = 0;
  for (const auto& item : d.items) {
    if (!item.deleted && !item.folder && !item.versions.empty()) used += item.versions.back().size;
  }
  Json j;
  j["createdDateTime"] = mail::IsoTime(d.created);
  j["description"] = "";
  j["id"] = d.id;
  j["lastModifiedDateTime"] = mail::IsoTime(d.items.empty() ? d.created : d.items[0].modified);
  j["name"] = d.name;
  j["webUrl"] = d.web_url;
  j["driveType"] = DriveType(d);
  if (d.kind == content::DriveKind::kPersonal) {
    j["createdBy"] = {{"user", {{"displayName", "System Account"}}}};
    j["owner"] = IdentitySet(c, d.owner);
  } else {
    j["createdBy"] = {{"user", {{"displayName", "System Account"}}}};
    j["owner"] = {{"group", {{"id", d.owner_group != kNone ? c.groups[d.owner_group].id : c.tenant_id},
                             {"displayName", d.owner_group != kNone ? c.groups[d.owner_group].display_name
                                                                    : std::string("Site Owners")}}}};
  }
  uint64_t total = 1ULL << 40;
  j["quota"] = {{"deleted", 0}, {"remaining", total - used}, {"state", "normal"}, {"total", total}, {"used", used}};
  return j;
}

Json ItemJson(const content::Content& c, uint32_t drive, uint32_t item, const Links& links) {
  const content::Drive& d = c.drives[drive];
  const content::DriveItem& x = d.items[item];
  std::string guid = ItemGuid(d, item);
  std::string etag = "\"{" + guid + "}," + std::to_string(x.revision + 1) + "\"";
  Json j;
  j["@odata.etag"] = etag;
  if (!x.folder && links.download_urls && links.svc) {
    j["@microsoft.graph.downloadUrl"] =
        DownloadUrl(*links.svc, drive, item, static_cast<uint32_t>(x.versions.size() - 1));
  }
  j["createdDateTime"] = mail::IsoTime(x.created);
  j["eTag"] = etag;
  j["id"] = ItemId(c, drive, item);
  j["lastModifiedDateTime"] = mail::IsoTime(x.modified);
  j["name"] = x.name;
  j["webUrl"] = d.web_url + (item == 0 ? "" : EncodePath(content::DrivePath(d, item)));
  j["cTag"] = "\"c:{" + guid + "}," + std::to_string(x.revision + 1) + "\"";
  uint64_t size = 0;
  if (x.folder) {
    for (const auto& other : d.items) {
      if (!other.deleted && other.parent == item && &other != &x) size += other.folder ? 0 : other.versions.back().size;
    }
  } else {
    size = x.versions.back().size;
  }
  j["size"] = size;
  j["createdBy"] = IdentitySet(c, x.created_by);
  j["lastModifiedBy"] = IdentitySet(c, x.folder || x.versions.empty() ? x.created_by : x.versions.back().modified_by);
  j["parentReference"] = ParentReference(c, drive, x.parent);
  j["fileSystemInfo"] = {{"createdDateTime", mail::IsoTime(x.created)},
                         {"lastModifiedDateTime", mail::IsoTime(x.modified)}};
  if (x.folder) {
    int children = 0;
    for (const auto& other : d.items) children += !other.deleted && other.parent == item && &other != &x;
    j["folder"] = {{"childCount", children}};
    if (item == 0) j["root"] = Json::object();
  } else {
    j["file"] = {{"mimeType", MimeTypeOf(x.name)}};
  }
  return j;
}

Json DeletedItemJson(const content::Content& c, uint32_t drive, uint32_t item) {
  const content::DriveItem& x = c.drives[drive].items[item];
  Json j;
  j["@odata.type"] = "#microsoft.graph.driveItem";
  j["id"] = ItemId(c, drive, item);
  j["parentReference"] = {{"driveType", DriveType(c.drives[drive])},
                          {"driveId", c.drives[drive].id},
                          {"id", ItemId(c, drive, x.parent == kNone ? 0 : x.parent)}};
  if (x.folder) {
    j["folder"] = {{"childCount", 0}};
  } else {
    j["file"] = Json::object();
  }
  j["deleted"] = {{"state", "deleted"}};
  return j;
}

Json VersionJson(const content::Content& c, uint32_t drive, uint32_t item, uint32_t version, const Links& links) {
  const content::FileVersion& v = c.drives[drive].items[item].versions[version];
  Json j;
  if (links.svc) j["@microsoft.graph.downloadUrl"] = DownloadUrl(*links.svc, drive, item, version);
  j["id"] = std::to_string(version + 1) + ".0";
  j["lastModifiedDateTime"] = mail::IsoTime(v.modified);
  j["size"] = v.size;
  j["lastModifiedBy"] = IdentitySet(c, v.modified_by);
  return j;
}

content::ByteSourcePtr FileBytes(const content::Content& c, content::Store& store, uint32_t drive, uint32_t item,
                                 uint32_t version) {
  const content::DriveItem& x = c.drives[drive].items[item];
  const content::FileVersion& v = x.versions[version];
  if (v.blob != kNone) return store.blobs().Get(v.blob, v.size);
  content::ByteStyle style = x.text ? content::ByteStyle::kText : content::ByteStyle::kBinary;
  if (version == 0 || x.versions[version - 1].blob != kNone) {
    return content::GeneratedBytes(x.seed ^ (static_cast<uint64_t>(version) << 56), v.size, style);
  }
  return content::EditedBytes(FileBytes(c, store, drive, item, version - 1), x.seed + version, v.size, style, 8);
}

}  // namespace m365sim::files
