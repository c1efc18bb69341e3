// ParseMime: header unfolding, encoded words, address lists, the body part, quoted-printable.
#include "content/mime_parse.h"

#include <cstring>
#include <ctime>
#include <vector>

#include "common/text.h"
#include "core/encoding.h"

namespace m365sim::content {
namespace {

struct Part {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
  std::string Header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (EqualsIgnoreCase(k, name)) return v;
    }
    return "";
  }
};

Part SplitPart(std::string_view text) {
  Part part;
  size_t end = text.find("\r\n\r\n");
  size_t skip = 4;
  if (end == std::string_view::npos) {
    end = text.find("\n\n");
    skip = 2;
  }
  std::string_view head = end == std::string_view::npos ? text : text.substr(0, end);
  part.body = end == std::string_view::npos ? std::string_view() : text.substr(end + skip);
  std::string current;
  auto flush = [&] {
    size_t colon = current.find(':');
    if (colon != std::string::npos) {
      std::string value = current.substr(colon + 1);
      size_t first = value.find_first_not_of(" \t");
      part.headers.emplace_back(current.substr(0, colon), first == std::string::npos ? "" : value.substr(first));
    }
    current.clear();
  };
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    std::string_view line = head.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      current += " ";
      current += std::string(line.substr(line.find_first_not_of(" \t")));
    } else {
      if (!current.empty()) flush();
      current = std::string(line);
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  if (!current.empty()) flush();
  return part;
}

std::string Param(const std::string& header, std::string_view name) {
  std::string lower = ToLowerAscii(header);
  size_t at = lower.find(std::string(name) + "=");
  if (at == std::string::npos) return "";
  std::string v = header.substr(at + name.size() + 1);
  if (!v.empty() && v[0] == '"') {
    size_t close = v.find('"', 1);
    return v.substr(1, close == std::string::npos ? std::string::npos : close - 1);
  }
  size_t end = v.find_first_of("; \t");
  return v.substr(0, end);
}

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && i + 2 < text.size() + 0 && i + 1 < text.size()) {
      if (text[i + 1] == '\r' || text[i + 1] == '\n') {
        i += (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n') ? 2 : 1;
        continue;
      }
      if (i + 2 < text.size()) {
        if (auto byte = ark::HexDecode(text.substr(i + 1, 2))) {
          out += *byte;
          i += 2;
          continue;
        }
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string DecodeBody(const Part& part) {
  std::string encoding = ToLowerAscii(part.Header("Content-Transfer-Encoding"));
  if (encoding == "base64") {
    std::string compact;
    for (char c : part.body) {
      if (c != '\r' && c != '\n' && c != ' ') compact.push_back(c);
    }
    return ark::Base64Decode(compact).value_or("");
  }
  if (encoding == "quoted-printable") return DecodeQuotedPrintable(part.body);
  return std::string(part.body);
}

std::string Normalise(std::string text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out.push_back(text[i]);
  }
  return out;
}

std::vector<Address> Addresses(const std::string& value) {
  std::vector<Address> out;
  std::string current;
  bool quoted = false;
  int angle = 0;
  std::vector<std::string> items;
  for (char c : value) {
    if (c == '"') quoted = !quoted;
    if (c == '<') ++angle;
    if (c == '>') --angle;
    if (c == ',' && !quoted && angle == 0) {
      items.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) items.push_back(current);
  for (std::string item : items) {
    Address a;
    size_t lt = item.find('<');
    if (lt != std::string::npos) {
      size_t gt = item.find('>', lt);
      a.address = item.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
      std::string name = item.substr(0, lt);
      size_t b = name.find_first_not_of(" \t\"");
      size_t e = name.find_last_not_of(" \t\"");
      a.name = b == std::string::npos ? "" : DecodeHeaderWords(name.substr(b, e - b + 1));
    } else {
      size_t b = item.find_first_not_of(" \t");
      size_t e = item.find_last_not_of(" \t");
      if (b == std::string::npos) continue;
      a.address = item.substr(b, e - b + 1);
    }
    if (a.name.empty()) a.name = a.address;
    out.push_back(std::move(a));
  }
  return out;
}

// Walks the MIME tree: the first text/plain (or text/html) body, attachments.
void Walk(std::string_view text, MessageSpec& spec, bool* have_text, int depth) {
  Part part = SplitPart(text);
  std::string type = ToLowerAscii(part.Header("Content-Type"));
  if (type.empty()) type = "text/plain";
  if (type.rfind("multipart/", 0) == 0 && depth < 8) {
    std::string boundary = Param(part.Header("Content-Type"), "boundary");
    if (boundary.empty()) return;
    std::string delimiter = "--" + boundary;
    size_t pos = part.body.find(delimiter);
    while (pos != std::string_view::npos) {
      size_t start = part.body.find('\n', pos);
      if (start == std::string_view::npos) break;
      if (part.body.substr(pos + delimiter.size(), 2) == "--") break;
      size_t next = part.body.find(delimiter, start);
      Walk(part.body.substr(start + 1, next == std::string_view::npos ? std::string_view::npos : next - start - 1),
           spec, have_text, depth + 1);
      pos = next;
    }
    return;
  }
  std::string disposition = ToLowerAscii(part.Header("Content-Disposition"));
  bool attachment = disposition.rfind("attachment", 0) == 0 || type.rfind("message/rfc822", 0) == 0 ||
                    (!part.Header("Content-ID").empty() && type.rfind("text/", 0) != 0);
  if (!attachment && type.rfind("text/", 0) == 0) {
    bool html = type.rfind("text/html", 0) == 0;
    if (!*have_text || (!html && spec.body_kind == BodyKind::kHtml)) {
      spec.text = Normalise(DecodeBody(part));
      spec.body_kind = html ? BodyKind::kHtml : BodyKind::kPlain;
      *have_text = true;
    }
    return;
  }
  AttachmentSpec a;
  a.name = DecodeHeaderWords(Param(part.Header("Content-Disposition"), "filename"));
  if (a.name.empty()) a.name = DecodeHeaderWords(Param(part.Header("Content-Type"), "name"));
  if (a.name.empty()) a.name = "attachment";
  a.content_type = type.substr(0, type.find(';'));
  a.size = DecodeBody(part).size();
  a.is_inline = disposition.rfind("inline", 0) == 0;
  std::string cid = part.Header("Content-ID");
  if (cid.size() > 2 && cid.front() == '<') cid = cid.substr(1, cid.size() - 2);
  a.content_id = cid;
  spec.attachments.push_back(std::move(a));
}

}  // namespace

std::string DecodeHeaderWords(std::string_view value) {
  std::string out;
  size_t pos = 0;
  bool last_was_word = false;
  while (pos < value.size()) {
    size_t start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out += value.substr(pos);
      break;
    }
    std::string_view between = value.substr(pos, start - pos);
    if (!(last_was_word && between.find_first_not_of(" \t\r\n") == std::string_view::npos)) out += between;
    size_t q1 = value.find('?', start + 2);
    size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string_view::npos) {
      out += value.substr(start);
      break;
    }
    char mode = static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
    std::string_view payload = value.substr(q2 + 1, end - q2 - 1);
    if (mode == 'B') {
      out += ark::Base64Decode(payload).value_or(std::string(payload));
    } else {
      std::string q(payload);
      for (char& c : q) {
        if (c == '_') c = ' ';
      }
      out += DecodeQuotedPrintable(q);
    }
    pos = end + 2;
    last_was_word = true;
  }
  return out;
}

