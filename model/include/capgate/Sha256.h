//===- capgate/Sha256.h - SHA-256 and HMAC-SHA256 ---------------*- C++ -*-===//
//
// Part of capgate. Shared by the pass plugin and the cargo subcommand.
//
//===----------------------------------------------------------------------===//
//
// FILE: Sha256.h
//
// DESCRIPTION:
//   SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), header-only. The pass
//   authenticates the facts it writes with HMAC-SHA256 and the subcommand
//   verifies them and the artefacts that hold them; the plugin links no
//   library but zlib (rustc's own libLLVM provides LLVM, and a second crypto
//   library in rustc's address space is more than this needs), so both sides
//   share this one implementation. It is tested against the published
//   vectors of FIPS 180-4 and RFC 4231 (model/tests/Sha256Test.cpp).
//
//   Where the processor has the SHA extensions (x86-64 SHA-NI), blocks are
//   compressed with them, about four times faster than the portable code:
//   the subcommand hashes every artefact a report reads.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_SHA256_H
#define CAPGATE_SHA256_H

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CAPGATE_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace capgate::sha256 {

using Digest = std::array<std::uint8_t, 32>;

namespace detail {

inline constexpr std::uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline std::uint32_t rotr(std::uint32_t X, int N) {
  return (X >> N) | (X << (32 - N));
}

inline void compressPortable(std::uint32_t State[8], const std::uint8_t *Data,
                             std::size_t Blocks) {
  for (; Blocks; --Blocks, Data += 64) {
    std::uint32_t W[64];
    for (int I = 0; I < 16; ++I)
      W[I] = std::uint32_t(Data[4 * I]) << 24 |
             std::uint32_t(Data[4 * I + 1]) << 16 |
             std::uint32_t(Data[4 * I + 2]) << 8 | std::uint32_t(Data[4 * I + 3]);
    for (int I = 16; I < 64; ++I) {
      std::uint32_t S0 =
          rotr(W[I - 15], 7) ^ rotr(W[I - 15], 18) ^ (W[I - 15] >> 3);
      std::uint32_t S1 =
          rotr(W[I - 2], 17) ^ rotr(W[I - 2], 19) ^ (W[I - 2] >> 10);
      W[I] = W[I - 16] + S0 + W[I - 7] + S1;
    }
    std::uint32_t A = State[0], B = State[1], C = State[2], D = State[3],
                  E = State[4], F = State[5], G = State[6], H = State[7];
    for (int I = 0; I < 64; ++I) {
      std::uint32_t S1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      std::uint32_t Choose = (E & F) ^ (~E & G);
      std::uint32_t T1 = H + S1 + Choose + K[I] + W[I];
      std::uint32_t S0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      std::uint32_t Majority = (A & B) ^ (A & C) ^ (B & C);
      std::uint32_t T2 = S0 + Majority;
      H = G;
      G = F;
      F = E;
      E = D + T1;
      D = C;
      C = B;
      B = A;
      A = T1 + T2;
    }
    State[0] += A;
    State[1] += B;
    State[2] += C;
    State[3] += D;
    State[4] += E;
    State[5] += F;
    State[6] += G;
    State[7] += H;
  }
}

#ifdef CAPGATE_SHA256_X86
/// The SHA-NI compression function (Intel's published instruction
/// sequence): four rounds per sha256rnds2 pair, the message schedule by
/// sha256msg1/msg2.
__attribute__((target("sha,sse4.1"))) inline void
compressShaNi(std::uint32_t State[8], const std::uint8_t *Data,
              std::size_t Blocks) {
  const __m128i Shuffle =
      _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i Tmp = _mm_loadu_si128(reinterpret_cast<const __m128i *>(&State[0]));
  __m128i State1 =
      _mm_loadu_si128(reinterpret_cast<const __m128i *>(&State[4]));
  Tmp = _mm_shuffle_epi32(Tmp, 0xB1);          // CDAB
  State1 = _mm_shuffle_epi32(State1, 0x1B);    // EFGH
  __m128i State0 = _mm_alignr_epi8(Tmp, State1, 8); // ABEF
  State1 = _mm_blend_epi16(State1, Tmp, 0xF0);      // CDGH

  auto RoundK = [](int I) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i *>(&K[I]));
  };
  for (; Blocks; --Blocks, Data += 64) {
    __m128i Abef = State0, Cdgh = State1;
    __m128i Msg[4];
    for (int I = 0; I < 4; ++I)
      Msg[I] = _mm_shuffle_epi8(
          _mm_loadu_si128(reinterpret_cast<const __m128i *>(Data + 16 * I)),
          Shuffle);
    // Group G runs rounds 4G..4G+3 on the message words in Msg[G % 4];
    // meanwhile the schedule computes the words of group G + 1 (msg2) and
    // starts those of group G + 3 (msg1).
    for (int Group = 0; Group < 16; ++Group) {
      const __m128i Current = Msg[Group % 4];
      __m128i M = _mm_add_epi32(Current, RoundK(4 * Group));
      State1 = _mm_sha256rnds2_epu32(State1, State0, M);
      if (Group >= 3 && Group <= 14) {
        __m128i &Next = Msg[(Group + 1) % 4];
        Next = _mm_add_epi32(
            Next, _mm_alignr_epi8(Current, Msg[(Group + 3) % 4], 4));
        Next = _mm_sha256msg2_epu32(Next, Current);
      }
      M = _mm_shuffle_epi32(M, 0x0E);
      State0 = _mm_sha256rnds2_epu32(State0, State1, M);
      if (Group >= 1 && Group <= 12) {
        __m128i &Previous = Msg[(Group + 3) % 4];
        Previous = _mm_sha256msg1_epu32(Previous, Current);
      }
    }
    State0 = _mm_add_epi32(State0, Abef);
    State1 = _mm_add_epi32(State1, Cdgh);
  }
  Tmp = _mm_shuffle_epi32(State0, 0x1B);       // FEBA
  State1 = _mm_shuffle_epi32(State1, 0xB1);    // DCHG
  State0 = _mm_blend_epi16(Tmp, State1, 0xF0); // DCBA
  State1 = _mm_alignr_epi8(State1, Tmp, 8);    // ABEF
  _mm_storeu_si128(reinterpret_cast<__m128i *>(&State[0]), State0);
  _mm_storeu_si128(reinterpret_cast<__m128i *>(&State[4]), State1);
}

