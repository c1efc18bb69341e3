// File-system backup: a depth-first walk that pipelines file contents and builds trees bottom-up.
#include "repo/fs_backup.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>

#include "repo/blob_saver.h"
#include "repo/content.h"
#include "repo/directory.h"
#include "repo/origin.h"
#include "repo/repository.h"
#include "repo/tree_page.h"

namespace ark::repo {
namespace {

constexpr size_t kReadBlock = 1u << 20;

int64_t Nanos(const struct timespec& ts) { return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec; }

// The paths given, as a tree of names: virtual directories lead to them.
struct PathTree {
  std::map<std::string, PathTree> children;
  bool selected = false;  // this path itself is backed up (everything below it)
};

Node MetadataNode(const std::string& name, const struct stat& st) {
  Node n;
  n.name = name;
  n.mode = st.st_mode & 07777;
  n.mtime_ns = Nanos(st.st_mtim);
  return n;
}

class FsBackup {
 public:
  FsBackup(Repository& repo, const FsBackupOptions& options, Progress* progress)
      : repo_(repo), options_(options), progress_(progress), buffer_(kReadBlock, '\0') {}

  Result<BlobId> BuildRoot(const PathTree& root, const std::optional<BlobId>& parent) {
    return BuildVirtual(root, "", parent);
  }
  FsBackupResult& result() { return result_; }

 private:
  Result<std::map<std::string, Node>> ParentListing(const std::optional<BlobId>& dir) {
    std::map<std::string, Node> nodes;
    if (!dir) return nodes;
    Status s = ForEachNode(repo_, *dir, [&](const Node& n) {
      nodes.emplace(n.name, n);
      return Status::Ok();
    });
    if (!s.ok()) {
      // A damaged parent only costs re-reading; the new snapshot is complete without it.
      Error("parent snapshot", "unreadable, files are read again: " + s.message());
      nodes.clear();
    }
    return nodes;
  }

  void Error(const std::string& path, const std::string& what) {
    result_.errors.push_back(path + ": " + what);
    result_.snapshot.summary.errors++;
  }

  Result<BlobId> BuildVirtual(const PathTree& tree, const std::string& prefix,
                              const std::optional<BlobId>& parent) {
    ARK_ASSIGN_OR_RETURN(auto parent_nodes, ParentListing(parent));
    DirectoryBuilder builder(repo_.saver());
    for (const auto& [name, child] : tree.children) {
      std::string path = prefix;
      path.append("/").append(name);
      auto old = parent_nodes.find(name);
      const Node* old_node = old == parent_nodes.end() ? nullptr : &old->second;
      std::optional<Node> node;
      if (child.selected) {
        ARK_ASSIGN_OR_RETURN(node, BackupEntry(path, name, old_node));
      } else {
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) return ErrnoError("cannot read " + path, errno);
        node = MetadataNode(name, st);
        node->type = NodeType::kDir;
        std::optional<BlobId> old_sub = old_node != nullptr ? old_node->subtree : std::nullopt;
        ARK_ASSIGN_OR_RETURN(BlobId sub, BuildVirtual(child, path, old_sub));
        node->subtree = sub;
      }
      if (node) ARK_RETURN_IF_ERROR(builder.AddNode(*node));
    }
    return builder.Finish();
  }

