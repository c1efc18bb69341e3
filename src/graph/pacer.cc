// Pacer: per-scope token buckets with reservations, concurrency slots, pauses and an adaptive rate.
#include "graph/pacer.h"

#include <algorithm>
#include <thread>

namespace ark::graph {

PacingOptions PacingOptions::FromConfig(const Config::Throttling& t) {
  PacingOptions o;
  double scale = std::max(1, t.time_scale);
  o.mailbox_concurrency = t.mailbox_concurrency;
  o.mailbox_requests = t.mailbox_requests_per_10_minutes;
  o.mailbox_window = std::chrono::duration<double>(600.0 / scale);
  o.sharepoint_units = t.sharepoint_resource_units_per_minute;
  o.sharepoint_window = std::chrono::duration<double>(60.0 / scale);
  o.teams_requests = t.teams_requests_per_second;
  o.teams_window = std::chrono::duration<double>(1.0 / scale);
  o.directory_units = t.directory_resource_units_per_10_seconds;
  o.directory_window = std::chrono::duration<double>(10.0 / scale);
  o.target = t.target_percent / 100.0;
  return o;
}

Pacer::Permit::Permit(Permit&& other) noexcept : pacer_(other.pacer_), slots_(std::move(other.slots_)) {
  other.pacer_ = nullptr;
}

Pacer::Permit& Pacer::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    Release();
    pacer_ = other.pacer_;
    slots_ = std::move(other.slots_);
    other.pacer_ = nullptr;
  }
  return *this;
}

Pacer::Permit::~Permit() { Release(); }

void Pacer::Permit::Release() {
  if (pacer_ != nullptr && !slots_.empty()) pacer_->ReleaseSlots(slots_);
  pacer_ = nullptr;
  slots_.clear();
}

Pacer::Pacer(PacingOptions options, Clock clock, Sleep sleep)
    : options_(options), clock_(std::move(clock)), sleep_(std::move(sleep)) {
  if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
  if (!sleep_) sleep_ = [](std::chrono::steady_clock::duration d) { std::this_thread::sleep_for(d); };
}

Pacer::State& Pacer::StateOf(const ThrottleScope& scope, TimePoint now) {
  auto it = states_.find(scope.key);
  if (it != states_.end()) return it->second;
  State s;
  double limit = 0;
  double window = 1;
  switch (scope.workload) {
    case Workload::kOutlook:
      limit = options_.mailbox_requests;
      window = options_.mailbox_window.count();
      s.concurrency = options_.mailbox_concurrency;
      break;
    case Workload::kSharePoint:
      limit = options_.sharepoint_units;
      window = options_.sharepoint_window.count();
      break;
    case Workload::kTeams:
      limit = options_.teams_requests;
      window = options_.teams_window.count();
      break;
    case Workload::kDirectory:
      limit = options_.directory_units;
      window = options_.directory_window.count();
      break;
    case Workload::kOther:
      break;
  }
  s.capacity = std::max(1.0, limit * options_.target);
  s.rate = limit * options_.target / std::max(window, 1e-6);
  s.tokens = s.capacity;
  s.refilled = now;
  s.stats.key = scope.key;
  return states_.emplace(scope.key, std::move(s)).first->second;
}

void Pacer::Refill(State& s, TimePoint now) const {
  double seconds = std::chrono::duration<double>(now - s.refilled).count();
  if (seconds > 0) {
    s.tokens = std::min(s.capacity * s.factor, s.tokens + seconds * s.rate * s.factor);
    s.refilled = now;
  }
}

Pacer::Permit Pacer::Admit(const std::vector<Demand>& demands) {
  Permit permit;
  if (!options_.enabled) return permit;
  // One entry per scope (a batch may name a mailbox many times), in key order
  // so that two batches never wait for each other's slots crosswise.
  std::map<std::string, Demand> merged;
  for (const Demand& d : demands) {
    if (d.scope.key.empty()) continue;
    auto [it, fresh] = merged.emplace(d.scope.key, d);
    if (!fresh) {
      it->second.scope.cost += d.scope.cost;
      it->second.slots += d.slots;
    }
  }
  if (merged.empty()) return permit;
  std::chrono::duration<double> wait{0};
  {
    std::unique_lock lock(mu_);
    while (true) {
      TimePoint now = clock_();
      TimePoint resume = now;
      bool slots_free = true;
      for (auto& [key, d] : merged) {
        State& s = StateOf(d.scope, now);
        resume = std::max(resume, s.paused_until);
        if (s.concurrency > 0) {
          d.slots = std::min(d.slots, s.concurrency);
          if (s.in_flight + d.slots > s.concurrency) slots_free = false;
        }
      }
      if (resume > now) {
        lock.unlock();
        sleep_(resume - now);
        lock.lock();
        continue;
      }
      if (!slots_free) {
        slots_freed_.wait(lock);
        continue;
      }
      // Reserve: take the units now (the bucket may go into debt) and wait
      // until the debt is paid; later callers queue behind this reservation.
      for (auto& [key, d] : merged) {
        State& s = states_.at(key);
        Refill(s, now);
        s.tokens -= d.scope.cost;
        if (s.tokens < 0)
          wait = std::max(wait, std::chrono::duration<double>(-s.tokens / (s.rate * s.factor)));
        s.in_flight += d.slots;
        s.stats.admitted += 1;
        s.stats.max_in_flight = std::max(s.stats.max_in_flight, s.in_flight);
        permit.slots_.emplace_back(key, d.slots);
      }
      permit.pacer_ = this;
      break;
    }
  }
  if (wait.count() > 0) sleep_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(wait));
  return permit;
}

void Pacer::ReleaseSlots(const std::vector<std::pair<std::string, int>>& slots) {
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, n] : slots) states_.at(key).in_flight -= n;
  }
  slots_freed_.notify_all();
}

void Pacer::OnThrottled(const ThrottleScope& scope, std::chrono::milliseconds retry_after) {
  if (!options_.enabled || scope.key.empty()) return;
  std::lock_guard lock(mu_);
  TimePoint now = clock_();
  State& s = StateOf(scope, now);
  s.paused_until = std::max(s.paused_until, now + retry_after);
  s.factor = std::max(0.25, s.factor * 0.85);
  // The service's budget is spent: no burst after the pause.
  Refill(s, now);
  s.tokens = std::min(s.tokens, 0.0);
  s.stats.throttled += 1;
}

void Pacer::OnSuccess(const ThrottleScope& scope) {
  if (!options_.enabled || scope.key.empty()) return;
  std::lock_guard lock(mu_);
  auto it = states_.find(scope.key);
  if (it != states_.end()) it->second.factor = std::min(1.0, it->second.factor + 0.001);
}

std::vector<Pacer::ScopeStats> Pacer::Stats() const {
  std::lock_guard lock(mu_);
  std::vector<ScopeStats> out;
  for (const auto& [key, s] : states_) {
    ScopeStats st = s.stats;
    st.in_flight = s.in_flight;
    st.rate_factor = s.factor;
    out.push_back(st);
  }
  return out;
}

}  // namespace ark::graph
