// A token bucket in (scaled) seconds: the unit of every throttling limit the emulator applies.
#pragma once

#include <cstdint>

namespace m365sim::throttle {

// `capacity` units refill at `rate` units per second; a new bucket is full.
// Rejected requests still consume (down to one capacity of debt), because
// Microsoft counts throttled requests against the limit: a client that
// ignores Retry-After only pushes its next success further away.
// Thread-safety: none; the Throttler serialises access.
class TokenBucket {
 public:
  TokenBucket(double capacity, double rate, double now) : capacity_(capacity), rate_(rate), tokens_(capacity), last_(now) {}

  // Takes `cost` units if available. Otherwise charges them anyway and
  // sets *retry_after to the wait until `cost` units are back.
  bool Take(double cost, double now, double* retry_after);

  double capacity() const { return capacity_; }
  double rate() const { return rate_; }
  // Units currently available (negative while in debt).
  double Available(double now);
  // Fraction of the capacity in use, 0..2.
  double Used(double now) { return 1.0 - Available(now) / capacity_; }

 private:
  void Refill(double now);
  double capacity_;
  double rate_;
  double tokens_;
  double last_;
};

}  // namespace m365sim::throttle