  // Backs up one file-system entry; nullopt when it is skipped.
  Result<std::optional<Node>> BackupEntry(const std::string& path, const std::string& name, const Node* old) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno != ENOENT) Error(path, std::strerror(errno));
      return std::optional<Node>();
    }
    if (!IsValidNodeName(name)) {
      Error(path, "the name is not valid UTF-8; skipped");
      return std::optional<Node>();
    }
    Node node = MetadataNode(name, st);
    if (S_ISDIR(st.st_mode)) {
      node.type = NodeType::kDir;
      std::optional<BlobId> old_sub =
          old != nullptr && old->type == NodeType::kDir ? old->subtree : std::nullopt;
      ARK_ASSIGN_OR_RETURN(std::optional<BlobId> sub, BackupDirectory(path, st, old_sub));
      if (!sub) return std::optional<Node>();
      node.subtree = *sub;
      result_.snapshot.summary.dirs++;
      return std::optional<Node>(std::move(node));
    }
    if (S_ISLNK(st.st_mode)) {
      std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
      ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
      if (n < 0) {
        Error(path, std::strerror(errno));
        return std::optional<Node>();
      }
      target.resize(static_cast<size_t>(n));
      node.type = NodeType::kSymlink;
      node.target = std::move(target);
      return std::optional<Node>(std::move(node));
    }
    if (!S_ISREG(st.st_mode)) return std::optional<Node>();  // devices, sockets, fifos: not backed up
    node.type = NodeType::kFile;
    node.size = static_cast<uint64_t>(st.st_size);
    node.inode = static_cast<uint64_t>(st.st_ino);
    node.ctime_ns = Nanos(st.st_ctim);
    return std::optional<Node>(std::move(node));
  }

  bool Unchanged(const Node& now, const Node* old) const {
    return !options_.force_read && old != nullptr && old->type == NodeType::kFile && old->size == now.size &&
           old->mtime_ns == now.mtime_ns && old->ctime_ns == now.ctime_ns && old->inode == now.inode;
  }

  // Streams a file into a writer; the writer is closed, not finished, so the
  // walk goes on while the workers compress and seal.
  Result<std::unique_ptr<ContentWriter>> StartFile(const std::string& path, uint64_t* bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME);
    if (fd < 0 && errno == EPERM) fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return ErrnoError(path, errno);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    auto writer = std::make_unique<ContentWriter>(repo_);
    Status s;
    for (;;) {
      ssize_t n = ::read(fd, buffer_.data(), buffer_.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        s = ErrnoError(path, errno);
        break;
      }
      if (n == 0) break;
      s = writer->Write(std::string_view(buffer_.data(), static_cast<size_t>(n)));
      if (!s.ok()) break;
      *bytes += static_cast<uint64_t>(n);
      if (progress_ != nullptr) progress_->Advance(0, static_cast<uint64_t>(n));
    }
    ::close(fd);
    writer->Close();
    if (!s.ok()) return s;
    return writer;
  }

  // An unchanged directory is the parent's by reference: no page is encoded,
  // hashed or looked up, which is most of the work of an unchanged backup.
  template <typename Pending>
  static bool Unchanged(const std::vector<Pending>& entries, const std::map<std::string, Node>& old) {
    if (entries.size() != old.size()) return false;
    for (const Pending& p : entries) {
      if (p.writer != nullptr) return false;
      auto it = old.find(p.node.name);
      if (it == old.end() || !(it->second == p.node)) return false;
    }
    return true;
  }

  Result<std::optional<BlobId>> BackupDirectory(const std::string& path, const struct stat& dir_st,
                                                const std::optional<BlobId>& parent) {
    DIR* d = ::opendir(path.c_str());
    if (d == nullptr) {
      Error(path, std::strerror(errno));
      return std::optional<BlobId>();
    }
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
      std::string_view n(e->d_name);
      if (n != "." && n != "..") names.emplace_back(n);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    ARK_ASSIGN_OR_RETURN(auto parent_nodes, ParentListing(parent));

    struct Pending {
      Node node;
      std::unique_ptr<ContentWriter> writer;
    };
    std::vector<Pending> entries;
    for (const std::string& name : names) {
      std::string child = path;
      child.append("/").append(name);
      if (options_.excludes.Excluded(child, name)) continue;
      if (options_.one_file_system) {
        struct stat st {};
        if (::lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_dev != dir_st.st_dev) continue;
      }
      auto old = parent_nodes.find(name);
      const Node* old_node = old == parent_nodes.end() ? nullptr : &old->second;
      ARK_ASSIGN_OR_RETURN(std::optional<Node> node, BackupEntry(child, name, old_node));
      if (!node) continue;
      Pending p{std::move(*node), nullptr};
      if (p.node.type == NodeType::kFile) {
        result_.snapshot.summary.files++;
        result_.snapshot.summary.bytes += p.node.size;
        if (Unchanged(p.node, old_node)) {
          p.node.content = old_node->content;
          result_.files_unchanged++;
          if (progress_ != nullptr) progress_->Advance(1, p.node.size);
        } else {
          uint64_t read = 0;
          Result<std::unique_ptr<ContentWriter>> writer = StartFile(child, &read);
          if (!writer.ok()) {
            if (writer.status().code() != StatusCode::kNotFound) Error(child, writer.status().message());
            continue;
          }
          (old_node != nullptr ? result_.files_changed : result_.files_new)++;
          p.writer = std::move(*writer);
          if (progress_ != nullptr) progress_->Advance(1, 0);
        }
      }
      entries.push_back(std::move(p));
    }
    if (parent && Unchanged(entries, parent_nodes)) return parent;
    DirectoryBuilder builder(repo_.saver());
    for (Pending& p : entries) {
      if (p.writer != nullptr) {
        ARK_ASSIGN_OR_RETURN(ContentRef ref, p.writer->Finish());
        p.node.content = std::move(ref.blobs);
        // The size actually read: the file may have changed while being read.
        p.node.size = ref.size;
      }
      ARK_RETURN_IF_ERROR(builder.AddNode(p.node));
    }
    ARK_ASSIGN_OR_RETURN(BlobId id, builder.Finish());
    return std::optional<BlobId>(id);
  }

  Repository& repo_;
  const FsBackupOptions& options_;
  Progress* progress_;
  std::string buffer_;
  FsBackupResult result_;
};

