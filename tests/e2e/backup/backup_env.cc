// Test support for the backup scenarios (see backup_env.h).
#include "backup_env.h"

#include <stdexcept>

#include "backup/layout.h"
#include "core/encoding.h"
#include "core/file.h"
#include "core/hash.h"
#include "core/secret.h"
#include "repo/content.h"
#include "repo/directory.h"
#include "repo/local_backend.h"
#include "repo/node.h"
#include "repo/repository.h"
#include "repo/snapshot.h"
#include "repo/walker.h"

namespace ark::testing {
namespace {

void Check(const ProcessResult& r, const std::string& what) {
  if (r.exit_code != 0) throw std::runtime_error(what + " failed: " + r.err + r.out);
}

template <typename T>
T Value(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error(what + ": " + r.status().ToString());
  return std::move(*r);
}

}  // namespace

BackupEnv::BackupEnv(const std::string& tenant_size, std::vector<std::string> sim_args,
                     const std::vector<std::string>& set_args)
    : sim(tenant_size, std::move(sim_args)) {
  Check(AddBackupOrganization(ark, sim, "contoso"), "org add");
  repo_dir_ = ark.home() + "/../repository";
  const nlohmann::json& admin = sim.Account("global-admin");
  std::vector<std::string> create = {"set",
                                     "create",
                                     "all",
                                     "--org",
                                     "contoso",
                                     "--account",
                                     admin["upn"],
                                     "--users",
                                     "*",
                                     "--workloads",
                                     "mail,calendar,contacts,onedrive",
                                     "--repository",
                                     repo_dir_};
  create.insert(create.end(), set_args.begin(), set_args.end());
  Check(ark.Run(create), "set create");
  // Modern authentication: a Global Administrator signs in once and consents (seed 002).
  std::shared_ptr<InteractiveProcess> p = ark.Start({"set", "migrate-auth", "all", "--to", "modern"});
  std::optional<std::string> prompt = p->WaitFor("press Enter:", std::chrono::seconds(60));
  if (!prompt) throw std::runtime_error("migrate-auth did not ask for the code: " + p->Output());
  size_t at = prompt->find("https://");
  std::string url = prompt->substr(at, prompt->find('\n', at) - at);
  Result<Browser::Outcome> page = Browser(sim).SignIn(url, admin["upn"], admin["password"], true);
  if (!page.ok()) throw std::runtime_error("sign-in: " + page.status().ToString());
  p->WriteLine(page->code);
  if (p->Wait(std::chrono::seconds(60)) != 0) throw std::runtime_error("migrate-auth: " + p->Output());
}

std::vector<std::string> BackupEnv::BackupArgv(const std::vector<std::string>& extra) const {
  std::vector<std::string> argv = {ARK365_BIN, "--log-file", ark.log_file(), "--log-level",
                                   "debug",    "--json",     "--progress",   "none",
                                   "backup",   "run",        "all"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

ProcessResult BackupEnv::Backup(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--json", "--progress", "none", "backup", "run", "all"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ark.Run(args);
}

const std::map<std::string, std::string>& BackupEnv::users() {
  if (users_.empty()) {
    nlohmann::json tenant = sim.Admin("GET", "/tenant");
    for (const auto& u : tenant["users"]) users_[u["id"]] = u.value("userPrincipalName", u.value("upn", ""));
  }
  return users_;
}

SnapshotContents BackupEnv::Truth(const std::function<bool(const nlohmann::json&)>& skip) {
  SnapshotContents out;
  for (const auto& [id, upn] : users()) {
    nlohmann::json truth = sim.Admin("GET", "/truth?user=" + PercentEncode(upn));
    for (const auto& item : truth["items"]) {
      std::string workload = item.value("workload", "");
      std::string kind = item.value("kind", "");
      std::string key;
      std::string sha = item.value("sha256", "");
      if (workload == "mail" && kind == "message") key = "mail:";
      if (workload == "files" && kind == "file") key = "file:";
      if (workload == "calendar" && kind == "event") key = "event:", sha.clear();
      if (workload == "contacts" && kind == "contact") key = "contact:", sha.clear();
      if (key.empty() || (skip && skip(item))) continue;
      out[id][key + item["id"].get<std::string>()] = sha;
    }
  }
  return out;
}

std::unique_ptr<repo::Repository> BackupEnv::OpenRepository() {
  if (password_file_.empty()) {
    password_file_ = ark.home() + "/../repo.pw";
    Check(ark.Run({"backup", "password", "all", "--output", password_file_}), "backup password");
  }
  std::string pw = Value(ReadFile(password_file_), "password");
  if (!pw.empty() && pw.back() == '\n') pw.pop_back();
  auto backend = Value(repo::LocalBackend::Open(repo_dir_), "open backend");
  auto repo = Value(repo::Repository::Open(std::move(backend), Secret(pw)), "open repository");
  if (Status s = repo->LoadIndex(); !s.ok()) throw std::runtime_error(s.ToString());
  return repo;
}

std::vector<std::string> BackupEnv::Snapshots() {
  std::unique_ptr<repo::Repository> repo = OpenRepository();
  std::vector<std::string> ids;
  for (const auto& s : Value(repo::ListSnapshots(*repo), "list snapshots")) ids.push_back(s.id.Hex());
  return ids;
}

SnapshotContents BackupEnv::Snapshot(const std::string& ref) {
  std::unique_ptr<repo::Repository> repo = OpenRepository();
  repo::Snapshot snapshot = Value(repo::FindSnapshot(*repo, ref), "find snapshot");
  SnapshotContents out;
  Status walked = repo::WalkTree(
      *repo, snapshot.tree, "",
      [&](const std::string& path, const repo::Node& node) -> Status {
        ARK_ASSIGN_OR_RETURN(std::vector<std::string> p, repo::SplitTreePath(path));
        if (node.type != repo::NodeType::kItem || p.size() != 4 || p[3].starts_with("_")) return Status::Ok();
        std::string user = backup::UnescapeName(p[0]);
        std::string id = backup::UnescapeName(p[3]);
        std::string sha;
        if (p[1] == "mail" || p[1] == "drive") {
          if (p[1] == "drive" && node.content.empty() && node.size == 0) {
            // Folders have no content; files of 0 bytes have none either: the record tells them apart.
            std::string record = Value(repo::LoadRecord(*repo, *node.record), "record");
            if (nlohmann::json::parse(record).contains("folder") ||
                nlohmann::json::parse(record).contains("root"))
              return Status::Ok();
          }
          Hasher hasher(DigestAlgorithm::kSha256);
          repo::ContentReader reader(*repo, node.content);
          ARK_RETURN_IF_ERROR(reader.ReadAll([&](std::string_view piece) {
            hasher.Update(piece);
            return Status::Ok();
          }));
          sha = HexEncode(hasher.Finish());
        }
        std::string kind = p[1] == "mail"       ? "mail:"
                           : p[1] == "drive"    ? "file:"
                           : p[1] == "calendar" ? "event:"
                                                : "contact:";
        out[user][kind + id] = sha;
        return Status::Ok();
      },
      [&](const std::string& path, const Status& s) {
        throw std::runtime_error("unreadable " + path + ": " + s.ToString());
      });
  if (!walked.ok()) throw std::runtime_error(walked.ToString());
  return out;
}

std::string Differences(const SnapshotContents& expected, const SnapshotContents& actual, size_t limit) {
  std::string diffs;
  size_t lines = 0;
  auto add = [&](const std::string& line) {
    if (lines++ < limit) diffs += line + "\n";
  };
  for (const auto& [user, items] : expected) {
    auto it = actual.find(user);
    for (const auto& [key, sha] : items) {
      if (it == actual.end() || !it->second.contains(key)) {
        add("missing " + key + " of " + user);
      } else if (it->second.at(key) != sha) {
        add("different " + key + " of " + user + ": " + it->second.at(key) + " instead of " + sha);
      }
    }
  }
  for (const auto& [user, items] : actual) {
    auto it = expected.find(user);
    for (const auto& [key, sha] : items) {
      if (it == expected.end() || !it->second.contains(key)) add("extra " + key + " of " + user);
    }
  }
  return diffs;
}

}  // namespace ark::testing
