// Finding drives and items from Graph's many addressing forms, with SharePoint's permission rules.
//
// Drives are reached as /drives/{id}, /users/{id}/drive, /me/drive,
// /groups/{id}/drive and /sites/{id}/drive; items below them as /root,
// /items/{id}, and path forms /root:/a/b.txt: and /items/{id}:/a: followed
// by an action (/children, /content, /delta, /versions, ...).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "content/model.h"
#include "workloads/service.h"

namespace m365sim::files {

struct Target {
  uint32_t drive = content::kNone;
  uint32_t item = content::kNone;    // kNone: the drive itself, or a path that does not exist yet
  uint32_t parent = content::kNone;  // for a missing last path segment: where it would be
  std::string new_name;              // ... and its name
  std::string action;                // "", "children", "content", "delta", "versions", "versions/2.0",
                                     // "versions/2.0/content", "createUploadSession"
  bool addressed_item = false;       // the URL named an item (not just the drive)
};

// Resolves the drive of the route (its {drive}/{user}/{group}/{site} parameter
// or /me) and the rest of the path; checks permissions (write for anything
// but GET) and throttling with `cost` resource units. Returns the target or
// the error response.
std::variant<Target, http::Response> Open(workloads::Call& call, uint32_t cost);

http::Response ItemNotFound(workloads::Call& call);
http::Response AccessDenied(workloads::Call& call, std::string_view message = "Access denied");

// Whether `name` is a legal SharePoint/OneDrive item name.
bool ValidName(const std::string& name);

}  // namespace m365sim::files
