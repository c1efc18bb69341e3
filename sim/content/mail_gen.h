// Generated mail, contacts and events: what a message, contact or event says, derived from its seed.
#pragma once

#include <string>
#include <string_view>

#include "common/seeded_random.h"

#include "content/model.h"

namespace m365sim::content {

enum class MessageKind : uint8_t {
  kPlain = 0,
  kHtml,
  kAlternative,
  kAttachments,    // multipart/mixed with file attachments
  kInlineImage,    // multipart/related: an HTML body with an embedded image
  kForwardedItem,  // an attached message (message/rfc822, an itemAttachment in Graph)
  kLarge,          // an attachment large enough that the message is over 4 MB
};

// The spec of message `number` (generated or created by a client).
MessageSpec MessageSpecOf(const Content& c, const Mailbox& mb, uint32_t number);
// The exact MIME bytes served by /messages/{id}/$value.
ByteSourcePtr MessageMime(const Content& c, const Mailbox& mb, uint32_t number);

// Seeds of the other Outlook item kinds: a stream per item for its details.
SeededRandom ItemRandom(const Mailbox& mb, std::string_view kind, uint32_t key);

}  // namespace m365sim::content