std::optional<int64_t> ParseRfc5322Date(std::string_view text) {
  std::string s(text);
  size_t comma = s.find(',');
  if (comma != std::string::npos) s = s.substr(comma + 1);
  std::tm tm{};
  char zone[16] = {0};
  char month[4] = {0};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (std::sscanf(s.c_str(), " %d %3s %d %d:%d:%d %15s", &day, month, &year, &hour, &minute, &second, zone) < 6) {
    return std::nullopt;
  }
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int m = -1;
  for (int i = 0; i < 12; ++i) {
    if (EqualsIgnoreCase(month, kMonths[i])) m = i;
  }
  if (m < 0) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = m;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  int64_t t = timegm(&tm);
  if ((zone[0] == '+' || zone[0] == '-') && std::strlen(zone) >= 5) {
    int hh = (zone[1] - '0') * 10 + (zone[2] - '0');
    int mm = (zone[3] - '0') * 10 + (zone[4] - '0');
    int offset = hh * 3600 + mm * 60;
    t += zone[0] == '+' ? -offset : offset;
  }
  return t;
}

std::optional<MessageSpec> ParseMime(std::string_view mime) {
  if (mime.find(':') == std::string_view::npos) return std::nullopt;
  Part top = SplitPart(mime);
  if (top.headers.empty()) return std::nullopt;
  MessageSpec spec;
  spec.subject = DecodeHeaderWords(top.Header("Subject"));
  auto from = Addresses(top.Header("From"));
  if (!from.empty()) spec.from = from[0];
  spec.to = Addresses(top.Header("To"));
  spec.cc = Addresses(top.Header("Cc"));
  spec.message_id = top.Header("Message-ID");
  spec.in_reply_to = top.Header("In-Reply-To");
  spec.references = top.Header("References");
  spec.importance = ToLowerAscii(top.Header("Importance"));
  spec.date = ParseRfc5322Date(top.Header("Date")).value_or(0);
  bool have_text = false;
  Walk(mime, spec, &have_text, 0);
  return spec;
}

}  // namespace m365sim::content
