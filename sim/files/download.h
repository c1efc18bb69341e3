// Pre-authenticated download URLs on the files listener, and the listener's download route.
//
// GET /download/{drive}/{item}/{version}?tempauth=... serves a file
// version's bytes with Range support (206), without any Authorization
// header, until the URL's lifetime (options.download_url_lifetime_s) runs
// out; then 401, as an expired SharePoint download URL answers.
#pragma once

#include <string>

#include "http/router.h"

namespace m365sim::workloads {
struct Service;
}

namespace m365sim::files {

std::string DownloadUrl(workloads::Service& svc, uint32_t drive, uint32_t item, uint32_t version);
void RegisterDownloadRoutes(http::Router& files, workloads::Service& svc);

}  // namespace m365sim::files
