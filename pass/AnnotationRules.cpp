//===- AnnotationRules.cpp - What a callee means, from annotations --------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: AnnotationRules.cpp
//
// DESCRIPTION:
//   Parses annotation files with toml++ (header-only, in its no-exceptions
//   mode, since the plugin is built like LLVM without exceptions) and matches
//   Rust paths segment-wise, longest pattern first.
//
//===----------------------------------------------------------------------===//

#include "AnnotationRules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <toml++/toml.h>

#include <algorithm>

using namespace llvm;

namespace capgate {

namespace {

std::string position(StringRef Path, const toml::source_region &Source) {
  return (Path + ":" + Twine(Source.begin.line) + ":" +
          Twine(Source.begin.column))
      .str();
}

std::string unknownKey(StringRef Path, const toml::node &Node, StringRef Key,
                       std::vector<std::string_view> Allowed) {
  std::string Message =
      position(Path, Node.source()) + ": unknown key '" + Key.str() + "'";
  std::string_view Suggestion = closestMatch(Key, Allowed);
  if (!Suggestion.empty())
    Message += " (did you mean '" + std::string(Suggestion) + "'?)";
  return Message;
}

/// Reads an array of strings, reporting anything else as an error.
bool readStrings(StringRef Path, const toml::node &Node, StringRef Key,
                 std::vector<std::string> &Out, std::string &Error) {
  const toml::array *Array = Node.as_array();
  if (!Array) {
    Error = position(Path, Node.source()) + ": '" + Key.str() +
            "' must be an array of strings";
    return false;
  }
  for (const toml::node &Element : *Array) {
    std::optional<std::string_view> Text = Element.value<std::string_view>();
    if (!Text || Text->empty()) {
      Error = position(Path, Element.source()) + ": '" + Key.str() +
              "' must contain non-empty strings";
      return false;
    }
    Out.emplace_back(*Text);
  }
  return true;
}

/// Resolves a table name such as "FILES" to its capability.
bool readCapability(StringRef Path, const toml::node &Node, StringRef Name,
                    Capability &Cap, std::string &Error) {
  if (std::optional<Capability> Parsed = parseCapability(Name)) {
    Cap = *Parsed;
    return true;
  }
  Error = position(Path, Node.source()) + ": unknown capability '" +
          Name.str() + "'";
  std::string_view Suggestion = suggestCapability(Name);
  if (!Suggestion.empty()) {
    std::optional<Capability> Meant = parseCapability(Suggestion, true);
    Error += " (did you mean '" + std::string(capabilityName(*Meant)) + "'?)";
  }
  return false;
}

} // namespace

void AnnotationRules::addRustRule(StringRef Pattern, EntryKind Kind,
                                  Capability Cap) {
  RustPatterns[Pattern].push_back({Kind, Cap});
  ++NumRules;
}

void AnnotationRules::addCRule(StringRef Symbol, Capability Cap) {
  if (Symbol.ends_with("*"))
    CPrefixes.emplace_back(Symbol.drop_back().str(), Cap);
  else
    CSymbols[Symbol].push_back(Cap);
  ++NumRules;
}

bool AnnotationRules::loadFile(StringRef Path, std::string &Error) {
  toml::parse_result Parsed = toml::parse_file(std::string_view(Path));
  if (!Parsed) {
    const toml::parse_error &Failure = Parsed.error();
    Error = position(Path, Failure.source()) + ": " +
            std::string(Failure.description());
    return false;
  }
  const toml::table &Root = Parsed.table();

  std::optional<int64_t> FormatVersion = Root["version"].value<int64_t>();
  if (!FormatVersion || *FormatVersion != 1) {
    Error = (Path + ": annotation files must start with `version = 1`").str();
    return false;
  }

  for (const auto &[Key, Section] : Root) {
    StringRef Language(Key.str());
    if (Language == "version")
      continue;
    if (Language != "rust" && Language != "c") {
      Error = unknownKey(Path, Section, Language, {"version", "rust", "c"});
      return false;
    }
    const toml::table *ByCapability = Section.as_table();
    if (!ByCapability) {
      Error = position(Path, Section.source()) + ": '" + Language.str() +
              "' must be a table of capabilities";
      return false;
    }
    for (const auto &[CapName, Body] : *ByCapability) {
      Capability Cap;
      if (!readCapability(Path, Body, CapName.str(), Cap, Error))
        return false;
      const toml::table *Fields = Body.as_table();
      if (!Fields) {
        Error = position(Path, Body.source()) + ": '" + Language.str() + "." +
                std::string(CapName.str()) + "' must be a table";
        return false;
      }
      for (const auto &[FieldKey, Value] : *Fields) {
        StringRef Field(FieldKey.str());
        std::vector<std::string> Items;
        if (Language == "rust") {
          EntryKind Kind;
          if (Field == "include")
            Kind = EntryKind::Include;
          else if (Field == "exclude")
            Kind = EntryKind::Exclude;
          else if (Field == "functions")
            Kind = EntryKind::Exact;
          else {
            Error = unknownKey(Path, Value, Field,
                               {"include", "exclude", "functions"});
            return false;
          }
          if (!readStrings(Path, Value, Field, Items, Error))
            return false;
          for (const std::string &Pattern : Items)
            addRustRule(Pattern, Kind, Cap);
        } else {
          if (Field != "symbols") {
            Error = unknownKey(Path, Value, Field, {"symbols"});
            return false;
          }
          if (!readStrings(Path, Value, Field, Items, Error))
            return false;
          for (const std::string &Symbol : Items)
            addCRule(Symbol, Cap);
        }
      }
    }
  }
  return true;
}

bool AnnotationRules::load(StringRef Directory, ArrayRef<std::string> Extra,
                           std::string &Error) {
  std::vector<std::string> Files;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Directory, EC), End; It != End && !EC;
       It.increment(EC))
    if (sys::path::extension(It->path()) == ".toml")
      Files.push_back(It->path());
  if (EC) {
    Error = ("cannot read the annotation directory " + Directory + ": " +
             EC.message())
                .str();
    return false;
  }
  if (Files.empty()) {
    Error = ("no annotation files (*.toml) in " + Directory).str();
    return false;
  }
  llvm::sort(Files);
  Files.insert(Files.end(), Extra.begin(), Extra.end());
  for (const std::string &File : Files)
    if (!loadFile(File, Error))
      return false;
  return true;
}

