// check: index vs packs, pack sizes and headers, optionally every blob, then every snapshot's trees.
#include "repo/checker.h"

#include <charconv>
#include <map>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "repo/directory.h"
#include "repo/pack.h"
#include "repo/repository.h"
#include "repo/snapshot.h"

namespace ark::repo {
namespace {

uint64_t ExpectedPackSize(const std::vector<PackEntry>& entries) {
  uint64_t size = 4 + kSealOverhead + 1 + kPackHeaderEntrySize * entries.size();
  for (const PackEntry& e : entries) size += e.length;
  return size;
}

class Checker {
 public:
  Checker(Repository& repo, const CheckOptions& options, Progress* progress)
      : repo_(repo), options_(options), progress_(progress) {}

  Result<CheckResult> Run() {
    ARK_RETURN_IF_ERROR(repo_.LoadIndex());
    for (const Id& id : repo_.damaged_index_files()) {
      r_.errors.push_back("index file " + id.Short() + " is damaged; run `ark365 repo repair`");
    }
    ARK_RETURN_IF_ERROR(CheckPacks());
    if (options_.read_data) ARK_RETURN_IF_ERROR(ReadData());
    ARK_RETURN_IF_ERROR(CheckSnapshots());
    return std::move(r_);
  }

 private:
  Status CheckPacks() {
    std::unordered_map<PackId, uint64_t> stored;
    ARK_RETURN_IF_ERROR(repo_.backend().List(FileType::kPack, [&](const FileInfo& info) {
      if (auto id = Id::FromHex(info.handle.name)) stored[*id] = info.size;
      return Status::Ok();
    }));
    packs_ = repo_.index().Packs();
    r_.packs = packs_.size();
    for (const IndexedPack& p : packs_) {
      r_.blobs += p.entries.size();
      auto it = stored.find(p.id);
      if (it == stored.end()) {
        r_.errors.push_back("pack " + p.id.Hex() + " is missing (" + std::to_string(p.entries.size()) +
                            " blobs lost)");
        for (const PackEntry& e : p.entries)
          bad_[BlobHandle{e.id, e.type}] = "its pack " + p.id.Short() + " is missing";
        continue;
      }
      uint64_t expected = ExpectedPackSize(p.entries);
      if (it->second != expected) {
        r_.errors.push_back("pack " + p.id.Hex() + " has " + std::to_string(it->second) +
                            " bytes, its index says " + std::to_string(expected) + " (truncated or damaged)");
        for (const PackEntry& e : p.entries) {
          if (uint64_t{e.offset} + e.length > it->second) {
            bad_[BlobHandle{e.id, e.type}] = "its pack " + p.id.Short() + " is truncated";
          }
        }
      }
      stored.erase(it);
    }
    for (const auto& [id, size] : stored) {
      r_.warnings.push_back("pack " + id.Hex() +
                            " is not in the index (left by an interrupted backup or prune; " +
                            "the next backup indexes it, prune removes it if unused)");
    }
    return Status::Ok();
  }

  bool Selected(const PackId& id) {
    if (options_.subset_count > 0) return id.data()[0] % options_.subset_count == options_.subset_index - 1;
    if (options_.subset_fraction >= 1.0) return true;
    return std::uniform_real_distribution<double>(0, 1)(rng_) < options_.subset_fraction;
  }

  Status ReadData() {
    std::vector<const IndexedPack*> chosen;
    uint64_t bytes = 0;
    for (const IndexedPack& p : packs_) {
      if (!Selected(p.id)) continue;
      chosen.push_back(&p);
      bytes += ExpectedPackSize(p.entries);
    }
    if (progress_ != nullptr) progress_->Begin("read data", chosen.size(), bytes);
    for (const IndexedPack* p : chosen) {
      ARK_RETURN_IF_ERROR(ReadPack(*p));
      r_.packs_read++;
      if (progress_ != nullptr) progress_->Advance(1, ExpectedPackSize(p->entries));
    }
    if (progress_ != nullptr) progress_->End("read " + std::to_string(r_.packs_read) + " packs");
    return Status::Ok();
  }

  Status ReadPack(const IndexedPack& p) {
    Result<std::string> data = repo_.backend().Load(Handle{FileType::kPack, p.id.Hex()});
    if (!data.ok()) {
      if (data.status().code() == StatusCode::kNotFound) return Status::Ok();  // reported as missing
      return data.status();
    }
    Result<std::vector<PackEntry>> header = ParsePackTail(repo_.crypto(), p.id, *data, data->size(), nullptr);
    if (!header.ok()) {
      r_.errors.push_back(header.status().message());
    } else {
      std::unordered_set<BlobHandle> listed;
      for (const PackEntry& e : *header) listed.insert(BlobHandle{e.id, e.type});
      for (const PackEntry& e : p.entries) {
        if (!listed.contains(BlobHandle{e.id, e.type})) {
          r_.errors.push_back("pack " + p.id.Short() + ": the index lists blob " + e.id.Short() +
                              " but the pack header does not");
        }
      }
    }
    for (const PackEntry& e : p.entries) {
      if (uint64_t{e.offset} + e.length > data->size()) continue;  // reported with the size check
      Result<std::string> plain =
          repo_.DecodeBlob(e, std::string_view(*data).substr(e.offset, e.length), /*verify_id=*/true);
      if (!plain.ok()) {
        r_.errors.push_back("pack " + p.id.Hex() + ": " + plain.status().message());
        bad_[BlobHandle{e.id, e.type}] = "damaged in pack " + p.id.Short();
      }
    }
    return Status::Ok();
  }

