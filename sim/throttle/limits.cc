// The licence-dependent limit tables and names of Retry-After formats.
#include "throttle/limits.h"

namespace m365sim::throttle {

void SharePointRuLimits(uint32_t licenses, uint32_t* per_minute, uint32_t* per_day) {
  uint32_t tier = licenses < 1000 ? 1 : licenses < 5000 ? 2 : licenses < 15000 ? 3 : licenses < 50000 ? 4 : 5;
  *per_minute = 1250 * tier;
  *per_day = 1200000 * tier;
}

uint32_t IdentityRuPer10s(uint32_t users) {
  if (users < 50) return 3500;
  if (users <= 500) return 5000;
  return 8000;
}

std::string RetryAfterFormatName(RetryAfterFormat format) {
  switch (format) {
    case RetryAfterFormat::kInteger:
      return "integer";
    case RetryAfterFormat::kFractional:
      return "fractional";
    case RetryAfterFormat::kHttpDate:
      return "http-date";
  }
  return "integer";
}

bool ParseRetryAfterFormat(const std::string& name, RetryAfterFormat* out) {
  for (auto f : {RetryAfterFormat::kInteger, RetryAfterFormat::kFractional, RetryAfterFormat::kHttpDate}) {
    if (RetryAfterFormatName(f) == name) {
      *out = f;
      return true;
    }
  }
  return false;
}

}  // namespace m365sim::throttle
