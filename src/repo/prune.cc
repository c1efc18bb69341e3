// prune's two phases: mark and repack under a shared lock, then re-mark, re-index and delete under the
// exclusive lock.
#include "repo/prune.h"

#include <spdlog/spdlog.h>

#include <unordered_map>
#include <unordered_set>

#include "repo/blob_saver.h"
#include "repo/lock.h"
#include "repo/pack.h"
#include "repo/repository.h"
#include "repo/snapshot.h"
#include "repo/walker.h"

namespace ark::repo {
namespace {

constexpr size_t kPacksPerIndexFile = 20000;

class Pruner {
 public:
  Pruner(Repository& repo, const PruneOptions& options, Progress* progress)
      : repo_(repo), options_(options), progress_(progress) {}

  Result<PruneResult> Run() {
    {
      ARK_ASSIGN_OR_RETURN(auto lock, Lock::Acquire(repo_, /*exclusive=*/false, "prune"));
      ARK_RETURN_IF_ERROR(Mark());
      Plan();
      if (options_.dry_run) return result_;
      ARK_RETURN_IF_ERROR(Repack());
      Step("repacked");
      ARK_RETURN_IF_ERROR(lock->Release());
    }
    ARK_ASSIGN_OR_RETURN(auto lock, Lock::Acquire(repo_, /*exclusive=*/true, "prune", options_.lock_wait));
    Step("locked");
    ARK_RETURN_IF_ERROR(MarkNewRoots());
    ARK_RETURN_IF_ERROR(KeepNeededPacks());
    ARK_RETURN_IF_ERROR(RewriteIndex());
    ARK_RETURN_IF_ERROR(DeletePacks());
    return result_;
  }

 private:
  void Step(std::string_view name) {
    spdlog::debug("prune: {}", name);
    if (options_.on_step) options_.on_step(name);
  }

  void OnUnreadable(const BlobId& page, const Status& s) {
    unreadable_.push_back("tree page " + page.Short() + ": " + s.message());
  }

  Status Mark() {
    ARK_RETURN_IF_ERROR(repo_.LoadIndex());
    if (!repo_.damaged_index_files().empty()) {
      return FailedPrecondition("some index files are damaged; run `ark365 repo repair` before prune");
    }
    ARK_ASSIGN_OR_RETURN(std::vector<Id> snaps, repo_.ListObjects(FileType::kSnapshot));
    ARK_ASSIGN_OR_RETURN(std::vector<Id> cps, repo_.ListObjects(FileType::kCheckpoint));
    seen_roots_.insert(snaps.begin(), snaps.end());
    seen_roots_.insert(cps.begin(), cps.end());
    if (progress_ != nullptr) progress_->Begin("prune: mark", 0, 0);
    ARK_RETURN_IF_ERROR(
        MarkAllRoots(repo_, used_, [&](const BlobId& p, const Status& s) { OnUnreadable(p, s); }));
    if (!unreadable_.empty()) {
      return FailedPrecondition("prune stopped: " + unreadable_.front() +
                                " is unreadable, so what it references is unknown; run `ark365 repo check`");
    }
    Step("marked");
    return Status::Ok();
  }

  void Plan() {
    std::unordered_set<BlobHandle> counted;
    for (const IndexedPack& p : repo_.index().Packs()) {
      uint64_t total = 0;
      uint64_t live = 0;
      for (const PackEntry& e : p.entries) {
        BlobHandle h{e.id, e.type};
        total += e.length;
        if (used_.Contains(h) && counted.insert(h).second) {
          live += e.length;
        } else {
          result_.blobs_unused++;
        }
      }
      result_.packs_before++;
      result_.bytes_before += total;
      if (live == 0) {
        delete_.insert(p.id);
        result_.bytes_freed += total;
      } else if (live < total && static_cast<double>(total - live) >=
                                     options_.repack_threshold * static_cast<double>(total)) {
        repack_.push_back(p);
        result_.bytes_freed += total - live;
      }
    }
  }

  Status Repack() {
    if (repack_.empty()) return Status::Ok();
    WriteOptions write;
    write.workers = 1;
    ARK_RETURN_IF_ERROR(repo_.StartWriting(write));
    std::unordered_set<BlobHandle> copied;
    if (progress_ != nullptr) progress_->Begin("prune: repack", repack_.size(), 0);
    for (const IndexedPack& p : repack_) {
      ARK_ASSIGN_OR_RETURN(std::string data, repo_.backend().Load(Handle{FileType::kPack, p.id.Hex()}));
      for (const PackEntry& e : p.entries) {
        BlobHandle h{e.id, e.type};
        if (!used_.Contains(h) || !copied.insert(h).second) continue;
        if (uint64_t{e.offset} + e.length > data.size()) {
          return DataLoss("pack " + p.id.Short() + " is truncated; run `ark365 repo check --read-data`");
        }
        std::string_view stored = std::string_view(data).substr(e.offset, e.length);
        // Authenticate before copying: prune must not spread damage into new packs.
        ARK_RETURN_IF_ERROR(repo_.crypto()
                                .Open(BlobAd(e.type, e.id), stored)
                                .status()
                                .Context("repacking pack " + p.id.Short()));
        ARK_RETURN_IF_ERROR(repo_.saver().SaveStored(e, stored));
      }
      delete_.insert(p.id);
      result_.packs_repacked++;
      if (progress_ != nullptr) progress_->Advance(1, data.size());
    }
    result_.packs_written = repo_.saver().stats().packs;
    return repo_.StopWriting();
  }

