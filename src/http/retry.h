// When to try an HTTP request again: Retry-After parsing and exponential backoff with jitter.
//
// Shared by identity (token endpoint) and graph. Retry-After comes in three
// forms and all are honoured exactly: whole seconds ("5"), fractional seconds
// as Graph sends them ("2.128"), and an HTTP-date ("Wed, 21 Oct 2026 07:28:00
// GMT"). Without it, the delay grows exponentially with random jitter so that
// many workers throttled together do not come back together.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/time.h"

namespace ark::http {

// The delay a Retry-After value asks for, measured from `now` for the date
// form (a date in the past means "now": zero). nullopt when malformed.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, SystemTime now);

struct BackoffPolicy {
  // Attempts in all, the first included.
  int max_attempts = 6;
  // Delay before the first retry when the server gave no Retry-After.
  std::chrono::milliseconds initial_delay{1000};
  double multiplier = 2.0;
  std::chrono::milliseconds max_delay{std::chrono::seconds(60)};
  // A Retry-After longer than this fails the request instead of parking a
  // worker (the error says when to try again).
  std::chrono::milliseconds max_retry_after{std::chrono::minutes(15)};
};

// Delay before retry number `retry` (1 for the first retry): the exponential
// step d = min(max_delay, initial * multiplier^(retry-1)), jittered to
// d/2 + random01 * d/2, so that there is always some wait but never in step.
std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int retry, double random01);

// A uniform random number in [0, 1) from a per-thread generator.
double RandomUnit();

}  // namespace ark::http
