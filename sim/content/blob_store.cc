// BlobStore: one file per blob, written with pwrite, read with pread.
#include "content/blob_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file.h"

namespace m365sim::content {
namespace {

class FileBytes final : public ByteSource {
 public:
  FileBytes(std::string path, uint64_t size) : path_(std::move(path)), size_(size) {}
  uint64_t size() const override { return size_; }
  void Read(uint64_t offset, char* out, size_t n) const override {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    size_t done = 0;
    while (fd >= 0 && done < n) {
      ssize_t got = ::pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
      if (got <= 0) break;
      done += static_cast<size_t>(got);
    }
    if (fd >= 0) ::close(fd);
    // A blob shorter than recorded (disk trouble) reads as zeros rather than garbage.
    if (done < n) std::memset(out + done, 0, n - done);
  }

 private:
  std::string path_;
  uint64_t size_;
};

}  // namespace

BlobStore::BlobStore(std::string dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  (void)ark::EnsureDirectory(dir_, 0700);
}

std::string BlobStore::Path(uint32_t blob) const { return dir_ + "/" + std::to_string(blob); }

ark::Result<uint32_t> BlobStore::Open() {
  uint32_t blob;
  {
    std::lock_guard lock(mu_);
    blob = next_++;
  }
  int fd = ::open(Path(blob).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ark::ErrnoError("cannot create blob " + Path(blob), errno);
  ::close(fd);
  return blob;
}

ark::Status BlobStore::WriteAt(uint32_t blob, uint64_t offset, std::string_view bytes) {
  int fd = ::open(Path(blob).c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return ark::ErrnoError("cannot open blob " + Path(blob), errno);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t put = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (put <= 0) {
      int err = errno;
      ::close(fd);
      return ark::ErrnoError("cannot write blob " + Path(blob), err);
    }
    done += static_cast<size_t>(put);
  }
  ::close(fd);
  return ark::Status::Ok();
}

ark::Result<uint32_t> BlobStore::Put(std::string_view bytes) {
  ARK_ASSIGN_OR_RETURN(uint32_t blob, Open());
  ARK_RETURN_IF_ERROR(WriteAt(blob, 0, bytes));
  return blob;
}

void BlobStore::Discard(uint32_t blob) {
  std::error_code ec;
  std::filesystem::remove(Path(blob), ec);
}

ByteSourcePtr BlobStore::Get(uint32_t blob, uint64_t size) const {
  return std::make_shared<FileBytes>(Path(blob), size);
}

}  // namespace m365sim::content
