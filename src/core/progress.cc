// Progress implementations: the terminal bar and the JSON-lines event stream.
#include "core/progress.h"

#include <unistd.h>

#include <mutex>
#include <nlohmann/json.hpp>

namespace ark {
namespace {

using Ms = std::chrono::milliseconds;

class ProgressBase : public Progress {
 public:
  ProgressBase(std::FILE* out, Clock clock, Ms interval)
      : out_(out),
        clock_(clock ? std::move(clock) : Clock(&std::chrono::steady_clock::now)),
        interval_(interval) {}

  void Begin(std::string_view phase, uint64_t items_total, uint64_t bytes_total) override {
    std::lock_guard lock(mu_);
    phase_ = phase;
    items_total_ = items_total;
    bytes_total_ = bytes_total;
    items_done_ = bytes_done_ = 0;
    note_.clear();
    start_ = last_draw_ = rate_at_ = clock_();
    rate_bytes_ = rate_items_ = 0;
    rate_base_bytes_ = rate_base_items_ = 0;
    OnBegin();
  }

  void Advance(uint64_t items, uint64_t bytes) override {
    std::lock_guard lock(mu_);
    items_done_ += items;
    bytes_done_ += bytes;
    MaybeDraw();
  }

  void AddToTotals(uint64_t items, uint64_t bytes) override {
    std::lock_guard lock(mu_);
    items_total_ += items;
    bytes_total_ += bytes;
    MaybeDraw();
  }

  void Note(std::string_view text) override {
    std::lock_guard lock(mu_);
    note_ = text;
    Draw(clock_());
  }

  void End(std::string_view summary) override {
    std::lock_guard lock(mu_);
    UpdateRate(clock_(), /*force=*/true);
    OnEnd(summary);
  }

 protected:
  virtual void OnBegin() = 0;
  virtual void Draw(std::chrono::steady_clock::time_point now) = 0;
  virtual void OnEnd(std::string_view summary) = 0;

  // Rates are averaged over windows of at least one second, so that the
  // figure does not jump with every item.
  void UpdateRate(std::chrono::steady_clock::time_point now, bool force) {
    auto elapsed = std::chrono::duration<double>(now - rate_at_).count();
    if (elapsed < 1.0 && !force) return;
    if (elapsed <= 0) return;
    double bytes_rate = double(bytes_done_ - rate_base_bytes_) / elapsed;
    double items_rate = double(items_done_ - rate_base_items_) / elapsed;
    bool first = rate_bytes_ == 0 && rate_items_ == 0;
    rate_bytes_ = first ? bytes_rate : 0.5 * rate_bytes_ + 0.5 * bytes_rate;
    rate_items_ = first ? items_rate : 0.5 * rate_items_ + 0.5 * items_rate;
    rate_at_ = now;
    rate_base_bytes_ = bytes_done_;
    rate_base_items_ = items_done_;
  }

  // Seconds left, or -1 when unknown.
  int64_t Eta() const {
    if (bytes_total_ > 0 && rate_bytes_ > 0 && bytes_done_ <= bytes_total_) {
      return int64_t(double(bytes_total_ - bytes_done_) / rate_bytes_);
    }
    if (items_total_ > 0 && rate_items_ > 0 && items_done_ <= items_total_) {
      return int64_t(double(items_total_ - items_done_) / rate_items_);
    }
    return -1;
  }

  double Fraction() const {
    if (bytes_total_ > 0) return std::min(1.0, double(bytes_done_) / double(bytes_total_));
    if (items_total_ > 0) return std::min(1.0, double(items_done_) / double(items_total_));
    return -1;
  }

  std::FILE* out_;
  Clock clock_;
  Ms interval_;
  std::mutex mu_;
  std::string phase_, note_;
  uint64_t items_total_ = 0, bytes_total_ = 0, items_done_ = 0, bytes_done_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_, rate_at_;
  double rate_bytes_ = 0, rate_items_ = 0;
  uint64_t rate_base_bytes_ = 0, rate_base_items_ = 0;

 private:
  void MaybeDraw() {
    auto now = clock_();
    if (now - last_draw_ < interval_) return;
    last_draw_ = now;
    UpdateRate(now, false);
    Draw(now);
  }
};

class BarProgress final : public ProgressBase {
 public:
  BarProgress(std::FILE* out, Clock clock) : ProgressBase(out, std::move(clock), Ms(100)) {}

