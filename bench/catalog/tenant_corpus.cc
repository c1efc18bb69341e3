// The benchmark tenant: vocabulary, Zipf sampling, and items of every common kind.
#include "tenant_corpus.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace ark::bench {
namespace {

using catalog::Item;
using catalog::ItemKind;

constexpr std::size_t kVocabulary = 20000;
constexpr std::size_t kSenders = 2000;

std::uint64_t Seed(int user, std::int64_t index, int generation) {
  return (static_cast<std::uint64_t>(user) << 40) ^ (static_cast<std::uint64_t>(index) << 8) ^
         static_cast<std::uint64_t>(generation) ^ 0x5eedULL;
}

// Pronounceable words from syllables: "tavo", "kemirun", ...
std::vector<std::string> MakeVocabulary() {
  const char* consonants = "bdfgklmnprstvz";
  const char* vowels = "aeiou";
  SplitMix64 random(2026);
  std::vector<std::string> words;
  while (words.size() < kVocabulary) {
    std::string word;
    int syllables = 2 + static_cast<int>(random.Below(3));
    for (int s = 0; s < syllables; ++s) {
      word.push_back(consonants[random.Below(14)]);
      word.push_back(vowels[random.Below(5)]);
    }
    if (random.Below(3) == 0) word.push_back(consonants[random.Below(14)]);
    words.push_back(std::move(word));
  }
  return words;
}

SystemTime DateOf(SplitMix64& random) {
  // Two years of history from 2024-01-01.
  auto base = std::chrono::sys_days{std::chrono::year{2024} / 1 / 1};
  return base + std::chrono::seconds(random.Below(730ULL * 24 * 3600));
}

std::string Hex(SplitMix64& random, int words) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (int w = 0; w < words; ++w) {
    std::uint64_t v = random();
    for (int i = 0; i < 16; ++i, v >>= 4) out.push_back(digits[v & 15]);
  }
  return out;
}

}  // namespace

TenantCorpus::TenantCorpus(CorpusShape shape) : shape_(shape), vocabulary_(MakeVocabulary()) {
  double sum = 0;
  for (std::size_t rank = 0; rank < vocabulary_.size(); ++rank) {
    sum += 1.0 / std::pow(static_cast<double>(rank + 1), 1.05);
    cumulative_.push_back(sum);
  }
}

const std::vector<std::string>& TenantCorpus::MailFolders() {
  static const std::vector<std::string> folders = {"Inbox",       "Sent Items",    "Archive",  "Projects",
                                                   "Newsletters", "Deleted Items", "Receipts", "Drafts"};
  return folders;
}

std::string TenantCorpus::UserAddress(int user) const {
  return "user" + std::to_string(user) + "@contoso.com";
}

catalog::Owner TenantCorpus::UserOwner(int user) const {
  return {"uid-" + std::to_string(user), catalog::OwnerKind::kUser, "User " + std::to_string(user),
          UserAddress(user)};
}

std::string TenantCorpus::Sender(std::size_t rank) const {
  return vocabulary_[(rank * 7) % vocabulary_.size()] + "." +
         vocabulary_[(rank * 13 + 5) % vocabulary_.size()] + "@" + vocabulary_[rank % 50] + ".com";
}

std::size_t TenantCorpus::ZipfRank(SplitMix64& random) const {
  double x = static_cast<double>(random() >> 11) / static_cast<double>(1ULL << 53) * cumulative_.back();
  return static_cast<std::size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), x) -
                                  cumulative_.begin());
}

std::string TenantCorpus::Words(SplitMix64& random, int count) const {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out.push_back(' ');
    out += vocabulary_[ZipfRank(random)];
  }
  return out;
}