inline bool cpuHasShaNi() {
  unsigned A, B, C, D;
  if (!__get_cpuid_count(7, 0, &A, &B, &C, &D))
    return false;
  bool Sha = B & (1u << 29);
  if (!__get_cpuid(1, &A, &B, &C, &D))
    return false;
  bool Sse41 = C & (1u << 19), Ssse3 = C & (1u << 9);
  return Sha && Sse41 && Ssse3;
}
#endif

/// Whether the SHA extensions are used; tests turn them off to check the
/// portable code on the same machine.
inline bool &useAcceleration() {
#ifdef CAPGATE_SHA256_X86
  static bool Use = cpuHasShaNi();
#else
  static bool Use = false;
#endif
  return Use;
}

inline void compress(std::uint32_t State[8], const std::uint8_t *Data,
                     std::size_t Blocks) {
#ifdef CAPGATE_SHA256_X86
  if (useAcceleration()) {
    compressShaNi(State, Data, Blocks);
    return;
  }
#endif
  compressPortable(State, Data, Blocks);
}

} // namespace detail

/// Whether the processor's SHA extensions are in use (true by default where
/// available). Turning them off selects the portable code.
inline bool &hardwareAcceleration() { return detail::useAcceleration(); }

/// An incremental SHA-256.
class Hasher {
public:
  Hasher &update(const void *Data, std::size_t Size) {
    const auto *Bytes = static_cast<const std::uint8_t *>(Data);
    Length += Size;
    if (Buffered) {
      std::size_t Take = std::min(Size, sizeof(Buffer) - Buffered);
      std::memcpy(Buffer + Buffered, Bytes, Take);
      Buffered += Take;
      Bytes += Take;
      Size -= Take;
      if (Buffered < sizeof(Buffer))
        return *this;
      detail::compress(State, Buffer, 1);
      Buffered = 0;
    }
    if (std::size_t Blocks = Size / 64) {
      detail::compress(State, Bytes, Blocks);
      Bytes += Blocks * 64;
      Size -= Blocks * 64;
    }
    std::memcpy(Buffer, Bytes, Size);
    Buffered = Size;
    return *this;
  }

