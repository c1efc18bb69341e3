// Mutate: one seeded stream walks every workload in a fixed order and picks what changes.
#include "content/mutate.h"

#include "common/seeded_random.h"
#include "content/edit.h"
#include "content/mail_gen.h"
#include "content/text_gen.h"

namespace m365sim::content {
namespace {

bool Regular(const MailFolder& f) { return !f.deleted && !f.search && f.parent != kNone; }

void MutateMailbox(Content& c, Mailbox& mb, SeededRandom& r, double fraction, Time now, MutationCounts& n) {
  std::vector<uint32_t> folders;
  for (uint32_t f = 0; f < mb.folders.size(); ++f) {
    if (Regular(mb.folders[f]) && !mb.folders[f].hidden) folders.push_back(f);
  }
  size_t count = mb.messages.size();
  for (uint32_t m = 0; m < count; ++m) {
    if (mb.messages[m].deleted || !r.Chance(fraction)) continue;
    uint64_t op = r.Below(100);
    if (op < 45) {
      mb.messages[m].read = !mb.messages[m].read;
      if (op < 10) mb.messages[m].flagged = !mb.messages[m].flagged;
      TouchMessage(c, mb, m, now);
      n.edited["mail"]++;
    } else if (op < 75 && !folders.empty()) {
      uint32_t to = folders[r.Below(folders.size())];
      if (to == mb.messages[m].folder) continue;
      MoveMessage(c, mb, m, to, now);
      n.moved["mail"]++;
    } else {
      DeleteMessage(c, mb, m);
      n.deleted["mail"]++;
    }
  }
  uint32_t adds = static_cast<uint32_t>(static_cast<double>(count) * fraction) + 1;
  for (uint32_t i = 0; i < adds; ++i) {
    Message msg;
    msg.folder = 1;  // Inbox
    msg.received = now - static_cast<Time>(adds - i);
    msg.modified = msg.received;
    msg.kind = static_cast<uint8_t>(r.Below(6));
    AddMessage(c, mb, msg);
    n.added["mail"]++;
  }
  for (uint32_t f : folders) {
    if (mb.folders[f].well_known.empty() && r.Chance(fraction)) {
      RenameMailFolder(c, mb, f, mb.folders[f].name + " (renamed)");
      n.renamed["mail"]++;
    }
  }
  for (uint32_t k = 0; k < mb.contacts.size(); ++k) {
    if (mb.contacts[k].deleted || !r.Chance(fraction)) continue;
    if (r.Chance(0.7)) {
      TouchContact(c, mb, k, now);
      n.edited["contacts"]++;
    } else {
      DeleteContact(c, mb, k);
      n.deleted["contacts"]++;
    }
  }
  Contact contact;
  contact.created = contact.modified = now;
  AddContact(c, mb, contact);
  n.added["contacts"]++;
  for (uint32_t k = 0; k < mb.events.size(); ++k) {
    if (mb.events[k].deleted || !r.Chance(fraction)) continue;
    if (r.Chance(0.7)) {
      TouchEvent(c, mb, k, now);
      n.edited["calendar"]++;
    } else {
      DeleteEvent(c, mb, k);
      n.deleted["calendar"]++;
    }
  }
  Event event;
  event.start = (now / 3600 + 24) * 3600;
  event.minutes = 60;
  event.created = event.modified = now;
  AddEvent(c, mb, event);
  n.added["calendar"]++;
}

void MutateDrive(Content& c, Drive& d, SeededRandom& r, double fraction, Time now, MutationCounts& n) {
  std::vector<uint32_t> folders = {0};
  for (uint32_t k = 1; k < d.items.size(); ++k) {
    if (d.items[k].folder && !d.items[k].deleted) folders.push_back(k);
  }
  size_t count = d.items.size();
  for (uint32_t k = 1; k < count; ++k) {
    DriveItem& x = d.items[k];
    if (x.deleted || !r.Chance(fraction)) continue;
    uint64_t op = r.Below(100);
    if (op < 40 && !x.folder) {
      FileVersion v = x.versions.back();
      v.size = v.size + static_cast<uint64_t>(r.Between(0, 4096));
      v.blob = kNone;
      v.modified = now;
      AddFileVersion(c, d, k, v);
      n.edited["files"]++;
    } else if (op < 60) {
      std::string name = "Renamed " + std::to_string(r.Between(1, 9999)) + " " + x.name;
      if (FindChild(d, x.parent, name) != kNone) continue;
      RenameDriveItem(c, d, k, name, now);
      n.renamed["files"]++;
    } else if (op < 80) {
      uint32_t to = folders[r.Below(folders.size())];
      bool inside = false;  // never move a folder under itself
      for (uint32_t p = to; p != kNone; p = d.items[p].parent) inside |= p == k;
      if (inside || to == x.parent || FindChild(d, to, x.name) != kNone) continue;
      MoveDriveItem(c, d, k, to, now);
      n.moved["files"]++;
    } else {
      DeleteDriveItem(c, d, k, now);
      n.deleted["files"]++;
    }
  }
  uint32_t adds = static_cast<uint32_t>(static_cast<double>(count) * fraction) + 1;
  for (uint32_t i = 0; i < adds; ++i) {
    uint32_t parent = folders[r.Below(folders.size())];
    if (d.items[parent].deleted) parent = 0;
    const FileKind& kind = RandomFileKind(r);
    DriveItem x;
    x.parent = parent;
    x.name = "New " + RandomFileStem(r).substr(0, 60) + " " + std::to_string(r.Between(1, 99999)) + "." + kind.extension;
    if (FindChild(d, parent, x.name) != kNone) continue;
    x.text = kind.text;
    x.seed = r.Next();
    x.created = x.modified = now;
    FileVersion v;
    v.size = static_cast<uint64_t>(r.Between(0, 200000));
    v.modified = now;
    x.versions.push_back(v);
    AddDriveItem(c, d, x);
    n.added["files"]++;
  }
}

}  // namespace

MutationCounts Mutate(Content& c, uint64_t seed, double fraction, Time now) {
  MutationCounts n;
  SeededRandom root(seed);
  for (auto& mb : c.mailboxes) {
    SeededRandom r = root.Derive("mailbox/" + mb.guid);
    MutateMailbox(c, mb, r, fraction, now, n);
  }
  for (auto& d : c.drives) {
    SeededRandom r = root.Derive("drive/" + d.id);
    MutateDrive(c, d, r, fraction, now, n);
  }
  for (auto& s : c.sites) {
    for (auto& l : s.lists) {
      if (l.library) continue;
      SeededRandom r = root.Derive("list/" + l.guid);
      size_t count = l.items.size();
      for (uint32_t k = 0; k < count; ++k) {
        if (l.items[k].deleted || !r.Chance(fraction)) continue;
        if (r.Chance(0.7)) {
          TouchListItem(c, l, k, now);
          n.edited["lists"]++;
        } else {
          DeleteListItem(c, l, k);
          n.deleted["lists"]++;
        }
      }
      ListItem item;
      item.created = item.modified = now;
      AddListItem(c, l, item);
      n.added["lists"]++;
    }
  }
  for (auto& team : c.teams) {
    for (auto& ch : team.channels) {
      SeededRandom r = root.Derive("channel/" + ch.id);
      size_t count = ch.messages.size();
      uint64_t last = 0;
      for (uint32_t k = 0; k < count; ++k) {
        last = std::max(last, ch.messages[k].id);
        if (ch.messages[k].deleted || !r.Chance(fraction)) continue;
        if (r.Chance(0.75)) {
          TouchChatMessage(c, ch, k, now);
          n.edited["teams"]++;
        } else {
          DeleteChatMessage(c, ch, k, now);
          n.deleted["teams"]++;
        }
      }
      const auto& members = c.groups[team.group].members;
      uint64_t ms = std::max<uint64_t>(last + 1, static_cast<uint64_t>(now) * 1000);
      for (int i = 0; i < 2; ++i) {
        ChatMessage m;
        m.id = ms + static_cast<uint64_t>(i);
        m.reply_to = i == 1 && count > 0 ? 0 : kNone;
        if (m.reply_to != kNone && ch.messages[0].reply_to != kNone) m.reply_to = kNone;
        m.from = members.empty() ? 0 : members[r.Below(members.size())];
        m.seed = r.Next();
        m.created = m.modified = now;
        AddChatMessage(c, ch, m);
        n.added["teams"]++;
      }
    }
  }
  return n;
}

}  // namespace m365sim::content
