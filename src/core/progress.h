// Progress reporting: a bar with rate and ETA on a terminal, JSON-lines events otherwise.
//
// Long operations (backup, restore, check) report through a Progress. On a
// terminal it draws one line that it redraws at most ten times a second:
//   backup  [=========>          ]  45%  1,234/2,741 items  1.2 GiB  45.3 MiB/s  ETA 0:01:23
// Elsewhere (a pipe, the server, --json) it writes one JSON object per line,
// at most once a second plus one at begin and end, for scripts and the job log:
//   {"event":"progress","phase":"backup","items_done":1234,"items_total":2741,
//    "bytes_done":1288490188,"bytes_total":0,"bytes_per_second":47500000,"eta_seconds":83}
// Thread-safe: workers call Advance() concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace ark {

enum class ProgressMode {
  kAuto,  // a bar if `out` is a terminal, otherwise JSON lines
  kBar,
  kJsonLines,
  kSilent,
};

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  virtual ~Progress() = default;

  // Starts a phase. Totals of 0 mean "unknown": no percentage and no ETA.
  virtual void Begin(std::string_view phase, uint64_t items_total, uint64_t bytes_total) = 0;
  // Adds finished work; totals may grow while work is discovered.
  virtual void Advance(uint64_t items, uint64_t bytes) = 0;
  virtual void AddToTotals(uint64_t items, uint64_t bytes) = 0;
  // A short state shown beside the bar, e.g. "throttled, retrying in 3 s".
  virtual void Note(std::string_view text) = 0;
  // Ends the phase with a one-line summary.
  virtual void End(std::string_view summary) = 0;
};

// `out` is not owned. `clock` is for tests; the default is steady_clock::now.
std::unique_ptr<Progress> MakeProgress(ProgressMode mode, std::FILE* out, Progress::Clock clock = {});

// "1.2 GiB", "512 B": binary units, one decimal.
std::string FormatBytes(uint64_t bytes);
// "1,234,567".
std::string FormatCount(uint64_t n);
// "0:01:23", or "--:--" for a negative (unknown) duration.
std::string FormatDuration(int64_t seconds);

}  // namespace ark
