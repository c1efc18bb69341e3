// RequestCounters: named counters of the requests the emulator served, read by /_sim/v1/counters.
//
// Names are chosen by the code that counts: "login/token/client_credentials",
// "graph/GET 200". Thread-safe; Increment takes a short lock.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace m365sim {

class RequestCounters {
 public:
  void Increment(const std::string& name, uint64_t by = 1) {
    std::lock_guard lock(mutex_);
    counts_[name] += by;
  }
  std::map<std::string, uint64_t> Snapshot() const {
    std::lock_guard lock(mutex_);
    return counts_;
  }
  void Reset() {
    std::lock_guard lock(mutex_);
    counts_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, uint64_t> counts_;
};

}  // namespace m365sim
