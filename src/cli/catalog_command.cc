// `ark365 browse`, `ark365 search` and `ark365 catalog snapshots|show`: reading the catalog of backed-up
// items.
//
// The backup set is found by name in the configuration store and by its id
// in the catalog (a set appears there with its first backup), so that a
// renamed set keeps its catalog; a set no longer in the store is still found
// in the catalog by its last name or its id.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "cli/command.h"
#include "cli/org_support.h"
#include "core/time.h"

namespace ark::cli {
namespace {

using catalog::Catalog;
using catalog::ItemRecord;
using catalog::Page;
using catalog::SnapshotInfo;

struct PageOptions {
  std::string set;
  std::string snapshot;
  int limit = 0;
  std::string cursor;
};

struct BrowseOptions : PageOptions {
  std::string path = "/";
  std::string order = "name";
};

struct SearchOptions : PageOptions {
  std::string query;
  std::string user;
  std::string from;
  std::string after;
  std::string before;
  std::string type;
  std::string folder;
};

Result<std::unique_ptr<Catalog>> OpenCatalog(CommandContext& ctx) {
  ARK_ASSIGN_OR_RETURN(Home home, ctx.home());
  if (!std::filesystem::exists(home.Catalog())) {
    return NotFound("there is no catalog at " + home.Catalog() +
                    " yet; it is created by the first backup (or `ark365 catalog rebuild`)");
  }
  return catalog::OpenSqliteCatalog(home.Catalog());
}

Result<catalog::SetInfo> FindCatalogSet(CommandContext& ctx, Catalog& catalog,
                                        const std::string& name_or_id) {
  Result<std::unique_ptr<org::ConfigStore>> store = OpenConfigStore(ctx);
  if (store.ok()) {
    Result<org::BackupSet> set = (*store)->GetBackupSet(name_or_id);
    if (set.ok()) return catalog.FindSet(std::to_string(set->id));
  }
  return catalog.FindSet(name_or_id);
}

// "2026-11-23" (midnight UTC) or a full RFC 3339 time.
Result<std::optional<SystemTime>> ParseDateOption(const std::string& flag, const std::string& text) {
  if (text.empty()) return std::optional<SystemTime>();
  std::optional<SystemTime> t = ParseRfc3339(text);
  if (!t && text.size() == 10) t = ParseRfc3339(text + "T00:00:00Z");
  if (!t) {
    return InvalidArgument(flag + " '" + text + "' is not a date; write 2026-11-23 or 2026-11-23T14:00:00Z");
  }
  return t;
}

std::string FormatOptionalTime(const std::optional<SystemTime>& t) { return t ? FormatRfc3339(*t) : ""; }

nlohmann::ordered_json SnapshotJson(const SnapshotInfo& s) {
  return {{"id", s.id},       {"number", s.seq},      {"time", FormatRfc3339(s.time)}, {"items", s.items},
          {"added", s.added}, {"changed", s.changed}, {"removed", s.removed}};
}

nlohmann::ordered_json ItemJson(const ItemRecord& r) {
  const catalog::Item& i = r.item;
  nlohmann::ordered_json j = {
      {"id", r.version_id},
      {"kind", std::string(catalog::ItemKindName(i.key.kind))},
      {"name", i.name},
      {"folder", i.folder_path},
      {"owner", {{"id", r.owner.id}, {"name", r.owner.display_name}, {"address", r.owner.address}}},
      {"size", i.size},
      {"date", FormatOptionalTime(r.date)},
      {"from", i.from},
      {"to", i.to},
      {"graph_id", i.key.graph_id},
      {"ref", i.ref},
      {"first_snapshot", r.first_seq},
      {"last_snapshot", r.last_seq ? nlohmann::json(*r.last_seq) : nlohmann::json(nullptr)},
  };
  if (catalog::IsContainer(i.key.kind)) j["path"] = r.child_path();
  if (i.has_attachments) j["attachments"] = i.attachment_names;
  if (!i.preview.empty()) j["preview"] = i.preview;
  if (!i.location.empty()) j["location"] = i.location;
  if (!i.version.empty()) j["version"] = i.version;
  for (const auto& [name, t] :
       {std::pair{"created", &i.created}, std::pair{"modified", &i.modified}, std::pair{"sent", &i.sent},
        std::pair{"received", &i.received}, std::pair{"start", &i.start}, std::pair{"end", &i.end}}) {
    if (*t) j[name] = FormatRfc3339(**t);
  }
  return j;
}

std::string HumanSize(std::int64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

// "2026-11-23 14:06" or "-".
std::string ShortDate(const std::optional<SystemTime>& t) {
  if (!t) return "-";
  std::string text = FormatRfc3339(*t);
  return text.substr(0, 10) + " " + text.substr(11, 5);
}

void PrintPage(CommandContext& ctx, const catalog::SetInfo& set, const Page& page, const std::string& heading,
               bool show_folder) {
  ctx.out().Text("backup set " + set.name + ", snapshot " + page.snapshot.id + " (" +
                 FormatRfc3339(page.snapshot.time) + ")" + heading);
  for (const ItemRecord& r : page.items) {
    char line[160];
    std::snprintf(line, sizeof line, "%-10lld %-16s %-16s %9s  ", static_cast<long long>(r.version_id),
                  std::string(catalog::ItemKindName(r.item.key.kind)).c_str(), ShortDate(r.date).c_str(),
                  catalog::IsContainer(r.item.key.kind) ? "-" : HumanSize(r.item.size).c_str());
    std::string name = show_folder ? r.item.folder_path + " / " + r.item.name : r.item.name;
    if (catalog::IsContainer(r.item.key.kind)) name += "/";
    if (!r.item.from.empty() && show_folder) name += "  (from " + r.item.from + ")";
    ctx.out().Text(line + name);
  }
  if (page.items.empty()) ctx.out().Text("(nothing)");
  if (!page.next_cursor.empty()) ctx.out().Text("more: add --cursor " + page.next_cursor);
  nlohmann::ordered_json doc;
  doc["set"] = {{"id", set.id}, {"name", set.name}};
  doc["snapshot"] = SnapshotJson(page.snapshot);
  doc["items"] = nlohmann::json::array();
  for (const ItemRecord& r : page.items) doc["items"].push_back(ItemJson(r));
  doc["next_cursor"] = page.next_cursor.empty() ? nlohmann::json(nullptr) : nlohmann::json(page.next_cursor);
  ctx.out().Json(doc);
}

Status RunBrowse(CommandContext& ctx, const BrowseOptions& o) {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<Catalog> catalog, OpenCatalog(ctx));
  ARK_ASSIGN_OR_RETURN(catalog::SetInfo set, FindCatalogSet(ctx, *catalog, o.set));
  catalog::BrowseRequest request;
  request.set_id = set.id;
  request.snapshot = o.snapshot;
  request.path = o.path;
  request.order = o.order == "newest" ? catalog::Order::kNewest : catalog::Order::kName;
  request.limit = o.limit;
  request.cursor = o.cursor;
  ARK_ASSIGN_OR_RETURN(Page page, catalog->Browse(request));
  PrintPage(ctx, set, page, ", " + catalog::NormalizePath(o.path), /*show_folder=*/false);
  return Status::Ok();
}

Status RunSearch(CommandContext& ctx, const SearchOptions& o) {
  catalog::SearchRequest request;
  request.text = o.query;
  request.user = o.user;
  request.from = o.from;
  request.folder = o.folder;
  request.snapshot = o.snapshot;
  request.limit = o.limit;
  request.cursor = o.cursor;
  ARK_ASSIGN_OR_RETURN(request.after, ParseDateOption("--after", o.after));
  ARK_ASSIGN_OR_RETURN(request.before, ParseDateOption("--before", o.before));
  if (!o.type.empty()) {
    ARK_ASSIGN_OR_RETURN(request.kinds, catalog::KindsForType(o.type));
  }
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<Catalog> catalog, OpenCatalog(ctx));
  ARK_ASSIGN_OR_RETURN(catalog::SetInfo set, FindCatalogSet(ctx, *catalog, o.set));
  request.set_id = set.id;
  ARK_ASSIGN_OR_RETURN(Page page, catalog->Search(request));
  PrintPage(ctx, set, page, o.query.empty() ? "" : ", search: " + o.query, /*show_folder=*/true);
  return Status::Ok();
}

Status RunSnapshots(CommandContext& ctx, const std::string& set_name) {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<Catalog> catalog, OpenCatalog(ctx));
  ARK_ASSIGN_OR_RETURN(catalog::SetInfo set, FindCatalogSet(ctx, *catalog, set_name));
  ARK_ASSIGN_OR_RETURN(std::vector<SnapshotInfo> snapshots, catalog->ListSnapshots(set.id));
  nlohmann::ordered_json list = nlohmann::json::array();
  ctx.out().Text("backup set " + set.name + ": " + std::to_string(snapshots.size()) + " snapshots");
  for (const SnapshotInfo& s : snapshots) {
    ctx.out().Text(FormatRfc3339(s.time) + "  " + s.id + "  " + std::to_string(s.items) + " items (+" +
                   std::to_string(s.added) + " ~" + std::to_string(s.changed) + " -" +
                   std::to_string(s.removed) + ")");
    list.push_back(SnapshotJson(s));
  }
  ctx.out().Json({{"set", {{"id", set.id}, {"name", set.name}}}, {"snapshots", list}});
  return Status::Ok();
}