 private:
  void OnBegin() override { Draw(start_); }

  void Draw(std::chrono::steady_clock::time_point /*now*/) override {
    std::string line = "\r" + phase_ + "  ";
    double f = Fraction();
    if (f >= 0) {
      constexpr int kWidth = 20;
      int filled = int(f * kWidth);
      line += "[" + std::string(size_t(filled), '=') + (filled < kWidth ? ">" : "") +
              std::string(size_t(std::max(0, kWidth - filled - 1)), ' ') + "] ";
      char pct[8];
      std::snprintf(pct, sizeof pct, "%3d%%", int(f * 100));
      line += pct;
      line += "  ";
    }
    line += FormatCount(items_done_);
    if (items_total_ > 0) line += "/" + FormatCount(items_total_);
    line += " items  " + FormatBytes(bytes_done_);
    if (rate_bytes_ > 0) line += "  " + FormatBytes(uint64_t(rate_bytes_)) + "/s";
    if (f >= 0) line += "  ETA " + FormatDuration(Eta());
    if (!note_.empty()) line += "  (" + note_ + ")";
    line += "\x1b[K";  // clear the rest of a longer previous line
    std::fputs(line.c_str(), out_);
    std::fflush(out_);
  }

  void OnEnd(std::string_view summary) override {
    Draw(clock_());
    std::fprintf(out_, "\n%.*s\n", int(summary.size()), summary.data());
    std::fflush(out_);
  }
};

class JsonLinesProgress final : public ProgressBase {
 public:
  JsonLinesProgress(std::FILE* out, Clock clock) : ProgressBase(out, std::move(clock), Ms(1000)) {}

 private:
  void Emit(const nlohmann::json& event) {
    std::string line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fprintf(out_, "%s\n", line.c_str());
    std::fflush(out_);
  }

  nlohmann::json Counters() const {
    return {{"phase", phase_},
            {"items_done", items_done_},
            {"items_total", items_total_},
            {"bytes_done", bytes_done_},
            {"bytes_total", bytes_total_}};
  }

  void OnBegin() override {
    nlohmann::json e = Counters();
    e["event"] = "begin";
    Emit(e);
  }

  void Draw(std::chrono::steady_clock::time_point /*now*/) override {
    nlohmann::json e = Counters();
    e["event"] = "progress";
    e["bytes_per_second"] = uint64_t(rate_bytes_);
    e["items_per_second"] = rate_items_;
    int64_t eta = Eta();
    if (eta >= 0) e["eta_seconds"] = eta;
    if (!note_.empty()) e["note"] = note_;
    Emit(e);
  }

  void OnEnd(std::string_view summary) override {
    nlohmann::json e = Counters();
    e["event"] = "end";
    e["elapsed_seconds"] = std::chrono::duration<double>(clock_() - start_).count();
    e["summary"] = std::string(summary);
    Emit(e);
  }
};

class SilentProgress final : public Progress {
 public:
  void Begin(std::string_view, uint64_t, uint64_t) override {}
  void Advance(uint64_t, uint64_t) override {}
  void AddToTotals(uint64_t, uint64_t) override {}
  void Note(std::string_view) override {}
  void End(std::string_view) override {}
};

}  // namespace

std::unique_ptr<Progress> MakeProgress(ProgressMode mode, std::FILE* out, Progress::Clock clock) {
  if (mode == ProgressMode::kAuto)
    mode = ::isatty(::fileno(out)) ? ProgressMode::kBar : ProgressMode::kJsonLines;
  switch (mode) {
    case ProgressMode::kBar:
      return std::make_unique<BarProgress>(out, std::move(clock));
    case ProgressMode::kJsonLines:
      return std::make_unique<JsonLinesProgress>(out, std::move(clock));
    default:
      return std::make_unique<SilentProgress>();
  }
}

std::string FormatBytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = double(bytes);
  int unit = 0;
  while (v >= 1024 && unit < 5) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  if (unit == 0) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[unit]);
  }
  return buf;
}

std::string FormatCount(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string FormatDuration(int64_t seconds) {
  if (seconds < 0) return "--:--";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  return buf;
}

}  // namespace ark
