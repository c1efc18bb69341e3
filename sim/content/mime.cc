// RenderMime: header encoding, quoted-printable, multipart layout of generated messages.
#include "content/mime.h"

#include <ctime>

#include "common/seeded_random.h"
#include "core/encoding.h"

namespace m365sim::content {
namespace {

bool IsPlainAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || (c < 0x20 && c != '\t')) return false;
  }
  return true;
}

std::string FormatAddress(const Address& a) {
  if (a.name.empty()) return "<" + a.address + ">";
  if (IsPlainAscii(a.name)) return "\"" + a.name + "\" <" + a.address + ">";
  return EncodeHeaderWords(a.name) + " <" + a.address + ">";
}

std::string AddressList(const std::vector<Address>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ",\r\n\t";
    out += FormatAddress(list[i]);
  }
  return out;
}

std::string EscapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
        out += "<br>\n";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// RFC 2045 §6.7 quoted-printable of UTF-8 text, LF turned into CRLF line breaks.
std::string QuotedPrintable(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t line = 0;
  auto emit = [&](const std::string& piece) {
    if (line + piece.size() > 75) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      line = 0;
      continue;
    }
    bool before_break = i + 1 == text.size() || text[i + 1] == '\n';
    if ((c >= 33 && c <= 126 && c != '=') || (c == ' ' && !before_break)) {
      emit(std::string(1, static_cast<char>(c)));
    } else {
      emit(std::string{'=', kHex[c >> 4], kHex[c & 15]});
    }
  }
  return out;
}

std::string Boundary(uint64_t seed, int level) {
  SeededRandom random(seed + static_cast<uint64_t>(level));
  return "_00" + std::to_string(level) + "_" + ark::HexEncode(random.Bytes(12)) + "namprd04prodoutlookcom_";
}

std::string TextPart(const std::string& content_type, const std::string& body) {
  return "Content-Type: " + content_type +
         "; charset=\"utf-8\"\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
         QuotedPrintable(body) + "\r\n";
}

std::string QuoteParam(const std::string& value) {
  if (IsPlainAscii(value)) return "\"" + value + "\"";
  return "\"" + EncodeHeaderWords(value) + "\"";
}

void AppendAttachment(std::vector<ByteSourcePtr>& parts, const AttachmentSpec& a) {
  std::string headers;
  if (a.item) {
    headers = "Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n";
    parts.push_back(LiteralBytes(headers));
    parts.push_back(RenderMime(*a.item));
    parts.push_back(LiteralBytes("\r\n"));
    return;
  }
  headers = "Content-Type: " + a.content_type + "; name=" + QuoteParam(a.name) + "\r\n";
  if (!a.content_id.empty()) headers += "Content-ID: <" + a.content_id + ">\r\n";
  headers += "Content-Description: " + (IsPlainAscii(a.name) ? a.name : EncodeHeaderWords(a.name)) + "\r\n";
  headers += std::string("Content-Disposition: ") + (a.is_inline ? "inline" : "attachment") +
             "; filename=" + QuoteParam(a.name) + "; size=" + std::to_string(a.size) + "\r\n";
  headers += "Content-Transfer-Encoding: base64\r\n\r\n";
  parts.push_back(LiteralBytes(headers));
  parts.push_back(Base64Lines(AttachmentBytes(a)));
}

// The body without attachments: a single text part or multipart/alternative,
// wrapped in multipart/related when inline images hang off the HTML.
void AppendBody(std::vector<ByteSourcePtr>& parts, const MessageSpec& spec, std::string& content_type_out,
                int level) {
  std::vector<const AttachmentSpec*> inline_images;
  for (const auto& a : spec.attachments) {
    if (a.is_inline) inline_images.push_back(&a);
  }
  std::string html = HtmlBodyOf(spec);
  auto simple_body = [&](std::string& ct) {
    if (spec.body_kind == BodyKind::kPlain) {
      ct = "text/plain; charset=\"utf-8\"";
      return std::string();
    }
    if (spec.body_kind == BodyKind::kHtml) {
      ct = "text/html; charset=\"utf-8\"";
      return std::string();
    }
    std::string b = Boundary(spec.boundary_seed, level + 5);
    ct = "multipart/alternative;\r\n\tboundary=\"" + b + "\"";
    return b;
  };
  auto append_simple = [&](const std::string& boundary) {
    if (spec.body_kind == BodyKind::kAlternative) {
      parts.push_back(LiteralBytes("--" + boundary + "\r\n" + TextPart("text/plain", spec.text) + "\r\n--" +
                                   boundary + "\r\n" + TextPart("text/html", html) + "\r\n--" + boundary +
                                   "--\r\n"));
    } else if (spec.body_kind == BodyKind::kHtml) {
      parts.push_back(LiteralBytes(QuotedPrintable(html) + "\r\n"));
    } else {
      parts.push_back(LiteralBytes(QuotedPrintable(spec.text) + "\r\n"));
    }
  };
  if (inline_images.empty()) {
    std::string boundary = simple_body(content_type_out);
    append_simple(boundary);
    return;
  }
  std::string related = Boundary(spec.boundary_seed, level + 3);
  content_type_out = "multipart/related;\r\n\tboundary=\"" + related + "\";\r\n\ttype=\"text/html\"";
  std::string inner_ct;
  std::string boundary = simple_body(inner_ct);
  parts.push_back(LiteralBytes("--" + related + "\r\nContent-Type: " + inner_ct + "\r\n" +
                               (spec.body_kind == BodyKind::kAlternative ? "" :
                                "Content-Transfer-Encoding: quoted-printable\r\n") + "\r\n"));
  append_simple(boundary);
  for (const auto* image : inline_images) {
    parts.push_back(LiteralBytes("\r\n--" + related + "\r\n"));
    AppendAttachment(parts, *image);
  }
  parts.push_back(LiteralBytes("\r\n--" + related + "--\r\n"));
}

}  // namespace

