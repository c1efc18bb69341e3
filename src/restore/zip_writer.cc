// ZipWriter on minizip: entries with zip64 extra fields, deflate level 1 (backups hold mostly compressed
// formats already; speed matters more than a few percent), DOS times from UTC.
#include "restore/zip_writer.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <ctime>

#include "restore/safe_path.h"

namespace ark::restore {
namespace {

constexpr unsigned long kUtf8NamesFlag = 1u << 11;
constexpr unsigned long kVersionMadeByUnix = 3u << 8;

zip_fileinfo FileInfo(std::optional<int64_t> mtime_seconds, bool directory) {
  zip_fileinfo info{};
  time_t t = static_cast<time_t>(mtime_seconds.value_or(0));
  struct tm tm {};
  gmtime_r(&t, &tm);
  if (tm.tm_year < 80) {  // DOS dates start in 1980
    tm = {};
    tm.tm_year = 80;
    tm.tm_mday = 1;
  }
  info.tmz_date.tm_sec = static_cast<unsigned>(tm.tm_sec);
  info.tmz_date.tm_min = static_cast<unsigned>(tm.tm_min);
  info.tmz_date.tm_hour = static_cast<unsigned>(tm.tm_hour);
  info.tmz_date.tm_mday = static_cast<unsigned>(tm.tm_mday);
  info.tmz_date.tm_mon = static_cast<unsigned>(tm.tm_mon);
  info.tmz_date.tm_year = static_cast<unsigned>(tm.tm_year + 1900);
  // Unix mode in the high 16 bits (0644 files, 0755 directories), MS-DOS directory bit.
  info.external_fa = directory ? ((040755UL << 16) | 0x10) : (0100644UL << 16);
  return info;
}

std::string JoinSafe(const std::vector<std::string>& dirs) {
  std::string out;
  for (const std::string& d : dirs) {
    out += SafeComponent(d);
    out.push_back('/');
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<ZipWriter>> ZipWriter::Create(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    return AlreadyExists(path + " exists; choose a new file name for the archive");
  }
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (zip == nullptr) return ErrnoError("cannot create the archive " + path, errno);
  return std::unique_ptr<ZipWriter>(new ZipWriter(zip, path));
}

ZipWriter::~ZipWriter() {
  if (!finished_ && zip_ != nullptr) {
    if (in_entry_) zipCloseFileInZip(zip_);
    zipClose(zip_, nullptr);
    ::unlink(path_.c_str());  // an archive without its central directory is not an export
  }
}

std::string ZipWriter::UniqueName(std::string name) {
  if (names_.insert(name).second) return name;
  bool directory = !name.empty() && name.back() == '/';
  std::string stem = directory ? name.substr(0, name.size() - 1) : name;
  size_t slash = stem.rfind('/');
  size_t dot = stem.rfind('.');
  std::string extension;
  if (!directory && dot != std::string::npos && (slash == std::string::npos || dot > slash + 1)) {
    extension = stem.substr(dot);
    stem.resize(dot);
  }
  for (int n = 2;; ++n) {
    std::string candidate = stem;
    candidate += " (" + std::to_string(n) + ")";
    candidate += extension;
    if (directory) candidate += "/";
    if (names_.insert(candidate).second) return candidate;
  }
}

Status ZipWriter::AddDirectory(const std::vector<std::string>& dirs) {
  if (dirs.empty()) return Status::Ok();
  std::string name = JoinSafe(dirs);
  if (!names_.insert(name).second) return Status::Ok();  // a folder is listed once
  zip_fileinfo info = FileInfo(std::nullopt, true);
  int rc = zipOpenNewFileInZip4_64(zip_, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, 0, 0, 0,
                                   -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0,
                                   kVersionMadeByUnix, kUtf8NamesFlag, 0);
  if (rc != ZIP_OK) return IoError("cannot add the folder " + name + " to " + path_);
  if (zipCloseFileInZip(zip_) != ZIP_OK) return IoError("cannot add the folder " + name + " to " + path_);
  return Status::Ok();
}

Result<std::string> ZipWriter::BeginFile(const std::vector<std::string>& dirs, std::string_view name,
                                         std::optional<int64_t> mtime_seconds) {
  if (in_entry_) return Internal("ZipWriter::BeginFile inside an entry");
  std::string full = JoinSafe(dirs) + SafeComponent(name);
  ARK_ASSIGN_OR_RETURN(std::string checked, SafeRelativePath({full}));
  std::string entry = UniqueName(std::move(checked));
  zip_fileinfo info = FileInfo(mtime_seconds, false);
  // zip64 = 1: sizes are unknown until the end, so every entry gets the zip64 extra field.
  int rc = zipOpenNewFileInZip4_64(zip_, entry.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, 1,
                                   0, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0,
                                   kVersionMadeByUnix, kUtf8NamesFlag, 1);
  if (rc != ZIP_OK) return IoError("cannot add " + entry + " to " + path_);
  in_entry_ = true;
  return entry;
}

Status ZipWriter::Write(std::string_view data) {
  while (!data.empty()) {
    // minizip takes unsigned lengths; feed at most 1 GiB at a time.
    size_t n = std::min<size_t>(data.size(), size_t{1} << 30);
    if (zipWriteInFileInZip(zip_, data.data(), static_cast<unsigned>(n)) != ZIP_OK) {
      return IoError("cannot write to " + path_ + " (disk full?)");
    }
    data.remove_prefix(n);
  }
  return Status::Ok();
}

Status ZipWriter::EndFile() {
  in_entry_ = false;
  if (zipCloseFileInZip(zip_) != ZIP_OK) return IoError("cannot finish an entry of " + path_);
  return Status::Ok();
}

Status ZipWriter::Finish() {
  if (in_entry_) ARK_RETURN_IF_ERROR(EndFile());
  int rc = zipClose(zip_, nullptr);
  zip_ = nullptr;
  finished_ = true;
  if (rc != ZIP_OK) {
    ::unlink(path_.c_str());
    return IoError("cannot write the central directory of " + path_);
  }
  return Status::Ok();
}

}  // namespace ark::restore
