// Load benchmark of m365sim: token requests/s and small Graph GETs/s with 64 keep-alive clients,
// as ratios against the emulator's cheapest route (GET /_sim/v1/ping) measured in the same run.
//
// Why that reference: it costs the same TLS records, HTTP parsing, routing and
// middleware as every request, and nothing else, so the ratio shows what the
// identity work (client authentication + an RS256 signature) and the Graph
// work (token verification + JSON) cost on top of the server itself, on any
// machine. The clients run on the same machine, so absolute numbers are a
// floor of the server's capacity.
//
// Usage: sim_load [--seconds S] [--clients N]   (defaults 3 and 64)
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/subprocess.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Load {
  std::string name;
  std::string url;
  std::string post;  // empty: GET
  std::vector<std::string> headers;
};

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// Runs `clients` threads, each with one keep-alive connection, for `seconds`; returns requests/s.
double Measure(const Load& load, const std::string& ca, int clients, double seconds, long* failures) {
  std::atomic<long> done{0}, failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&] {
      CURL* c = curl_easy_init();
      curl_slist* headers = nullptr;
      for (const auto& h : load.headers) headers = curl_slist_append(headers, h.c_str());
      curl_easy_setopt(c, CURLOPT_URL, load.url.c_str());
      curl_easy_setopt(c, CURLOPT_CAINFO, ca.c_str());
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
      curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
      if (!load.post.empty()) curl_easy_setopt(c, CURLOPT_POSTFIELDS, load.post.c_str());
      while (!stop.load()) {
        long status = 0;
        if (curl_easy_perform(c) == CURLE_OK &&
            (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status), status == 200)) {
          done.fetch_add(1);
        } else {
          failed.fetch_add(1);
        }
      }
      curl_slist_free_all(headers);
      curl_easy_cleanup(c);
    });
  }
  // Warm-up (TLS handshakes) is excluded: count from when every client has finished one request.
  while (done.load() + failed.load() < clients) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  long start_count = done.load();
  auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  long end_count = done.load();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  stop = true;
  for (auto& t : threads) t.join();
  *failures = failed.load();
  return static_cast<double>(end_count - start_count) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  int clients = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--seconds")
      seconds = std::stod(argv[i + 1]);
    else if (flag == "--clients")
      clients = std::stoi(argv[i + 1]);
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  ark::testing::TempDir dir;
  std::string state = dir.File("state");
  ark::testing::BackgroundProcess sim({M365SIM_BIN, "serve", "--state", state, "--seed", "1", "--tenant-size",
                                       "small", "--log-level", "warn"});
  if (!ark::testing::WaitUntil([&] { return std::filesystem::exists(state + "/endpoints.json"); },
                               std::chrono::seconds(60))) {
    std::fprintf(stderr, "sim_load: m365sim did not start (log: %s)\n", sim.log_path().c_str());
    return 1;
  }
  std::ifstream in(state + "/endpoints.json");
  nlohmann::json e = nlohmann::json::parse(in);
  std::string ca = e["ca_file"];
  const auto& app = e["apps"][0];
  std::string token_url = e["authority"].get<std::string>() + "/oauth2/v2.0/token";
  std::string form = "grant_type=client_credentials&client_id=" + app["client_id"].get<std::string>() +
                     "&client_secret=" + app["client_secret"].get<std::string>() +
                     "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default";

  // One token for the Graph GETs.
  std::string token_json;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, token_url.c_str());
  curl_easy_setopt(c, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &token_json);
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* out) {
        static_cast<std::string*>(out)->append(p, s * n);
        return s * n;
      });
  curl_easy_perform(c);
  curl_easy_cleanup(c);
  std::string bearer =
      "Authorization: Bearer " + nlohmann::json::parse(token_json)["access_token"].get<std::string>();

  std::vector<Load> loads = {
      {"reference: GET /_sim/v1/ping", e["sim_api"].get<std::string>() + "/ping", "", {}},
      {"token: client_credentials + secret", token_url, form, {}},
      {"graph: GET /v1.0/organization", e["graph_base"].get<std::string>() + "/organization", "", {bearer}},
  };
  std::printf("m365sim load, %d keep-alive clients, %.1f s per load\n", clients, seconds);
  double reference = 0;
  for (const auto& load : loads) {
    long failures = 0;
    double rps = Measure(load, ca, clients, seconds, &failures);
    if (reference == 0) reference = rps;
    std::printf("  %-40s %9.0f requests/s  ratio %.3f  failures %ld\n", load.name.c_str(), rps,
                rps / reference, failures);
  }
  sim.Stop(SIGTERM);
  curl_global_cleanup();
  return 0;
}
