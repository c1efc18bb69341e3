// The catalog: the searchable index of every item of every snapshot (public API of src/catalog).
//
// Writing (the backup layer): BeginSnapshot() opens the next snapshot of a
// backup set and returns a SnapshotWriter. Many threads may Put() items into
// it; the writes are queued and applied in batched transactions by one writer
// connection. Nothing written becomes visible to Browse()/Search() until
// Commit(), which is made right after the repository snapshot is committed.
// A run that dies leaves the snapshot open; the next BeginSnapshot() of the
// set resumes it (or the caller abandons it).
//
// Storage is incremental: each item version is stored once with the range of
// snapshot sequence numbers it is valid in, so a snapshot in which 1% of the
// items changed writes about 1% new rows (docs/catalog.md).
//
// Reading: Browse() a folder, Search() with full text and filters, GetItem(),
// ItemHistory(). Results come in pages with an opaque cursor.
//
// Thread-safety: a Catalog and its SnapshotWriters may be used from any
// number of threads. SQLite is the implementation today; PostgreSQL will sit
// behind the same interface.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/item.h"
#include "core/status.h"
#include "core/time.h"

namespace ark::catalog {

// A backup set as the catalog knows it. `id` is the set's stable id from the
// configuration store; names are refreshed at every BeginSnapshot().
struct SetInfo {
  std::string id;
  std::string name;
  std::string org_id;
  std::string org_name;
};

enum class SnapshotState : int { kOpen = 0, kCommitted = 1, kForgotten = 2 };
std::string_view SnapshotStateName(SnapshotState state);

struct SnapshotInfo {
  std::string set_id;
  // Position in the set's history, 1, 2, 3... in commit order; the validity
  // ranges of item versions are expressed in these numbers.
  std::int64_t seq = 0;
  // The repository's snapshot id; empty while open (unless prepared).
  std::string id;
  SystemTime time;
  SnapshotState state = SnapshotState::kOpen;
  // Filled in at commit: items present, and the differences to the previous snapshot.
  std::int64_t items = 0;
  std::int64_t added = 0;
  std::int64_t changed = 0;
  std::int64_t removed = 0;
};

// Which items of an open snapshot a full listing covered (see CompleteListing).
struct ListingScope {
  std::string owner_id;           // empty: every owner
  std::string folder_path = "/";  // the folder listed
  bool recursive = true;          // and everything below it
  std::vector<ItemKind> kinds;    // empty: every kind
};

// Writes one snapshot. Methods are thread-safe. Put/Delete/... only queue the
// change and return at once (blocking while the queue is full); an error in
// applying a queued change is returned by the next call and by Flush/Commit.
class SnapshotWriter {
 public:
  virtual ~SnapshotWriter() = default;

  // The snapshot being written (seq, time; the id once prepared).
  virtual const SnapshotInfo& snapshot() const = 0;
  // True when BeginSnapshot() found this snapshot open and resumed it.
  virtual bool resumed() const = 0;

  // Records (or refreshes) a user, site, team or group; items refer to it by id.
  virtual Status PutOwner(Owner owner) = 0;
  // Records that `item` is present in this snapshot. An item identical to its
  // current version costs nothing; a changed one closes the old version and
  // stores a new one.
  virtual Status Put(Item item) = 0;
  // Records that the item is gone in this snapshot (deleted, or moved where
  // it got a new id).
  virtual Status Delete(ItemKey key) = 0;
  // Records that everything inside `folder_path` of `owner_id`, at any depth,
  // is gone (a deleted folder); the folder's own item is deleted with Delete().
  virtual Status DeleteSubtree(std::string owner_id, std::string folder_path) = 0;
  // Declares that every item inside `scope` was Put() in this snapshot (a
  // full enumeration: the first backup, a delta resync after HTTP 410, a
  // catalog rebuild): items of the scope present before and not Put() since
  // this snapshot began are recorded as gone.
  virtual Status CompleteListing(ListingScope scope) = 0;

