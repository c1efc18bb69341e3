// Internet messages (RFC 5322 + MIME) built from a description, streamed as a ByteSource.
//
// A MessageSpec says what a message contains (addresses, subject, bodies,
// attachments whose bytes are generated from seeds); RenderMime() lays it
// out exactly as a mail server would: encoded-word headers (RFC 2047) for
// non-ASCII text, quoted-printable text parts, base64 attachments in 76
// character lines, multipart/alternative, multipart/related for inline
// images, multipart/mixed for attachments, message/rfc822 for attached
// items. The bytes are produced on demand, so a 6 MB message costs nothing
// until it is read, and the same spec always gives the same bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "content/byte_source.h"

namespace m365sim::content {

struct Address {
  std::string name;
  std::string address;
};

enum class BodyKind { kPlain, kHtml, kAlternative };

struct MessageSpec;

struct AttachmentSpec {
  std::string name;
  std::string content_type;
  uint64_t size = 0;          // bytes of the decoded content (file attachments)
  uint64_t seed = 0;
  ByteStyle style = ByteStyle::kBinary;
  bool is_inline = false;     // an image referenced from the HTML body by cid:
  std::string content_id;     // for inline images
  std::shared_ptr<const MessageSpec> item;  // set for an attached message (message/rfc822)
};

struct MessageSpec {
  std::string message_id;     // "<...@domain>"
  std::string in_reply_to;    // empty, or the parent's message id
  std::string references;     // space-separated message ids, oldest first
  std::string subject;
  Address from;
  std::vector<Address> to;
  std::vector<Address> cc;
  int64_t date = 0;           // seconds since the Unix epoch, UTC
  BodyKind body_kind = BodyKind::kPlain;
  std::string text;           // the plain-text body (LF line ends; rendered with CRLF)
  std::vector<AttachmentSpec> attachments;
  uint64_t boundary_seed = 0;
  std::string importance;     // "high" / "low" or empty (normal)
};

// The HTML body derived from the text (what an HTML or alternative message carries).
std::string HtmlBodyOf(const MessageSpec& spec);
// Decoded bytes of one attachment (file bytes, or the MIME of an attached item).
ByteSourcePtr AttachmentBytes(const AttachmentSpec& attachment);
ByteSourcePtr RenderMime(const MessageSpec& spec);

// RFC 2047 "B" encoded words for a header value when it is not plain ASCII.
std::string EncodeHeaderWords(const std::string& text);
// "Tue, 03 Mar 2026 10:15:00 +0000"
std::string Rfc5322Date(int64_t unix_seconds);

}  // namespace m365sim::content
