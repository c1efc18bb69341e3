// Generates the deterministic ~1 GiB benchmark corpus (mail items, office-like files, large files), or
// mutates it by ~2%.
//
//   make_corpus DIR            writes the corpus (same bytes on every machine)
//   make_corpus DIR --mutate   changes about 2% of it: new and edited mail
//                              items, rewritten office files, small inserts
//                              into the large files (the case content-defined
//                              chunking is for)
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

// splitmix64: tiny, fast and identical everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  void Bytes(std::string& out, size_t n) {
    size_t start = out.size();
    out.resize(start + n);
    for (size_t i = 0; i < n; i += 8) {
      uint64_t v = Next();
      std::memcpy(out.data() + start + i, &v, std::min<size_t>(8, n - i));
    }
  }

 private:
  uint64_t s_;
};

constexpr int kMails = 40000;
constexpr int kOffice = 300;
constexpr int kLarge = 4;
constexpr size_t kLargeSize = 128u << 20;

const std::vector<std::string>& Words() {
  static std::vector<std::string> words = [] {
    std::vector<std::string> w;
    Rng rng(1);
    const char* syll[] = {"ba", "ke", "lo", "mi", "nu", "ra", "se", "ti",
                          "vo", "za", "qu", "an", "er", "in", "or"};
    for (int i = 0; i < 2000; ++i) {
      std::string word;
      for (int s = 0; s < 2 + static_cast<int>(rng.Below(3)); ++s) word += syll[rng.Below(15)];
      w.push_back(word);
    }
    return w;
  }();
  return words;
}

void Text(Rng& rng, std::string& out, size_t n) {
  const auto& w = Words();
  size_t target = out.size() + n;
  int line = 0;
  while (out.size() < target) {
    out += w[rng.Below(w.size())];
    out += (++line % 12 == 0) ? "\n" : " ";
  }
}

std::string Mail(Rng& rng, int i) {
  int sender = static_cast<int>(rng.Below(100));
  std::string m =
      "Received: from mail" + std::to_string(sender % 7) + ".contoso.example (10.0.0." +
      std::to_string(sender) + ")\r\nFrom: \"User " + std::to_string(sender) + "\" <user" +
      std::to_string(sender) + "@contoso.example>\r\nTo: team" + std::to_string(rng.Below(20)) +
      "@contoso.example\r\nSubject: Re: project " + std::to_string(rng.Below(500)) + " status\r\n" +
      "Date: Mon, " + std::to_string(1 + i % 28) + " Jan 2026 10:" + std::to_string(10 + i % 50) +
      ":00 +0000\r\nMessage-ID: <" + std::to_string(rng.Next()) + "@contoso.example>\r\n" +
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nX-MS-Exchange-Organization-AuthAs: "
      "Internal\r\n\r\n";
  Text(rng, m, 500 + rng.Below(8000));
  m += "\r\n\r\n-- \r\nUser " + std::to_string(sender) +
       "\r\nContoso Ltd. | 1 Example Street | +1 555 0100 " + std::to_string(sender) +
       "\r\nThis message may contain confidential information. If you are not the intended "
       "recipient, please delete it.\r\n";
  return m;
}

// Office documents are zip containers: compressible XML parts and already-compressed media.
std::string Office(Rng& rng) {
  std::string d = "PK\x03\x04[Content_Types].xml";
  size_t size = 200000 + rng.Below(1800000);
  while (d.size() < size) {
    if (rng.Below(10) < 6) {
      d += "<w:p><w:r><w:t>";
      Text(rng, d, 2000 + rng.Below(20000));
      d += "</w:t></w:r></w:p>";
    } else {
      rng.Bytes(d, 4000 + rng.Below(60000));
    }
  }
  return d;
}

// Large files (mail archives, databases): 64 KiB blocks, half text, half binary.
void WriteLarge(const std::string& path, uint64_t seed) {
  Rng rng(seed);
  std::ofstream f(path, std::ios::binary);
  std::string block;
  for (size_t done = 0; done < kLargeSize; done += block.size()) {
    block.clear();
    if (rng.Below(2) == 0) {
      Text(rng, block, 65536);
      block.resize(65536);
    } else {
      rng.Bytes(block, 65536);
    }
    f.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
}

void Write(const std::string& path, const std::string& data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::string MailPath(const std::string& dir, int i) {
  return dir + "/mail/user" + std::to_string(i % 50) + "/folder" + std::to_string((i / 50) % 4) + "/item" +
         std::to_string(i) + ".eml";
}

void Generate(const std::string& dir) {
  Rng rng(20260105);
  for (int i = 0; i < kMails; ++i) Write(MailPath(dir, i), Mail(rng, i));
  for (int i = 0; i < kOffice; ++i) {
    Write(dir + "/sites/site" + std::to_string(i % 10) + "/Shared Documents/report" + std::to_string(i) +
              ".docx",
          Office(rng));
  }
  std::filesystem::create_directories(dir + "/archives");
  for (int i = 0; i < kLarge; ++i)
    WriteLarge(dir + "/archives/archive" + std::to_string(i) + ".pst", 100 + i);
}

// Inserts `n` bytes at `at` in a file, rewriting it (a small edit that shifts everything after it).
void InsertInto(const std::string& path, size_t at, const std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), {});
  data.insert(std::min(at, data.size()), bytes);
  Write(path, data);
}

void Mutate(const std::string& dir) {
  Rng rng(777);
  for (int i = kMails; i < kMails + 400; ++i) Write(MailPath(dir, i), Mail(rng, i));  // new mail
  for (int k = 0; k < 400; ++k) {
    int i = static_cast<int>(rng.Below(kMails));
    Write(MailPath(dir, i), Mail(rng, i));  // edited (e.g. flags, categories)
  }
  for (int k = 0; k < 6; ++k) {
    int i = static_cast<int>(rng.Below(kOffice));
    Write(dir + "/sites/site" + std::to_string(i % 10) + "/Shared Documents/report" + std::to_string(i) +
              ".docx",
          Office(rng));
  }
  for (int i = 0; i < kLarge; ++i) {
    std::string insert;
    Text(rng, insert, 1000 + rng.Below(7000));
    InsertInto(dir + "/archives/archive" + std::to_string(i) + ".pst", rng.Below(kLargeSize), insert);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_corpus DIR [--mutate]\n");
    return 2;
  }
  std::string dir = argv[1];
  if (argc > 2 && std::string(argv[2]) == "--mutate") {
    Mutate(dir);
  } else {
    Generate(dir);
  }
  return 0;
}
