// The content generator: builds a tenant's mailboxes, drives, sites and teams from the seed.
//
// Input is the directory made by the tenant generator (people and groups)
// and a profile of how much content each gets; output is a Content holding
// metadata only (content/model.h). Same seed and directory, same content,
// same ids, same bytes. The profile follows --tenant-size, and its file
// sizes can be changed (docs/m365sim.md, "Content").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "content/model.h"

namespace m365sim::content {

struct ContentProfile {
  uint32_t messages_per_mailbox = 40;
  uint32_t custom_mail_folders = 4;
  uint32_t contacts_per_mailbox = 8;
  uint32_t events_per_mailbox = 10;
  uint32_t folders_per_drive = 4;
  uint32_t files_per_drive = 14;
  // Ordinary files are 0 bytes to this size (most are small, as in real drives).
  uint64_t max_file_size = 8ULL << 20;
  // A few very large files per tenant (the first users' drives), generated on demand.
  uint32_t huge_files = 1;
  uint64_t huge_file_size = 120ULL << 20;
  // One message per mailbox carries an attachment of this size (> 4 MB: needs an upload session to restore).
  uint64_t large_message_size = 4608ULL << 10;
  uint32_t communication_sites = 2;
  uint32_t list_items = 10;
  uint32_t channel_posts = 6;
};

// The profile for a --tenant-size name or user count: "tiny", "small",
// "medium", "large" keep per-user content the same and differ in users;
// only the number of communication sites grows with size.
ContentProfile ProfileForUsers(uint32_t users);

struct DirectoryInput {
  uint64_t seed = 0;
  std::string tenant_id;
  std::string domain;            // "contoso.onmicrosoft.com"
  std::string sharepoint_host;   // "contoso.sharepoint.com"
  std::vector<Person> people;    // licensed people get a mailbox, a OneDrive and a personal site
  std::vector<uint32_t> shared_mailboxes;  // people (unlicensed user objects) that are shared mailboxes
  std::vector<Group> groups;
};

// REQUIRES: people ids are GUIDs.
std::unique_ptr<Content> GenerateContent(const DirectoryInput& directory, const ContentProfile& profile);

// The anchor of generated dates: everything generated predates it.
inline constexpr Time kGenerationEpoch = 1780272000;  // 2026-06-01T00:00:00Z

}  // namespace m365sim::content