Status RunShow(CommandContext& ctx, std::int64_t id) {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<Catalog> catalog, OpenCatalog(ctx));
  ARK_ASSIGN_OR_RETURN(ItemRecord record, catalog->GetItem(id));
  nlohmann::ordered_json j = ItemJson(record);
  for (const auto& [key, value] : j.items()) {
    ctx.out().Text(key + ": " + (value.is_string() ? value.get<std::string>() : value.dump()));
  }
  ctx.out().Json(j);
  return Status::Ok();
}

void AddPageOptions(CLI::App* cmd, PageOptions& o, int default_limit) {
  o.limit = default_limit;
  cmd->add_option("SET", o.set, "Backup set, by name or id")->required();
  cmd->add_option(
      "--snapshot", o.snapshot,
      "Snapshot id (or unique prefix), 'latest' (default), or a time: the last snapshot at or before it");
  cmd->add_option("--limit", o.limit, "Items per page, 1-1000")->check(CLI::Range(1, 1000));
  cmd->add_option("--cursor", o.cursor, "Continue after the page that printed this cursor");
}

}  // namespace

void RegisterCatalogCommands(CLI::App& app, CommandRunner& runner) {
  auto browse_options = std::make_shared<BrowseOptions>();
  auto* browse = app.add_subcommand("browse", "List what a snapshot holds at a path of a backup set");
  AddPageOptions(browse, *browse_options, 100);
  browse->add_option("PATH", browse_options->path,
                     "Path in the snapshot, e.g. /alice@contoso.com/Mail/Inbox");
  browse->add_option("--order", browse_options->order, "name (default) or newest")
      ->check(CLI::IsMember({"name", "newest"}));
  browse->callback([&runner, browse_options] {
    runner.Select(
        [browse_options](CommandContext& ctx) { return Finish(ctx, RunBrowse(ctx, *browse_options)); });
  });

  auto search_options = std::make_shared<SearchOptions>();
  auto* search = app.add_subcommand("search", "Find backed-up items by words and filters (newest first)");
  AddPageOptions(search, *search_options, 50);
  search->add_option("QUERY", search_options->query,
                     "Words (all must match), \"a phrase\", prefix*, -excluded, a OR b, "
                     "from: to: subject: body: attachment: path:");
  search->add_option("--user", search_options->user,
                     "Only items of this user, site or team (id, address or name)");
  search->add_option("--from", search_options->from, "Only items from this sender, organizer or author");
  search->add_option("--after", search_options->after,
                     "Only items dated on or after (2026-11-23 or RFC 3339)");
  search->add_option("--before", search_options->before, "Only items dated before");
  search->add_option(
      "--type", search_options->type,
      "mail, file, event, contact, folder, site, list, team, channel, message, version, or a kind");
  search->add_option("--folder", search_options->folder, "Only items inside this path");
  search->callback([&runner, search_options] {
    runner.Select(
        [search_options](CommandContext& ctx) { return Finish(ctx, RunSearch(ctx, *search_options)); });
  });

  auto* group = app.add_subcommand("catalog", "Inspect the catalog of backed-up items");
  group->require_subcommand(1);
  auto set_name = std::make_shared<std::string>();
  auto* snapshots = group->add_subcommand("snapshots", "List the snapshots of a backup set in the catalog");
  snapshots->add_option("SET", *set_name, "Backup set, by name or id")->required();
  snapshots->callback([&runner, set_name] {
    runner.Select([set_name](CommandContext& ctx) { return Finish(ctx, RunSnapshots(ctx, *set_name)); });
  });
  auto item_id = std::make_shared<std::int64_t>(0);
  auto* show = group->add_subcommand("show", "Show every field of one item version");
  show->add_option("ID", *item_id, "Item id, as printed by browse and search")->required();
  show->callback([&runner, item_id] {
    runner.Select([item_id](CommandContext& ctx) { return Finish(ctx, RunShow(ctx, *item_id)); });
  });
}

}  // namespace ark::cli
