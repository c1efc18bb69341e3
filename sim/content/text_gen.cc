// Word lists and the rules that combine them into names, subjects and prose.
#include "content/text_gen.h"

#include <array>
#include <string_view>

namespace m365sim::content {
namespace {

constexpr std::array<const char*, 40> kGiven = {
    "Adele", "Alex",  "Diego",  "Grady",   "Henrietta", "Isaiah",  "Johanna", "Joni",    "Lee",    "Lidia",
    "Lynne", "Megan", "Miriam", "Nestor",  "Patti",     "Pradeep", "Allan",   "Chen",    "Zoë",    "José",
    "Søren", "Amélie", "Björn", "Łukasz",  "Mei",       "Yuki",    "Fatima",  "Olga",    "Priya",  "Kwame",
    "Noah",  "Emma",  "Liam",   "Olivia",  "Mateo",     "Sofia",   "Hana",    "Ingrid",  "Rafael", "Aiko"};
constexpr std::array<const char*, 32> kSurname = {
    "Vance",   "Wilber",  "Garcia", "Archie",  "Gonzalez", "Langer",   "Lanz",     "Beckett",
    "Gu",      "Holgate", "Cline",  "Bowen",   "Bellamy",  "Martinez", "Fernandez", "Gupta",
    "Deyoung", "Müller",  "Øster",  "Dubois",  "Nowak",    "Tanaka",   "Kim",      "Okafor",
    "Rossi",   "Novák",   "Silva",  "Johansson", "Ivanova", "Haddad",  "Nguyen",   "O'Brien"};
constexpr std::array<const char*, 24> kTopics = {
    "Projects", "Finance",  "Clients",  "Marketing", "Contracts", "Travel",   "Invoices", "Legal",
    "Research", "Hiring",   "Roadmap",  "Suppliers", "Events",    "Training", "Archive 2024", "Board",
    "Design",   "Support",  "Partners", "Budget",    "Audit",     "Ops",      "Sales",    "Reviews"};
constexpr std::array<const char*, 20> kSubjectHeads = {
    "Quarterly review",  "Budget approval",  "Re: contract draft", "Meeting notes",   "Invoice",
    "Project kickoff",   "Travel plans",     "Action items",       "Status update",   "Proposal",
    "Weekly sync",       "Customer feedback", "Release checklist", "Hiring plan",     "Offsite agenda",
    "Security review",   "Vendor quote",     "Holiday schedule",   "Board deck",      "Training session"};
constexpr std::array<const char*, 8> kUnicodeSubjects = {
    "Réunion trimestrielle", "Überprüfung des Budgets", "会议纪要", "Отчёт за квартал",
    "Ποσοστά πωλήσεων",      "予算の承認",               "Café ☕ on Friday", "Plan d’action — été"};
constexpr std::array<const char*, 30> kSentenceWords = {
    "we",      "should", "review", "the",     "numbers", "before", "the",      "meeting", "please",  "send",
    "your",    "notes",  "by",     "Friday",  "and",     "check",  "contract", "terms",   "with",    "legal",
    "budget",  "is",     "on",     "track",   "for",     "Q3",     "customer", "asked",   "about",   "délais"};
constexpr std::array<FileKind, 9> kFileKinds = {{
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", false},
    {"pdf", "application/pdf", false},
    {"txt", "text/plain", true},
    {"csv", "text/csv", true},
    {"md", "text/markdown", true},
    {"jpg", "image/jpeg", false},
    {"zip", "application/x-zip-compressed", false},
}};
constexpr FileKind kUnknownKind = {"bin", "application/octet-stream", false};

}  // namespace

PersonName RandomPerson(SeededRandom& random) { return {random.Pick(kGiven), random.Pick(kSurname)}; }

std::string RandomSubject(SeededRandom& random) {
  if (random.Chance(1.0 / 6)) return random.Pick(kUnicodeSubjects);
  std::string subject = random.Pick(kSubjectHeads);
  subject += " ";
  subject += random.Pick(kTopics);
  if (random.Chance(0.3)) subject += " #" + std::to_string(random.Between(100, 999));
  return subject;
}

std::string RandomParagraph(SeededRandom& random, int sentences) {
  std::string text;
  for (int s = 0; s < sentences; ++s) {
    int words = static_cast<int>(random.Between(6, 16));
    for (int w = 0; w < words; ++w) {
      std::string word = random.Pick(kSentenceWords);
      if (w == 0 && !word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 32);
      text += word;
      text += (w + 1 == words) ? ". " : " ";
    }
  }
  if (!text.empty()) text.pop_back();
  return text;
}

std::string RandomTopic(SeededRandom& random) { return random.Pick(kTopics); }

std::string RandomFileStem(SeededRandom& random) {
  uint64_t style = random.Below(20);
  std::string topic = random.Pick(kTopics);
  std::string number = std::to_string(random.Between(1, 999));
  switch (style) {
    case 0:
      return "Résumé " + std::string(random.Pick(kGiven)) + " " + number;
    case 1:
      return "報告書 " + number;
    case 2:
      return topic + " #" + number + " & notes";
    case 3:
      return topic + " 100% final ~v" + number;
    case 4:
      return "double  spaced  name " + number;
    case 5: {
      std::string longname = topic;
      while (longname.size() < 210) longname += " " + std::string(random.Pick(kSentenceWords));
      return longname;
    }
    case 6:
      return "emoji 🚀 launch " + number;
    case 7:
      return "a.b.c " + number;
    default:
      return topic + " " + number;
  }
}

const FileKind& RandomFileKind(SeededRandom& random) { return random.Pick(kFileKinds); }

const FileKind& FileKindFor(const std::string& name) {
  size_t dot = name.rfind('.');
  if (dot != std::string::npos) {
    std::string_view ext = std::string_view(name).substr(dot + 1);
    for (const auto& kind : kFileKinds) {
      if (ext == kind.extension) return kind;
    }
  }
  return kUnknownKind;
}

}  // namespace m365sim::content
