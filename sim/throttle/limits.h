// Microsoft's published Graph throttling limits, as the emulator applies them by default.
//
// Sources: graph-protocol.md §3 (Graph throttling-limits, SharePoint's "avoid
// getting throttled" page). Every limit can be changed, and all of them are
// divided by `time_scale`: with time_scale 60, "10,000 requests per 10
// minutes" becomes 10,000 per 10 seconds, so tests and benchmarks see the
// same shape quickly. Retry-After values are in scaled (real) seconds.
#pragma once

#include <cstdint>
#include <string>

namespace m365sim::throttle {

enum class RetryAfterFormat { kInteger, kFractional, kHttpDate };

struct Limits {
  bool enabled = true;
  double time_scale = 1.0;
  RetryAfterFormat retry_after_format = RetryAfterFormat::kInteger;
  // Send RateLimit-Limit/-Remaining/-Reset on SharePoint responses once an
  // app has used 80 % of its 1-minute resource units (a beta feature).
  bool ratelimit_headers = true;

  // Global: per app across all tenants.
  uint32_t global_requests = 130000;
  double global_window_s = 10;

  // Outlook: per app and mailbox.
  uint32_t outlook_requests = 10000;
  double outlook_window_s = 600;
  uint32_t outlook_concurrency = 4;
  uint64_t outlook_upload_bytes = 150ULL << 20;
  double outlook_upload_window_s = 300;

  // SharePoint and OneDrive: resource units per app and tenant. The minute
  // and day limits depend on the tenant's licences (SharePointRuLimits()).
  uint32_t sharepoint_ru_per_minute = 0;  // 0: from the licence count
  uint32_t sharepoint_ru_per_day = 0;
  // Delegated traffic: requests per user per 5 minutes.
  uint32_t sharepoint_user_requests = 3000;
  double sharepoint_user_window_s = 300;

  // Teams: requests per second per app and tenant, by kind of call.
  uint32_t teams_get_team_rps = 30;
  uint32_t teams_get_channel_message_rps = 20;
  uint32_t teams_list_channels_rps = 60;
  uint32_t teams_get_all_messages_rps = 200;
  uint32_t teams_post_message_rps = 50;
  uint32_t teams_other_rps = 30;
  uint32_t teams_per_channel_rps = 4;

  // Identity and access (users, groups): resource units per 10 s per app
  // and tenant, by tenant size; 0 means from the user count.
  uint32_t identity_ru_per_10s = 0;
};

// App resource units per minute and per day for a tenant with `licenses`
// licensed users (the 2024 table: 1,250 RU/min and 1.2 M RU/day per 1,000).
void SharePointRuLimits(uint32_t licenses, uint32_t* per_minute, uint32_t* per_day);
// Identity RU per 10 s: S (< 50 users) 3,500, M (50-500) 5,000, L (> 500) 8,000.
uint32_t IdentityRuPer10s(uint32_t users);

std::string RetryAfterFormatName(RetryAfterFormat format);
bool ParseRetryAfterFormat(const std::string& name, RetryAfterFormat* out);

}  // namespace m365sim::throttle