  // Waits until everything queued so far is durable in the catalog. Call it
  // before checkpointing the repository, so that a resumed run never skips
  // an item the catalog does not have.
  virtual Status Flush() = 0;
  // Records the repository snapshot id about to be committed, so that a run
  // that dies between the repository commit and Commit() can be finished by
  // the next one (pending_snapshot_id() of a resumed writer).
  virtual Status Prepare(std::string snapshot_id) = 0;
  // Makes the snapshot visible, tied to the repository snapshot `snapshot_id`.
  // The writer is finished afterwards.
  virtual Result<SnapshotInfo> Commit(std::string snapshot_id) = 0;
  // Removes every trace of this snapshot; the catalog is as before it began.
  virtual Status Abandon() = 0;
};

struct BeginOptions {
  // The snapshot's time (the repository snapshot's); default now.
  std::optional<SystemTime> time;
};

enum class Order {
  kName,    // by name, then id: what browse shows by default
  kNewest,  // newest PrimaryDate first: what search shows by default
};

// One item version as read back.
struct ItemRecord {
  std::int64_t version_id = 0;  // stable id of this version: GetItem() takes it
  std::string set_id;
  Item item;
  Owner owner;
  std::optional<SystemTime> date;        // PrimaryDate()
  std::int64_t first_seq = 0;            // first snapshot it is in
  std::optional<std::int64_t> last_seq;  // last snapshot it is in; empty while current
  // For containers: the path to browse to see its children.
  std::string child_path() const { return ChildPath(item.folder_path, item.name); }
};

struct Page {
  SnapshotInfo snapshot;  // the snapshot the page describes
  std::vector<ItemRecord> items;
  std::string next_cursor;  // empty on the last page
};

struct BrowseRequest {
  std::string set_id;
  std::string snapshot;  // "", "latest", a snapshot id or unique prefix, or an RFC 3339 time
  std::string path = "/";
  Order order = Order::kName;
  int limit = 100;  // 1..1000
  std::string cursor;
};

struct SearchRequest {
  std::string set_id;
  std::string snapshot;  // as in BrowseRequest
  // Words are ANDed; "quoted phrase", prefix*, -excluded, a OR b, and field
  // prefixes name: from: to: body: attachment: path: (docs/catalog.md).
  std::string text;
  std::string user;                  // an owner's id, address or display name
  std::string from;                  // words or an address the sender/author must contain
  std::optional<SystemTime> after;   // PrimaryDate >= after
  std::optional<SystemTime> before;  // PrimaryDate < before
  std::vector<ItemKind> kinds;       // empty: every kind
  std::string folder;                // only inside this folder path (recursive)
  Order order = Order::kNewest;
  int limit = 50;  // 1..1000
  std::string cursor;
};

class Catalog {
 public:
  virtual ~Catalog() = default;

  // --- writing ---
  // Opens the next snapshot of `set`, or resumes the one left open by a run
  // that did not finish. One writer per set at a time in a process.
  virtual Result<std::unique_ptr<SnapshotWriter>> BeginSnapshot(const SetInfo& set,
                                                                BeginOptions options = {}) = 0;
  // The snapshot of the set left open by an unfinished run, if any.
  virtual Result<std::optional<SnapshotInfo>> OpenSnapshot(std::string_view set_id) = 0;
  // Forgets a committed snapshot (repository retention removed it) and drops
  // the item versions no remaining snapshot needs.
  virtual Status ForgetSnapshot(std::string_view set_id, std::string_view snapshot_id) = 0;
  // Deletes everything the catalog holds about a set: the first step of
  // rebuilding it from the repository, which then replays every snapshot in
  // order (BeginSnapshot with the snapshot's time, Put every item,
  // CompleteListing({}), Commit with its id).
  virtual Status ResetSet(std::string_view set_id) = 0;

  // --- reading ---
  virtual Result<std::vector<SetInfo>> ListSets() = 0;
  // A set by id, or by name (case-insensitive) when the name is unambiguous.
  virtual Result<SetInfo> FindSet(std::string_view name_or_id) = 0;
  // Committed snapshots, oldest first.
  virtual Result<std::vector<SnapshotInfo>> ListSnapshots(std::string_view set_id) = 0;
  // "", "latest", an id or unique id prefix, or an RFC 3339 time (the latest
  // snapshot at or before it).
  virtual Result<SnapshotInfo> ResolveSnapshot(std::string_view set_id, std::string_view selector) = 0;
  virtual Result<std::vector<Owner>> ListOwners(std::string_view set_id) = 0;

  virtual Result<Page> Browse(const BrowseRequest& request) = 0;
  virtual Result<Page> Search(const SearchRequest& request) = 0;
  virtual Result<ItemRecord> GetItem(std::int64_t version_id) = 0;
  // Every stored version of one item, oldest first.
  virtual Result<std::vector<ItemRecord>> ItemHistory(std::string_view set_id, const ItemKey& key) = 0;
};

struct CatalogOptions {
  // Queued changes a writer may hold before Put() blocks.
  std::size_t queue_capacity = 8192;
  // Changes applied per transaction at most.
  std::size_t batch_size = 2000;
  // A search whose words match at least this many items walks the date index
  // instead of sorting every match (docs/catalog.md); tests lower it.
  std::int64_t dense_matches = 40000;
};

// Opens (creating and migrating if needed) the SQLite catalog at `path`,
// normally Home::Catalog(), "<home>/catalog.db".
Result<std::unique_ptr<Catalog>> OpenSqliteCatalog(const std::string& path, CatalogOptions options = {});

}  // namespace ark::catalog
