// Message specs from seeds: people, subjects, threads and attachments of generated mail.
#include "content/mail_gen.h"

#include <cctype>

#include "content/text_gen.h"
#include "core/encoding.h"

namespace m365sim::content {
namespace {

Address AddressOf(const Person& p) { return {p.display_name, p.mail}; }

// Someone to correspond with: a colleague, or now and then an outside partner.
Address Correspondent(const Content& c, const Mailbox& mb, SeededRandom& r) {
  if (c.people.size() < 2 || r.Chance(0.2)) {
    PersonName name = RandomPerson(r);
    std::string local;
    for (char ch : name.given) {
      if (ch >= 'A' && ch <= 'z') local.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    }
    return {name.display(), (local.empty() ? "partner" : local) + "@fabrikam.example"};
  }
  for (;;) {
    const Person& p = c.people[r.Below(c.people.size())];
    if (p.mail != mb.address) return AddressOf(p);
  }
}

std::string MessageIdOf(const Mailbox& mb, uint32_t number) {
  SeededRandom r = ItemRandom(mb, "message-id", number);
  return "<" + ark::HexEncode(r.Bytes(10)) + "@DM6PR04MB6075.namprd04.prod.outlook.com>";
}

std::string BaseSubjectOf(const Mailbox& mb, uint32_t number) {
  SeededRandom r = ItemRandom(mb, "subject", number);
  return RandomSubject(r);
}

AttachmentSpec FileAttachment(SeededRandom& r, uint64_t size) {
  const FileKind& kind = RandomFileKind(r);
  AttachmentSpec a;
  a.name = RandomFileStem(r).substr(0, 60) + "." + kind.extension;
  a.content_type = kind.mime_type;
  a.size = size;
  a.seed = r.Next();
  a.style = kind.text ? ByteStyle::kText : ByteStyle::kBinary;
  return a;
}

}  // namespace

SeededRandom ItemRandom(const Mailbox& mb, std::string_view kind, uint32_t key) {
  return SeededRandom(mb.seed).Derive(std::string(kind) + "/" + std::to_string(key));
}

MessageSpec MessageSpecOf(const Content& c, const Mailbox& mb, uint32_t number) {
  const Message& m = mb.messages[number];
  if (m.custom != kNone) return mb.custom_messages[m.custom].spec;
  MessageSpec spec;
  SeededRandom people = ItemRandom(mb, "people", number);
  Address owner{mb.display_name, mb.address};
  if (m.sent) {
    spec.from = owner;
    int n = static_cast<int>(people.Between(1, 3));
    for (int i = 0; i < n; ++i) spec.to.push_back(Correspondent(c, mb, people));
  } else {
    spec.from = Correspondent(c, mb, people);
    spec.to.push_back(owner);
    if (people.Chance(0.3)) spec.to.push_back(Correspondent(c, mb, people));
  }
  if (people.Chance(0.25)) spec.cc.push_back(Correspondent(c, mb, people));

  // Threads: the subject and references come from the root of the thread.
  uint32_t root = number;
  std::vector<uint32_t> chain;
  for (uint32_t p = m.thread_parent; p != kNone; p = mb.messages[p].thread_parent) {
    chain.insert(chain.begin(), p);
    root = p;
  }
  spec.subject = BaseSubjectOf(mb, root);
  if (root != number) spec.subject = "RE: " + spec.subject;
  spec.message_id = MessageIdOf(mb, number);
  for (uint32_t p : chain) {
    if (!spec.references.empty()) spec.references += " ";
    spec.references += MessageIdOf(mb, p);
  }
  if (!chain.empty()) spec.in_reply_to = MessageIdOf(mb, chain.back());

  SeededRandom body = ItemRandom(mb, "body", number);
  spec.date = m.received - body.Between(5, 300);
  spec.text = "Hi " + (spec.to.empty() ? std::string("team") : spec.to[0].name) + ",\n\n" +
              RandomParagraph(body, static_cast<int>(body.Between(2, 7))) + "\n\nBest regards,\n" + spec.from.name +
              "\n";
  spec.boundary_seed = body.Next();
  if (body.Chance(0.08)) spec.importance = body.Chance(0.7) ? "high" : "low";

  SeededRandom att = ItemRandom(mb, "attachments", number);
  switch (static_cast<MessageKind>(m.kind)) {
    case MessageKind::kPlain:
      spec.body_kind = BodyKind::kPlain;
      break;
    case MessageKind::kHtml:
      spec.body_kind = BodyKind::kHtml;
      break;
    case MessageKind::kAlternative:
      spec.body_kind = BodyKind::kAlternative;
      break;
    case MessageKind::kAttachments: {
      spec.body_kind = BodyKind::kAlternative;
      int n = static_cast<int>(att.Between(1, 3));
      for (int i = 0; i < n; ++i) spec.attachments.push_back(FileAttachment(att, att.Between(2000, 600000)));
      break;
    }
    case MessageKind::kInlineImage: {
      spec.body_kind = BodyKind::kHtml;
      AttachmentSpec image;
      image.name = "image001.png";
      image.content_type = "image/png";
      image.size = att.Between(20000, 90000);
      image.seed = att.Next();
      image.is_inline = true;
      image.content_id = "image001.png@01DC" + ark::HexEncode(att.Bytes(6));
      spec.attachments.push_back(image);
      break;
    }
    case MessageKind::kForwardedItem: {
      spec.body_kind = BodyKind::kAlternative;
      auto inner = std::make_shared<MessageSpec>();
      inner->from = Correspondent(c, mb, att);
      inner->to.push_back(owner);
      inner->subject = RandomSubject(att);
      inner->message_id = "<" + ark::HexEncode(att.Bytes(10)) + "@fabrikam.example>";
      inner->date = spec.date - att.Between(3600, 86400 * 30);
      inner->text = RandomParagraph(att, 3) + "\n";
      inner->boundary_seed = att.Next();
      AttachmentSpec item;
      item.name = inner->subject;
      item.content_type = "message/rfc822";
      item.item = inner;
      spec.attachments.push_back(item);
      spec.subject = "FW: " + spec.subject;
      break;
    }
    case MessageKind::kLarge:
      spec.body_kind = BodyKind::kAlternative;
      spec.attachments.push_back(FileAttachment(att, c.large_message_size));
      spec.attachments.back().name = "Quarterly data export.zip";
      spec.attachments.back().content_type = "application/x-zip-compressed";
      spec.attachments.back().style = ByteStyle::kBinary;
      break;
  }
  return spec;
}

ByteSourcePtr MessageMime(const Content& c, const Mailbox& mb, uint32_t number) {
  const Message& m = mb.messages[number];
  if (m.custom != kNone && mb.custom_messages[m.custom].mime) return mb.custom_messages[m.custom].mime;
  return RenderMime(MessageSpecOf(c, mb, number));
}

}  // namespace m365sim::content
