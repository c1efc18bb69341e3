// Helpers of the repository end-to-end tests: running ark365 on a temporary repository, corpora, comparisons.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/subprocess.h"

namespace ark::testing {

// A repository and a state directory under a TempDir; every run gets the
// repository and password through the environment, as scripts would.
class RepoFixture : public ::testing::Test {
 protected:
  std::string RepoPath() const { return tmp_.path() + "/repo"; }
  std::string Path(const std::string& name) const { return tmp_.path() + "/" + name; }

  ProcessOptions Options(std::map<std::string, std::string> env = {}) const {
    ProcessOptions o;
    o.env["ARK365_HOME"] = tmp_.path() + "/home";
    o.env["ARK365_REPOSITORY"] = RepoPath();
    o.env["ARK365_PASSWORD"] = "correct horse";
    o.unset_env = {"ARK365_PASSWORD_FILE", "ARK365_NEW_PASSWORD", "ARK365_NEW_PASSWORD_FILE"};
    for (auto& [k, v] : env) o.env[k] = v;
    return o;
  }
  std::vector<std::string> Argv(std::vector<std::string> args) const {
    args.insert(args.begin(), {ARK365_BIN, "--progress", "none"});
    return args;
  }
  ProcessResult Ark(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
    return RunProcess(Argv(std::move(args)), Options(std::move(env)));
  }
  nlohmann::json ArkJson(std::vector<std::string> args, int want_exit = 0) const {
    args.insert(args.begin(), "--json");
    ProcessResult r = Ark(args);
    EXPECT_EQ(r.exit_code, want_exit) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  void Init(int pack_mib = 1) {
    ProcessResult r =
        Ark({"repo", "init", "--kdf-memory", "8", "--kdf-ops", "1", "--pack-size", std::to_string(pack_mib)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  TempDir tmp_;
};

// Writes a deterministic tree of files: `large` files of random bytes and
// `small` text files in a few folders. Returns the total size.
inline uint64_t MakeCorpus(const std::string& dir, uint64_t seed, int large, size_t large_size, int small) {
  std::mt19937_64 rng(seed);
  uint64_t total = 0;
  std::filesystem::create_directories(dir + "/large");
  for (int i = 0; i < large; ++i) {
    std::string data(large_size, '\0');
    for (size_t k = 0; k < data.size(); k += 8) {
      uint64_t v = rng();
      std::memcpy(data.data() + k, &v, std::min<size_t>(8, data.size() - k));
    }
    std::ofstream(dir + "/large/file" + std::to_string(i) + ".bin", std::ios::binary) << data;
    total += data.size();
  }
  for (int i = 0; i < small; ++i) {
    std::string folder = dir + "/mail/folder" + std::to_string(i % 7);
    std::filesystem::create_directories(folder);
    std::string text = "From: user" + std::to_string(rng() % 50) + "@contoso.example\nSubject: message " +
                       std::to_string(i) + "\n\n";
    for (int line = 0; line < 20 + static_cast<int>(rng() % 60); ++line)
      text += "line " + std::to_string(rng()) + "\n";
    std::ofstream(folder + "/m" + std::to_string(i) + ".eml") << text;
    total += text.size();
  }
  return total;
}

// Byte-for-byte comparison of two trees of regular files; returns the first difference.
inline std::string CompareTrees(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  size_t count = 0;
  for (const auto& e : fs::recursive_directory_iterator(a)) {
    if (!e.is_regular_file()) continue;
    ++count;
    std::string rel = fs::relative(e.path(), a).string();
    std::ifstream fa(e.path(), std::ios::binary);
    std::ifstream fb(b + "/" + rel, std::ios::binary);
    if (!fb) return "missing: " + rel;
    std::string da((std::istreambuf_iterator<char>(fa)), {});
    std::string db((std::istreambuf_iterator<char>(fb)), {});
    if (da != db) return "differs: " + rel;
  }
  size_t other = 0;
  for (const auto& e : fs::recursive_directory_iterator(b)) other += e.is_regular_file() ? 1 : 0;
  if (other != count) return "extra files in " + b;
  return "";
}

inline std::vector<std::string> PackFiles(const std::string& repo) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(repo + "/data")) {
    if (e.is_regular_file() && e.path().filename().string().size() == 64) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ark::testing
