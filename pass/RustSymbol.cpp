//===- RustSymbol.cpp - Rust symbol names: demangling and ownership -------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: RustSymbol.cpp
//
// DESCRIPTION:
//   Demangling goes through LLVM's own demangler (exported by rustc's
//   libLLVM, so the plugin links nothing). Ownership needs what the demangled
//   text loses: the impl path of a v0 symbol, which names the crate holding
//   the impl block. OwnerParser walks just enough of the v0 grammar
//   (https://doc.rust-lang.org/rustc/symbol-mangling/v0.html) to find it.
//
//===----------------------------------------------------------------------===//

#include "RustSymbol.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Demangle/Demangle.h"

#include <cstdlib>
#include <optional>

using namespace llvm;

namespace capgate {

bool isRustSymbol(StringRef Symbol) {
  if (Symbol.starts_with("_R"))
    return true;
  // Legacy symbols end in a 17-character hash segment: 17h<16 hex digits>E.
  return Symbol.starts_with("_ZN") && Symbol.ends_with("E") &&
         Symbol.size() > 24 && Symbol.substr(Symbol.size() - 20, 3) == "17h";
}

std::string demangleSymbol(StringRef Symbol) {
  if (Symbol.starts_with("_R")) {
    if (char *Text = rustDemangle(Symbol)) {
      std::string Result(Text);
      std::free(Text);
      return Result;
    }
    return Symbol.str();
  }
  if (!isRustSymbol(Symbol))
    return Symbol.str();
  std::string Result = demangle(Symbol);
  // Drop the "::h0123456789abcdef" hash segment legacy symbols end with.
  StringRef View(Result);
  size_t Hash = View.rfind("::h");
  if (Hash != StringRef::npos && View.size() - Hash == 19)
    Result.resize(Hash);
  return Result;
}

namespace {

/// Recursive-descent walker over a v0 mangled name that returns the crate
/// root a path hangs from. It skips types and generic arguments without
/// building anything; any input it does not understand makes it give up.
class OwnerParser {
public:
  explicit OwnerParser(StringRef Mangled) : Input(Mangled) {}

  /// Parses the whole symbol, noting every function item used as a type
  /// (see functionTypeArguments()); returns them mangled, each a path with
  /// its back-references written out, so that it is a symbol of its own.
  SmallVector<std::string, 1> functionTypes() {
    Collect = true;
    SmallVector<std::string, 1> Found;
    if (!parseSymbol())
      return Found;
    for (auto [Start, End] : FunctionTypeSpans) {
      std::string Path;
      if (expand(Start, End, Path) && !is_contained(Found, Path))
        Found.push_back(std::move(Path));
    }
    return Found;
  }

  std::optional<OwnerCrate> parseSymbol() {
    // The decimal encoding version is optional; only version 0 exists.
    while (Pos < Input.size() && isDigit(Input[Pos]))
      ++Pos;
    std::optional<OwnerCrate> Owner;
    if (!parsePath(&Owner) || !Owner)
      return std::nullopt;
    // What follows the path, if anything, names the instantiating crate.
    Owner->SharedInstance = Pos < Input.size() && peek() != '.';
    std::optional<OwnerCrate> Instantiator;
    if (Owner->SharedInstance && parsePath(&Instantiator) && Instantiator) {
      Owner->Instantiator = Instantiator->Name;
      Owner->InstantiatorDisambiguator = Instantiator->Disambiguator;
    }
    return Owner;
  }

private:
  static constexpr unsigned MaxDepth = 200;

  StringRef Input;
  size_t Pos = 0;
  unsigned Depth = 0;

  /// Collection mode: the spans of Input holding function item types, and
  /// every back-reference parsed, by its position: where it ends, and the
  /// span it stands for.
  struct Backref {
    size_t End, Target, TargetEnd;
  };
  bool Collect = false;
  SmallVector<std::pair<size_t, size_t>, 2> FunctionTypeSpans;
  SmallDenseMap<size_t, Backref, 8> Backrefs;
  /// Longest expansion kept: back-references can nest, and a real function
  /// path is far shorter.
  static constexpr size_t MaxExpansion = 4096;

  /// Appends Input[Start, End) to \p Out with every back-reference replaced
  /// by the text it refers to. False when the result grows too long.
  bool expand(size_t Start, size_t End, std::string &Out) const {
    for (size_t I = Start; I < End;) {
      auto Found = Backrefs.find(I);
      if (Found == Backrefs.end()) {
        Out += Input[I++];
      } else {
        if (!expand(Found->second.Target, Found->second.TargetEnd, Out))
          return false;
        I = Found->second.End;
      }
      if (Out.size() > MaxExpansion)
        return false;
    }
    return true;
  }

