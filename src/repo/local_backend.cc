// LocalBackend: objects as files under a directory; writes are temp + fsync + rename + directory fsync.
#include "repo/local_backend.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "core/encoding.h"
#include "core/file.h"

namespace ark::repo {
namespace {

constexpr int kDirMode = 0700;
constexpr int kFileMode = 0600;

bool IsHexName(std::string_view name) {
  if (name.size() != 64) return false;
  for (char c : name) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Lists the regular files with id names in `dir`; a missing directory is empty.
Status ListDir(const std::string& dir, FileType type, const std::function<Status(const FileInfo&)>& fn) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT) return Status::Ok();
    return ErrnoError("cannot list " + dir, errno);
  }
  std::vector<FileInfo> found;
  while (dirent* e = ::readdir(d)) {
    std::string_view name(e->d_name);
    if (!IsHexName(name)) continue;  // ".", "..", temporary files
    struct stat st {};
    std::string path = dir + "/" + std::string(name);
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    found.push_back({Handle{type, std::string(name)}, static_cast<uint64_t>(st.st_size)});
  }
  ::closedir(d);
  for (const FileInfo& info : found) ARK_RETURN_IF_ERROR(fn(info));
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<LocalBackend>> LocalBackend::Open(const std::string& root) {
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return NotFound("there is no repository at " + root +
                      " (the directory does not exist); check --repo or run `ark365 repo init`");
    }
    return ErrnoError("cannot open the repository at " + root, errno);
  }
  if (!S_ISDIR(st.st_mode))
    return FailedPrecondition(root + " is not a directory, so it is not a repository");
  return std::unique_ptr<LocalBackend>(new LocalBackend(root));
}

Result<std::unique_ptr<LocalBackend>> LocalBackend::Create(const std::string& root) {
  std::error_code ec;
  if (std::filesystem::exists(root, ec) && !std::filesystem::is_empty(root, ec)) {
    return AlreadyExists(root +
                         " exists and is not empty; choose an empty or new directory for a repository");
  }
  ARK_RETURN_IF_ERROR(EnsureDirectory(root, kDirMode));
  for (FileType t : {FileType::kKey, FileType::kPack, FileType::kIndex, FileType::kSnapshot,
                     FileType::kCheckpoint, FileType::kLock}) {
    ARK_RETURN_IF_ERROR(EnsureDirectory(root + "/" + std::string(FileTypeDir(t)), kDirMode));
  }
  for (int i = 0; i < 256; ++i) {
    std::string prefix = HexEncode(std::string(1, static_cast<char>(i)));
    ARK_RETURN_IF_ERROR(EnsureDirectory(std::string(root).append("/data/").append(prefix), kDirMode));
  }
  ARK_RETURN_IF_ERROR(SyncDirectory(root));
  return std::unique_ptr<LocalBackend>(new LocalBackend(root));
}

Status LocalBackend::Save(const Handle& handle, std::string_view data) {
  std::string path = PathOf(handle);
  Status s = WriteFileAtomic(path, data, kFileMode);
  if (s.code() == StatusCode::kNotFound) {
    // A prefix directory removed by hand, or a repository copied without empty directories.
    ARK_RETURN_IF_ERROR(EnsureDirectory(std::filesystem::path(path).parent_path().string(), kDirMode));
    s = WriteFileAtomic(path, data, kFileMode);
  }
  return s;
}

Result<std::string> LocalBackend::Load(const Handle& handle, uint64_t offset, uint64_t length) {
  std::string path = PathOf(handle);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open " + path, errno);
  if (length == 0) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      int err = errno;
      ::close(fd);
      return ErrnoError("cannot stat " + path, err);
    }
    length = static_cast<uint64_t>(st.st_size) > offset ? static_cast<uint64_t>(st.st_size) - offset : 0;
  }
  std::string out(length, '\0');
  uint64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoError("cannot read " + path, err);
    }
    if (n == 0) break;
    done += static_cast<uint64_t>(n);
  }
  ::close(fd);
  out.resize(done);
  return out;
}

Result<FileInfo> LocalBackend::Stat(const Handle& handle) {
  std::string path = PathOf(handle);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ErrnoError("cannot stat " + path, errno);
  return FileInfo{handle, static_cast<uint64_t>(st.st_size)};
}

Status LocalBackend::Remove(const Handle& handle) {
  std::string path = PathOf(handle);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoError("cannot remove " + path, errno);
  return Status::Ok();
}

Status LocalBackend::List(FileType type, const std::function<Status(const FileInfo&)>& fn) {
  std::string dir = root_ + "/" + std::string(FileTypeDir(type));
  if (type != FileType::kPack) return ListDir(dir, type, fn);
  for (int i = 0; i < 256; ++i) {
    ARK_RETURN_IF_ERROR(ListDir(dir + "/" + HexEncode(std::string(1, static_cast<char>(i))), type, fn));
  }
  return Status::Ok();
}

}  // namespace ark::repo
