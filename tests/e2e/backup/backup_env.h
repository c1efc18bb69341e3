// Test support for the backup scenarios: m365sim with an organization and an authorized backup set of all
// users, ark365 backup runs, and the snapshot contents read back from the repository to compare with the
// emulator's ground truth (/_sim/v1/truth).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "org/sim_env.h"
#include "repo/repository.h"
#include "support/subprocess.h"

namespace ark::testing {

// What a snapshot holds for one user, keyed "<kind>:<graph id>" (mail, file, event, contact) -> SHA-256 hex
// of the item's content ("" for items that are records only).
using UserContents = std::map<std::string, std::string>;
// User id -> contents.
using SnapshotContents = std::map<std::string, UserContents>;

class BackupEnv {
 public:
  // A `tenant_size` emulator (extra `m365sim serve` flags in `sim_args`), organization "contoso", and
  // backup set "all" of every user with mail, calendar, contacts and OneDrive, authorized (Modern).
  // `set_args` are added to `set create` (e.g. item rules).
  explicit BackupEnv(const std::string& tenant_size = "small", std::vector<std::string> sim_args = {},
                     const std::vector<std::string>& set_args = {});

  // The repository every set of the environment uses (its password is the one `backup password` writes).
  const std::string& repository_dir() const { return repo_dir_; }

  // `ark365 --json backup run all [extra]`.
  ProcessResult Backup(const std::vector<std::string>& extra = {});
  // The argv of that run, for tests that start and kill it.
  std::vector<std::string> BackupArgv(const std::vector<std::string>& extra = {}) const;
  // ARK365_HOME of the runs.
  const std::string& home() const { return ark.home(); }

  nlohmann::json Admin(const std::string& method, const std::string& path,
                       const nlohmann::json* body = nullptr) {
    return sim.Admin(method, path, body);
  }
  // The ground truth of every user the set protects, as the snapshot contents should be.
  // With `skip`, items for which it returns true (given the truth's item) are left out.
  SnapshotContents Truth(const std::function<bool(const nlohmann::json&)>& skip = {});
  // The snapshot `ref` ("latest", an id) read from the repository.
  SnapshotContents Snapshot(const std::string& ref = "latest");
  // Ids of the set's snapshots, oldest first.
  std::vector<std::string> Snapshots();
  // Users of the tenant (id -> UPN) that have a mailbox or a drive in the truth.
  const std::map<std::string, std::string>& users();

  // The set's repository, opened with the password `ark365 backup password` writes out.
  std::unique_ptr<repo::Repository> OpenRepository();

  SimEnv sim;
  Ark ark{&sim};

 private:
  std::string repo_dir_;
  std::string password_file_;
  std::map<std::string, std::string> users_;
};

// Differences between two contents, one line each ("missing mail:AAk… of <user>"), at most `limit`
// lines; "" when they are equal.
std::string Differences(const SnapshotContents& expected, const SnapshotContents& actual, size_t limit = 20);

}  // namespace ark::testing
