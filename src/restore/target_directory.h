// TargetDirectory: creates directories and files below an export target without ever leaving it.
//
// Every component is passed through SafeComponent() again (it is idempotent),
// and every step is an openat()/mkdirat() relative to the directory opened
// before it with O_NOFOLLOW, so neither a hostile name nor a symbolic link
// planted in the target can redirect a write elsewhere. Files are created
// with O_EXCL: an existing file is never overwritten; a second item with the
// same name gets "name (2).ext".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ark::restore {

// A file being written below the target; closed (and removed when not
// committed) on destruction, so a failed export leaves no partial file.
class OutputFile {
 public:
  OutputFile(int dir_fd, int fd, std::string name, std::string relative_path);
  ~OutputFile();
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status Write(std::string_view data);
  // Flushes and closes; the file stays.
  Status Commit();
  // Where the file is, relative to the target ("Inbox/a.eml").
  const std::string& relative_path() const { return relative_path_; }

 private:
  int dir_fd_ = -1;
  int fd_ = -1;
  std::string name_;
  std::string relative_path_;
};

class TargetDirectory {
 public:
  // Opens `root`, creating it (mode 0700) when missing. `root` itself is the
  // administrator's choice and is trusted.
  static Result<TargetDirectory> Open(const std::string& root);
  ~TargetDirectory();
  TargetDirectory(TargetDirectory&& other) noexcept;
  TargetDirectory& operator=(TargetDirectory&&) = delete;
  TargetDirectory(const TargetDirectory&) = delete;
  TargetDirectory& operator=(const TargetDirectory&) = delete;

  // Creates the directories `dirs` (each made safe) below the root.
  Status MakeDirectories(const std::vector<std::string>& dirs);
  // Creates a new file `name` in `dirs` (made safe); never replaces an existing one.
  Result<OutputFile> CreateFile(const std::vector<std::string>& dirs, std::string_view name);

  const std::string& root() const { return root_; }

 private:
  TargetDirectory(int fd, std::string root) : fd_(fd), root_(std::move(root)) {}
  // An fd of the directory `dirs` below the root (created when missing); the caller closes it.
  Result<int> OpenDirectory(const std::vector<std::string>& dirs, std::string* relative);

  int fd_ = -1;
  std::string root_;
};

}  // namespace ark::restore
