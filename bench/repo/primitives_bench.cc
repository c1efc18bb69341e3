// Single-core speed of the write path's primitives (the physical limit of a backup), and the alternatives
// measured for the format.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <random>
#include <string>

#include "repo/chunker.h"
#include "repo/compression.h"
#include "repo/crypto.h"

namespace {

using ark::repo::Crypto;
using ark::repo::MasterKeys;

std::string Random(size_t n) {
  std::mt19937_64 rng(1);
  std::string s(n, '\0');
  for (size_t i = 0; i < n; i += 8) {
    uint64_t v = rng();
    std::memcpy(s.data() + i, &v, std::min<size_t>(8, n - i));
  }
  return s;
}

// Mail-like text: a vocabulary of words with line breaks; compresses like real mail (about 3x).
std::string MailText(size_t n) {
  std::mt19937 rng(2);
  std::vector<std::string> words;
  for (int i = 0; i < 2000; ++i) words.push_back("w" + std::to_string(rng() % 100000));
  std::string s;
  while (s.size() < n) s += words[rng() % words.size()] + ((rng() % 12 == 0) ? "\n" : " ");
  s.resize(n);
  return s;
}

void BM_BlobIdHmacSha256(benchmark::State& state) {
  Crypto crypto(MasterKeys::Generate());
  std::string data = Random(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(crypto.BlobIdOf(data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_BlobIdHmacSha256)->Arg(4096)->Arg(1 << 20);

void BM_KeyedBlake2b(benchmark::State& state) {
  std::string data = Random(static_cast<size_t>(state.range(0)));
  unsigned char key[32] = {1};
  unsigned char out[32];
  for (auto _ : state) {
    crypto_generichash(out, 32, reinterpret_cast<const unsigned char*>(data.data()), data.size(), key, 32);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_KeyedBlake2b)->Arg(4096)->Arg(1 << 20);

void BM_SealXaes256Gcm(benchmark::State& state) {
  Crypto crypto(MasterKeys::Generate());
  std::string data = Random(static_cast<size_t>(state.range(0)));
  std::string out;
  for (auto _ : state) {
    out.clear();
    crypto.SealTo("ad", data, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_SealXaes256Gcm)->Arg(4096)->Arg(1 << 20);

void BM_XChaCha20Poly1305(benchmark::State& state) {
  std::string data = Random(static_cast<size_t>(state.range(0)));
  std::string out(data.size() + 16, '\0');
  unsigned char key[32] = {1};
  unsigned char nonce[24] = {2};
  unsigned long long len = 0;
  for (auto _ : state) {
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(out.data()), &len,
                                               reinterpret_cast<const unsigned char*>(data.data()),
                                               data.size(), nullptr, 0, nullptr, nonce, key);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_XChaCha20Poly1305)->Arg(4096)->Arg(1 << 20);

void BM_ZstdMailText(benchmark::State& state) {
  std::string data = MailText(1 << 20);
  std::string out;
  int level = static_cast<int>(state.range(0));
  size_t compressed = 0;
  for (auto _ : state) {
    out.clear();
    ark::repo::CompressTo(data, level, out);
    compressed = out.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
  state.counters["ratio"] = static_cast<double>(data.size()) / static_cast<double>(compressed);
}
BENCHMARK(BM_ZstdMailText)->Arg(1)->Arg(2)->Arg(3)->Arg(4)->Arg(6);

void BM_ZstdIncompressible(benchmark::State& state) {
  std::string data = Random(1 << 20);
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(ark::repo::CompressTo(data, 3, out));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_ZstdIncompressible);

void BM_Chunker(benchmark::State& state) {
  ark::repo::GearTable gear = ark::repo::MakeGearTable("bench");
  ark::repo::ChunkerParams params;
  std::string data = Random(64u << 20);
  for (auto _ : state) {
    ark::repo::Chunker chunker(params, gear);
    size_t pos = 0;
    size_t chunks = 0;
    while (pos < data.size()) {
      size_t cut = chunker.Scan(std::string_view(data).substr(pos, params.max_size));
      if (cut == 0) cut = std::min<size_t>(params.max_size, data.size() - pos);
      pos += cut;
      chunker.Reset();
      ++chunks;
    }
    benchmark::DoNotOptimize(chunks);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Chunker);

}  // namespace

BENCHMARK_MAIN();