std::vector<Item> TenantCorpus::Containers(int user) const {
  std::string owner = UserOwner(user).id;
  std::string root = "/" + UserAddress(user);
  auto make = [&](ItemKind kind, const std::string& id, const std::string& folder, const std::string& name) {
    Item item;
    item.key = {owner, kind, id};
    item.folder_path = folder;
    item.name = name;
    item.ref = "tree/" + std::to_string(user) + "/" + id;
    return item;
  };
  std::vector<Item> items = {make(ItemKind::kUser, "root", "/", UserAddress(user)),
                             make(ItemKind::kMailbox, "mailbox", root, "Mail"),
                             make(ItemKind::kDrive, "drive", root, "OneDrive"),
                             make(ItemKind::kCalendar, "calendar", root, "Calendar"),
                             make(ItemKind::kContactFolder, "contacts", root, "Contacts")};
  for (const std::string& folder : MailFolders()) {
    items.push_back(make(ItemKind::kMailFolder, "mf-" + folder, root + "/Mail", folder));
  }
  for (const char* folder : {"Documents", "Projects", "Shared", "Photos"}) {
    items.push_back(make(ItemKind::kFolder, std::string("df-") + folder, root + "/OneDrive", folder));
  }
  items.push_back(make(ItemKind::kFolder, "df-Reports", root + "/OneDrive/Documents", "Reports"));
  return items;
}

Item TenantCorpus::MakeItem(int user, std::int64_t index, int generation) const {
  SplitMix64 random(Seed(user, index, 0));
  SplitMix64 edit(Seed(user, index, generation));
  std::string root = "/" + UserAddress(user);
  Item item;
  item.key.owner_id = UserOwner(user).id;
  item.key.graph_id = "AAMkAGI2" + Hex(random, 4) + "-" + std::to_string(index);
  item.ref = Hex(edit, 4);
  int bucket = static_cast<int>(index % 100);
  if (bucket < 70) {
    static const int kFolderWeights[] = {40, 20, 15, 10, 5, 5, 3, 2};
    int pick = static_cast<int>(random.Below(100));
    std::size_t folder = 0;
    while (pick >= kFolderWeights[folder]) pick -= kFolderWeights[folder++];
    if (generation > 0 && edit.Below(4) == 0) folder = 2;  // archived
    item.key.kind = ItemKind::kMailMessage;
    item.folder_path = root + "/Mail/" + MailFolders()[folder];
    item.name = (generation > 0 ? "RE: " : "") + Words(generation > 0 ? edit : random, 3 + random.Below(6));
    item.from = random.Below(10) < 7 ? Sender(ZipfRank(random) % kSenders)
                                     : UserAddress(static_cast<int>(random.Below(shape_.users)));
    item.to = UserAddress(user);
    for (std::uint64_t i = random.Below(3); i > 0; --i) {
      item.to += "; " + UserAddress(static_cast<int>(random.Below(shape_.users)));
    }
    item.preview = Words(generation > 0 ? edit : random, 12 + random.Below(9));
    item.received = DateOf(random);
    item.sent = item.received;
    item.has_attachments = random.Below(5) == 0;
    if (item.has_attachments) item.attachment_names = Words(random, 2) + ".pdf";
    item.size = 2000 + static_cast<std::int64_t>(random.Below(200000));
  } else if (bucket < 85) {
    static const char* kFolders[] = {"Documents", "Documents/Reports", "Projects", "Shared", "Photos"};
    static const char* kExtensions[] = {".docx", ".xlsx", ".pdf", ".pptx", ".jpg"};
    item.key.kind = ItemKind::kFile;
    item.folder_path = root + "/OneDrive/" + kFolders[random.Below(5)];
    std::string words = Words(random, 2);
    std::replace(words.begin(), words.end(), ' ', '-');
    item.name = words + "-" + std::to_string(index) + kExtensions[random.Below(5)];
    item.from = UserAddress(user);
    item.modified = DateOf(generation > 0 ? edit : random);
    item.created = item.modified;
    item.size = 10000 + static_cast<std::int64_t>((generation > 0 ? edit : random).Below(5'000'000));
    item.version = std::to_string(generation + 1) + ".0";
  } else if (bucket < 95) {
    item.key.kind = ItemKind::kEvent;
    item.folder_path = root + "/Calendar";
    item.name = Words(generation > 0 ? edit : random, 2 + random.Below(4));
    item.from = UserAddress(static_cast<int>(random.Below(shape_.users)));
    item.to = UserAddress(user);
    item.start = DateOf(random);
    item.end = *item.start + std::chrono::minutes(30 * (1 + random.Below(4)));
    item.location = "Room " + std::to_string(random.Below(40));
    item.preview = Words(random, 8);
  } else {
    item.key.kind = ItemKind::kContact;
    item.folder_path = root + "/Contacts";
    item.name = Words(random, 2);
    item.to = Sender(random.Below(kSenders));
    item.modified = DateOf(generation > 0 ? edit : random);
  }
  return item;
}

}  // namespace ark::bench
