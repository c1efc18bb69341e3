// m365sim's ground truth across processes: same seed, same content bytes; mutations repeat exactly.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "support/subprocess.h"

namespace ark::testing {
namespace {

using namespace std::chrono_literals;

class TruthTest : public ::testing::Test {
 protected:
  struct Sim {
    std::unique_ptr<BackgroundProcess> process;
    nlohmann::json endpoints;
  };

  Sim Start(const std::string& name, const std::string& seed) {
    std::string state = dir_.File(name);
    // A smaller "huge" file keeps the hashing of every byte quick; the layout is the same.
    auto p = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{M365SIM_BIN, "serve", "--state", state, "--seed", seed, "--tenant-size",
                                 "tiny", "--huge-file-size", "3000000", "--log-level", "warn"});
    bool ready =
        WaitUntil([&] { return std::filesystem::exists(state + "/endpoints.json") || !p->running(); }, 60s);
    EXPECT_TRUE(ready && p->running()) << "m365sim did not become ready; log: " << p->log_path();
    std::ifstream in(state + "/endpoints.json");
    return {std::move(p), nlohmann::json::parse(in)};
  }

  static nlohmann::json Call(const Sim& sim, const std::string& method, const std::string& path,
                             const std::string& body = "") {
    std::string out;
    CURL* c = curl_easy_init();
    std::string auth = "Authorization: Bearer " + sim.endpoints["sim_token"].get<std::string>();
    curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
    headers = curl_slist_append(headers, "Content-Type: application/json");
    std::string url = sim.endpoints["sim_api"].get<std::string>() + path;
    std::string ca = sim.endpoints["ca_file"];
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (!body.empty()) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(
        c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* o) {
          static_cast<std::string*>(o)->append(p, s * n);
          return s * n;
        });
    CURLcode code = curl_easy_perform(c);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    EXPECT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
    return nlohmann::json::parse(out, nullptr, false);
  }

  // id -> SHA-256 of the bytes of every item that has bytes (mail, files and their versions).
  static std::map<std::string, std::string> ContentHashes(const nlohmann::json& truth) {
    std::map<std::string, std::string> out;
    for (const auto& item : truth["items"]) {
      if (item.contains("sha256")) out[item["id"].get<std::string>()] = item["sha256"];
      if (item.contains("versions")) {
        for (const auto& v : item["versions"])
          out[item["id"].get<std::string>() + "/" + v["id"].get<std::string>()] = v["sha256"];
      }
    }
    return out;
  }

  TempDir dir_;
};

TEST_F(TruthTest, SameSeedGivesTheSameContentBytesAcrossProcesses) {
  std::string first, second, other;
  size_t count = 0;
  {
    Sim a = Start("a", "7");
    nlohmann::json truth = Call(a, "GET", "/truth");
    first = truth["sha256"];
    count = truth["count"];
    EXPECT_GT(count, 500u);
    bool file_versions = false, mime = false;
    for (const auto& item : truth["items"]) {
      file_versions |= item.contains("versions") && item["versions"].size() > 1;
      mime |= item["kind"] == "message" && item.contains("sha256");
    }
    EXPECT_TRUE(file_versions && mime);
  }
  {
    Sim b = Start("b", "7");
    second = Call(b, "GET", "/truth")["sha256"];
  }
  {
    Sim c = Start("c", "8");
    other = Call(c, "GET", "/truth")["sha256"];
  }
  EXPECT_EQ(first, second) << "same seed, same truth listing";
  EXPECT_NE(first, other) << "another seed, another tenant";
}

TEST_F(TruthTest, MutationsRepeatExactlyAndShowInTheTruth) {
  Sim a = Start("a", "7");
  Sim b = Start("b", "7");
  auto before = ContentHashes(Call(a, "GET", "/truth"));
  nlohmann::json ma = Call(a, "POST", "/mutate", R"({"seed": 5, "fraction": 0.2})");
  nlohmann::json mb = Call(b, "POST", "/mutate", R"({"seed": 5, "fraction": 0.2})");
  EXPECT_EQ(ma, mb) << "the same mutations";
  for (const char* kind : {"added", "edited", "moved", "renamed", "deleted"})
    EXPECT_FALSE(ma[kind].empty()) << kind;
  auto after_a = ContentHashes(Call(a, "GET", "/truth"));
  auto after_b = ContentHashes(Call(b, "GET", "/truth"));
  EXPECT_EQ(after_a, after_b) << "the same bytes after the same mutations";
  EXPECT_NE(before, after_a);
  EXPECT_EQ(Call(a, "POST", "/mutate", R"({"seed": 5, "fraction": 2})")["error"]["code"], "invalid_request");
}

}  // namespace
}  // namespace ark::testing
