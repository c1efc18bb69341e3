// SimClock: the emulator's notion of "now" — real time plus an adjustable offset.
//
// Token lifetimes, code and device-code expiry, secret expiry and refresh-token
// inactivity are all judged against SimClock::Now(), so a test moves time
// forward through /_sim/v1/clock instead of sleeping. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>

namespace m365sim::tenant {

class SimClock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  TimePoint Now() const { return std::chrono::system_clock::now() + offset(); }
  std::chrono::seconds offset() const { return std::chrono::seconds(offset_seconds_.load()); }
  void SetOffset(std::chrono::seconds offset) { offset_seconds_.store(offset.count()); }

 private:
  std::atomic<int64_t> offset_seconds_{0};
};

}  // namespace m365sim::tenant