  /// True when the path at \p At names something of the value namespace
  /// (`Nv`): as a type, that is a function item. Generic arguments and
  /// back-references are looked through.
  bool isValuePath(size_t At) const {
    for (unsigned Steps = 0; At + 1 < Input.size() && Steps < MaxDepth;
         ++Steps) {
      if (Input[At] == 'I') {
        ++At;
        continue;
      }
      if (Input[At] == 'N')
        return Input[At + 1] == 'v';
      if (Input[At] != 'B')
        return false;
      auto Found = Backrefs.find(At);
      if (Found == Backrefs.end())
        return false;
      At = Found->second.Target;
    }
    return false;
  }

  static bool isDigit(char C) { return C >= '0' && C <= '9'; }
  static bool isLower(char C) { return C >= 'a' && C <= 'z'; }
  static bool isAlnum(char C) {
    return isDigit(C) || isLower(C) || (C >= 'A' && C <= 'Z');
  }

  bool consume(char C) {
    if (Pos < Input.size() && Input[Pos] == C) {
      ++Pos;
      return true;
    }
    return false;
  }

  char peek() const { return Pos < Input.size() ? Input[Pos] : '\0'; }

  std::optional<uint64_t> parseBase62() {
    if (consume('_'))
      return 0;
    uint64_t Value = 0;
    while (Pos < Input.size()) {
      char C = Input[Pos++];
      if (C == '_')
        return Value + 1;
      uint64_t Digit;
      if (isDigit(C))
        Digit = C - '0';
      else if (isLower(C))
        Digit = 10 + (C - 'a');
      else if (C >= 'A' && C <= 'Z')
        Digit = 36 + (C - 'A');
      else
        return std::nullopt;
      if (Value > (UINT64_MAX - Digit) / 62)
        return std::nullopt;
      Value = Value * 62 + Digit;
    }
    return std::nullopt;
  }

  /// Parses "s<base62>_" when present and returns its digits. Crate
  /// disambiguators are 64-bit hashes whose base-62 value plus one may not
  /// fit 64 bits, so the digits are kept as text, never converted.
  std::optional<StringRef> parseDisambiguator() {
    if (peek() != 's')
      return StringRef();
    size_t Start = ++Pos;
    while (Pos < Input.size() && isAlnum(Input[Pos]))
      ++Pos;
    if (!consume('_'))
      return std::nullopt;
    return Input.slice(Start, Pos - 1);
  }

  bool parseUndisambiguatedIdentifier(StringRef *Name) {
    consume('u'); // Punycode; the raw bytes still name the crate uniquely.
    if (!isDigit(peek()))
      return false;
    uint64_t Length = 0;
    // Decimal numbers have no leading zeros: "0" is a whole number (the
    // empty name of a closure), and a digit after it starts the next one.
    if (consume('0'))
      return true;
    while (isDigit(peek())) {
      Length = Length * 10 + (Input[Pos++] - '0');
      if (Length > Input.size())
        return false;
    }
    consume('_');
    if (Pos + Length > Input.size())
      return false;
    if (Name)
      *Name = Input.substr(Pos, Length);
    Pos += Length;
    return true;
  }

  bool parseIdentifier(StringRef *Disambiguator, StringRef *Name) {
    std::optional<StringRef> Dis = parseDisambiguator();
    if (!Dis)
      return false;
    if (Disambiguator)
      *Disambiguator = *Dis;
    return parseUndisambiguatedIdentifier(Name);
  }

  /// Follows a backref and runs \p Parse there, then resumes after it.
  template <typename Fn> bool followBackref(Fn &&Parse) {
    size_t Start = Pos - 1; // The 'B'.
    std::optional<uint64_t> Target = parseBase62();
    if (!Target || *Target >= Pos - 1)
      return false;
    size_t Resume = Pos;
    Pos = *Target;
    bool Ok = Parse();
    if (Collect)
      Backrefs[Start] = {Resume, *Target, Pos};
    Pos = Resume;
    return Ok;
  }

  struct DepthGuard {
    unsigned &Depth;
    explicit DepthGuard(unsigned &D) : Depth(D) { ++Depth; }
    ~DepthGuard() { --Depth; }
  };

