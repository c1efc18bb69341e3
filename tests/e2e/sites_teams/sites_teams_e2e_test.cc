// Sites and Teams end to end: a set of every site and team of the small tenant, full backup equal to the
// emulator's truth (every library file's SHA-256, every list item, every post and reply with its hosted
// image), mutate, an incremental equal to the new truth, channel files stored once (by their site), and
// Personal Sites refused for a Modern set with the seed's message.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>

#include "backup/layout.h"
#include "backup_env.h"
#include "core/encoding.h"
#include "core/file.h"
#include "core/hash.h"
#include "repo/content.h"
#include "repo/directory.h"
#include "repo/node.h"
#include "repo/snapshot.h"
#include "repo/walker.h"

namespace ark::testing {
namespace {

using nlohmann::json;

// "<kind>:<owner>/<…>/<id>" -> SHA-256 of the content for files, "hosted" for a post with an image, "".
using Contents = std::map<std::string, std::string>;

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

template <typename T>
T Value(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error(what + ": " + r.status().ToString());
  return std::move(*r);
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  return all;
}

std::vector<std::string> Diff(const Contents& expected, const Contents& actual) {
  std::vector<std::string> out;
  for (const auto& [key, value] : expected) {
    auto it = actual.find(key);
    if (it == actual.end()) {
      out.push_back("missing " + key);
    } else if (it->second != value) {
      out.push_back("different " + key + ": '" + it->second + "' instead of '" + value + "'");
    }
    if (out.size() >= 20) return out;
  }
  for (const auto& [key, value] : actual) {
    if (!expected.contains(key)) out.push_back("extra " + key);
    if (out.size() >= 20) return out;
  }
  return out;
}

bool IsPersonal(const std::string& site_id) { return site_id.find("-my.") != std::string::npos; }

class SitesTeamsEnv {
 public:
  SitesTeamsEnv() {
    const json& admin = env.sim.Account("global-admin");
    ProcessResult created =
        env.ark.Run({"set", "create", "st", "--org", "contoso", "--account", admin["upn"], "--sites", "*",
                     "--teams", "*", "--workloads", "sites,teams", "--repository", env.repository_dir()});
    if (created.exit_code != 0) throw std::runtime_error("set create: " + created.err);
    // The Global Administrator's Modern authorization of set "all" is reused: no second sign-in.
    ProcessResult migrated = env.ark.Run({"set", "migrate-auth", "st", "--to", "modern"});
    if (migrated.exit_code != 0) throw std::runtime_error("migrate-auth: " + migrated.err + migrated.out);
  }

  ProcessResult Backup() { return env.ark.Run({"--json", "--progress", "none", "backup", "run", "st"}); }

  // Every site (not personal) and team of the tenant, as the snapshot should hold them. Sites without
  // lists (those of private and shared channels) are not named by the truth: `extra_sites` (those the
  // snapshot has) adds them.
  Contents Truth() {
    Contents out;
    json everything = env.Admin("GET", "/truth?content=false");
    std::set<std::string> sites = snapshot_sites;
    for (const json& item : everything["items"]) {
      if (item["workload"] == "lists" && !IsPersonal(item["site"])) sites.insert(item["site"]);
    }
    for (const std::string& site : sites) {
      json truth = env.Admin("GET", "/truth?site=" + PercentEncode(site));
      for (const json& item : truth["items"]) {
        if (item["kind"] == "file") {
          out["file:" + item["drive"].get<std::string>() + "/" + item["id"].get<std::string>()] =
              item["sha256"];
        } else if (item["kind"] == "listItem") {
          out["listItem:" + site + item["path"].get<std::string>()] = "";
        }
      }
    }
    json tenant = env.Admin("GET", "/tenant");
    for (const json& group : tenant["groups"]) {
      if (!group.value("hasTeam", false)) continue;
      std::string team = group["id"];
      json truth = env.Admin("GET", "/truth?content=false&team=" + team);
      for (const json& item : truth["items"]) {
        const json& meta = item["metadata"];
        bool hosted = meta.value("hostedContent", false) && !meta.value("deleted", false);
        out["message:" + team + item["path"].get<std::string>() + "/" + item["id"].get<std::string>()] =
            hosted ? "hosted" : "";
      }
    }
    return out;
  }

