// The state directory: the one place where Ark365 keeps everything on a machine.
//
//   <home>/config.toml     optional configuration file (docs/configuration.md)
//   <home>/ark365.db       configuration database: organizations, backup sets, jobs
//   <home>/master.key      key that encrypts secrets at rest (mode 0600)
//   <home>/catalog.db      searchable index of backed-up items
//   <home>/logs/           job logs
//   <home>/repository/     default local backup repository
//
// Chosen by --home DIR, else $ARK365_HOME, else $XDG_DATA_HOME/ark365, else
// ~/.local/share/ark365. Created with mode 0700.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"

namespace ark {

struct Home {
  std::string root;

  std::string ConfigFile() const { return root + "/config.toml"; }
  std::string Database() const { return root + "/ark365.db"; }
  std::string MasterKey() const { return root + "/master.key"; }
  std::string Catalog() const { return root + "/catalog.db"; }
  std::string Logs() const { return root + "/logs"; }
  std::string Repository() const { return root + "/repository"; }
};

// Decides where home is, without touching the disk.
Result<std::string> ResolveHomePath(const std::optional<std::string>& flag);

// Resolves and creates the directory (mode 0700).
Result<Home> OpenHome(const std::optional<std::string>& flag);

}  // namespace ark