  /// Parses a path; when \p Owner is non-null, stores the crate the path's
  /// code belongs to.
  bool parsePath(std::optional<OwnerCrate> *Owner) {
    DepthGuard Guard(Depth);
    if (Depth > MaxDepth || Pos >= Input.size())
      return false;
    char Tag = Input[Pos++];
    switch (Tag) {
    case 'C': {
      StringRef Dis, Name;
      if (!parseIdentifier(&Dis, &Name))
        return false;
      if (Owner)
        *Owner = OwnerCrate{Name.str(), Dis.str()};
      return true;
    }
    case 'N': {
      if (!isLower(peek()) && !(peek() >= 'A' && peek() <= 'Z'))
        return false;
      ++Pos; // Namespace tag.
      return parsePath(Owner) && parseIdentifier(nullptr, nullptr);
    }
    case 'M': // <T> inherent impl: owned by the crate of the impl block.
      return parseImplPath(Owner) && parseType();
    case 'X': // <T as Trait> impl: owned by the crate of the impl block.
      return parseImplPath(Owner) && parseType() && parsePath(nullptr);
    case 'Y': // <T as Trait> without impl: a trait's provided method.
      return parseType() && parsePath(Owner);
    case 'I':
      if (!parsePath(Owner))
        return false;
      while (!consume('E'))
        if (!parseGenericArg())
          return false;
      return true;
    case 'B':
      return followBackref([&] { return parsePath(Owner); });
    default:
      return false;
    }
  }

  bool parseImplPath(std::optional<OwnerCrate> *Owner) {
    return parseDisambiguator() && parsePath(Owner);
  }

  bool parseGenericArg() {
    if (consume('L'))
      return parseBase62().has_value();
    if (consume('K'))
      return parseConst();
    return parseType();
  }

  bool parseConst() {
    DepthGuard Guard(Depth);
    if (Depth > MaxDepth)
      return false;
    if (consume('p'))
      return true;
    if (consume('B'))
      return followBackref([&] { return parseConst(); });
    char Type = peek();
    if (!isLower(Type))
      return false;
    ++Pos;
    // Integer, bool and char constants: [n] hex digits "_". Other constant
    // kinds (str, refs, ADTs) exist only under unstable features.
    consume('n');
    while (Pos < Input.size() && Input[Pos] != '_') {
      char C = Input[Pos++];
      if (!isDigit(C) && !(C >= 'a' && C <= 'f'))
        return false;
    }
    return consume('_');
  }

  bool parseBinder() {
    if (consume('G'))
      return parseBase62().has_value();
    return true;
  }

  bool parseType() {
    DepthGuard Guard(Depth);
    if (Depth > MaxDepth || Pos >= Input.size())
      return false;
    char Tag = peek();
    if (isLower(Tag)) {
      ++Pos; // A basic type such as u8 or str.
      return true;
    }
    switch (Tag) {
    case 'A':
      ++Pos;
      return parseType() && parseConst();
    case 'S':
    case 'P':
    case 'O':
      ++Pos;
      return parseType();
    case 'R':
    case 'Q':
      ++Pos;
      if (consume('L') && !parseBase62())
        return false;
      return parseType();
    case 'T':
      ++Pos;
      while (!consume('E'))
        if (!parseType())
          return false;
      return true;
    case 'F': {
      ++Pos;
      if (!parseBinder())
        return false;
      consume('U');
      if (consume('K') && !consume('C') &&
          !parseUndisambiguatedIdentifier(nullptr))
        return false;
      while (!consume('E'))
        if (!parseType())
          return false;
      return parseType();
    }
    case 'D': {
      ++Pos;
      if (!parseBinder())
        return false;
      while (!consume('E')) {
        if (!parsePath(nullptr))
          return false;
        while (consume('p'))
          if (!parseUndisambiguatedIdentifier(nullptr) || !parseType())
            return false;
      }
      return consume('L') && parseBase62().has_value();
    }
    case 'B':
      ++Pos;
      return followBackref([&] { return parseType(); });
    default: {
      size_t Start = Pos;
      if (!parsePath(nullptr))
        return false;
      if (Collect && isValuePath(Start))
        FunctionTypeSpans.push_back({Start, Pos});
      return true;
    }
    }
  }
};

/// Finds the '>' closing the '<' at \p Open, skipping the '>' of "->".
size_t findClosingAngle(StringRef Text, size_t Open) {
  int Depth = 0;
  for (size_t I = Open; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '<') {
      ++Depth;
    } else if (C == '>' && !(I > 0 && Text[I - 1] == '-')) {
      if (--Depth == 0)
        return I;
    }
  }
  return StringRef::npos;
}

/// Removes generic argument lists: `a::B<T>::c::<U>` becomes `a::B::c`.
std::string stripGenerics(StringRef Path) {
  std::string Result;
  Result.reserve(Path.size());
  for (size_t I = 0; I < Path.size(); ++I) {
    if (Path[I] == '<') {
      size_t Close = findClosingAngle(Path, I);
      if (Close == StringRef::npos)
        break;
      if (StringRef(Result).ends_with("::"))
        Result.resize(Result.size() - 2);
      I = Close;
      continue;
    }
    Result += Path[I];
  }
  return Result;
}

/// Reduces the self type of a qualified path to a path rules can name, or to
/// nothing for slices, tuples, primitives and other unnamed types.
std::optional<std::string> selfTypePath(StringRef Type) {
  for (StringRef Prefix : {"&mut ", "&", "*const ", "*mut ", "dyn "})
    if (Type.consume_front(Prefix))
      return selfTypePath(Type.trim());
  if (Type.empty() || Type.front() == '[' || Type.front() == '(' ||
      Type.front() == '<' || !Type.contains("::"))
    return std::nullopt;
  return stripGenerics(Type);
}

/// Splits "<T as Trait>" contents at the top-level " as ".
std::pair<StringRef, StringRef> splitQualifiedSelf(StringRef Inner) {
  int Depth = 0;
  for (size_t I = 0; I < Inner.size(); ++I) {
    char C = Inner[I];
    if (C == '<' || C == '(' || C == '[')
      ++Depth;
    else if ((C == '>' && !(I > 0 && Inner[I - 1] == '-')) || C == ')' ||
             C == ']')
      --Depth;
    else if (Depth == 0 && Inner.substr(I).starts_with(" as "))
      return {Inner.take_front(I), Inner.drop_front(I + 4)};
  }
  return {Inner, StringRef()};
}

/// The first segment of a path: its crate.
StringRef leadingCrateOf(StringRef Path) { return Path.split("::").first; }

} // namespace