  Hasher &update(std::string_view Text) {
    return update(Text.data(), Text.size());
  }

  Digest finish() {
    std::uint64_t Bits = Length * 8;
    std::uint8_t Pad[72] = {0x80};
    std::size_t PadSize = (Buffered < 56 ? 56 : 120) - Buffered;
    for (int I = 0; I < 8; ++I)
      Pad[PadSize + I] = static_cast<std::uint8_t>(Bits >> (56 - 8 * I));
    update(Pad, PadSize + 8);
    Digest Out;
    for (int I = 0; I < 8; ++I)
      for (int J = 0; J < 4; ++J)
        Out[4 * I + J] = static_cast<std::uint8_t>(State[I] >> (24 - 8 * J));
    return Out;
  }

private:
  std::uint32_t State[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::uint8_t Buffer[64];
  std::size_t Buffered = 0;
  std::uint64_t Length = 0;
};

inline Digest hash(std::string_view Data) { return Hasher().update(Data).finish(); }

/// An incremental HMAC-SHA256 with the key \p Key.
class Hmac {
public:
  explicit Hmac(std::string_view Key) {
    std::uint8_t Block[64] = {};
    if (Key.size() > sizeof(Block)) {
      Digest Short = hash(Key);
      std::memcpy(Block, Short.data(), Short.size());
    } else {
      std::memcpy(Block, Key.data(), Key.size());
    }
    std::uint8_t Pad[64];
    for (int I = 0; I < 64; ++I)
      Pad[I] = Block[I] ^ 0x36;
    Inner.update(Pad, sizeof(Pad));
    for (int I = 0; I < 64; ++I)
      Pad[I] = Block[I] ^ 0x5c;
    Outer.update(Pad, sizeof(Pad));
  }

  Hmac &update(const void *Data, std::size_t Size) {
    Inner.update(Data, Size);
    return *this;
  }
  Hmac &update(std::string_view Text) { return update(Text.data(), Text.size()); }

  Digest finish() {
    Digest InnerDigest = Inner.finish();
    return Outer.update(InnerDigest.data(), InnerDigest.size()).finish();
  }

private:
  Hasher Inner, Outer;
};

inline Digest hmac(std::string_view Key, std::string_view Data) {
  return Hmac(Key).update(Data).finish();
}

/// Lower-case hexadecimal, two digits a byte.
inline std::string toHex(const void *Data, std::size_t Size) {
  static constexpr char Digits[] = "0123456789abcdef";
  const auto *Bytes = static_cast<const std::uint8_t *>(Data);
  std::string Out;
  Out.reserve(2 * Size);
  for (std::size_t I = 0; I < Size; ++I) {
    Out += Digits[Bytes[I] >> 4];
    Out += Digits[Bytes[I] & 15];
  }
  return Out;
}

inline std::string toHex(const Digest &D) { return toHex(D.data(), D.size()); }

/// The bytes \p Hex spells (either case), or false when it is not an even
/// number of hexadecimal digits.
inline bool fromHex(std::string_view Hex, std::string &Out) {
  auto Value = [](char C) -> int {
    if (C >= '0' && C <= '9')
      return C - '0';
    if (C >= 'a' && C <= 'f')
      return C - 'a' + 10;
    if (C >= 'A' && C <= 'F')
      return C - 'A' + 10;
    return -1;
  };
  if (Hex.size() % 2)
    return false;
  Out.clear();
  for (std::size_t I = 0; I < Hex.size(); I += 2) {
    int High = Value(Hex[I]), Low = Value(Hex[I + 1]);
    if (High < 0 || Low < 0)
      return false;
    Out += static_cast<char>(High << 4 | Low);
  }
  return true;
}

/// Compares two byte strings in time independent of where they differ, so
/// that checking a MAC tells an attacker nothing about the right one.
inline bool equalConstantTime(std::string_view A, std::string_view B) {
  if (A.size() != B.size())
    return false;
  unsigned char Difference = 0;
  for (std::size_t I = 0; I < A.size(); ++I)
    Difference |= static_cast<unsigned char>(A[I] ^ B[I]);
  return Difference == 0;
}

} // namespace capgate::sha256

#endif // CAPGATE_SHA256_H
