// TargetDirectory: openat/mkdirat walks with O_NOFOLLOW, exclusive file creation, unique names.
#include "restore/target_directory.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "restore/safe_path.h"

namespace ark::restore {
namespace {

// "name (n).ext" for the n-th item called `name`, still within the length limit.
std::string Numbered(std::string_view name, int n) {
  std::string suffix = " (" + std::to_string(n) + ")";
  size_t dot = name.rfind('.');
  std::string_view stem = name;
  std::string_view extension;
  if (dot != std::string_view::npos && dot > 0) {
    stem = name.substr(0, dot);
    extension = name.substr(dot);
  }
  std::string out(stem);
  out += suffix;
  out += extension;
  return out.size() <= kMaxComponentBytes ? out : SafeComponent(out);
}

}  // namespace

OutputFile::OutputFile(int dir_fd, int fd, std::string name, std::string relative_path)
    : dir_fd_(dir_fd), fd_(fd), name_(std::move(name)), relative_path_(std::move(relative_path)) {}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : dir_fd_(other.dir_fd_),
      fd_(other.fd_),
      name_(std::move(other.name_)),
      relative_path_(std::move(other.relative_path_)) {
  other.dir_fd_ = -1;
  other.fd_ = -1;
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlinkat(dir_fd_, name_.c_str(), 0);  // never leave a partial file that looks exported
  }
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

Status OutputFile::Write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write " + relative_path_, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status OutputFile::Commit() {
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    int err = errno;
    ::unlinkat(dir_fd_, name_.c_str(), 0);
    return ErrnoError("cannot close " + relative_path_, err);
  }
  return Status::Ok();
}

Result<TargetDirectory> TargetDirectory::Open(const std::string& root) {
  if (root.empty()) return InvalidArgument("the target directory is empty; give a directory with --out");
  if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoError("cannot create the target directory " + root, errno);
  }
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open the target directory " + root, errno);
  return TargetDirectory(fd, root);
}

TargetDirectory::~TargetDirectory() {
  if (fd_ >= 0) ::close(fd_);
}

TargetDirectory::TargetDirectory(TargetDirectory&& other) noexcept
    : fd_(other.fd_), root_(std::move(other.root_)) {
  other.fd_ = -1;
}

Result<int> TargetDirectory::OpenDirectory(const std::vector<std::string>& dirs, std::string* relative) {
  int fd = ::dup(fd_);
  if (fd < 0) return ErrnoError("cannot open " + root_, errno);
  for (const std::string& raw : dirs) {
    std::string name = SafeComponent(raw);
    if (!relative->empty()) relative->push_back('/');
    *relative += name;
    if (relative->size() > kMaxRelativePathBytes) {
      ::close(fd);
      return InvalidArgument("the folder path is too deep for the target: " + *relative);
    }
    if (::mkdirat(fd, name.c_str(), 0700) != 0 && errno != EEXIST) {
      int err = errno;
      ::close(fd);
      return ErrnoError("cannot create the folder " + *relative, err);
    }
    int next = ::openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int err = errno;
    ::close(fd);
    if (next < 0) {
      return ErrnoError(
          "cannot open the folder " + *relative + " (a file or link of that name is in the way)", err);
    }
    fd = next;
  }
  return fd;
}

Status TargetDirectory::MakeDirectories(const std::vector<std::string>& dirs) {
  std::string relative;
  ARK_ASSIGN_OR_RETURN(int fd, OpenDirectory(dirs, &relative));
  ::close(fd);
  return Status::Ok();
}

Result<OutputFile> TargetDirectory::CreateFile(const std::vector<std::string>& dirs, std::string_view name) {
  std::string relative;
  ARK_ASSIGN_OR_RETURN(int dir_fd, OpenDirectory(dirs, &relative));
  std::string base = SafeComponent(name);
  for (int n = 1; n < 10000; ++n) {
    std::string candidate = n == 1 ? base : Numbered(base, n);
    int fd = ::openat(dir_fd, candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      std::string path = relative;
      if (!path.empty()) path += "/";
      path += candidate;
      if (path.size() > kMaxRelativePathBytes) {
        ::close(fd);
        ::unlinkat(dir_fd, candidate.c_str(), 0);
        ::close(dir_fd);
        return InvalidArgument("the path is too long for the target: " + path);
      }
      return OutputFile(dir_fd, fd, candidate, path);
    }
    if (errno != EEXIST) {
      int err = errno;
      ::close(dir_fd);
      std::string where = relative;
      where += "/";
      where += candidate;
      return ErrnoError("cannot create " + where, err);
    }
  }
  ::close(dir_fd);
  return AlreadyExists("too many items named " + base + " in " + relative);
}

}  // namespace ark::restore
