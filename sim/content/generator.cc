// GenerateContent: lays out mailboxes, drives, sites and teams for the directory, from the seed.
#include "content/generator.h"

#include <algorithm>
#include <cctype>

#include "common/seeded_random.h"
#include "content/edit.h"
#include "content/ids.h"
#include "content/mail_gen.h"
#include "content/text_gen.h"

namespace m365sim::content {
namespace {

constexpr Time kDay = 86400;

Time Past(SeededRandom& r, const Content& c, int max_days) { return c.epoch - r.Between(3600, max_days * kDay); }

std::string Lower(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

// "/personal/adele_contoso_onmicrosoft_com", as SharePoint names personal sites.
std::string PersonalPath(const std::string& upn) {
  std::string path = "/personal/";
  for (char ch : Lower(upn)) path.push_back((ch == '.' || ch == '@') ? '_' : ch);
  return path;
}

std::string UrlName(const std::string& display) {
  std::string out;
  for (char ch : display) {
    if (std::isalnum(static_cast<unsigned char>(ch))) out.push_back(ch);
  }
  return out.empty() ? "site" : out;
}

class Generator {
 public:
  Generator(const DirectoryInput& dir, const ContentProfile& profile)
      : dir_(dir), profile_(profile), root_(dir.seed), c_(std::make_unique<Content>()) {}

  std::unique_ptr<Content> Run() {
    Content& c = *c_;
    c.seed = dir_.seed;
    c.id_salt = StableHash("drive-item-ids", dir_.seed);
    c.tenant_id = dir_.tenant_id;
    c.domain = dir_.domain;
    c.sharepoint_host = dir_.sharepoint_host;
    std::string host = dir_.sharepoint_host;
    size_t dot = host.find('.');
    c.my_host = host.substr(0, dot) + "-my" + host.substr(dot);
    c.epoch = kGenerationEpoch;
    c.large_message_size = profile_.large_message_size;
    c.people = dir_.people;
    c.groups = dir_.groups;
    for (uint32_t p = 0; p < c.people.size(); ++p) {
      c.person_by_id[c.people[p].id] = p;
      c.user_journal.Put(p, c.NextSeq());
    }
    for (uint32_t g = 0; g < c.groups.size(); ++g) {
      c.group_by_id[c.groups[g].id] = g;
      c.group_journal.Put(g, c.NextSeq());
    }
    c.person_mailbox.assign(c.people.size(), kNone);
    c.person_drive.assign(c.people.size(), kNone);
    c.person_site.assign(c.people.size(), kNone);
    c.group_mailbox.assign(c.groups.size(), kNone);
    c.group_site.assign(c.groups.size(), kNone);
    c.group_team.assign(c.groups.size(), kNone);

    for (uint32_t p = 0; p < c.people.size(); ++p) {
      if (c.people[p].licensed) c.person_mailbox[p] = MakeMailbox(MailboxKind::kUser, p);
    }
    for (uint32_t p : dir_.shared_mailboxes) c.person_mailbox[p] = MakeMailbox(MailboxKind::kShared, p);
    for (uint32_t g = 0; g < c.groups.size(); ++g) {
      if (c.groups[g].unified) c.group_mailbox[g] = MakeMailbox(MailboxKind::kGroup, g);
    }

    MakeSite(SiteKind::kRoot, c.sharepoint_host, "", "Communication site", kNone);
    for (uint32_t p = 0; p < c.people.size(); ++p) {
      if (!c.people[p].licensed) continue;
      uint32_t site = MakeSite(SiteKind::kPersonal, c.my_host, PersonalPath(c.people[p].upn),
                               c.people[p].display_name, kNone);
      c.sites[site].owner = p;
      c.person_site[p] = site;
      uint32_t drive = MakeDrive(DriveKind::kPersonal, site, "OneDrive", "Documents");
      c.drives[drive].owner = p;
      c.person_drive[p] = drive;
      FillDrive(drive, p);
    }
    for (uint32_t g = 0; g < c.groups.size(); ++g) {
      if (!c.groups[g].unified) continue;
      uint32_t site = MakeSite(SiteKind::kTeam, c.sharepoint_host, "/sites/" + c.groups[g].mail_nickname,
                               c.groups[g].display_name, kNone);
      c.sites[site].group = g;
      c.group_site[g] = site;
      uint32_t drive = MakeDrive(DriveKind::kDocumentLibrary, site, "Documents", "Shared Documents");
      c.drives[drive].owner_group = g;
      uint32_t author = c.groups[g].members.empty() ? 0 : c.groups[g].members[0];
      FillDrive(drive, author);
      AddCustomList(site);
    }
    uint32_t communication = profile_.communication_sites;
    for (uint32_t i = 0; i < communication; ++i) {
      SeededRandom r = root_.Derive("communication/" + std::to_string(i));
      std::string title = RandomTopic(r) + " Hub " + std::to_string(i + 1);
      uint32_t site = MakeSite(SiteKind::kCommunication, c.sharepoint_host, "/sites/" + UrlName(title), title, kNone);
      uint32_t drive = MakeDrive(DriveKind::kDocumentLibrary, site, "Documents", "Shared Documents");
      FillDrive(drive, 0);
      AddCustomList(site);
      if (i == 0) {
        uint32_t sub = MakeSite(SiteKind::kSubsite, c.sharepoint_host, c.sites[site].path + "/archive",
                                title + " Archive", site);
        uint32_t sub_drive = MakeDrive(DriveKind::kDocumentLibrary, sub, "Documents", "Shared Documents");
        FillDrive(sub_drive, 0);
        AddCustomList(sub);
      }
    }
    for (uint32_t g = 0; g < c.groups.size(); ++g) {
      if (c.groups[g].team && c.group_site[g] != kNone) MakeTeam(g);
    }
    AddHugeFiles();
    return std::move(c_);
  }

 private:
  // ---- mail ----
  uint32_t MakeMailbox(MailboxKind kind, uint32_t owner) {
    Content& c = *c_;
    Mailbox mb;
    mb.kind = kind;
    mb.owner = owner;
    if (kind == MailboxKind::kGroup) {
      mb.guid = c.groups[owner].id;
      mb.address = c.groups[owner].mail;
      mb.display_name = c.groups[owner].display_name;
    } else {
      mb.guid = c.people[owner].id;
      mb.address = c.people[owner].mail;
      mb.display_name = c.people[owner].display_name;
    }
    mb.seed = root_.Derive("mailbox/" + mb.guid).seed();
    SeededRandom r(mb.seed);
    auto folder = [&](uint32_t parent, const std::string& name, const std::string& wk) {
      MailFolder f;
      f.parent = parent;
      f.name = name;
      f.well_known = wk;
      f.created = Past(r, c, 900);
      return AddMailFolder(c, mb, std::move(f));
    };
    uint32_t top = folder(kNone, "Top of Information Store", "msgfolderroot");
    uint32_t inbox = folder(top, "Inbox", "inbox");
    uint32_t drafts = folder(top, "Drafts", "drafts");
    uint32_t sent = folder(top, "Sent Items", "sentitems");
    uint32_t deleted = folder(top, "Deleted Items", "deleteditems");
    uint32_t junk = folder(top, "Junk Email", "junkemail");
    folder(top, "Outbox", "outbox");
    uint32_t archive = folder(top, "Archive", "archive");
    folder(top, "Conversation History", "conversationhistory");
    uint32_t hidden = folder(top, "Quick Step Settings", "");
    mb.folders[hidden].hidden = true;
    uint32_t search = folder(top, "Unread Mail", "");
    mb.folders[search].search = true;
    std::vector<uint32_t> custom;
    for (uint32_t i = 0; i < profile_.custom_mail_folders; ++i) {
      uint32_t parent = i == 0 ? inbox : (i % 2 == 1 && !custom.empty() ? custom.back() : top);
      std::string name = RandomTopic(r);
      if (i == 2) name = "Clients – Europe";  // a non-ASCII folder name
      custom.push_back(folder(parent, name + (i > 2 ? " " + std::to_string(i) : ""), ""));
    }

    uint32_t count = kind == MailboxKind::kGroup ? std::max<uint32_t>(profile_.messages_per_mailbox / 4, 4)
                                                 : profile_.messages_per_mailbox;
    Time spacing = 720 * kDay / std::max<uint32_t>(count, 1);
    for (uint32_t i = 0; i < count; ++i) {
      SeededRandom m = ItemRandom(mb, "meta", i);
      Message msg;
      msg.received = c.epoch - static_cast<Time>(count - i) * spacing + m.Between(0, spacing / 2);
      msg.modified = msg.received;
      msg.sent = kind != MailboxKind::kGroup && m.Chance(0.25);
      if (msg.sent) {
        msg.draft = m.Chance(0.1);
        msg.folder = msg.draft ? drafts : sent;
      } else {
        uint64_t w = m.Below(100);
        msg.folder = w < 55 ? inbox : w < 67 ? archive : w < 75 ? deleted : w < 78 ? junk : w < 80 ? hidden : inbox;
        if (w >= 80 && !custom.empty()) msg.folder = custom[m.Below(custom.size())];
      }
      uint64_t k = m.Below(100);
      msg.kind = static_cast<uint8_t>(
          i == 3 ? MessageKind::kLarge
                 : k < 25 ? MessageKind::kPlain
                 : k < 45 ? MessageKind::kHtml
                 : k < 70 ? MessageKind::kAlternative
                 : k < 85 ? MessageKind::kAttachments
                 : k < 93 ? MessageKind::kInlineImage
                          : MessageKind::kForwardedItem);
      msg.read = msg.sent || m.Chance(0.7);
      msg.flagged = m.Chance(0.05);
      if (i > 0 && m.Chance(0.25)) {
        uint32_t parent = i - 1 - static_cast<uint32_t>(m.Below(std::min<uint32_t>(i, 10)));
        int depth = 0;
        for (uint32_t p = parent; p != kNone; p = mb.messages[p].thread_parent) ++depth;
        if (depth <= 4) msg.thread_parent = parent;
      }
      AddMessage(c, mb, msg);
    }

    ContactFolder contacts;
    contacts.name = "Contacts";
    AddContactFolder(c, mb, contacts);
    ContactFolder suppliers;
    suppliers.name = "Suppliers";
    AddContactFolder(c, mb, suppliers);
    for (uint32_t i = 0; i < profile_.contacts_per_mailbox; ++i) {
      SeededRandom m = ItemRandom(mb, "contact-meta", i);
      Contact x;
      x.folder = m.Chance(0.25) ? 1 : 0;
      x.created = Past(m, c, 700);
      x.modified = x.created;
      AddContact(c, mb, x);
    }

    mb.calendars.push_back({"Calendar", true});
    mb.calendars.push_back({"Team Events", false});
    mb.event_journals.resize(2);
    for (uint32_t i = 0; i < profile_.events_per_mailbox; ++i) {
      SeededRandom m = ItemRandom(mb, "event-meta", i);
      Event e;
      e.calendar = m.Chance(0.15) ? 1 : 0;
      uint64_t w = m.Below(100);
      e.kind = w < 55 ? EventKind::kSingle
               : w < 65 ? EventKind::kAllDay
               : w < 72 ? EventKind::kDaily
               : w < 87 ? EventKind::kWeekly
                        : EventKind::kWeeklyWithExceptions;
      // Events are around the epoch: half before, half after, on the hour.
      e.start = (c.epoch - 120 * kDay + m.Between(0, 240) * kDay) / 3600 * 3600 + m.Between(8, 16) * 3600;
      e.minutes = static_cast<uint32_t>(30 * m.Between(1, 4));
      if (e.kind == EventKind::kAllDay) {
        e.start = e.start / kDay * kDay;
        e.minutes = 24 * 60;
      }
      e.occurrences = e.kind == EventKind::kDaily ? 10 : (e.kind == EventKind::kSingle || e.kind == EventKind::kAllDay) ? 1 : 12;
      e.created = std::min(e.start, c.epoch) - m.Between(1, 30) * kDay;
      e.modified = e.created;
      AddEvent(c, mb, e);
    }

    uint32_t index = static_cast<uint32_t>(c.mailboxes.size());
    c.mailbox_by_guid[mb.guid] = index;
    c.mailboxes.push_back(std::move(mb));
    return index;
  }

  // ---- sites and drives ----
  uint32_t MakeSite(SiteKind kind, const std::string& host, const std::string& path, const std::string& title,
                    uint32_t parent) {
    Content& c = *c_;
    Site s;
    s.kind = kind;
    s.hostname = host;
    s.path = path;
    s.collection_guid = parent != kNone ? c.sites[parent].collection_guid : GuidFrom(c.seed, "site/" + host + path);
    s.web_guid = GuidFrom(c.seed, "web/" + host + path);
    s.id = host + "," + s.collection_guid + "," + s.web_guid;
    size_t slash = path.rfind('/');
    s.name = slash == std::string::npos ? "" : path.substr(slash + 1);
    s.display_name = title;
    s.description = kind == SiteKind::kPersonal ? "" : "The " + title + " site";
    s.parent = parent;
    SeededRandom r = root_.Derive("site-meta" + host + path);
    s.created = Past(r, c, 1000);
    uint32_t index = static_cast<uint32_t>(c.sites.size());
    if (parent != kNone) c.sites[parent].subsites.push_back(index);
    c.site_by_id[s.id] = index;
    c.sites.push_back(std::move(s));
    return index;
  }

  uint32_t MakeDrive(DriveKind kind, uint32_t site, const std::string& name, const std::string& list_name) {
    Content& c = *c_;
    Site& s = c.sites[site];
    Drive d;
    d.kind = kind;
    d.site = site;
    d.name = name;
    std::string list_guid = GuidFrom(c.seed, "list/" + s.hostname + s.path + "/" + list_name);
    d.list_guid = *GuidBytes(list_guid);
    d.id = EncodeDriveId(*GuidBytes(s.collection_guid), *GuidBytes(s.web_guid), d.list_guid);
    std::string url_list = list_name == "Shared Documents" ? "Shared%20Documents" : list_name;
    d.web_url = "https://" + s.hostname + s.path + "/" + url_list;
    d.created = s.created;
    uint32_t index = static_cast<uint32_t>(c.drives.size());
    c.drive_by_list[d.list_guid] = index;
    c.drives.push_back(std::move(d));
    DriveItem root;
    root.name = "root";
    root.folder = true;
    root.created = s.created;
    root.modified = s.created;
    AddDriveItem(c, c.drives[index], root);

    List library;
    library.guid = list_guid;
    library.name = list_name;
    library.display_name = name == "OneDrive" ? "Documents" : name;
    library.library = true;
    library.drive = index;
    library.created = s.created;
    s.lists.push_back(std::move(library));
    s.drives.push_back(index);
    return index;
  }

  uint64_t FileSize(SeededRandom& r) {
    double u = r.Unit();
    uint64_t max = std::max<uint64_t>(profile_.max_file_size, 4096);
    if (u < 0.05) return 0;
    if (u < 0.45) return r.Between(100, 16 << 10);
    if (u < 0.80) return r.Between(16 << 10, std::min<uint64_t>(512 << 10, max));
    if (u < 0.95) return r.Between(512 << 10, std::min<uint64_t>(2 << 20, max));
    return r.Between(std::min<uint64_t>(2 << 20, max), max);
  }

  std::string UniqueName(const Drive& drive, uint32_t parent, const std::string& name) {
    if (FindChild(drive, parent, name) == kNone) return name;
    size_t dot = name.rfind('.');
    std::string stem = dot == std::string::npos ? name : name.substr(0, dot);
    std::string ext = dot == std::string::npos ? "" : name.substr(dot);
    for (int i = 1;; ++i) {
      std::string candidate = stem + " " + std::to_string(i) + ext;
      if (FindChild(drive, parent, candidate) == kNone) return candidate;
    }
  }

  uint32_t AddFile(uint32_t drive_index, uint32_t parent, const std::string& name, uint64_t size, uint32_t author,
                   SeededRandom& r, int versions) {
    Content& c = *c_;
    Drive& d = c.drives[drive_index];
    DriveItem item;
    item.parent = parent;
    item.name = UniqueName(d, parent, name);
    item.text = FileKindFor(item.name).text;
    item.seed = r.Next();
    item.created_by = author;
    item.created = Past(r, c, 600);
    FileVersion v;
    v.size = size;
    v.modified_by = author;
    v.modified = item.created;
    item.modified = item.created;
    item.versions.push_back(v);
    uint32_t key = AddDriveItem(c, d, item);
    for (int i = 1; i < versions; ++i) {
      FileVersion next = d.items[key].versions.back();
      int64_t delta = static_cast<int64_t>(next.size / 10) + 1;
      next.size = static_cast<uint64_t>(std::max<int64_t>(0, static_cast<int64_t>(next.size) + r.Between(-delta / 2, delta)));
      next.modified = std::min(c.epoch - 60, next.modified + r.Between(3600, 20 * kDay));
      AddFileVersion(c, d, key, next);
    }
    return key;
  }

  void FillDrive(uint32_t drive_index, uint32_t author) {
    Content& c = *c_;
    SeededRandom r = root_.Derive("drive/" + c.drives[drive_index].id);
    std::vector<uint32_t> folders = {0};
    for (uint32_t i = 0; i < profile_.folders_per_drive; ++i) {
      Drive& d = c.drives[drive_index];
      DriveItem f;
      f.parent = folders[r.Below(folders.size())];
      f.name = UniqueName(d, f.parent, i == 1 ? "Résumés & CVs" : RandomTopic(r));
      f.folder = true;
      f.created_by = author;
      f.created = Past(r, c, 800);
      f.modified = f.created;
      folders.push_back(AddDriveItem(c, d, f));
    }
    for (uint32_t i = 0; i < profile_.files_per_drive; ++i) {
      const FileKind& kind = RandomFileKind(r);
      std::string name = RandomFileStem(r) + "." + kind.extension;
      uint64_t size = FileSize(r);
      int versions = r.Chance(0.3) ? static_cast<int>(r.Between(2, 4)) : 1;
      AddFile(drive_index, folders[r.Below(folders.size())], name, size, author, r, versions);
    }
  }

  void AddHugeFiles() {
    Content& c = *c_;
    uint32_t placed = 0;
    for (uint32_t p = 0; p < c.people.size() && placed < profile_.huge_files; ++p) {
      if (c.person_drive[p] == kNone) continue;
      SeededRandom r = root_.Derive("huge/" + std::to_string(placed));
      AddFile(c.person_drive[p], 0, "Video archive " + std::to_string(placed + 1) + ".zip", profile_.huge_file_size,
              p, r, 1);
      ++placed;
    }
  }

  void AddCustomList(uint32_t site_index) {
    Content& c = *c_;
    Site& s = c.sites[site_index];
    SeededRandom r = root_.Derive("list/" + s.id);
    List list;
    list.display_name = "Project Tracker";
    list.name = "ProjectTracker";
    list.guid = GuidFrom(c.seed, "list/" + s.hostname + s.path + "/ProjectTracker");
    list.seed = r.Next();
    list.created = s.created;
    list.columns = {{"Title", "Title", ColumnType::kText},
                    {"Status", "Status", ColumnType::kChoice},
                    {"DueDate", "Due date", ColumnType::kDateTime},
                    {"Budget", "Budget", ColumnType::kNumber},
                    {"Approved", "Approved", ColumnType::kBoolean}};
    s.lists.push_back(std::move(list));
    List& l = s.lists.back();
    for (uint32_t i = 0; i < profile_.list_items; ++i) {
      ListItem item;
      item.attachments = r.Chance(0.3) ? static_cast<uint32_t>(r.Between(1, 2)) : 0;
      item.created = Past(r, c, 400);
      item.modified = item.created;
      item.created_by = 0;
      AddListItem(c, l, item);
    }
  }

  // ---- teams ----
  void MakeTeam(uint32_t g) {
    Content& c = *c_;
    Team team;
    team.group = g;
    team.site = c.group_site[g];
    SeededRandom r = root_.Derive("team/" + c.groups[g].id);
    struct Spec {
      const char* name;
      ChannelKind kind;
    };
    const Spec specs[] = {{"General", ChannelKind::kStandard},
                          {"Planning", ChannelKind::kStandard},
                          {"Customer Escalations", ChannelKind::kStandard},
                          {"Leadership", ChannelKind::kPrivate},
                          {"Partners", ChannelKind::kShared}};
    const auto& members = c.groups[g].members;
    for (const Spec& spec : specs) {
      Channel ch;
      ch.name = spec.name;
      ch.kind = spec.kind;
      ch.id = ChannelIdFrom(c.seed, c.groups[g].id + "/" + spec.name);
      ch.description = std::string("Conversations about ") + spec.name;
      ch.created = c.sites[team.site].created + 3600;
      if (spec.kind == ChannelKind::kStandard) {
        ch.drive = c.sites[team.site].drives[0];
      } else {
        // Private and shared channels get their own site collection and library.
        uint32_t site = MakeSite(SiteKind::kTeam, c.sharepoint_host,
                                 c.sites[team.site].path + "-" + UrlName(spec.name),
                                 c.groups[g].display_name + " - " + spec.name, kNone);
        c.sites[site].group = g;
        ch.drive = MakeDrive(DriveKind::kDocumentLibrary, site, "Documents", "Shared Documents");
      }
      DriveItem folder;
      folder.parent = 0;
      folder.name = spec.name;
      folder.folder = true;
      folder.created = ch.created;
      folder.modified = ch.created;
      folder.created_by = members.empty() ? kNone : members[0];
      ch.folder_item = AddDriveItem(c, c.drives[ch.drive], folder);

      uint64_t ms = static_cast<uint64_t>(c.epoch - 150 * kDay) * 1000 + r.Below(1000000);
      for (uint32_t i = 0; i < profile_.channel_posts; ++i) {
        ms += static_cast<uint64_t>(r.Between(600, 4 * kDay)) * 1000 + r.Below(1000);
        uint32_t root = AddPost(ch, members, r, ms, kNone);
        int replies = static_cast<int>(r.Below(4));
        for (int k = 0; k < replies; ++k) {
          ms += static_cast<uint64_t>(r.Between(30, 7200)) * 1000 + r.Below(1000);
          AddPost(ch, members, r, ms, root);
        }
      }
      team.channels.push_back(std::move(ch));
    }
    c.group_team[g] = static_cast<uint32_t>(c.teams.size());
    c.team_by_group_id[c.groups[g].id] = c.group_team[g];
    c.teams.push_back(std::move(team));
  }

  uint32_t AddPost(Channel& ch, const std::vector<uint32_t>& members, SeededRandom& r, uint64_t ms, uint32_t root) {
    Content& c = *c_;
    ChatMessage m;
    m.id = ms;
    m.reply_to = root;
    m.from = members.empty() ? 0 : members[r.Below(members.size())];
    m.seed = r.Next();
    m.mention = r.Chance(0.2);
    m.reaction = r.Chance(0.2);
    m.hosted_image = r.Chance(0.1);
    m.created = static_cast<Time>(ms / 1000);
    m.modified = m.created;
    if (r.Chance(0.1)) {
      std::string name = RandomFileStem(r).substr(0, 40) + ".docx";
      m.file_item = AddFile(ch.drive, ch.folder_item, name, r.Between(10000, 200000), m.from, r, 1);
    }
    return AddChatMessage(c, ch, m);
  }

  const DirectoryInput& dir_;
  ContentProfile profile_;
  SeededRandom root_;
  std::unique_ptr<Content> c_;
};

}  // namespace

ContentProfile ProfileForUsers(uint32_t users) {
  ContentProfile profile;
  profile.communication_sites = 2 + users / 100;
  return profile;
}

std::unique_ptr<Content> GenerateContent(const DirectoryInput& directory, const ContentProfile& profile) {
  return Generator(directory, profile).Run();
}

}  // namespace m365sim::content