Verdict AnnotationRules::classifyPath(StringRef Path) const {
  // Try the whole path, then each shorter prefix at a "::" boundary; the
  // first length at which any pattern applies decides.
  size_t Length = Path.size();
  bool OnlyClosuresRemoved = true;
  while (true) {
    auto Found = RustPatterns.find(Path.take_front(Length));
    if (Found != RustPatterns.end()) {
      Verdict Exact, Included, Excluded;
      bool HasExact = false;
      for (const Entry &E : Found->second) {
        Verdict &Target = E.Kind == EntryKind::Exact     ? Exact
                          : E.Kind == EntryKind::Include ? Included
                                                         : Excluded;
        if (E.Kind == EntryKind::Exact) {
          // An exact function covers its closures but nothing else below it.
          if (!OnlyClosuresRemoved)
            continue;
          HasExact = true;
        }
        if (E.Cap == Capability::Safe)
          Target.Safe = true;
        else
          Target.Capabilities.insert(E.Cap);
      }
      if (HasExact)
        return Exact;
      bool AnyPrefix = llvm::any_of(Found->second, [](const Entry &E) {
        return E.Kind != EntryKind::Exact;
      });
      if (AnyPrefix) {
        Verdict Result;
        Result.Capabilities =
            Included.Capabilities.without(Excluded.Capabilities);
        Result.Safe = Included.Safe && !Excluded.Safe;
        return Result;
      }
    }
    size_t Separator = Path.take_front(Length).rfind("::");
    if (Separator == StringRef::npos)
      return Verdict();
    if (!Path.substr(Separator + 2, Length - Separator - 2).starts_with("{"))
      OnlyClosuresRemoved = false;
    Length = Separator;
  }
}

Verdict AnnotationRules::classifyRust(ArrayRef<std::string> Candidates) const {
  for (const std::string &Candidate : Candidates) {
    Verdict Result = classifyPath(Candidate);
    if (Result.decided())
      return Result;
  }
  return Verdict();
}

Verdict AnnotationRules::classifyC(StringRef Symbol, bool &Known) const {
  Verdict Result;
  Known = false;
  auto Apply = [&](Capability Cap) {
    Known = true;
    if (Cap == Capability::Safe)
      Result.Safe = true;
    else
      Result.Capabilities.insert(Cap);
  };
  auto Found = CSymbols.find(Symbol);
  if (Found != CSymbols.end())
    llvm::for_each(Found->second, Apply);
  for (const auto &[Prefix, Cap] : CPrefixes)
    if (Symbol.starts_with(Prefix))
      Apply(Cap);
  // A capability outranks SAFE when a symbol is named by both.
  if (!Result.Capabilities.empty())
    Result.Safe = false;
  return Result;
}

} // namespace capgate
