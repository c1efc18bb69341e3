// The local-directory storage backend: one file per object, atomic writes.
#pragma once

#include <memory>
#include <string>

#include "repo/backend.h"

namespace ark::repo {

class LocalBackend : public Backend {
 public:
  // Opens an existing directory; does not check that it holds a repository.
  static Result<std::unique_ptr<LocalBackend>> Open(const std::string& root);
  // Creates the directory (and its parents) and the layout's subdirectories.
  // Fails if `root` exists and is not empty.
  static Result<std::unique_ptr<LocalBackend>> Create(const std::string& root);

  std::string Location() const override { return root_; }
  Status Save(const Handle& handle, std::string_view data) override;
  Result<std::string> Load(const Handle& handle, uint64_t offset, uint64_t length) override;
  Result<FileInfo> Stat(const Handle& handle) override;
  Status Remove(const Handle& handle) override;
  Status List(FileType type, const std::function<Status(const FileInfo&)>& fn) override;

 private:
  explicit LocalBackend(std::string root) : root_(std::move(root)) {}
  std::string PathOf(const Handle& handle) const { return root_ + "/" + handle.Path(); }
  std::string root_;
};

}  // namespace ark::repo
