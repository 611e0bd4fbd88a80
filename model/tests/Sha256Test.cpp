// SHA-256 and HMAC-SHA256 (model/include/capgate/Sha256.h) against the
// published test vectors: FIPS 180-4's examples (NIST's "SHA-256" example
// values) and RFC 4231's HMAC-SHA256 cases. Every vector runs through both
// the portable code and, where the processor has them, the SHA extensions,
// whole and fed in pieces of every size that crosses a block boundary.
#include "capgate/Sha256.h"

#include <gtest/gtest.h>

#include <string>

using namespace capgate;

namespace {

std::string bytes(std::size_t Count, char Value) { return std::string(Count, Value); }

std::string hexOf(const std::string &Hex) {
  std::string Out;
  EXPECT_TRUE(sha256::fromHex(Hex, Out));
  return Out;
}

struct Vector {
  std::string Message;
  const char *Digest;
};

const std::vector<Vector> &shaVectors() {
  static const std::vector<Vector> Vectors{
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrs"
       "tnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
      {bytes(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
      // Lengths at the padding boundary (55, 56 and 64 bytes); these
      // digests were computed with an independent implementation (Python's
      // hashlib).
      {bytes(55, 'a'), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {bytes(56, 'a'), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {bytes(64, 'a'), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
  };
  return Vectors;
}

/// Runs \p Check once with the portable code and once accelerated (when
/// the processor can), restoring the default after.
template <typename Fn> void bothImplementations(Fn &&Check) {
  bool Default = sha256::hardwareAcceleration();
  for (bool Accelerated : {false, true}) {
    if (Accelerated && !Default)
      continue;
    sha256::hardwareAcceleration() = Accelerated;
    SCOPED_TRACE(Accelerated ? "SHA extensions" : "portable");
    Check();
  }
  sha256::hardwareAcceleration() = Default;
}

} // namespace

TEST(Sha256, PublishedVectors) {
  bothImplementations([] {
    for (const Vector &V : shaVectors())
      EXPECT_EQ(sha256::toHex(sha256::hash(V.Message)), V.Digest) << V.Message.size() << " bytes";
  });
}

TEST(Sha256, PiecesGiveTheSameDigest) {
  bothImplementations([] {
    for (const Vector &V : shaVectors()) {
      if (V.Message.size() > 1000)
        continue;
      for (std::size_t Piece = 1; Piece <= 130; ++Piece) {
        sha256::Hasher H;
        for (std::size_t At = 0; At < V.Message.size(); At += Piece)
          H.update(std::string_view(V.Message).substr(At, Piece));
        EXPECT_EQ(sha256::toHex(H.finish()), V.Digest) << "pieces of " << Piece;
      }
    }
  });
}

TEST(Sha256, AcceleratedAgreesWithPortable) {
  if (!sha256::hardwareAcceleration())
    GTEST_SKIP() << "no SHA extensions on this processor";
  std::string Message;
  for (std::size_t Length = 0; Length < 600; ++Length) {
    sha256::hardwareAcceleration() = false;
    std::string Portable = sha256::toHex(sha256::hash(Message));
    sha256::hardwareAcceleration() = true;
    EXPECT_EQ(sha256::toHex(sha256::hash(Message)), Portable) << Length << " bytes";
    Message += static_cast<char>(Length * 131 + 7);
  }
}

TEST(Sha256, HmacRfc4231) {
  struct Case {
    std::string Key, Data;
    const char *Mac;
  };
  const std::vector<Case> Cases{
      {bytes(20, '\x0b'), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {bytes(20, '\xaa'), bytes(50, '\xdd'), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {hexOf("0102030405060708090a0b0c0d0e0f10111213141516171819"), bytes(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {bytes(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {bytes(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than block-size data. The key needs "
       "to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  bothImplementations([&] {
    for (const Case &C : Cases) {
      EXPECT_EQ(sha256::toHex(sha256::hmac(C.Key, C.Data)), C.Mac);
      sha256::Hmac Incremental(C.Key);
      for (char Byte : C.Data)
        Incremental.update(&Byte, 1);
      EXPECT_EQ(sha256::toHex(Incremental.finish()), C.Mac);
    }
  });
  // RFC 4231 case 5: the MAC truncated to 128 bits.
  EXPECT_EQ(sha256::toHex(sha256::hmac(bytes(20, '\x0c'), "Test With Truncation")).substr(0, 32),
            "a3b6167473100ee06e0c796c2955552b");
}

TEST(Sha256, Hex) {
  std::string Bytes;
  EXPECT_TRUE(sha256::fromHex("00fFa0", Bytes));
  EXPECT_EQ(Bytes, std::string("\x00\xff\xa0", 3));
  EXPECT_EQ(sha256::toHex(Bytes.data(), Bytes.size()), "00ffa0");
  EXPECT_FALSE(sha256::fromHex("abc", Bytes));
  EXPECT_FALSE(sha256::fromHex("zz", Bytes));
  EXPECT_TRUE(sha256::equalConstantTime("abc", "abc"));
  EXPECT_FALSE(sha256::equalConstantTime("abc", "abd"));
  EXPECT_FALSE(sha256::equalConstantTime("abc", "ab"));
}
