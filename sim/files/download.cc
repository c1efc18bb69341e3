// Signed download URLs and the files listener's download route.
#include "files/download.h"

#include "common/seeded_random.h"
#include "core/encoding.h"
#include "files/json.h"
#include "graphapi/errors.h"
#include "mail/json.h"
#include "workloads/bytes_response.h"
#include "workloads/service.h"

namespace m365sim::files {
namespace {

std::string Signature(workloads::Service& svc, const std::string& what, int64_t expires) {
  uint64_t a = StableHash(svc.url_secret + what + "|" + std::to_string(expires), 1);
  uint64_t b = StableHash(svc.url_secret + what + "|" + std::to_string(expires), 2);
  std::string raw(16, '\0');
  for (int i = 0; i < 8; ++i) {
    raw[i] = static_cast<char>(a >> (8 * i));
    raw[8 + i] = static_cast<char>(b >> (8 * i));
  }
  return ark::Base64UrlEncode(raw);
}

}  // namespace

std::string DownloadUrl(workloads::Service& svc, uint32_t drive, uint32_t item, uint32_t version) {
  std::string what = std::to_string(drive) + "/" + std::to_string(item) + "/" + std::to_string(version);
  int64_t expires = svc.Now() + svc.options.download_url_lifetime_s;
  return svc.ctx.endpoints.files_base + "/download/" + what + "?tempauth=" + std::to_string(expires) + "." +
         Signature(svc, what, expires);
}

void RegisterDownloadRoutes(http::Router& files, workloads::Service& svc) {
  files.Add("GET", "/download/{drive}/{item}/{version}", [&svc](http::Request& r) {
    std::string what = std::string(r.Param("drive")) + "/" + std::string(r.Param("item")) + "/" +
                       std::string(r.Param("version"));
    std::string tempauth = r.query.GetOr("tempauth");
    size_t dot = tempauth.find('.');
    int64_t expires = dot == std::string::npos ? 0 : std::strtoll(tempauth.substr(0, dot).c_str(), nullptr, 10);
    bool valid = dot != std::string::npos && tempauth.substr(dot + 1) == Signature(svc, what, expires);
    if (!valid || svc.Now() > expires || r.Param("fault") == "expired-download-url") {
      nlohmann::ordered_json body = {
          {"error", {{"code", "unauthenticated"}, {"message", valid ? "Token expired" : "Invalid token"}}}};
      return http::Response::Json(401, body);
    }
    uint32_t drive = static_cast<uint32_t>(std::strtoul(std::string(r.Param("drive")).c_str(), nullptr, 10));
    uint32_t item = static_cast<uint32_t>(std::strtoul(std::string(r.Param("item")).c_str(), nullptr, 10));
    uint32_t version = static_cast<uint32_t>(std::strtoul(std::string(r.Param("version")).c_str(), nullptr, 10));
    struct Found {
      content::ByteSourcePtr bytes;
      std::string name;
    };
    auto found = svc.store.Read([&](const content::Content& c) -> std::optional<Found> {
      if (drive >= c.drives.size() || item >= c.drives[drive].items.size()) return std::nullopt;
      const content::DriveItem& x = c.drives[drive].items[item];
      if (x.deleted || x.folder || version >= x.versions.size()) return std::nullopt;
      return Found{FileBytes(c, svc.store, drive, item, version), x.name};
    });
    if (!found) {
      nlohmann::ordered_json body = {{"error", {{"code", "itemNotFound"}, {"message", "The resource could not be found."}}}};
      return http::Response::Json(404, body);
    }
    http::Response response = workloads::BytesResponse(r, found->bytes, MimeTypeOf(found->name), true);
    response.headers.Set("Content-Disposition", "attachment; filename*=UTF-8''" + ark::PercentEncode(found->name));
    svc.ctx.counters->Increment("files/download");
    return response;
  });
}

}  // namespace m365sim::files
