// UnsafeScan.cpp - a small Rust lexer, just enough to find a keyword.
#include "UnsafeScan.h"

#include <cctype>
#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace capgate {

namespace {

/// Resolves a dep-info path and keeps it only if it is the package's.
std::optional<std::string> ownSource(const std::string &Listed, const std::string &PackageName,
                                     const fs::path &ManifestDir) {
  fs::path File(Listed);
  if (File.is_relative())
    for (fs::path Base = ManifestDir; !Base.empty(); Base = Base.parent_path()) {
      if (fs::exists(Base / File)) {
        File = Base / File;
        break;
      }
      if (Base == Base.root_path())
        break;
    }
  File = File.lexically_normal();
  std::string Text = File.string();
  std::string Manifest = (ManifestDir / "").string();
  bool Generated = Text.find("/build/" + PackageName + "-") != std::string::npos &&
                   Text.find("/out/") != std::string::npos;
  if (Text.rfind(Manifest, 0) == 0 || Generated)
    return Text;
  return std::nullopt;
}

} // namespace

std::vector<std::string> sourcesOf(const std::string &ArtifactFile, const std::string &PackageName,
                                   const std::string &ManifestDir) {
  fs::path Artifact(ArtifactFile);
  std::string Stem = Artifact.stem().string();
  std::vector<fs::path> Candidates{Artifact.parent_path() / (Stem + ".d")};
  if (Stem.rfind("lib", 0) == 0)
    Candidates.push_back(Artifact.parent_path() / (Stem.substr(3) + ".d"));
  for (const fs::path &DepInfo : Candidates) {
    std::ifstream In(DepInfo);
    if (!In)
      continue;
    // The first rule lists every source: "target: a.rs b\ c.rs ...".
    std::string Rule;
    std::getline(In, Rule);
    std::vector<std::string> Files;
    std::string Current;
    std::size_t Colon = Rule.find(": ");
    for (std::size_t I = Colon == std::string::npos ? Rule.size() : Colon + 2; I < Rule.size(); ++I) {
      if (Rule[I] == '\\' && I + 1 < Rule.size()) {
        Current += Rule[++I];
      } else if (Rule[I] == ' ') {
        if (!Current.empty())
          Files.push_back(std::move(Current));
        Current.clear();
      } else {
        Current += Rule[I];
      }
    }
    if (!Current.empty())
      Files.push_back(Current);
    std::vector<std::string> Own;
    for (const std::string &File : Files)
      if (File.ends_with(".rs"))
        if (std::optional<std::string> Source = ownSource(File, PackageName, ManifestDir))
          Own.push_back(*Source);
    return Own;
  }
  return {};
}

namespace {

bool identifierStart(char C) { return std::isalpha(static_cast<unsigned char>(C)) || C == '_'; }
bool identifierChar(char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; }

void scanText(const std::string &Text, const std::string &File, std::vector<SourceSite> &Sites) {
  unsigned Line = 1;
  std::size_t I = 0, N = Text.size();
  auto Advance = [&](std::size_t To) {
    for (; I < To && I < N; ++I)
      if (Text[I] == '\n')
        ++Line;
  };
  while (I < N) {
    char C = Text[I];
    if (C == '/' && I + 1 < N && Text[I + 1] == '/') {
      std::size_t End = Text.find('\n', I);
      Advance(End == std::string::npos ? N : End);
    } else if (C == '/' && I + 1 < N && Text[I + 1] == '*') {
      int Depth = 0;
      std::size_t J = I;
      while (J < N) {
        if (Text.compare(J, 2, "/*") == 0) {
          ++Depth;
          J += 2;
        } else if (Text.compare(J, 2, "*/") == 0) {
          J += 2;
          if (--Depth == 0)
            break;
        } else {
          ++J;
        }
      }
      Advance(J);
    } else if ((C == 'r' || (C == 'b' && I + 1 < N && Text[I + 1] == 'r')) &&
               (I == 0 || !identifierChar(Text[I - 1]))) {
      // Raw strings r"..." r#"..."#, raw identifiers r#name.
      std::size_t J = I + (C == 'b' ? 2 : 1);
      std::size_t Hashes = 0;
      while (J < N && Text[J] == '#')
        ++Hashes, ++J;
      if (J < N && Text[J] == '"') {
        std::string Close = "\"" + std::string(Hashes, '#');
        std::size_t End = Text.find(Close, J + 1);
        Advance(End == std::string::npos ? N : End + Close.size());
      } else if (Hashes == 1 && C == 'r' && J < N && identifierStart(Text[J])) {
        while (J < N && identifierChar(Text[J]))
          ++J;
        Advance(J);
      } else {
        std::size_t K = I;
        while (K < N && identifierChar(Text[K]))
          ++K;
        Advance(K);
      }
    } else if (C == '"') {
      std::size_t J = I + 1;
      while (J < N && Text[J] != '"')
        J += Text[J] == '\\' ? 2 : 1;
      Advance(J + 1);
    } else if (C == '\'') {
      // A character literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
      if (I + 2 < N && Text[I + 1] == '\\') {
        std::size_t End = Text.find('\'', I + 3);
        Advance(End == std::string::npos ? N : End + 1);
      } else if (I + 2 < N && Text[I + 2] == '\'') {
        Advance(I + 3);
      } else {
        Advance(I + 1);
      }
    } else if (identifierStart(C)) {
      std::size_t J = I;
      while (J < N && identifierChar(Text[J]))
        ++J;
      if (Text.compare(I, J - I, "unsafe") == 0 && J - I == 6)
        Sites.push_back({File, Line});
      Advance(J);
    } else {
      Advance(I + 1);
    }
  }
}

} // namespace

std::vector<SourceSite> findUnsafe(const std::vector<std::string> &Files) {
  std::vector<SourceSite> Sites;
  for (const std::string &File : Files) {
    std::ifstream In(File);
    if (!In)
      continue;
    std::ostringstream Text;
    Text << In.rdbuf();
    // Most files never say "unsafe": only those that do need lexing.
    if (Text.view().find("unsafe") != std::string_view::npos)
      scanText(Text.str(), File, Sites);
  }
  return Sites;
}

} // namespace capgate
