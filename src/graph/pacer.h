// Pacer: keeps the client just under Microsoft's limits instead of bouncing off them.
//
// Each throttling scope (throttle_scope.h) has
//   - a token bucket holding `target` of the scope's limit, refilled at
//     `target` x limit / window: the client may spend a window's budget at
//     once, then runs at just under the limit's rate;
//   - for mailboxes, a concurrency limit (Outlook allows 4 requests in
//     flight per app and mailbox);
//   - a pause: after a 429/503 with Retry-After, nobody sends to that scope
//     until the time is up (one throttled worker slows all its peers, so
//     that they do not all run into the same wall);
//   - a rate factor that drops by 15 % on each throttled answer and creeps
//     back by 0.1 % per success, in case the configured limit is too high.
// Admit() blocks until a request may go and returns a Permit that holds the
// concurrency slots until the response (body included) has been read.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/config.h"
#include "graph/throttle_scope.h"

namespace ark::graph {

struct PacingOptions {
  bool enabled = true;
  int mailbox_concurrency = 4;
  double mailbox_requests = 10000;
  std::chrono::duration<double> mailbox_window{600};
  double sharepoint_units = 1250;
  std::chrono::duration<double> sharepoint_window{60};
  double teams_requests = 4;
  std::chrono::duration<double> teams_window{1};
  double directory_units = 3500;
  std::chrono::duration<double> directory_window{10};
  // Fraction of each limit the client aims at.
  double target = 0.97;

  // From the [throttling] section; time_scale divides every window.
  static PacingOptions FromConfig(const Config::Throttling& t);
};

class Pacer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Clock = std::function<TimePoint()>;
  using Sleep = std::function<void(std::chrono::steady_clock::duration)>;

  // A request's claim on one scope: its cost and the concurrency slots it
  // occupies (a $batch of n mailbox requests occupies min(n, limit)).
  struct Demand {
    ThrottleScope scope;
    int slots = 1;
  };

  // Holds concurrency slots; releases them when destroyed.
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&& other) noexcept;
    ~Permit();
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    void Release();

   private:
    friend class Pacer;
    Pacer* pacer_ = nullptr;
    std::vector<std::pair<std::string, int>> slots_;
  };

  struct ScopeStats {
    std::string key;
    uint64_t admitted = 0;
    uint64_t throttled = 0;
    int in_flight = 0;
    int max_in_flight = 0;
    double rate_factor = 1;
  };

  explicit Pacer(PacingOptions options, Clock clock = {}, Sleep sleep = {});

  Permit Admit(const std::vector<Demand>& demands);
  Permit Admit(const ThrottleScope& scope) { return Admit(std::vector<Demand>{{scope, 1}}); }
  // The service throttled a request of this scope and asked for `retry_after`.
  void OnThrottled(const ThrottleScope& scope, std::chrono::milliseconds retry_after);
  void OnSuccess(const ThrottleScope& scope);

  std::vector<ScopeStats> Stats() const;
  const PacingOptions& options() const { return options_; }

 private:
  struct State {
    double capacity = 0;  // units, before the rate factor
    double rate = 0;      // units per second, before the rate factor
    double tokens = 0;
    TimePoint refilled{};
    int concurrency = 0;  // 0: unlimited
    int in_flight = 0;
    TimePoint paused_until{};
    double factor = 1;
    ScopeStats stats;
  };
  State& StateOf(const ThrottleScope& scope, TimePoint now);
  void Refill(State& s, TimePoint now) const;
  void ReleaseSlots(const std::vector<std::pair<std::string, int>>& slots);

  PacingOptions options_;
  Clock clock_;
  Sleep sleep_;
  mutable std::mutex mu_;
  std::condition_variable slots_freed_;
  std::map<std::string, State> states_;
};

}  // namespace ark::graph
