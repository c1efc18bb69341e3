// m365sim serve as tests start it: endpoints.json when ready, clean stop on signals, same seed same tenant.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/subprocess.h"

namespace ark::testing {
namespace {

using namespace std::chrono_literals;

class M365simTest : public ::testing::Test {
 protected:
  std::unique_ptr<BackgroundProcess> Serve(const std::string& state, const std::string& seed) {
    auto p = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{M365SIM_BIN, "serve", "--state", state, "--seed", seed, "--tenant-size",
                                 "tiny", "--log-level", "warn"});
    bool ready =
        WaitUntil([&] { return std::filesystem::exists(state + "/endpoints.json") || !p->running(); }, 60s);
    EXPECT_TRUE(ready && p->running()) << "m365sim did not become ready; log: " << p->log_path();
    return p;
  }

  static nlohmann::json Endpoints(const std::string& state) {
    std::ifstream in(state + "/endpoints.json");
    return nlohmann::json::parse(in);
  }

  // GET with the sim token, trusting the emulator's CA.
  static std::string Get(const nlohmann::json& endpoints, const std::string& url) {
    std::string body;
    CURL* c = curl_easy_init();
    std::string auth = "Authorization: Bearer " + endpoints["sim_token"].get<std::string>();
    curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
    std::string ca = endpoints["ca_file"];
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(
        c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* out) {
          static_cast<std::string*>(out)->append(p, s * n);
          return s * n;
        });
    CURLcode code = curl_easy_perform(c);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    EXPECT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
    return body;
  }

  TempDir dir_;
};

TEST_F(M365simTest, WritesEndpointsWhenReadyAndRemovesThemOnStop) {
  std::string state = dir_.File("state");
  auto sim = Serve(state, "7");
  nlohmann::json e = Endpoints(state);
  std::string tenant = e["tenant_id"];
  EXPECT_EQ(e["authority"], e["authority_host"].get<std::string>() + "/" + tenant);
  EXPECT_TRUE(e["authority_host"].get<std::string>().starts_with("https://localhost:"));
  EXPECT_TRUE(e["files_base"].get<std::string>().starts_with("https://127.0.0.1:"));
  EXPECT_TRUE(e["graph_base"].get<std::string>().ends_with("/v1.0"));
  EXPECT_TRUE(e["tenant_domain"].get<std::string>().ends_with(".onmicrosoft.com"));
  EXPECT_TRUE(std::filesystem::exists(e["ca_file"].get<std::string>()));
  EXPECT_EQ(
      std::filesystem::status(state + "/endpoints.json").permissions() & std::filesystem::perms::others_read,
      std::filesystem::perms::none);
  std::set<std::string> apps;
  for (const auto& a : e["apps"]) apps.insert(a["name"]);
  EXPECT_EQ(apps, (std::set<std::string>{"ark365-backup", "ark365-unconsented", "ark365-expired-secret",
                                         "ark365-certificate-only", "ark365-public-client"}));
  const auto& backup = e["apps"][0];
  EXPECT_EQ(backup["name"], "ark365-backup");
  for (const char* file : {"certificate_pem", "private_key_pem", "pfx"}) {
    EXPECT_TRUE(std::filesystem::exists(backup[file].get<std::string>())) << file;
  }
  EXPECT_FALSE(backup["pfx_password"].get<std::string>().empty());
  std::set<std::string> roles;
  for (const auto& a : e["accounts"]) {
    for (const auto& r : a["roles"]) roles.insert(r);
  }
  for (const char* role :
       {"Global Administrator", "Privileged Role Administrator", "Exchange Administrator"}) {
    EXPECT_TRUE(roles.count(role)) << role;
  }
  EXPECT_EQ(sim->Stop(SIGTERM), 0);
  EXPECT_FALSE(std::filesystem::exists(state + "/endpoints.json"));
}

TEST_F(M365simTest, SameSeedGivesTheSameTenantAcrossProcesses) {
  auto tenant_of = [&](const std::string& state, const std::string& seed) {
    auto sim = Serve(state, seed);
    nlohmann::json e = Endpoints(state);
    std::string body = Get(e, e["sim_api"].get<std::string>() + "/tenant");
    EXPECT_EQ(sim->Stop(SIGINT), 0);
    return body;
  };
  std::string first = tenant_of(dir_.File("a"), "7");
  std::string second = tenant_of(dir_.File("b"), "7");
  std::string other = tenant_of(dir_.File("a"), "8");
  ASSERT_GT(first.size(), 1000u);
  // The tenant's directory (not the per-state-directory certificates) is the same, byte for byte.
  auto without_keys = [](const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text);
    for (auto& app : j["applications"]) app.erase("keyCredentials");
    return j.dump();
  };
  EXPECT_EQ(without_keys(first), without_keys(second));
  EXPECT_NE(without_keys(first), without_keys(other));
}

TEST_F(M365simTest, BadArgumentsAreUsageErrors) {
  ProcessResult size = RunProcess({M365SIM_BIN, "serve", "--state", dir_.File("s"), "--tenant-size", "huge"});
  EXPECT_EQ(size.exit_code, 2);
  EXPECT_NE(size.err.find("tenant size 'huge'"), std::string::npos) << size.err;
  ProcessResult no_state = RunProcess({M365SIM_BIN, "serve"});
  EXPECT_NE(no_state.exit_code, 0);
  EXPECT_NE(no_state.err.find("--state"), std::string::npos) << no_state.err;
}

}  // namespace
}  // namespace ark::testing
