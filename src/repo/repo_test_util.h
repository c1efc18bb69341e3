// Test helpers for the repo unit tests: a fresh repository in a temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "repo/blob_saver.h"
#include "repo/local_backend.h"
#include "repo/repository.h"

namespace ark::repo::testing {

// A repository with fast key derivation and small packs, removed afterwards.
class TempRepository {
 public:
  explicit TempRepository(uint64_t pack_size = 1u << 20) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ark-repo-test-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    InitOptions options;
    options.kdf = KdfParams{1, 1u << 20};
    options.pack_size = pack_size;
    auto backend = LocalBackend::Create(dir_ + "/repo");
    EXPECT_TRUE(backend.ok()) << backend.status().message();
    auto r = Repository::Init(std::move(*backend), Secret("test password"), options);
    EXPECT_TRUE(r.ok()) << r.status().message();
    repo_ = std::move(*r);
  }
  ~TempRepository() {
    repo_.reset();
    std::filesystem::remove_all(dir_);
  }
  Repository& operator*() { return *repo_; }
  Repository* operator->() { return repo_.get(); }
  std::string path() const { return dir_ + "/repo"; }
  // Closes and opens the repository again (what a new process sees).
  void Reopen() {
    repo_.reset();
    auto backend = LocalBackend::Open(path());
    auto r = Repository::Open(std::move(*backend), Secret("test password"));
    ASSERT_TRUE(r.ok()) << r.status().message();
    repo_ = std::move(*r);
    ASSERT_TRUE(repo_->LoadIndex().ok());
  }
  void StartWriting(WriteOptions options = {}) { ASSERT_TRUE(repo_->StartWriting(options).ok()); }

 private:
  std::string dir_;
  std::unique_ptr<Repository> repo_;
};

inline std::string RandomData(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(n, '\0');
  for (size_t i = 0; i < n; i += 8) {
    uint64_t v = rng();
    for (size_t k = 0; k < 8 && i + k < n; ++k) s[i + k] = static_cast<char>(v >> (8 * k));
  }
  return s;
}

}  // namespace ark::repo::testing