  // Why a blob cannot be read, or empty when it is fine as far as we know.
  std::string Problem(const BlobHandle& h) const {
    auto it = bad_.find(h);
    if (it != bad_.end()) return it->second;
    if (!repo_.index().Has(h)) return "not in any pack (lost)";
    return "";
  }

  // Returns false if anything below `dir` is damaged; clean directories are
  // remembered so that snapshots sharing them are not walked again.
  Status CheckDir(const Snapshot& s, const BlobId& dir, const std::string& path, bool& clean) {
    clean = true;
    if (clean_dirs_.contains(dir)) return Status::Ok();
    std::string page_problem = Problem(BlobHandle{dir, BlobType::kTree});
    std::vector<std::pair<std::string, BlobId>> subdirs;
    Status walked;
    if (page_problem.empty()) {
      walked = ForEachNode(repo_, dir, [&](const Node& n) {
        std::string child = path.empty() ? n.name : path + "/" + n.name;
        std::vector<BlobId> blobs = n.content;
        if (n.record) blobs.insert(blobs.end(), n.record->content.begin(), n.record->content.end());
        for (const BlobId& id : blobs) {
          std::string p = Problem(BlobHandle{id, BlobType::kData});
          if (!p.empty()) {
            Affected(s, child, "data blob " + id.Short() + " " + p);
            clean = false;
            break;
          }
        }
        if (n.subtree) subdirs.emplace_back(child, *n.subtree);
        return Status::Ok();
      });
    }
    if (!page_problem.empty() || !walked.ok()) {
      if (!walked.ok() && walked.code() != StatusCode::kDataLoss && walked.code() != StatusCode::kNotFound) {
        return walked;
      }
      Affected(
          s, path.empty() ? "/" : path,
          "directory unreadable, everything below it is lost: " +
              (page_problem.empty() ? walked.message() : "tree page " + dir.Short() + " " + page_problem));
      clean = false;
      return Status::Ok();
    }
    for (const auto& [child, id] : subdirs) {
      bool sub_clean = true;
      ARK_RETURN_IF_ERROR(CheckDir(s, id, child, sub_clean));
      clean = clean && sub_clean;
    }
    if (clean) clean_dirs_.insert(dir);
    return Status::Ok();
  }

  void Affected(const Snapshot& s, const std::string& path, const std::string& why) {
    r_.affected.push_back("snapshot " + s.id.Short() + " (" + FormatRfc3339(s.time) + "): " + path + ": " +
                          why);
  }

  Status CheckSnapshots() {
    std::vector<Id> damaged;
    ARK_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ListSnapshots(repo_, &damaged));
    for (const Id& id : damaged) r_.errors.push_back("snapshot object " + id.Short() + " is damaged");
    r_.snapshots = snapshots.size();
    if (progress_ != nullptr) progress_->Begin("check snapshots", snapshots.size(), 0);
    for (const Snapshot& s : snapshots) {
      bool clean = true;
      ARK_RETURN_IF_ERROR(CheckDir(s, s.tree, "", clean));
      if (!clean) r_.errors.push_back("snapshot " + s.id.Short() + " is damaged (affected paths are listed)");
      if (progress_ != nullptr) progress_->Advance(1, 0);
    }
    ARK_ASSIGN_OR_RETURN(std::vector<Checkpoint> checkpoints, ListCheckpoints(repo_));
    for (const Checkpoint& c : checkpoints) {
      if (!c.tree) continue;
      Snapshot pseudo;
      pseudo.id = Id::FromBytes(std::string(Id::kSize, '\0'));
      bool clean = true;
      ARK_RETURN_IF_ERROR(CheckDir(pseudo, *c.tree, "checkpoint " + c.name, clean));
      if (!clean)
        r_.warnings.push_back("checkpoint " + c.name + " references damaged data; its backup starts over");
    }
    if (progress_ != nullptr) progress_->End("checked " + std::to_string(snapshots.size()) + " snapshots");
    return Status::Ok();
  }

  Repository& repo_;
  const CheckOptions& options_;
  Progress* progress_;
  CheckResult r_;
  std::vector<IndexedPack> packs_;
  std::unordered_map<BlobHandle, std::string> bad_;
  std::unordered_set<BlobId> clean_dirs_;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace

Status ParseReadDataSubset(std::string_view text, CheckOptions& options) {
  auto bad = [&] {
    return InvalidArgument("--read-data-subset \"" + std::string(text) +
                           "\" is not valid; give n/t (e.g. 1/5) or a percentage (e.g. 10%)");
  };
  options.read_data = true;
  if (!text.empty() && text.back() == '%') {
    double pct = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, pct);
    if (ec != std::errc() || p != text.data() + text.size() - 1 || pct <= 0 || pct > 100) return bad();
    options.subset_fraction = pct / 100;
    return Status::Ok();
  }
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  uint32_t n = 0;
  uint32_t t = 0;
  auto [p1, e1] = std::from_chars(text.data(), text.data() + slash, n);
  auto [p2, e2] = std::from_chars(text.data() + slash + 1, text.data() + text.size(), t);
  if (e1 != std::errc() || e2 != std::errc() || p1 != text.data() + slash ||
      p2 != text.data() + text.size() || t == 0 || t > 256 || n == 0 || n > t) {
    return bad();
  }
  options.subset_index = n;
  options.subset_count = t;
  return Status::Ok();
}

Result<CheckResult> CheckRepository(Repository& repo, const CheckOptions& options, Progress* progress) {
  return Checker(repo, options, progress).Run();
}

}  // namespace ark::repo