  // The latest snapshot of set "st", in the same keys; also checks the channel files pointers.
  Contents Snapshot() {
    std::unique_ptr<repo::Repository> repo = env.OpenRepository();
    std::optional<repo::Snapshot> latest;
    for (const repo::Snapshot& s : Value(repo::ListSnapshots(*repo), "snapshots")) {
      if (s.source.ends_with("/st") && (!latest || s.time >= latest->time)) latest = s;
    }
    if (!latest) throw std::runtime_error("no snapshot of set st");
    Contents out;
    std::map<std::string, std::string> list_names;              // "sites/<s>/lists/<l>" -> list name
    std::map<std::string, std::string> channel_names;           // "teams/<t>/channels/<c>" -> channel name
    std::vector<std::pair<std::string, std::string>> messages;  // (directory path, key without channel name)
    std::set<std::string> hosted;                               // thread directory + message id
    files_pointers.clear();
    files_under_teams = 0;
    auto record = [&](const repo::Node& node) {
      return json::parse(Value(repo::LoadRecord(*repo, *node.record), "record"));
    };
    Status walked = repo::WalkTree(
        *repo, latest->tree, "",
        [&](const std::string& path, const repo::Node& node) -> Status {
          if (node.type != repo::NodeType::kItem) return Status::Ok();
          std::vector<std::string> p = Split(path);
          if (p[0] == backup::kSitesDir && p.size() == 3 && p[2] == backup::kSiteNode) {
            snapshot_sites.insert(backup::UnescapeName(p[1]));
          }
          if (p[0] == backup::kSitesDir && p.size() == 5 && p[2] == backup::kDriveDir &&
              !p[4].starts_with("_")) {
            json j = record(node);
            if (j.contains("folder") || j.contains("root")) return Status::Ok();
            Hasher hasher(DigestAlgorithm::kSha256);
            repo::ContentReader reader(*repo, node.content);
            ARK_RETURN_IF_ERROR(reader.ReadAll([&](std::string_view piece) {
              hasher.Update(piece);
              return Status::Ok();
            }));
            out["file:" + backup::UnescapeName(p[3]) + "/" + backup::UnescapeName(p[4])] =
                HexEncode(hasher.Finish());
          } else if (p[0] == backup::kSitesDir && p.size() == 5 && p[2] == backup::kListsDir) {
            std::string list = p[0] + "/" + p[1] + "/" + p[2] + "/" + p[3];
            if (p[4] == backup::kListNode)
              list_names[list] = record(node)["name"];
            else
              messages.emplace_back(list, backup::UnescapeName(p[1]) + "|" + backup::UnescapeName(p[4]));
          } else if (p[0] == backup::kTeamsDir && p.size() >= 5 && p[2] == backup::kChannelsDir) {
            std::string channel = p[0] + "/" + p[1] + "/" + p[2] + "/" + p[3];
            if (p[4] == backup::kChannelNode) channel_names[channel] = record(node)["displayName"];
            if (p[4] == backup::kFilesNode) files_pointers.push_back(record(node)["path"]);
            std::string team = backup::UnescapeName(p[1]);
            std::string root = p.size() > 5 ? backup::UnescapeName(p[4]) : "";
            if (p.size() == 6 && p[5] == backup::kMessageNode) {
              messages.emplace_back(channel, team + "|" + root + "/" + root);
            } else if (p.size() == 7 && p[5] == backup::kRepliesDir) {
              messages.emplace_back(channel, team + "|" + root + "/" + backup::UnescapeName(p[6]));
            } else if (p.size() == 7 && p[5] == backup::kHostedDir) {
              hosted.insert(channel + "|" + root + "/" + record(node)["messageId"].get<std::string>());
            } else if (!node.content.empty()) {
              ++files_under_teams;
            }
          }
          return Status::Ok();
        },
        [&](const std::string& path, const Status& s) {
          throw std::runtime_error("unreadable " + path + ": " + s.ToString());
        });
    if (!walked.ok()) throw std::runtime_error(walked.ToString());
    for (const auto& [dir, rest] : messages) {
      size_t bar = rest.find('|');
      std::string owner = rest.substr(0, bar);
      std::string tail = rest.substr(bar + 1);
      if (dir.starts_with(backup::kSitesDir)) {
        out["listItem:" + owner + "/Lists/" + list_names[dir] + "/" + tail] = "";
      } else {
        out["message:" + owner + "/" + channel_names[dir] + "/" + tail] =
            hosted.contains(dir + "|" + tail) ? "hosted" : "";
      }
    }
    // Every channel's files are a folder of a site's drive in the same snapshot.
    for (const std::string& pointer : files_pointers) {
      if (pointer.empty() || !Value(repo::LookupPath(*repo, latest->tree, pointer), "lookup " + pointer)) {
        dangling_pointers.push_back(pointer);
      }
    }
    return out;
  }

