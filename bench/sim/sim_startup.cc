// m365sim startup benchmark: time to ready and memory of --tenant-size large, against tiny and the limits.
//
// Starts m365sim in a fresh state directory (keys generated: a first start) and again on the same
// directory (a warm start), for `tiny` (the reference, measured in the same run) and `large`
// (2,500 users), and reads the process's peak RSS (VmHWM) once it is ready and after it has served
// the ground truth (metadata and SHA-256 of every byte) of the first ten mailboxes and OneDrives. Prints the
// numbers and their ratios to tiny and to the limits (ready in < 30 s, < 1 GiB). Usage: sim_startup
// [--size large|medium|<users>]
#include <curl/curl.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/subprocess.h"

namespace {

using namespace std::chrono_literals;
using ark::testing::BackgroundProcess;
using ark::testing::TempDir;
using ark::testing::WaitUntil;

long PeakRssKiB(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

std::string Get(const nlohmann::json& e, const std::string& url) {
  std::string body;
  CURL* c = curl_easy_init();
  std::string auth = "Authorization: Bearer " + e["sim_token"].get<std::string>();
  curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
  std::string ca = e["ca_file"];
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* o) {
        static_cast<std::string*>(o)->append(p, s * n);
        return s * n;
      });
  curl_easy_perform(c);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  return body;
}

size_t TruthItems(const std::string& state) {
  std::ifstream in(state + "/endpoints.json");
  nlohmann::json e = nlohmann::json::parse(in);
  size_t items = 0;
  int done = 0;
  for (const auto& account : e["accounts"]) {
    if (account.value("case", "") == "shared-mailbox" || done == 10) continue;
    auto j = nlohmann::json::parse(
        Get(e, e["sim_api"].get<std::string>() + "/truth?user=" + account["id"].get<std::string>()), nullptr,
        false);
    if (j.is_object()) items += j.value("count", size_t{0});
    ++done;
  }
  return items;
}

struct Run {
  double ready_s = -1;
  long rss_ready_kib = -1;
  long rss_served_kib = -1;
  size_t items = 0;
};

Run Start(const std::string& state, const std::string& size) {
  Run run;
  std::filesystem::remove(state + "/endpoints.json");
  auto started = std::chrono::steady_clock::now();
  BackgroundProcess p(
      {M365SIM_BIN, "serve", "--state", state, "--tenant-size", size, "--seed", "7", "--log-level", "warn"});
  bool ready =
      WaitUntil([&] { return std::filesystem::exists(state + "/endpoints.json") || !p.running(); }, 120s);
  if (!ready || !p.running()) return run;
  run.ready_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.rss_ready_kib = PeakRssKiB(p.pid());
  run.items = TruthItems(state);
  run.rss_served_kib = PeakRssKiB(p.pid());
  p.Stop(SIGTERM);
  return run;
}

void Print(const char* what, const Run& r, const Run& reference) {
  std::printf(
      "%-18s ready %6.2f s (x%5.1f tiny, %4.1f%% of 30 s)  peak RSS %7.1f MiB ready, %7.1f MiB after "
      "serving %zu items (x%5.1f tiny, %4.1f%% of 1 GiB)\n",
      what, r.ready_s, r.ready_s / reference.ready_s, 100 * r.ready_s / 30, r.rss_ready_kib / 1024.0,
      r.rss_served_kib / 1024.0, r.items, static_cast<double>(r.rss_served_kib) / reference.rss_served_kib,
      100.0 * r.rss_served_kib / (1024 * 1024));
}

}  // namespace

int main(int argc, char** argv) {
  std::string size = "large";
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--size") size = argv[i + 1];
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  TempDir dir;
  Run tiny_cold = Start(dir.File("tiny"), "tiny");
  Run tiny_warm = Start(dir.File("tiny"), "tiny");
  Run big_cold = Start(dir.File("big"), size);
  Run big_warm = Start(dir.File("big"), size);
  if (tiny_cold.ready_s < 0 || big_cold.ready_s < 0) {
    std::fprintf(stderr, "sim_startup: m365sim did not start\n");
    return 1;
  }
  Print("tiny, first start", tiny_cold, tiny_cold);
  Print("tiny, warm start", tiny_warm, tiny_warm);
  Print((size + ", first").c_str(), big_cold, tiny_cold);
  Print((size + ", warm").c_str(), big_warm, tiny_warm);
  bool ok = big_cold.ready_s < 30 && big_cold.rss_served_kib < 1024 * 1024;
  std::printf("%s: --tenant-size %s is %s the limits (ready < 30 s, RSS < 1 GiB)\n", ok ? "ok" : "FAIL",
              size.c_str(), ok ? "within" : "outside");
  curl_global_cleanup();
  return ok ? 0 : 1;
}
