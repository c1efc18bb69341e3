// Deterministic human-looking text for generated content: names, subjects, sentences, file names.
//
// Everything is drawn from a SeededRandom so the same stream gives the same
// text. Some choices are deliberately hostile but legal (Unicode, spaces,
// characters SharePoint forbids elsewhere, very long names), because those
// are what break backup products in production.
#pragma once

#include <string>
#include <vector>

#include "common/seeded_random.h"

namespace m365sim::content {

struct PersonName {
  std::string given;
  std::string surname;
  std::string display() const { return given + " " + surname; }
};

PersonName RandomPerson(SeededRandom& random);
// A subject line; about one in six carries non-ASCII characters.
std::string RandomSubject(SeededRandom& random);
// `count` sentences of prose (ASCII, with an occasional accented word).
std::string RandomParagraph(SeededRandom& random, int sentences);
// A word suitable for a folder or list name.
std::string RandomTopic(SeededRandom& random);
// A file base name (no extension). Mostly plain; some with spaces, Unicode,
// '#', '%', '&', '~', leading/trailing dots inside, or 200+ characters.
std::string RandomFileStem(SeededRandom& random);
// An extension with the MIME type a SharePoint library reports for it.
struct FileKind {
  const char* extension;
  const char* mime_type;
  bool text;  // generated as readable text rather than binary
};
const FileKind& RandomFileKind(SeededRandom& random);
const FileKind& FileKindFor(const std::string& name);

}  // namespace m365sim::content