  Status MarkNewRoots() {
    // Index files written since phase 1 (backups that ran meanwhile, and our repacking).
    ARK_RETURN_IF_ERROR(repo_.LoadIndex());
    ARK_ASSIGN_OR_RETURN(std::vector<Snapshot> snaps, ListSnapshots(repo_));
    for (const Snapshot& s : snaps) {
      if (seen_roots_.contains(s.id)) continue;
      ARK_RETURN_IF_ERROR(
          MarkTree(repo_, s.tree, used_, [&](const BlobId& p, const Status& st) { OnUnreadable(p, st); }));
    }
    ARK_ASSIGN_OR_RETURN(std::vector<Checkpoint> cps, ListCheckpoints(repo_));
    for (const Checkpoint& c : cps) {
      if (!c.tree) continue;
      ARK_RETURN_IF_ERROR(
          MarkTree(repo_, *c.tree, used_, [&](const BlobId& p, const Status& st) { OnUnreadable(p, st); }));
    }
    if (!unreadable_.empty())
      return FailedPrecondition("prune stopped: " + unreadable_.front() + " is unreadable");
    return Status::Ok();
  }

  // A planned pack stays if something now used exists only in it.
  Status KeepNeededPacks() {
    std::unordered_set<BlobHandle> available;
    std::vector<IndexedPack> packs = repo_.index().Packs();
    for (const IndexedPack& p : packs) {
      if (delete_.contains(p.id)) continue;
      for (const PackEntry& e : p.entries) available.insert(BlobHandle{e.id, e.type});
    }
    for (const IndexedPack& p : packs) {
      if (!delete_.contains(p.id)) continue;
      for (const PackEntry& e : p.entries) {
        BlobHandle h{e.id, e.type};
        if (used_.Contains(h) && !available.contains(h)) {
          spdlog::info("prune: keeping pack {}: a backup that ran meanwhile uses it", p.id.Short());
          delete_.erase(p.id);
          result_.packs_kept_for_new_snapshots++;
          for (const PackEntry& k : p.entries) available.insert(BlobHandle{k.id, k.type});
          break;
        }
      }
    }
    // Orphans: no backup runs now, so an unindexed pack is a leftover. It is
    // indexed again if it holds something used that no indexed pack has.
    std::vector<PackId> orphans;
    ARK_RETURN_IF_ERROR(repo_.backend().List(FileType::kPack, [&](const FileInfo& info) {
      std::optional<Id> id = Id::FromHex(info.handle.name);
      if (id && !repo_.index().HasPack(*id)) orphans.push_back(*id);
      return Status::Ok();
    }));
    for (const PackId& id : orphans) {
      Result<std::vector<PackEntry>> entries = LoadPackHeader(repo_.backend(), repo_.crypto(), id);
      bool needed = false;
      if (entries.ok()) {
        for (const PackEntry& e : *entries)
          needed = needed || (used_.Contains({e.id, e.type}) && !available.contains({e.id, e.type}));
      }
      if (needed) {
        repo_.index().AddPack(id, *entries);
      } else {
        orphans_.push_back(id);
      }
    }
    Step("planned");
    return Status::Ok();
  }

  Status RewriteIndex() {
    ARK_ASSIGN_OR_RETURN(std::vector<Id> before, repo_.ListObjects(FileType::kIndex));
    std::vector<IndexedPack> keep;
    for (IndexedPack& p : repo_.index().Packs()) {
      if (!delete_.contains(p.id)) keep.push_back(std::move(p));
    }
    for (size_t start = 0; start < keep.size() || start == 0; start += kPacksPerIndexFile) {
      std::vector<IndexedPack> part(
          keep.begin() + static_cast<std::ptrdiff_t>(start),
          keep.begin() + static_cast<std::ptrdiff_t>(std::min(keep.size(), start + kPacksPerIndexFile)));
      if (part.empty()) break;
      ARK_RETURN_IF_ERROR(repo_.SaveObject(FileType::kIndex, Id::Random(), EncodeIndexFile(part), false));
    }
    Step("index written");
    for (const Id& id : before) {
      ARK_RETURN_IF_ERROR(repo_.backend().Remove(Handle{FileType::kIndex, id.Hex()}));
      result_.index_files_removed++;
    }
    Step("old index removed");
    return Status::Ok();
  }

  Status DeletePacks() {
    if (progress_ != nullptr) progress_->Begin("prune: delete", delete_.size() + orphans_.size(), 0);
    for (const PackId& id : delete_) {
      ARK_RETURN_IF_ERROR(repo_.backend().Remove(Handle{FileType::kPack, id.Hex()}));
      result_.packs_deleted++;
      if (progress_ != nullptr) progress_->Advance(1, 0);
    }
    for (const PackId& id : orphans_) {
      ARK_RETURN_IF_ERROR(repo_.backend().Remove(Handle{FileType::kPack, id.Hex()}));
      result_.orphans_deleted++;
    }
    Step("packs deleted");
    if (progress_ != nullptr) progress_->End("pruned");
    return Status::Ok();
  }

  Repository& repo_;
  const PruneOptions& options_;
  Progress* progress_;
  PruneResult result_;
  UsedBlobs used_;
  std::vector<std::string> unreadable_;
  std::unordered_set<Id> seen_roots_;
  std::unordered_set<PackId> delete_;
  std::vector<IndexedPack> repack_;
  std::vector<PackId> orphans_;
};

}  // namespace

Result<PruneResult> Prune(Repository& repo, const PruneOptions& options, Progress* progress) {
  if (repo.writing()) return Internal("Prune on a repository that is writing");
  return Pruner(repo, options, progress).Run();
}

}  // namespace ark::repo
