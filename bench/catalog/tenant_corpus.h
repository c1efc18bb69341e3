// A deterministic synthetic tenant for the catalog benchmark: users, folders, mail, files, events, contacts.
//
// Every item is a pure function of (user, index, generation), so the corpus
// needs no memory beyond a byte per item, and two runs produce the same
// catalog. Words follow a Zipf distribution over a generated vocabulary, so
// that searches for common and for rare words both exist, as in real mail.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/item.h"

namespace ark::bench {

// A small, fast, seedable generator (SplitMix64): one per item, seeded from
// the item's coordinates, so that items can be made in any order.
class SplitMix64 {
 public:
  using result_type = std::uint64_t;
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return UINT64_MAX; }
  result_type operator()() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // A number in [0, n).
  std::uint64_t Below(std::uint64_t n) { return (*this)() % n; }

 private:
  std::uint64_t state_;
};

struct CorpusShape {
  std::int64_t items = 1'000'000;
  int users = 500;
};

class TenantCorpus {
 public:
  explicit TenantCorpus(CorpusShape shape);

  int users() const { return shape_.users; }
  std::int64_t items_per_user() const { return shape_.items / shape_.users; }

  std::string UserAddress(int user) const;
  catalog::Owner UserOwner(int user) const;
  // Containers of one user: the user root, the mailbox and its folders, the
  // drive and its folders, the calendar, the contacts folder.
  std::vector<catalog::Item> Containers(int user) const;
  // Item `index` of `user` in its `generation` (0 = as first backed up; each
  // later generation is an edit: new subject, moved, or renamed).
  catalog::Item MakeItem(int user, std::int64_t index, int generation) const;

  // The word of the vocabulary with this frequency rank (0 = most common).
  const std::string& Word(std::size_t rank) const { return vocabulary_[rank]; }
  std::size_t vocabulary_size() const { return vocabulary_.size(); }
  // An external sender address by rank (0 = the one who writes most).
  std::string Sender(std::size_t rank) const;
  static const std::vector<std::string>& MailFolders();

 private:
  std::string Words(SplitMix64& random, int count) const;
  std::size_t ZipfRank(SplitMix64& random) const;

  CorpusShape shape_;
  std::vector<std::string> vocabulary_;
  std::vector<double> cumulative_;  // Zipf weights, cumulative, for sampling ranks
};

}  // namespace ark::bench
