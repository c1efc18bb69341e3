// Tests of the MIME writer: headers, encoded words, multipart structure, attachment bytes.
#include "content/mime.h"

#include <gtest/gtest.h>

#include "content/mime_parse.h"
#include "core/encoding.h"

namespace m365sim::content {
namespace {

MessageSpec Sample() {
  MessageSpec spec;
  spec.message_id = "<abc@example.com>";
  spec.in_reply_to = "<parent@example.com>";
  spec.references = "<root@example.com> <parent@example.com>";
  spec.subject = "Réunion trimestrielle";
  spec.from = {"Zoë Müller", "zoe@contoso.example"};
  spec.to = {{"Alex Wilber", "alex@contoso.example"}};
  spec.date = 1780272000;
  spec.body_kind = BodyKind::kAlternative;
  spec.text = "Hello = world\nSecond line with é\n";
  spec.boundary_seed = 5;
  AttachmentSpec file;
  file.name = "report.pdf";
  file.content_type = "application/pdf";
  file.size = 5000;
  file.seed = 9;
  spec.attachments.push_back(file);
  AttachmentSpec image;
  image.name = "image001.png";
  image.content_type = "image/png";
  image.size = 300;
  image.seed = 10;
  image.is_inline = true;
  image.content_id = "image001.png@01DC";
  spec.attachments.push_back(image);
  return spec;
}

TEST(Mime, HeadersAreEncodedAsMailServersWriteThem) {
  std::string mime = ReadAll(*RenderMime(Sample()));
  EXPECT_NE(mime.find("Subject: =?utf-8?B?" + ark::Base64Encode("Réunion trimestrielle") + "?=\r\n"),
            std::string::npos);
  EXPECT_NE(mime.find("From: =?utf-8?B?"), std::string::npos);
  EXPECT_NE(mime.find("Date: Mon, 01 Jun 2026 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(mime.find("In-Reply-To: <parent@example.com>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("References: <root@example.com> <parent@example.com>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Content-Type: multipart/mixed;"), std::string::npos);
  EXPECT_NE(mime.find("multipart/related;"), std::string::npos);
  EXPECT_NE(mime.find("multipart/alternative;"), std::string::npos);
  EXPECT_NE(mime.find("Hello =3D world"), std::string::npos) << "quoted-printable escapes '='";
  EXPECT_NE(mime.find("with =C3=A9"), std::string::npos);
  EXPECT_NE(mime.find("<img src=3D\"cid:image001.png@01DC\""), std::string::npos);
  for (size_t pos = 0; (pos = mime.find('\n', pos)) != std::string::npos; ++pos) {
    ASSERT_EQ(mime[pos - 1], '\r') << "bare LF at " << pos;
  }
}

TEST(Mime, AttachmentsAreBase64OfTheirGeneratedBytes) {
  MessageSpec spec = Sample();
  std::string mime = ReadAll(*RenderMime(spec));
  std::string raw = ReadAll(*AttachmentBytes(spec.attachments[0]));
  ASSERT_EQ(raw.size(), 5000u);
  std::string first_line = ark::Base64Encode(raw.substr(0, 57));
  EXPECT_NE(mime.find("\r\n\r\n" + first_line + "\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Content-Disposition: attachment; filename=\"report.pdf\"; size=5000"), std::string::npos);
  EXPECT_EQ(RenderMime(spec)->size(), mime.size());
}

TEST(Mime, LongNonAsciiWordsAreSplitIntoShortEncodedWords) {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "é";
  std::string encoded = EncodeHeaderWords(subject);
  size_t start = 0;
  int words = 0;
  while ((start = encoded.find("=?utf-8?B?", start)) != std::string::npos) {
    size_t end = encoded.find("?=", start + 10);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - start, 75u);
    start = end;
    ++words;
  }
  EXPECT_GT(words, 1);
  EXPECT_EQ(EncodeHeaderWords("plain"), "plain");
}

TEST(Mime, ParsingARenderedMessageGivesBackWhatItSays) {
  MessageSpec spec = Sample();
  std::string mime = ReadAll(*RenderMime(spec));
  auto parsed = ParseMime(mime);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->subject, spec.subject);
  EXPECT_EQ(parsed->from.name, "Zoë Müller");
  EXPECT_EQ(parsed->from.address, "zoe@contoso.example");
  ASSERT_EQ(parsed->to.size(), 1u);
  EXPECT_EQ(parsed->to[0].address, "alex@contoso.example");
  EXPECT_EQ(parsed->date, spec.date);
  EXPECT_EQ(parsed->message_id, "<abc@example.com>");
  EXPECT_EQ(parsed->text, spec.text);
  ASSERT_EQ(parsed->attachments.size(), 2u);
  EXPECT_EQ(parsed->attachments[1].name, "report.pdf");
  EXPECT_EQ(parsed->attachments[1].size, 5000u);
  EXPECT_TRUE(parsed->attachments[0].is_inline);
  EXPECT_EQ(DecodeHeaderWords("=?utf-8?Q?caf=C3=A9_au_lait?="), "café au lait");
}

}  // namespace
}  // namespace m365sim::content
