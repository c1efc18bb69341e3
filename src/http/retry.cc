// Retry-After parsing (seconds, fractional seconds, HTTP-date) and jittered exponential backoff.
#include "http/retry.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace ark::http {

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, SystemTime now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.front() >= '0' && value.front() <= '9') {
    // delay-seconds; Graph also sends a fraction ("2.128").
    double seconds = 0;
    double scale = 0;  // 0 before the decimal point, then 0.1, 0.01, ...
    for (char c : value) {
      if (c == '.' && scale == 0) {
        scale = 0.1;
      } else if (c >= '0' && c <= '9') {
        if (scale == 0) {
          seconds = seconds * 10 + (c - '0');
        } else {
          seconds += (c - '0') * scale;
          scale /= 10;
        }
      } else {
        return std::nullopt;
      }
      if (seconds > 1e9) return std::nullopt;
    }
    return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(seconds * 1000 - 1e-6)));
  }
  std::optional<SystemTime> when = ParseHttpDate(value);
  if (!when) return std::nullopt;
  if (*when <= now) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(*when - now);
}

std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int retry, double random01) {
  double step =
      static_cast<double>(policy.initial_delay.count()) * std::pow(policy.multiplier, std::max(0, retry - 1));
  step = std::min(step, static_cast<double>(policy.max_delay.count()));
  double jittered = step / 2 + std::clamp(random01, 0.0, 1.0) * step / 2;
  return std::chrono::milliseconds(static_cast<int64_t>(jittered));
}

double RandomUnit() {
  thread_local std::mt19937_64 engine(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace ark::http
