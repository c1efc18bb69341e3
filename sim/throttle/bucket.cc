// TokenBucket: continuous refill, charge-on-reject.
#include "throttle/bucket.h"

#include <algorithm>

namespace m365sim::throttle {

void TokenBucket::Refill(double now) {
  if (now > last_) {
    tokens_ = std::min(capacity_, tokens_ + (now - last_) * rate_);
    last_ = now;
  }
}

double TokenBucket::Available(double now) {
  Refill(now);
  return tokens_;
}

bool TokenBucket::Take(double cost, double now, double* retry_after) {
  Refill(now);
  if (tokens_ >= cost) {
    tokens_ -= cost;
    return true;
  }
  tokens_ = std::max(tokens_ - cost, -capacity_);
  *retry_after = (cost - tokens_) / rate_;
  return false;
}

}  // namespace m365sim::throttle