SmallVector<std::string, 2> matchCandidates(StringRef Demangled) {
  SmallVector<std::string, 2> Candidates;
  if (!Demangled.starts_with("<")) {
    Candidates.push_back(stripGenerics(Demangled));
    return Candidates;
  }
  size_t Close = findClosingAngle(Demangled, 0);
  if (Close == StringRef::npos)
    return Candidates;
  auto [Self, Trait] = splitQualifiedSelf(Demangled.slice(1, Close));
  std::string Rest = stripGenerics(Demangled.drop_front(Close + 1));
  std::string TraitPath = stripGenerics(Trait);
  if (!Trait.empty())
    Candidates.push_back(TraitPath + Rest);
  // A standard-library type's rules speak for std's own functions. Another
  // crate's trait implemented for it (byteorder's WriteBytesExt for File)
  // is that crate's code, which no std rule describes: it is followed.
  if (std::optional<std::string> SelfPath = selfTypePath(Self.trim()))
    if (Trait.empty() || !isStandardLibraryCrate(leadingCrateOf(*SelfPath)) ||
        isStandardLibraryCrate(leadingCrateOf(TraitPath)))
      Candidates.push_back(*SelfPath + Rest);
  return Candidates;
}

SmallVector<std::string, 1> functionTypeArguments(StringRef Symbol) {
  SmallVector<std::string, 1> Paths;
  if (!Symbol.consume_front("_R"))
    return Paths;
  for (const std::string &Mangled : OwnerParser(Symbol).functionTypes()) {
    std::string Demangled = demangleSymbol("_R" + Mangled);
    if (!StringRef(Demangled).starts_with("_R"))
      Paths.push_back(std::move(Demangled));
  }
  return Paths;
}

bool isStandardLibraryCrate(StringRef Crate) {
  return Crate == "std" || Crate == "core" || Crate == "alloc";
}

OwnerCrate ownerOfSymbol(StringRef Symbol, StringRef Demangled) {
  if (Symbol.consume_front("_R")) {
    if (std::optional<OwnerCrate> Owner = OwnerParser(Symbol).parseSymbol())
      return *Owner;
    return {};
  }
  if (!isRustSymbol(Symbol))
    return {};
  // Legacy names lose the impl's crate. For `<T as Trait>::m`, the impl
  // lives with T unless T is a standard-library type, in which case it is
  // most likely the implementing crate's trait; for `<T>::m` with T.
  SmallVector<std::string, 2> Candidates = matchCandidates(Demangled);
  if (Candidates.empty())
    return {};
  StringRef Chosen = Candidates.back();
  if (Candidates.size() == 2 &&
      isStandardLibraryCrate(leadingCrateOf(Candidates.back())))
    Chosen = Candidates.front();
  return OwnerCrate{leadingCrateOf(Chosen).str(), ""};
}

} // namespace capgate