  BackupEnv env{"small"};
  std::vector<std::string> files_pointers;
  std::set<std::string> snapshot_sites;
  std::vector<std::string> dangling_pointers;
  size_t files_under_teams = 0;
};

// How many catalog items of set "st" of `type` the latest snapshot has.
size_t CatalogCount(BackupEnv& env, const std::string& type) {
  ProcessResult r = env.ark.Run({"--json", "search", "st", "--type", type, "--limit", "1000"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out)["items"].size() : 0;
}

uint64_t Counter(const json& counters, const std::string& name) {
  return counters["counters"].value(name, uint64_t{0});
}

TEST(SitesTeamsE2eTest, FullThenIncrementalMatchTheTruthAndChannelFilesAreStoredOnce) {
  SitesTeamsEnv st;
  ProcessResult full = st.Backup();
  ASSERT_EQ(full.exit_code, 0) << full.err << full.out;
  Contents full_snapshot = st.Snapshot();
  Contents before = st.Truth();
  size_t files = 0, items = 0, posts = 0, images = 0;
  for (const auto& [key, value] : before) {
    files += key.starts_with("file:");
    items += key.starts_with("listItem:");
    posts += key.starts_with("message:");
    images += value == "hosted";
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(items, 20u);
  EXPECT_GT(posts, 20u);
  EXPECT_GT(images, 0u);
  EXPECT_EQ(Joined(Diff(before, full_snapshot)), "");
  EXPECT_FALSE(st.files_pointers.empty());
  EXPECT_EQ(Joined(st.dangling_pointers), "");
  EXPECT_EQ(st.files_under_teams, 0u);
  json report = json::parse(full.out);
  EXPECT_GT(report.value("teams", 0), 0) << full.out;

  // A channel's conversation exported from the snapshot: every thread of the truth, readable.
  std::string team_name;
  std::string team_id;
  json tenant = st.env.Admin("GET", "/tenant");
  for (const json& group : tenant["groups"]) {
    if (group.value("hasTeam", false)) team_name = group["displayName"], team_id = group["id"];
  }
  ASSERT_FALSE(team_name.empty());
  std::string out_dir = st.env.home() + "/../export-general";
  ProcessResult exported =
      st.env.ark.Run({"--json", "teams", "export", "st", team_name, "General", "--output", out_dir});
  ASSERT_EQ(exported.exit_code, 0) << exported.err << exported.out;
  size_t general_threads = 0;
  for (const auto& [key, value] : before) {
    std::string prefix = "message:" + team_id + "/General/";
    if (!key.starts_with(prefix)) continue;
    std::string rest = key.substr(prefix.size());
    general_threads += rest.substr(0, rest.find('/')) == rest.substr(rest.find('/') + 1);
  }
  EXPECT_EQ(json::parse(exported.out)["threads"].get<size_t>(), general_threads);
  std::string html = Value(ReadFile(out_dir + "/conversation.html"), "conversation.html");
  EXPECT_NE(html.find("<section>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  json conversation = json::parse(Value(ReadFile(out_dir + "/conversation.json"), "conversation.json"));
  EXPECT_EQ(conversation["threads"].size(), general_threads);

  st.env.Admin("DELETE", "/counters");
  json mutation = {{"seed", 7}, {"fraction", 0.1}};
  json changes = st.env.Admin("POST", "/mutate", &mutation);
  ProcessResult incremental = st.Backup();
  ASSERT_EQ(incremental.exit_code, 0) << incremental.err << incremental.out;
  Contents incremental_snapshot = st.Snapshot();
  EXPECT_EQ(Joined(Diff(st.Truth(), incremental_snapshot)), "");
  // The catalog was fed during the runs, and is rebuilt the same from the repository alone.
  size_t list_items = CatalogCount(st.env, "list");
  size_t messages = CatalogCount(st.env, "message");
  EXPECT_GT(list_items, 0u);
  EXPECT_GT(messages, 0u);
  ProcessResult rebuild = st.env.ark.Run({"catalog", "rebuild", "st"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_EQ(CatalogCount(st.env, "list"), list_items);
  EXPECT_EQ(CatalogCount(st.env, "message"), messages);

  // Only changed files are downloaded again (renames and moves keep their stored bytes).
  json counters = st.env.Admin("GET", "/counters");
  uint64_t changed_files = changes["added"].value("files", 0) + changes["edited"].value("files", 0);
  EXPECT_LE(Counter(counters, "files/download"), changed_files) << counters.dump() << changes.dump();
}

TEST(SitesTeamsE2eTest, AnImageThatFailsEndsPartialAndTheNextRunFetchesItsThreadAgain) {
  SitesTeamsEnv st;
  json tenant = st.env.Admin("GET", "/tenant");
  std::string message;
  for (const json& group : tenant["groups"]) {
    if (!group.value("hasTeam", false) || !message.empty()) continue;
    json truth = st.env.Admin("GET", "/truth?content=false&team=" + group["id"].get<std::string>());
    for (const json& item : truth["items"]) {
      const json& meta = item["metadata"];
      if (meta.value("hostedContent", false) && !meta.value("deleted", false)) message = item["id"];
    }
  }
  ASSERT_FALSE(message.empty());
  json rule = {{"route", "/v1.0/teams/*/messages/" + message + "/hostedContents/*"},
               {"listener", "graph"},
               {"fault", 503},
               {"count", 1000},
               {"retry_after", 0.05}};
  st.env.Admin("POST", "/faults", &rule);
  ProcessResult partial = st.Backup();
  EXPECT_EQ(partial.exit_code, 3) << partial.err << partial.out;
  EXPECT_NE(partial.out.find("an image of message " + message), std::string::npos) << partial.out;
  Contents stored = st.Snapshot();
  EXPECT_NE(Joined(Diff(st.Truth(), stored)), "");

  st.env.Admin("DELETE", "/faults");
  ProcessResult complete = st.Backup();
  ASSERT_EQ(complete.exit_code, 0) << complete.err << complete.out;
  Contents retried = st.Snapshot();
  EXPECT_EQ(Joined(Diff(st.Truth(), retried)), "");
}

TEST(SitesTeamsE2eTest, PersonalSitesAreRefusedForModernSetsUpFront) {
  BackupEnv env("tiny");
  const json& admin = env.sim.Account("global-admin");
  ProcessResult r = env.ark.Run({"set", "create", "mysites", "--org", "contoso", "--account", admin["upn"],
                                 "--personal-sites", "*", "--workloads", "sites", "--auth", "modern",
                                 "--repository", env.repository_dir()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.err + r.out).find("selects Personal Sites, which Modern authentication cannot back up"),
            std::string::npos)
      << r.err << r.out;
}

}  // namespace
}  // namespace ark::testing
