// Graph JSON of drives, driveItems and driveItemVersions, and the content bytes behind them.
//
// Must run under the content store's read lock. Download URLs point at the
// files listener and are pre-authenticated (signed, short-lived), as
// SharePoint's are; see download.h.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "content/model.h"
#include "content/store.h"

namespace m365sim::workloads {
struct Service;
}

namespace m365sim::files {

using Json = nlohmann::ordered_json;

struct Links {
  std::string graph_base;  // https://localhost:P/v1.0
  workloads::Service* svc = nullptr;
  bool download_urls = true;
};

std::string ItemId(const content::Content& c, uint32_t drive, uint32_t item);
Json DriveJson(const content::Content& c, uint32_t drive, const Links& links);
Json ItemJson(const content::Content& c, uint32_t drive, uint32_t item, const Links& links);
// The entry a delta feed shows for a deleted item.
Json DeletedItemJson(const content::Content& c, uint32_t drive, uint32_t item);
Json VersionJson(const content::Content& c, uint32_t drive, uint32_t item, uint32_t version, const Links& links);

// The bytes of version `version` (0-based; the last is current) of a file.
content::ByteSourcePtr FileBytes(const content::Content& c, content::Store& store, uint32_t drive, uint32_t item,
                                 uint32_t version);
std::string MimeTypeOf(const std::string& name);

}  // namespace m365sim::files