Result<std::optional<Snapshot>> FindParent(Repository& repo, const std::string& host,
                                           const std::string& source) {
  ARK_ASSIGN_OR_RETURN(std::vector<Snapshot> all, ListSnapshots(repo));
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->hostname == host && it->source == source) return std::optional<Snapshot>(*it);
  }
  return std::optional<Snapshot>();
}

}  // namespace

std::string FsSource(const std::vector<std::string>& absolute_paths) {
  std::string out;
  for (const std::string& p : absolute_paths) out += (out.empty() ? "" : ", ") + p;
  return out;
}

Result<FsBackupResult> BackupFileSystem(Repository& repo, const FsBackupOptions& options,
                                        Progress* progress) {
  auto start = std::chrono::steady_clock::now();
  if (options.paths.empty())
    return InvalidArgument("no path to back up; give at least one file or directory");
  std::vector<std::string> paths;
  PathTree root;
  for (const std::string& given : options.paths) {
    std::filesystem::path p = std::filesystem::absolute(given).lexically_normal();
    std::string s = p.string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    struct stat st {};
    if (::lstat(s.c_str(), &st) != 0) return ErrnoError("cannot back up " + given, errno);
    if (s == "/") return InvalidArgument("backing up / as a whole is not supported; name its directories");
    paths.push_back(s);
    PathTree* t = &root;
    for (const auto& part : std::filesystem::path(s).relative_path()) t = &t->children[part.string()];
    t->selected = true;
  }
  std::sort(paths.begin(), paths.end());
  std::string host = options.hostname.empty() ? HostName() : options.hostname;
  std::string source = FsSource(paths);

  std::optional<Snapshot> parent;
  if (options.parent) {
    ARK_ASSIGN_OR_RETURN(Snapshot p, LoadSnapshot(repo, *options.parent));
    parent = p;
  } else {
    ARK_ASSIGN_OR_RETURN(parent, FindParent(repo, host, source));
  }
  uint64_t added_before = repo.saver().stats().bytes_new;
  if (progress != nullptr) progress->Begin("backup", 0, 0);
  FsBackup backup(repo, options, progress);
  ARK_ASSIGN_OR_RETURN(BlobId tree,
                       backup.BuildRoot(root, parent ? std::optional<BlobId>(parent->tree) : std::nullopt));
  ARK_RETURN_IF_ERROR(repo.saver().Flush());

  FsBackupResult result = std::move(backup.result());
  Snapshot& s = result.snapshot;
  s.time = std::chrono::system_clock::now();
  s.tree = tree;
  if (parent) s.parent = parent->id;
  s.hostname = host;
  s.username = UserName();
  s.source = source;
  s.paths = paths;
  s.tags = options.tags;
  s.summary.added_bytes = repo.saver().stats().bytes_new - added_before;
  s.summary.duration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ARK_RETURN_IF_ERROR(SaveSnapshot(repo, s));
  if (progress != nullptr) progress->End("snapshot " + s.id.Short() + " saved");
  return result;
}

}  // namespace ark::repo
