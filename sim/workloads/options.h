// Options of part 2's workloads, set from the command line (docs/m365sim.md).
#pragma once

#include <cstdint>

#include "throttle/limits.h"

namespace m365sim::workloads {

struct WorkloadOptions {
  throttle::Limits limits;
  // Content sizes (docs/m365sim.md "Content"); 0 keeps the profile's default.
  uint64_t max_file_size = 0;
  uint64_t huge_file_size = 0;
  int huge_files = -1;
  // Personal sites (-my) accept app-only tokens only with this on; Microsoft's
  // Modern (app-only) mode lacked it, hence "Personal Sites need Hybrid".
  bool personal_sites_app_only = false;
  int download_url_lifetime_s = 300;
  int upload_session_lifetime_s = 3600;
};

}  // namespace m365sim::workloads
