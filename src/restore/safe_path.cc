// Path sanitiser: character replacement, device names, trailing dots, length limits.
#include "restore/safe_path.h"

#include <array>
#include <cctype>

#include "core/encoding.h"
#include "core/hash.h"

namespace ark::restore {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one
// (overlong forms, surrogates and code points past U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr std::array<uint32_t, 5> kMinimum = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool ReservedAscii(unsigned char c) {
  // Control characters, the separators of every platform, and what Windows refuses in names.
  if (c < 0x20 || c == 0x7F) return true;
  switch (c) {
    case '/':
    case '\\':
    case ':':
    case '<':
    case '>':
    case '"':
    case '|':
    case '?':
    case '*':
      return true;
    default:
      return false;
  }
}

// The longest prefix of `s` of at most `limit` bytes that ends on a character boundary.
std::string_view CutAtCharacter(std::string_view s, size_t limit) {
  if (s.size() <= limit) return s;
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string ReplaceUnsafeCharacters(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size();) {
    size_t n = Utf8SequenceLength(name, i);
    if (n == 0 || (n == 1 && ReservedAscii(static_cast<unsigned char>(name[i])))) {
      out.push_back('_');
      i += n == 0 ? 1 : n;
      continue;
    }
    out.append(name.substr(i, n));
    i += n;
  }
  // Windows drops trailing dots and spaces ("a." opens "a"); a name of dots is "." or "..".
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.back() = '_';
  if (out.empty()) out = "_";
  if (IsDeviceName(out)) out.insert(0, 1, '_');
  return out;
}

}  // namespace

bool IsDeviceName(std::string_view name) {
  std::string_view stem = name.substr(0, name.find('.'));
  while (!stem.empty() && stem.back() == ' ') stem.remove_suffix(1);
  std::string upper;
  for (char c : stem) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (upper == "CON" || upper == "PRN" || upper == "AUX" || upper == "NUL" || upper == "CONIN$" ||
      upper == "CONOUT$") {
    return true;
  }
  // COM1-9 and LPT1-9, also with the superscript digits Windows treats alike (¹ ² ³).
  if (upper.size() >= 4 && (upper.starts_with("COM") || upper.starts_with("LPT"))) {
    std::string_view digit = std::string_view(upper).substr(3);
    if (digit.size() == 1 && digit[0] >= '0' && digit[0] <= '9') return true;
    if (digit == "\xC2\xB9" || digit == "\xC2\xB2" || digit == "\xC2\xB3") return true;
  }
  return false;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string SafeComponent(std::string_view name) {
  std::string safe = ReplaceUnsafeCharacters(name);
  if (safe == name && safe.size() <= kMaxComponentBytes) return safe;
  // Something changed: add a short hash of the original so that distinct names stay distinct.
  std::string tag = "~" + HexEncode(Sha256(name).substr(0, 4));
  std::string_view body = safe;
  std::string_view extension;
  size_t dot = body.rfind('.');
  if (dot != std::string_view::npos && dot > 0 && body.size() - dot <= 16) {
    extension = body.substr(dot);
    body = body.substr(0, dot);
  }
  std::string out(CutAtCharacter(body, kMaxComponentBytes - tag.size() - extension.size()));
  out += tag;
  out += extension;
  return out;
}

std::vector<std::string> SafeComponents(std::string_view backup_path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= backup_path.size()) {
    size_t end = backup_path.find('/', start);
    if (end == std::string_view::npos) end = backup_path.size();
    std::string_view part = backup_path.substr(start, end - start);
    if (!part.empty()) out.push_back(SafeComponent(part));
    start = end + 1;
  }
  return out;
}

Result<std::string> SafeRelativePath(const std::vector<std::string>& components) {
  std::string out;
  for (const std::string& c : components) {
    if (!out.empty()) out.push_back('/');
    out += c;
  }
  if (out.size() > kMaxRelativePathBytes) {
    return InvalidArgument("the path is " + std::to_string(out.size()) + " bytes long, more than the " +
                           std::to_string(kMaxRelativePathBytes) +
                           " a target can hold; restore this item into a shallower folder");
  }
  return out;
}

}  // namespace ark::restore
