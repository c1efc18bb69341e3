// Benchmark of Ark365's Microsoft 365 client against m365sim, as ratios against references run in the same
// process: the curl command on the same URLs, and the emulator's own perfect-client accounting.
//
//   1. small GETs/s and CPU per request: GraphClient vs `curl -K` (keep-alive, one process) on N GETs;
//   2. large download MB/s: graph::Download (302 to the files host, streamed) vs `curl -L` on the same file;
//   3. paced request rate for 1, 4 and 16 mailboxes in parallel under Outlook's limit shape (N requests
//      per window, 4 concurrent), time-scaled to this machine: achieved time vs the minimal time a
//      perfect client needs for the same requests (from /_sim/v1/stats), and the 429s received.
//
// Usage: client_bench [--requests N] [--repeats R] [--skip-rate]
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "e2e/sim_fixture.h"
#include "graph/delta.h"
#include "graph/download.h"
#include "graph/graph_client.h"
#include "graph/paging.h"
#include "graph/resources.h"
#include "graph/urls.h"
#include "identity/token_client.h"
#include "identity/token_provider.h"

namespace {

using namespace ark;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double CpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Measure {
  double seconds = 0;
  double cpu = 0;
};

class DiscardSink final : public http::BodySink {
 public:
  Status Write(std::string_view chunk) override {
    bytes += chunk.size();
    return Status::Ok();
  }
  uint64_t bytes = 0;
};

// Runs the curl command with a config file; returns wall and child CPU time.
Measure RunCurl(const std::string& config_text, const std::string& dir) {
  std::string path = dir + "/curl.cfg";
  std::ofstream(path) << config_text;
  double cpu0 = CpuSeconds(RUSAGE_CHILDREN);
  auto t0 = Clock::now();
  auto r = testing::RunProcess({"/usr/bin/curl", "-K", path}, {});
  Measure m{Seconds(t0), CpuSeconds(RUSAGE_CHILDREN) - cpu0};
  if (r.exit_code != 0) std::fprintf(stderr, "curl failed (%d): %s\n", r.exit_code, r.err.c_str());
  return m;
}

std::string CurlHeader(const testing::Sim& sim, const std::string& token) {
  return "silent\nshow-error\ncacert = \"" + sim.ca_file() + "\"\nheader = \"Authorization: Bearer " + token +
         "\"\nheader = \"User-Agent: ISV|Ark365|curl\"\n";
}

std::unique_ptr<graph::GraphClient> MakeClient(http::HttpClient& http,
                                               std::shared_ptr<identity::TokenProvider> tokens,
                                               const testing::Sim& sim, graph::PacingOptions pacing) {
  graph::GraphOptions o;
  o.base_url = sim.graph_base();
  o.pacing = pacing;
  return std::make_unique<graph::GraphClient>(http, std::move(tokens), o);
}

void SmallGets(testing::Sim& sim, http::HttpClient& http, std::shared_ptr<identity::TokenProvider> tokens,
               const std::string& token, const std::string& upn, int n, const std::string& dir) {
  graph::PacingOptions unpaced;
  unpaced.enabled = false;
  auto client = MakeClient(http, tokens, sim, unpaced);
  std::string url = sim.graph_base() + "/users/" + upn + "?$select=id,displayName";
  graph::GraphRequest warm;
  warm.url = url;
  (void)client->Send(warm);
  double cpu0 = CpuSeconds(RUSAGE_SELF);
  auto t0 = Clock::now();
  int failures = 0;
  for (int i = 0; i < n; ++i) {
    graph::GraphRequest r;
    r.url = url;
    auto response = client->Send(r);
    if (!response.ok() || response->status != 200) ++failures;
  }
  Measure ours{Seconds(t0), CpuSeconds(RUSAGE_SELF) - cpu0};
  std::string config = CurlHeader(sim, token);
  for (int i = 0; i < n; ++i) config += "url = \"" + url + "\"\noutput = \"/dev/null\"\n";
  Measure curl = RunCurl(config, dir);
  std::printf("small GETs (%d, sequential, keep-alive)\n", n);
  std::printf("  ark365 client  %8.0f req/s  %6.1f us CPU/req  (%d failures)\n", n / ours.seconds,
              ours.cpu / n * 1e6, failures);
  std::printf("  curl -K        %8.0f req/s  %6.1f us CPU/req\n", n / curl.seconds, curl.cpu / n * 1e6);
  std::printf("  ratio          %8.2fx curl's rate, %.2fx curl's CPU per request\n\n",
              curl.seconds / ours.seconds, ours.cpu / curl.cpu);
}

void LargeDownload(testing::Sim& sim, http::HttpClient& http, std::shared_ptr<identity::TokenProvider> tokens,
                   const std::string& token, int repeats, const std::string& dir) {
  graph::PacingOptions unpaced;
  unpaced.enabled = false;
  auto client = MakeClient(http, tokens, sim, unpaced);
  // The largest file of the tenant (the generator makes one very large file).
  std::string best_url;
  uint64_t best_size = 0;
  auto users = client->GetJson(graph::urls::Users(), "users");
  for (auto& u : graph::PageItems(*users)) {
    auto drive = client->GetJson(graph::urls::UserDrive(u["id"].get<std::string>()), "drive");
    if (!drive.ok()) continue;
    std::string drive_id = (*drive)["id"];
    graph::DeltaCursor cursor{graph::urls::DriveRootDelta(drive_id), "", ""};
    graph::DeltaCallbacks cb;
    cb.on_items = [&](nlohmann::json& items) {
      for (auto& j : items) {
        auto item = graph::ParseDriveItem(j);
        if (item.ok() && item->is_file && item->size > best_size) {
          best_size = item->size;
          best_url = sim.graph_base() + graph::urls::DriveItemContent(drive_id, item->id);
        }
      }
      return Status::Ok();
    };
    (void)graph::RunDeltaRound(*client, cursor, "drive", cb);
  }
  double mb = static_cast<double>(best_size) / 1e6;
  double ours_best = 1e9, curl_best = 1e9, ours_cpu = 0, curl_cpu = 0;
  for (int i = 0; i < repeats; ++i) {
    DiscardSink sink;
    double cpu0 = CpuSeconds(RUSAGE_SELF);
    auto t0 = Clock::now();
    auto r = graph::Download(*client, best_url, sink, "large file");
    double s = Seconds(t0);
    if (!r.ok() || sink.bytes != best_size)
      std::fprintf(stderr, "download failed: %s\n", r.status().message().c_str());
    if (s < ours_best) {
      ours_best = s;
      ours_cpu = CpuSeconds(RUSAGE_SELF) - cpu0;
    }
    Measure c = RunCurl(
        CurlHeader(sim, token) + "location\nurl = \"" + best_url + "\"\noutput = \"/dev/null\"\n", dir);
    if (c.seconds < curl_best) {
      curl_best = c.seconds;
      curl_cpu = c.cpu;
    }
  }
  std::printf("large download (%.1f MB through the 302 to the files host, best of %d)\n", mb, repeats);
  std::printf("  ark365 client  %8.1f MB/s  %5.2f s CPU\n", mb / ours_best, ours_cpu);
  std::printf("  curl -L        %8.1f MB/s  %5.2f s CPU\n", mb / curl_best, curl_cpu);
  std::printf("  ratio          %8.2fx curl's MB/s (goal >= 0.9)\n\n", curl_best / ours_best);
}

void PacedRate(testing::Sim& sim, http::HttpClient& http, std::shared_ptr<identity::TokenProvider> tokens,
               const std::vector<std::string>& mailboxes) {
  // Outlook's shape (N per window, 4 concurrent) on a scale this machine can serve for 16 mailboxes at once.
  const int kPerWindow = 60;
  const double kWindow = 4.0;
  const int kWindowsOfWork = 3;
  std::printf(
      "paced rate: Outlook limit %d requests / %.0f s per mailbox, 4 concurrent; %d windows of work each\n",
      kPerWindow, kWindow, kWindowsOfWork);
  std::printf("  mailboxes  requests  429s  elapsed s  perfect s  achieved/limit\n");
  for (size_t m : {size_t{1}, size_t{4}, size_t{16}}) {
    if (m > mailboxes.size()) break;
    auto set = sim.Admin("PUT", "/throttling",
                         {{"enabled", true},
                          {"time_scale", 1},
                          {"outlook_requests", kPerWindow},
                          {"outlook_window_seconds", kWindow},
                          {"outlook_concurrency", 4}});
    if (!set.ok()) std::fprintf(stderr, "cannot set limits: %s\n", set.status().message().c_str());
    (void)sim.Admin("POST", "/stats/reset");
    graph::PacingOptions pacing;
    pacing.mailbox_requests = kPerWindow;
    pacing.mailbox_window = std::chrono::duration<double>(kWindow);
    auto client = MakeClient(http, tokens, sim, pacing);
    std::vector<std::atomic<int>> left(m);
    for (auto& l : left) l = kPerWindow * kWindowsOfWork;
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    auto t0 = Clock::now();
    for (size_t w = 0; w < m * 4; ++w) {
      workers.emplace_back([&, w] {
        size_t mb = w % m;
        std::string url = graph::urls::MailFolders(mailboxes[mb]) + "&$select=id";
        while (left[mb].fetch_sub(1) > 0) {
          graph::GraphRequest r;
          r.url = url;
          auto response = client->Send(r);
          if (!response.ok() || response->status != 200) ++failures;
        }
      });
    }
    for (auto& t : workers) t.join();
    double elapsed = Seconds(t0);
    auto stats = sim.Admin("GET", "/stats");
    double perfect = stats.ok() ? stats->value("minimal_seconds", 0.0) : 0;
    uint64_t throttled = 0;
    std::string slowest;
    if (stats.ok()) {
      for (const auto& s : (*stats)["scopes"]) {
        throttled += s.value("throttled", 0);
        if (s.value("minimal_seconds", 0.0) >= perfect)
          slowest = s.value("scope", "") + " " + s.value("key", "");
      }
    }
    if (std::getenv("CLIENT_BENCH_VERBOSE") != nullptr)
      std::printf("  (slowest scope: %s)\n", slowest.c_str());
    std::printf("  %9zu  %8d  %4llu  %9.2f  %9.2f  %14.3f%s\n", m,
                static_cast<int>(m) * kPerWindow * kWindowsOfWork, static_cast<unsigned long long>(throttled),
                elapsed, perfect, perfect / elapsed, failures ? "  (failures!)" : "");
  }
  std::printf(
      "  (achieved/limit = the emulator's minimal time for these requests / the time taken; goal >= 0.95)\n");
}

}  // namespace

