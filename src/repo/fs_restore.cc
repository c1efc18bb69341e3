// Restore: a walk that creates directories and links and queues files for writer threads.
#include "repo/fs_restore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "core/file.h"
#include "repo/directory.h"
#include "repo/repository.h"

namespace ark::repo {
namespace {

void SetTimes(const std::string& path, const Node& node, bool follow) {
  if (!node.mtime_ns) return;
  struct timespec ts[2];
  ts[0].tv_sec = static_cast<time_t>(*node.mtime_ns / 1000000000);
  ts[0].tv_nsec = static_cast<long>(*node.mtime_ns % 1000000000);
  ts[1] = ts[0];
  ::utimensat(AT_FDCWD, path.c_str(), ts, follow ? 0 : AT_SYMLINK_NOFOLLOW);
}

class FsRestore {
 public:
  FsRestore(Repository& repo, const FsRestoreOptions& options, Progress* progress)
      : repo_(repo), progress_(progress) {
    int n = options.workers > 0 ? options.workers : static_cast<int>(std::thread::hardware_concurrency());
    n = std::clamp(n, 2, 32);
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { WriterLoop(); });
  }
  ~FsRestore() { Stop(); }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

  Status RestoreNode(const Node& node, const std::string& path) {
    switch (node.type) {
      case NodeType::kDir:
        return RestoreDir(node, path);
      case NodeType::kSymlink:
        ::unlink(path.c_str());
        if (::symlink(node.target.c_str(), path.c_str()) != 0) {
          Error(path, std::strerror(errno));
        } else {
          SetTimes(path, node, false);
        }
        return Status::Ok();
      case NodeType::kFile:
      case NodeType::kItem:
        Enqueue(node, path);
        return Status::Ok();
    }
    return Status::Ok();
  }

  Status RestoreDir(const Node& node, const std::string& path) {
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
      Error(path, std::strerror(errno));
      return Status::Ok();
    }
    {
      std::lock_guard lock(mu_);
      result_.dirs++;
    }
    Status walked = ForEachNode(
        repo_, *node.subtree, [&](const Node& child) { return RestoreNode(child, path + "/" + child.name); });
    if (!walked.ok()) {
      if (walked.code() != StatusCode::kDataLoss && walked.code() != StatusCode::kNotFound) return walked;
      Error(path, "directory listing unreadable, its content is incomplete: " + walked.message());
    }
    dirs_.push_back({path, node});  // modes and times after the content
    return Status::Ok();
  }

  FsRestoreResult Finish() {
    {
      std::unique_lock lock(mu_);
      idle_cv_.wait(lock, [&] { return queue_.empty() && busy_ == 0; });
    }
    Stop();
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) {
      if (it->second.mode) ::chmod(it->first.c_str(), *it->second.mode & 07777);
      SetTimes(it->first, it->second, true);
    }
    return std::move(result_);
  }

 private:
  void Error(const std::string& path, const std::string& what) {
    std::lock_guard lock(mu_);
    result_.errors.push_back(path + ": " + what);
  }

  void Enqueue(const Node& node, const std::string& path) {
    std::unique_lock lock(mu_);
    // Bounded queue: a tree of millions of files never sits in memory whole.
    idle_cv_.wait(lock, [&] { return queue_.size() < 4096; });
    queue_.emplace_back(path, node);
    cv_.notify_one();
  }

  void WriterLoop() {
    for (;;) {
      std::pair<std::string, Node> job;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !queue_.empty() || stop_; });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
        ++busy_;
      }
      idle_cv_.notify_all();
      Status s = WriteFile(job.second, job.first);
      {
        std::lock_guard lock(mu_);
        --busy_;
        if (!s.ok()) {
          result_.errors.push_back(job.first + ": " + s.message());
        } else {
          result_.files++;
          result_.bytes += job.second.size;
        }
      }
      idle_cv_.notify_all();
      if (progress_ != nullptr) progress_->Advance(1, 0);
    }
  }

  Status WriteFile(const Node& node, const std::string& path) {
    ::unlink(path.c_str());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return ErrnoError("cannot create the file", errno);
    Status s;
    uint64_t written = 0;
    for (const BlobId& id : node.content) {
      Result<std::string> data = repo_.LoadBlob(BlobType::kData, id);
      if (!data.ok()) {
        s = data.status();
        break;
      }
      std::string_view rest = *data;
      while (!rest.empty() && s.ok()) {
        ssize_t n = ::write(fd, rest.data(), rest.size());
        if (n < 0) {
          if (errno == EINTR) continue;
          s = ErrnoError("cannot write", errno);
        } else {
          rest.remove_prefix(static_cast<size_t>(n));
        }
      }
      if (!s.ok()) break;
      written += data->size();
      if (progress_ != nullptr) progress_->Advance(0, data->size());
    }
    if (s.ok() && written != node.size) {
      s = DataLoss("the restored size " + std::to_string(written) + " differs from the recorded " +
                   std::to_string(node.size));
    }
    if (::close(fd) != 0 && s.ok()) s = ErrnoError("cannot close", errno);
    if (!s.ok()) {
      // Never leave damaged or partial content behind looking like a restored file.
      ::unlink(path.c_str());
      return s.code() == StatusCode::kDataLoss || s.code() == StatusCode::kNotFound
                 ? DataLoss("not restored, its data is damaged or missing: " + s.message())
                 : s;
    }
    if (node.mode) ::chmod(path.c_str(), *node.mode & 07777);
    SetTimes(path, node, true);
    return Status::Ok();
  }

  Repository& repo_;
  Progress* progress_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<std::pair<std::string, Node>> queue_;
  int busy_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
  std::vector<std::pair<std::string, Node>> dirs_;
  FsRestoreResult result_;
};

}  // namespace

Result<FsRestoreResult> RestoreFileSystem(Repository& repo, const Snapshot& snapshot,
                                          const FsRestoreOptions& options, Progress* progress) {
  if (options.target.empty()) return InvalidArgument("give a target directory to restore into (--target)");
  ARK_RETURN_IF_ERROR(EnsureDirectory(options.target, 0700));
  Node top;
  top.type = NodeType::kDir;
  top.subtree = snapshot.tree;
  std::string target = options.target;
  while (target.size() > 1 && target.back() == '/') target.pop_back();
  if (!options.subpath.empty()) {
    ARK_ASSIGN_OR_RETURN(std::optional<Node> node, LookupPath(repo, snapshot.tree, options.subpath));
    if (!node) {
      return NotFound("snapshot " + snapshot.id.Short() + " has nothing at \"" + options.subpath +
                      "\"; `ark365 repo ls` shows its content");
    }
    top = *node;
  }
  if (progress != nullptr) progress->Begin("restore", 0, 0);
  FsRestore restore(repo, options, progress);
  Status s;
  if (top.type == NodeType::kDir) {
    s = ForEachNode(repo, *top.subtree,
                    [&](const Node& child) { return restore.RestoreNode(child, target + "/" + child.name); });
  } else {
    s = restore.RestoreNode(top, target + "/" + top.name);
  }
  FsRestoreResult result = restore.Finish();
  if (!s.ok()) return s;
  if (progress != nullptr) progress->End("restored " + std::to_string(result.files) + " files");
  return result;
}

}  // namespace ark::repo
