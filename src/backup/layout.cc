// Node names and tree paths of the snapshot layout.
#include "backup/layout.h"

namespace ark::backup {

std::string EscapeName(std::string_view id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(id.size() + 4);
  for (size_t i = 0; i < id.size(); ++i) {
    auto c = static_cast<unsigned char>(id[i]);
    bool escape = c == '%' || c == '/' || c < 0x21 || c == 0x7F || (i == 0 && (c == '_' || c == '.'));
    if (escape) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (out.empty()) out = "%00";  // Graph ids are never empty; keep the name valid anyway
  return out;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
}  // namespace

std::string UnescapeName(std::string_view name) {
  if (name == "%00") return {};
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size()) {
      int hi = HexValue(name[i + 1]);
      int lo = HexValue(name[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(name[i]);
  }
  return out;
}

std::string JoinPath(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  std::string out(a);
  out.push_back('/');
  out.append(b);
  return out;
}

std::string CheckpointName(std::string_view set_id) { return "backup/" + std::string(set_id); }

}  // namespace ark::backup