int main(int argc, char** argv) {
  int requests = 2000;
  int repeats = 3;
  bool rate = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--requests") && i + 1 < argc) requests = std::atoi(argv[++i]);
    if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) repeats = std::atoi(argv[++i]);
    if (!std::strcmp(argv[i], "--skip-rate")) rate = false;
  }
  spdlog::set_level(spdlog::level::err);  // expected 404s of unlicensed users' drives are not news here
  testing::TempDir dir;
  testing::Sim sim({"--tenant-size", "small", "--throttling", "off"});
  auto http = std::move(http::HttpClient::Create(sim.http_options()).value());
  const auto& app = sim.App("ark365-backup");
  auto token_client = std::make_shared<identity::TokenClient>(
      *http, identity::Authority{sim.authority_host(), sim.tenant_id()},
      identity::AppCredentials{app.at("client_id"), Secret(app.at("client_secret"))},
      identity::SignInContext{});
  std::shared_ptr<identity::TokenProvider> tokens = identity::MakeAppTokenProvider(token_client);
  auto token = tokens->Token();
  if (!token.ok()) {
    std::fprintf(stderr, "no token: %s\n", token.status().message().c_str());
    return 1;
  }
  std::string secret_token(token->value.reveal());
  std::vector<std::string> mailboxes;
  for (const auto& a : sim.endpoints()["accounts"]) {
    if (a.value("enabled", false)) mailboxes.push_back(a["upn"]);
  }
  graph::PacingOptions unpaced;
  unpaced.enabled = false;
  auto probe = MakeClient(*http, tokens, sim, unpaced);
  auto users = probe->GetJson(graph::urls::Users(), "users");
  for (auto& u : graph::PageItems(*users)) mailboxes.push_back(u["userPrincipalName"]);
  std::vector<std::string> with_mail;
  for (const auto& m : mailboxes) {
    if (with_mail.size() < 16 && std::find(with_mail.begin(), with_mail.end(), m) == with_mail.end() &&
        probe->GetJson(graph::urls::MailFolders(m), "probe").ok()) {
      with_mail.push_back(m);
    }
  }
  std::printf("ark365 client benchmark against m365sim (same machine; HTTP/1.1 over TLS)\n\n");
  SmallGets(sim, *http, tokens, secret_token, with_mail.front(), requests, dir.path());
  LargeDownload(sim, *http, tokens, secret_token, repeats, dir.path());
  if (rate) PacedRate(sim, *http, tokens, with_mail);
  return 0;
}