std::string EncodeHeaderWords(const std::string& text) {
  if (IsPlainAscii(text)) return text;
  // Each encoded word holds whole UTF-8 characters and stays under 75 characters.
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = start;
    while (end < text.size()) {
      size_t next = end + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
      if ((next - start + 2) / 3 * 4 > 60) break;
      end = next;
    }
    if (end == start) end = start + 1;
    if (!out.empty()) out += "\r\n ";
    out += "=?utf-8?B?" + ark::Base64Encode(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string Rfc5322Date(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof(buffer), "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buffer;
}

std::string HtmlBodyOf(const MessageSpec& spec) {
  if (!spec.html.empty()) return spec.html;
  std::string html =
      "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n</head>\n"
      "<body>\n<div style=\"font-family:Calibri,Arial,sans-serif; font-size:11pt\">\n" +
      EscapeHtml(spec.text) + "\n</div>\n";
  for (const auto& a : spec.attachments) {
    if (a.is_inline) html += "<p><img src=\"cid:" + a.content_id + "\" alt=\"" + EscapeHtml(a.name) + "\"></p>\n";
  }
  html += "</body>\n</html>\n";
  return html;
}

ByteSourcePtr AttachmentBytes(const AttachmentSpec& attachment) {
  if (attachment.item) return RenderMime(*attachment.item);
  if (attachment.bytes) return attachment.bytes;
  return GeneratedBytes(attachment.seed, attachment.size, attachment.style);
}

ByteSourcePtr RenderMime(const MessageSpec& spec) {
  std::vector<ByteSourcePtr> parts;
  std::string h;
  std::string date = Rfc5322Date(spec.date);
  h += "Received: from DM6PR04MB6075.namprd04.prod.outlook.com (2603:10b6:5:1c0::17)\r\n"
       " by DM6PR04MB6075.namprd04.prod.outlook.com with HTTPS; " +
       date + "\r\n";
  h += "From: " + FormatAddress(spec.from) + "\r\n";
  if (!spec.to.empty()) h += "To: " + AddressList(spec.to) + "\r\n";
  if (!spec.cc.empty()) h += "CC: " + AddressList(spec.cc) + "\r\n";
  h += "Subject: " + EncodeHeaderWords(spec.subject) + "\r\n";
  h += "Thread-Topic: " + EncodeHeaderWords(spec.subject) + "\r\n";
  h += "Date: " + date + "\r\n";
  h += "Message-ID: " + spec.message_id + "\r\n";
  if (!spec.in_reply_to.empty()) h += "In-Reply-To: " + spec.in_reply_to + "\r\n";
  if (!spec.references.empty()) h += "References: " + spec.references + "\r\n";
  if (spec.importance == "high") h += "Importance: high\r\nX-Priority: 1\r\n";
  if (spec.importance == "low") h += "Importance: low\r\nX-Priority: 5\r\n";
  h += "Content-Language: en-US\r\n";
  bool has_files = false;
  for (const auto& a : spec.attachments) has_files |= !a.is_inline;
  h += std::string("X-MS-Has-Attach: ") + (has_files ? "yes" : "") + "\r\n";
  h += "MIME-Version: 1.0\r\n";

  if (!has_files) {
    std::string content_type;
    std::vector<ByteSourcePtr> body;
    AppendBody(body, spec, content_type, 0);
    bool single = content_type.rfind("text/", 0) == 0;
    h += "Content-Type: " + content_type + "\r\n";
    if (single) h += "Content-Transfer-Encoding: quoted-printable\r\n";
    h += "\r\n";
    parts.push_back(LiteralBytes(h));
    for (auto& p : body) parts.push_back(std::move(p));
    return ConcatBytes(std::move(parts));
  }
  std::string mixed = Boundary(spec.boundary_seed, 0);
  h += "Content-Type: multipart/mixed;\r\n\tboundary=\"" + mixed + "\"\r\n\r\n";
  parts.push_back(LiteralBytes(h));
  std::string content_type;
  std::vector<ByteSourcePtr> body;
  AppendBody(body, spec, content_type, 1);
  bool single = content_type.rfind("text/", 0) == 0;
  parts.push_back(LiteralBytes("--" + mixed + "\r\nContent-Type: " + content_type + "\r\n" +
                               (single ? "Content-Transfer-Encoding: quoted-printable\r\n" : "") + "\r\n"));
  for (auto& p : body) parts.push_back(std::move(p));
  for (const auto& a : spec.attachments) {
    if (a.is_inline) continue;
    parts.push_back(LiteralBytes("\r\n--" + mixed + "\r\n"));
    AppendAttachment(parts, a);
  }
  parts.push_back(LiteralBytes("\r\n--" + mixed + "--\r\n"));
  return ConcatBytes(std::move(parts));
}

}  // namespace m365sim::content
