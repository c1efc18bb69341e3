// Lock objects: write, check for conflicts, back off; refresh in the background; staleness.
#include "repo/lock.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "repo/origin.h"
#include "repo/repository.h"
#include "repo/snapshot.h"

namespace ark::repo {
namespace {

bool ProcessGone(int64_t pid) {
  if (pid <= 0) return true;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

bool Conflicts(const LockInfo& other, bool exclusive, const std::string& operation) {
  if (other.stale) return false;
  if (exclusive || other.exclusive) return true;
  return operation == "prune" && other.operation == "prune";
}

}  // namespace

std::string LockInfo::Describe() const {
  return std::string(exclusive ? "an exclusive" : "a shared") + " lock for " + operation + " by pid " +
         std::to_string(pid) + " on " + hostname + " since " + FormatRfc3339(time) + " (lock " + id.Short() +
         ")";
}

Result<std::vector<LockInfo>> ListLocks(Repository& repo) {
  ARK_ASSIGN_OR_RETURN(std::vector<Id> ids, repo.ListObjects(FileType::kLock));
  std::vector<LockInfo> out;
  std::string host = HostName();
  auto now = std::chrono::system_clock::now();
  for (const Id& id : ids) {
    LockInfo info;
    info.id = id;
    Result<std::string> body = repo.LoadObject(FileType::kLock, id);
    if (!body.ok()) {
      if (body.status().code() == StatusCode::kNotFound) continue;  // released meanwhile
      info.stale = true;
      info.operation = "(damaged lock)";
      out.push_back(info);
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(*body, nullptr, false);
    if (!j.is_object()) {
      info.stale = true;
      out.push_back(info);
      continue;
    }
    info.time = ParseRfc3339(j.value("time", "")).value_or(SystemTime{});
    info.hostname = j.value("hostname", "");
    info.username = j.value("username", "");
    info.pid = j.value("pid", int64_t{0});
    info.exclusive = j.value("exclusive", false);
    info.operation = j.value("operation", "");
    info.stale = now - info.time > kLockStaleAfter || (info.hostname == host && ProcessGone(info.pid));
    out.push_back(info);
  }
  return out;
}

Result<int> RemoveLocks(Repository& repo, bool all) {
  ARK_ASSIGN_OR_RETURN(std::vector<LockInfo> locks, ListLocks(repo));
  int removed = 0;
  for (const LockInfo& l : locks) {
    if (!all && !l.stale) continue;
    ARK_RETURN_IF_ERROR(repo.backend().Remove(Handle{FileType::kLock, l.id.Hex()}));
    ++removed;
  }
  return removed;
}

Lock::Lock(Repository& repo, bool exclusive, std::string operation)
    : repo_(repo), exclusive_(exclusive), operation_(std::move(operation)) {}

Status Lock::Write() {
  nlohmann::ordered_json j = {{"time", FormatSnapshotTime(std::chrono::system_clock::now())},
                              {"hostname", HostName()},
                              {"username", UserName()},
                              {"pid", static_cast<int64_t>(::getpid())},
                              {"exclusive", exclusive_},
                              {"operation", operation_}};
  id_ = Id::Random();
  return repo_.SaveObject(FileType::kLock, id_, j.dump(), /*compress=*/false);
}

Result<std::unique_ptr<Lock>> Lock::Acquire(Repository& repo, bool exclusive, std::string operation,
                                            std::chrono::seconds wait) {
  std::unique_ptr<Lock> lock(new Lock(repo, exclusive, std::move(operation)));
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    Status written = lock->Write();
    if (!written.ok()) return written.Context("cannot lock the repository");
    ARK_ASSIGN_OR_RETURN(std::vector<LockInfo> locks, ListLocks(repo));
    const LockInfo* conflict = nullptr;
    for (const LockInfo& other : locks) {
      if (other.id != lock->id_ && Conflicts(other, exclusive, lock->operation_)) conflict = &other;
    }
    if (conflict == nullptr) break;
    std::string holder = conflict->Describe();
    ARK_RETURN_IF_ERROR(repo.backend().Remove(Handle{FileType::kLock, lock->id_.Hex()}));
    if (std::chrono::steady_clock::now() >= deadline) {
      return FailedPrecondition(
          "the repository is locked: " + holder +
          "; wait for it to finish, or if that process is gone, run `ark365 repo unlock`");
    }
    std::this_thread::sleep_for(
        std::chrono::seconds(1));  // polling another process's lock; no event to wait on
  }
  lock->refresher_ = std::thread([l = lock.get()] { l->RefreshLoop(); });
  return lock;
}

void Lock::RefreshLoop() {
  std::unique_lock guard(mu_);
  while (!stop_) {
    if (cv_.wait_for(guard, kLockRefresh, [&] { return stop_; })) break;
    Id old = id_;
    Status s = Write();
    if (s.ok()) s = repo_.backend().Remove(Handle{FileType::kLock, old.Hex()});
    if (!s.ok()) spdlog::warn("cannot refresh the repository lock: {}", s.message());
  }
}

Status Lock::Release() {
  {
    std::lock_guard guard(mu_);
    if (released_) return Status::Ok();
    released_ = true;
    stop_ = true;
  }
  cv_.notify_all();
  if (refresher_.joinable()) refresher_.join();
  return repo_.backend().Remove(Handle{FileType::kLock, id_.Hex()});
}

Lock::~Lock() {
  Status s = Release();
  if (!s.ok()) spdlog::warn("cannot remove the repository lock: {}", s.message());
}

}  // namespace ark::repo
