// UnsafeScan.cpp - a package's unsafe code: a small Rust lexer, rustc's
// unsafe_code lint, rustc's expansion, and the records the wrapper keeps.
#include "UnsafeScan.h"

#include "MacFile.h"


#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

// The pieces of Rust's lexical grammar both lexers below skip: the source
// scan's and the expansion's. Each takes the index where the construct
// starts and returns the index just past it (at most Text.size()).

/// A block comment, /* ... */, which nests.
std::size_t blockCommentEnd(std::string_view Text, std::size_t I) {
  std::size_t J = I, N = Text.size();
  int Depth = 0;
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
  return J;
}

/// A string literal "...", with its escapes.
std::size_t stringLiteralEnd(std::string_view Text, std::size_t I) {
  std::size_t J = I + 1;
  while (J < Text.size() && Text[J] != '"')
    J += Text[J] == '\\' ? 2 : 1;
  return std::min(J + 1, Text.size());
}

/// A character literal ('a', '\n', '\u{1F600}'); nothing for a lifetime
/// ('a), which starts the same way.
std::optional<std::size_t> characterLiteralEnd(std::string_view Text, std::size_t I) {
  std::size_t N = Text.size();
  if (I + 2 < N && Text[I + 1] == '\\') {
    std::size_t End = Text.find('\'', I + 3);
    return End == std::string_view::npos ? N : End + 1;
  }
  if (I + 2 < N && Text[I + 2] == '\'')
    return I + 3;
  return std::nullopt;
}

/// An identifier or keyword.
std::size_t identifierEnd(std::string_view Text, std::size_t I) {
  while (I < Text.size() && identifierChar(Text[I]))
    ++I;
  return I;
}

/// What follows an `r` or `br` prefix at \p J: the end of a raw string
/// literal (r"...", r#"..."#) when it is one, else nothing, with \p Hashes
/// the number of `#` that follow the prefix (one before a raw identifier,
/// r#name).
std::optional<std::size_t> rawStringEnd(std::string_view Text, std::size_t J, std::size_t &Hashes) {
  std::size_t N = Text.size();
  Hashes = 0;
  while (J < N && Text[J] == '#')
    ++Hashes, ++J;
  if (J >= N || Text[J] != '"')
    return std::nullopt;
  std::string Close = "\"" + std::string(Hashes, '#');
  std::size_t End = Text.find(Close, J + 1);
  return End == std::string_view::npos ? N : End + Close.size();
}

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
      Advance(blockCommentEnd(Text, I));
    } else if ((C == 'r' || (C == 'b' && I + 1 < N && Text[I + 1] == 'r')) &&
               (I == 0 || !identifierChar(Text[I - 1]))) {
      // Raw strings r"..." r#"..."#, raw identifiers r#name.
      std::size_t Prefix = I + (C == 'b' ? 2 : 1), Hashes = 0;
      if (std::optional<std::size_t> End = rawStringEnd(Text, Prefix, Hashes)) {
        Advance(*End);
      } else if (Hashes == 1 && C == 'r' && Prefix + 1 < N && identifierStart(Text[Prefix + 1])) {
        Advance(identifierEnd(Text, Prefix + 1));
      } else {
        Advance(identifierEnd(Text, I));
      }
    } else if (C == '"') {
      Advance(stringLiteralEnd(Text, I));
    } else if (C == '\'') {
      Advance(characterLiteralEnd(Text, I).value_or(I + 1));
    } else if (identifierStart(C)) {
      std::size_t J = identifierEnd(Text, I);
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


// --- 1. rustc's unsafe_code lint --------------------------------------------

namespace {

using Json = nlohmann::json;

/// "N warning(s) emitted" in \p Text: N and where the phrase starts.
std::optional<std::pair<unsigned, std::size_t>> warningCount(std::string_view Text) {
  for (std::size_t At = Text.find(" warning"); At != std::string_view::npos; At = Text.find(" warning", At + 1)) {
    std::string_view Rest = Text.substr(At);
    if (!Rest.starts_with(" warnings emitted") && !Rest.starts_with(" warning emitted"))
      continue;
    std::size_t Start = At;
    while (Start > 0 && std::isdigit(static_cast<unsigned char>(Text[Start - 1])))
      --Start;
    if (Start == At)
      continue;
    return std::pair{static_cast<unsigned>(std::stoul(std::string(Text.substr(Start, At - Start)))), Start};
  }
  return std::nullopt;
}

std::string replaceAll(std::string Text, const std::string &From, const std::string &To) {
  for (std::size_t At = Text.find(From); At != std::string::npos; At = Text.find(From, At + To.size()))
    Text.replace(At, From.size(), To);
  return Text;
}

} // namespace

std::optional<std::string> UnsafeLintFilter::filter(const std::string &Line) {
  // Most lines are other diagnostics, or not JSON at all: only lines that
  // name the lint, or rustc's closing count, need parsing.
  bool Lint = Line.starts_with('{') && Line.find("\"unsafe_code\"") != std::string::npos;
  bool Summary = Removed > 0 && Line.starts_with('{') && Line.find(" emitted") != std::string::npos;
  if (!Lint && !Summary)
    return Line;
  Json Message = Json::parse(Line, nullptr, /*allow_exceptions=*/false);
  if (!Message.is_object() || Message.value("$message_type", "") != "diagnostic")
    return Line;
  const Json &Code = Message["code"];
  if (Lint && Code.is_object() && Code.value("code", "") == "unsafe_code" &&
      Message.value("level", "") == "warning") {
    for (const Json &Span : Message["spans"]) {
      if (!Span.value("is_primary", false) || !Span["file_name"].is_string())
        continue;
      std::filesystem::path File(Span["file_name"].get<std::string>());
      if (File.is_relative())
        File = std::filesystem::path(WorkingDir) / File;
      Sites.push_back({File.lexically_normal().string(), Span.value("line_start", 0u)});
      break;
    }
    ++Removed;
    return std::nullopt;
  }
  if (!Summary || !Code.is_null() || !Message["message"].is_string())
    return Line;
  // rustc's count includes the warnings taken out.
  std::string Text = Message["message"].get<std::string>();
  std::optional<std::pair<unsigned, std::size_t>> Count = warningCount(Text);
  if (!Count)
    return Line;
  std::string Phrase = Text.substr(Count->second);
  unsigned Left = Count->first > Removed ? Count->first - Removed : 0;
  if (Left == 0) {
    if (Count->second == 0)
      return std::nullopt; // "N warnings emitted", all of them capgate's.
    // "aborting due to 1 previous error; N warnings emitted"
    return replaceAll(Line, "; " + Phrase, "");
  }
  return replaceAll(Line, Phrase, std::to_string(Left) + (Left == 1 ? " warning emitted" : " warnings emitted"));
}

int runFilteringStderr(const std::vector<std::string> &Command,
                       const std::function<std::optional<std::string>(const std::string &)> &Filter) {
  int Pipe[2];
  if (Command.empty() || pipe(Pipe) != 0)
    return 101;
  pid_t Child = fork();
  if (Child < 0) {
    close(Pipe[0]);
    close(Pipe[1]);
    return 101;
  }
  if (Child == 0) {
    dup2(Pipe[1], STDERR_FILENO);
    close(Pipe[0]);
    close(Pipe[1]);
    std::vector<char *> Exec;
    for (const std::string &Argument : Command)
      Exec.push_back(const_cast<char *>(Argument.c_str()));
    Exec.push_back(nullptr);
    execvp(Exec[0], Exec.data());
    std::fprintf(stderr, "error: capgate: cannot run %s: %s\n", Exec[0], std::strerror(errno));
    _exit(101);
  }
  close(Pipe[1]);
  FILE *Stream = fdopen(Pipe[0], "r");
  char *Buffer = nullptr;
  std::size_t Capacity = 0;
  ssize_t Length;
  while ((Length = getline(&Buffer, &Capacity, Stream)) >= 0) {
    bool Newline = Length > 0 && Buffer[Length - 1] == '\n';
    std::string Line(Buffer, Newline ? Length - 1 : Length);
    if (std::optional<std::string> Kept = Filter(Line)) {
      std::fwrite(Kept->data(), 1, Kept->size(), stderr);
      if (Newline)
        std::fputc('\n', stderr);
    }
  }
  std::free(Buffer);
  std::fclose(Stream);
  int Status = 0;
  while (waitpid(Child, &Status, 0) < 0)
    if (errno != EINTR)
      return 101;
  return WIFEXITED(Status) ? WEXITSTATUS(Status) : 101;
}

// --- 2. Proc-macro output ---------------------------------------------------

namespace {

struct Token {
  bool Identifier = false;
  /// The identifier, or one punctuation character.
  std::string Text;
  unsigned Line = 0;
  /// The syntax context rustc's hygiene annotation (`/* N#C */` after an
  /// identifier) gives it, or -1.
  long Context = -1;
};

/// Identifiers and punctuation of Rust source, or of rustc's printed
/// expansion; literals, lifetimes and comments are skipped, but for the
/// hygiene annotations.
std::vector<Token> tokenize(std::string_view Text) {
  std::vector<Token> Tokens;
  unsigned Line = 1;
  std::size_t I = 0, N = Text.size();
  auto Advance = [&](std::size_t To) {
    for (To = std::min(To, N); I < To; ++I)
      if (Text[I] == '\n')
        ++Line;
  };
  while (I < N) {
    char C = Text[I];
    if (std::isspace(static_cast<unsigned char>(C))) {
      Advance(I + 1);
    } else if (C == '/' && I + 1 < N && Text[I + 1] == '/') {
      std::size_t End = Text.find('\n', I);
      Advance(End == std::string_view::npos ? N : End);
    } else if (C == '/' && I + 1 < N && Text[I + 1] == '*') {
      std::size_t J = blockCommentEnd(Text, I);
      std::string_view Body = Text.substr(I + 2, J >= I + 4 ? J - I - 4 : 0);
      std::size_t Hash = Body.find('#');
      if (!Tokens.empty() && Tokens.back().Identifier && Tokens.back().Context < 0 &&
          Hash != std::string_view::npos) {
        std::size_t Digit = Hash + 1;
        long Context = 0;
        bool Any = false;
        while (Digit < Body.size() && std::isdigit(static_cast<unsigned char>(Body[Digit]))) {
          Context = Context * 10 + (Body[Digit++] - '0');
          Any = true;
        }
        if (Any)
          Tokens.back().Context = Context;
      }
      Advance(J);
    } else if ((C == 'r' || (C == 'b' && I + 1 < N && Text[I + 1] == 'r')) &&
               (I + 1 < N && (Text[I + 1] == '#' || Text[I + 1] == '"' || C == 'b'))) {
      std::size_t Prefix = I + (C == 'b' ? 2 : 1), Hashes = 0;
      if (std::optional<std::size_t> End = rawStringEnd(Text, Prefix, Hashes)) {
        Advance(*End);
      } else {
        // A raw identifier r#name, which is never a keyword: kept with its
        // prefix.
        std::size_t IdentifierEnd = identifierEnd(Text, Prefix + Hashes);
        Tokens.push_back({true, std::string(Text.substr(I, IdentifierEnd - I)), Line});
        Advance(IdentifierEnd);
      }
    } else if (C == 'b' && I + 1 < N && (Text[I + 1] == '"' || Text[I + 1] == '\'')) {
      Advance(I + 1); // The literal itself is skipped next.
    } else if (C == '"') {
      Advance(stringLiteralEnd(Text, I));
    } else if (C == '\'') {
      // A lifetime when it is no character literal.
      Advance(characterLiteralEnd(Text, I).value_or(identifierEnd(Text, I + 1)));
    } else if (identifierStart(C)) {
      std::size_t J = identifierEnd(Text, I);
      Tokens.push_back({true, std::string(Text.substr(I, J - I)), Line});
      Advance(J);
    } else if (std::isdigit(static_cast<unsigned char>(C))) {
      std::size_t J = I;
      while (J < N && (identifierChar(Text[J]) || Text[J] == '.'))
        ++J;
      Advance(J);
    } else {
      Tokens.push_back({false, std::string(1, C), Line});
      Advance(I + 1);
    }
  }
  return Tokens;
}

bool isPunctuation(const std::vector<Token> &Tokens, std::size_t I, char C) {
  return I < Tokens.size() && !Tokens[I].Identifier && Tokens[I].Text[0] == C;
}

/// The index just past the delimited group that opens at \p I.
std::size_t skipGroup(const std::vector<Token> &Tokens, std::size_t I) {
  int Depth = 0;
  for (; I < Tokens.size(); ++I) {
    if (Tokens[I].Identifier)
      continue;
    char C = Tokens[I].Text[0];
    if (C == '{' || C == '(' || C == '[')
      ++Depth;
    else if ((C == '}' || C == ')' || C == ']') && --Depth <= 0)
      return I + 1;
  }
  return I;
}

bool isUnsafeAttribute(const std::string &Name) {
  return Name == "no_mangle" || Name == "export_name" || Name == "link_section";
}

struct Expansion {
  std::string Parent;
  std::string Kind; // Bang, Attr, Derive; empty for what is no macro
  std::string Macro;
};

struct HygieneData {
  std::map<std::string, Expansion> Expansions;
  /// Syntax context -> (expansion of its outer mark, transparency).
  std::map<long, std::pair<std::string, std::string>> Contexts;
};

constexpr std::string_view RootExpansion = "crate0::{{expn0}}";

HygieneData parseHygiene(std::string_view Trailer) {
  HygieneData Data;
  std::istringstream Lines{std::string(Trailer)};
  std::string Line;
  while (std::getline(Lines, Line)) {
    if (Line.starts_with("crate0::{{expn")) {
      std::size_t Colon = Line.find(": parent: ");
      std::size_t ParentEnd = Line.find(", ", Colon);
      std::size_t KindAt = Line.find("kind: ");
      if (Colon == std::string::npos || ParentEnd == std::string::npos || KindAt == std::string::npos)
        continue;
      Expansion &E = Data.Expansions[Line.substr(0, Colon)];
      E.Parent = Line.substr(Colon + 10, ParentEnd - Colon - 10);
      std::string Kind = Line.substr(KindAt + 6);
      // Macro(Bang, "name")
      std::size_t Quote = Kind.find('"');
      if (Kind.starts_with("Macro(") && Quote != std::string::npos) {
        E.Kind = Kind.substr(6, Kind.find(',') - 6);
        E.Macro = Kind.substr(Quote + 1, Kind.rfind('"') - Quote - 1);
      }
    } else if (Line.starts_with("#")) {
      std::size_t Mark = Line.find("outer_mark: (");
      std::size_t Comma = Line.find(", ", Mark);
      if (Mark == std::string::npos || Comma == std::string::npos)
        continue;
      long Context = std::stol(Line.substr(1));
      std::string Transparency = Line.substr(Comma + 2);
      Transparency = Transparency.substr(0, Transparency.find(')'));
      Data.Contexts[Context] = {Line.substr(Mark + 13, Comma - Mark - 13), Transparency};
    }
  }
  return Data;
}

} // namespace

std::vector<std::string> expansionArguments(const std::vector<std::string> &RustcArguments) {
  std::vector<std::string> Result;
  for (std::size_t I = 0; I < RustcArguments.size(); ++I) {
    const std::string &A = RustcArguments[I];
    // What would write files, or let the sandbox make a directory writable:
    // the emitted outputs, their directory and the incremental cache.
    if (A == "--emit" || A == "-o" || A == "--out-dir") {
      ++I;
      continue;
    }
    if (A.starts_with("--emit=") || A.starts_with("--out-dir=") || (A.starts_with("-o") && A.size() > 2))
      continue;
    if (A == "-C" && I + 1 < RustcArguments.size() && RustcArguments[I + 1].starts_with("incremental=")) {
      ++I;
      continue;
    }
    if (A.starts_with("-Cincremental="))
      continue;
    Result.push_back(A);
  }
  Result.push_back("-Zunpretty=expanded,hygiene");
  return Result;
}

std::vector<ExpandedUnsafe> unsafeFromProcMacros(const std::string &Expanded) {
  std::size_t TrailerAt = Expanded.rfind("/*\nExpansions:");
  if (TrailerAt == std::string::npos)
    throw std::runtime_error("rustc printed no hygiene data with the expansion");
  HygieneData Data = parseHygiene(std::string_view(Expanded).substr(TrailerAt));
  std::vector<Token> Tokens = tokenize(std::string_view(Expanded).substr(0, TrailerAt));

  // Which invocation of its macro each top-level expansion is, in the order
  // rustc expanded them (the order of their numbers).
  auto Number = [](const std::string &Id) { return std::stoul(Id.substr(Id.find("expn") + 4)); };
  std::vector<std::string> Ids;
  for (const auto &[Id, E] : Data.Expansions)
    Ids.push_back(Id);
  std::sort(Ids.begin(), Ids.end(), [&](const std::string &X, const std::string &Y) { return Number(X) < Number(Y); });
  std::map<std::string, unsigned> Ordinals;
  std::map<std::pair<std::string, std::string>, unsigned> Seen;
  for (const std::string &Id : Ids) {
    const Expansion &E = Data.Expansions[Id];
    if (!E.Kind.empty())
      Ordinals[Id] = Seen[{E.Kind, E.Macro}]++;
  }

  auto Classify = [&](long Context) -> std::optional<ExpandedUnsafe> {
    auto Found = Data.Contexts.find(Context);
    if (Context <= 0 || Found == Data.Contexts.end())
      return std::nullopt;
    const auto &[Id, Transparency] = Found->second;
    auto E = Data.Expansions.find(Id);
    if (E == Data.Expansions.end() || E->second.Kind.empty())
      return std::nullopt;
    // macro_rules marks what it writes mixed-site (SemiOpaque): that code
    // is the defining crate's, seen by the lexer scan there (or, for the
    // crate's own macros, by the lint).
    if (E->second.Kind == "Bang" && Transparency == "SemiOpaque")
      return std::nullopt;
    // The invocation written in the crate: the outermost macro, or the
    // derive (whose parent is the `derive` attribute).
    std::string Top = Id;
    for (;;) {
      const Expansion &Current = Data.Expansions[Top];
      if (Current.Kind == "Derive" || Current.Parent == RootExpansion)
        break;
      auto Parent = Data.Expansions.find(Current.Parent);
      if (Parent == Data.Expansions.end() || Parent->second.Kind.empty())
        break;
      Top = Current.Parent;
    }
    const Expansion &Invocation = Data.Expansions[Top];
    return ExpandedUnsafe{Invocation.Kind, Invocation.Macro, Ordinals[Top]};
  };

  std::vector<ExpandedUnsafe> Found;
  for (std::size_t I = 0; I < Tokens.size(); ++I) {
    const Token &T = Tokens[I];
    if (!T.Identifier)
      continue;
    // A macro's definition is its author's code, not this expansion's.
    if ((T.Text == "macro_rules" && isPunctuation(Tokens, I + 1, '!')) ||
        (T.Text == "macro" && I + 1 < Tokens.size() && Tokens[I + 1].Identifier)) {
      std::size_t J = I + 1;
      while (J < Tokens.size() && !isPunctuation(Tokens, J, '{') && !isPunctuation(Tokens, J, '(') &&
             !isPunctuation(Tokens, J, '['))
        ++J;
      J = skipGroup(Tokens, J);
      // `macro name(args) { body }` has a second group.
      if (T.Text == "macro" && isPunctuation(Tokens, J, '{'))
        J = skipGroup(Tokens, J);
      I = J - 1;
      continue;
    }
    long Context = -1;
    if (T.Text == "unsafe") {
      // The keyword carries no annotation: the first identifier of the
      // construct tells who wrote it.
      int Depth = 0;
      for (std::size_t J = I + 1; J < Tokens.size() && Context < 0; ++J) {
        if (Tokens[J].Identifier) {
          Context = Tokens[J].Context;
          continue;
        }
        char C = Tokens[J].Text[0];
        if (C == '{' || C == '(' || C == '[') {
          ++Depth;
        } else if (C == '}' || C == ')' || C == ']') {
          if (--Depth <= 0 && (Depth < 0 || C == '}'))
            break;
        } else if (C == ';' && Depth == 0) {
          break;
        }
      }
    } else if (isUnsafeAttribute(T.Text) && I > 0 && isPunctuation(Tokens, I - 1, '[')) {
      Context = T.Context;
    }
    if (Context < 0)
      continue;
    if (std::optional<ExpandedUnsafe> Unsafe = Classify(Context))
      Found.push_back(*Unsafe);
  }
  return Found;
}

std::vector<SourceSite> invocationSites(const std::vector<ExpandedUnsafe> &Found,
                                        const std::vector<std::string> &Files) {
  // Every invocation of each macro name, in file order, by kind.
  std::map<std::pair<std::string, std::string>, std::vector<SourceSite>> Invocations;
  for (const std::string &File : Files) {
    std::ifstream In(File);
    std::ostringstream Text;
    Text << In.rdbuf();
    std::vector<Token> Tokens = tokenize(Text.str());
    for (std::size_t I = 0; I < Tokens.size(); ++I) {
      const Token &T = Tokens[I];
      if (T.Identifier && isPunctuation(Tokens, I + 1, '!') && !isPunctuation(Tokens, I + 2, '='))
        Invocations[{"Bang", T.Text}].push_back({File, T.Line});
      if (!isPunctuation(Tokens, I, '#'))
        continue;
      std::size_t Open = I + 1 + (isPunctuation(Tokens, I + 1, '!') ? 1 : 0);
      if (!isPunctuation(Tokens, Open, '['))
        continue;
      // The attribute's path: its last segment names the macro.
      std::size_t J = Open + 1;
      std::string Last;
      while (J < Tokens.size() && (Tokens[J].Identifier || isPunctuation(Tokens, J, ':'))) {
        if (Tokens[J].Identifier)
          Last = Tokens[J].Text;
        ++J;
      }
      if (Last.empty())
        continue;
      Invocations[{"Attr", Last}].push_back({File, T.Line});
      if (Last == "derive" && isPunctuation(Tokens, J, '('))
        for (std::size_t End = skipGroup(Tokens, J); J < End; ++J)
          if (Tokens[J].Identifier && !isPunctuation(Tokens, J + 1, ':'))
            Invocations[{"Derive", Tokens[J].Text}].push_back({File, Tokens[J].Line});
    }
  }
  std::vector<SourceSite> Sites;
  for (const ExpandedUnsafe &Unsafe : Found) {
    std::string Name = Unsafe.Macro.substr(Unsafe.Macro.rfind(':') == std::string::npos ? 0 : Unsafe.Macro.rfind(':') + 1);
    auto Each = Invocations.find({Unsafe.Kind, Name});
    if (Each == Invocations.end() || Each->second.empty())
      Sites.push_back({Files.empty() ? std::string() : Files.front(), 0});
    else
      Sites.push_back(Each->second[std::min<std::size_t>(Unsafe.Ordinal, Each->second.size() - 1)]);
  }
  return Sites;
}

std::string captureStdout(const std::vector<std::string> &Command) {
  int Pipe[2];
  if (Command.empty() || pipe(Pipe) != 0)
    throw std::runtime_error("cannot create a pipe");
  pid_t Child = fork();
  if (Child < 0)
    throw std::runtime_error(std::string("cannot start ") + Command[0] + ": " + std::strerror(errno));
  if (Child == 0) {
    dup2(Pipe[1], STDOUT_FILENO);
    close(Pipe[0]);
    close(Pipe[1]);
    if (FILE *Null = std::fopen("/dev/null", "w"))
      dup2(fileno(Null), STDERR_FILENO);
    std::vector<char *> Exec;
    for (const std::string &Argument : Command)
      Exec.push_back(const_cast<char *>(Argument.c_str()));
    Exec.push_back(nullptr);
    execvp(Exec[0], Exec.data());
    _exit(101);
  }
  close(Pipe[1]);
  std::string Output;
  char Buffer[65536];
  ssize_t Read;
  while ((Read = read(Pipe[0], Buffer, sizeof Buffer)) != 0) {
    if (Read < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    Output.append(Buffer, Read);
  }
  close(Pipe[0]);
  int Status = 0;
  while (waitpid(Child, &Status, 0) < 0)
    if (errno != EINTR)
      throw std::runtime_error("lost " + Command[0]);
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0)
    throw std::runtime_error(Command[0] + " failed to print the crate's expansion");
  return Output;
}

// --- Records ------------------------------------------------------------------

namespace {

std::string recordKey(const std::string &FactsKey) { return macFileKey(FactsKey, "capgate-unsafe-record"); }

std::string recordPath(const std::string &SessionDir, const std::string &Unit) {
  return (std::filesystem::path(unsafeRecordDirectory(SessionDir)) / (Unit + ".json")).string();
}

} // namespace

std::string unsafeRecordDirectory(const std::string &SessionDir) {
  return (std::filesystem::path(SessionDir) / "unsafe").string();
}

void writeUnsafeRecord(const std::string &SessionDir, const std::string &FactsKey, const UnsafeRecord &Record) {
  Json Sites = Json::array();
  for (const SourceSite &Site : Record.Sites)
    Sites.push_back(Json::array({Site.File, Site.Line}));
  std::string Body = Json{{"unit", Record.Unit},
                          {"proc_macros", Record.ProcMacros},
                          {"complete", Record.Complete},
                          {"sites", Sites}}
                         .dump();
  std::filesystem::create_directories(unsafeRecordDirectory(SessionDir));
  writeMacFile(recordPath(SessionDir, Record.Unit), recordKey(FactsKey), Body);
}

std::optional<UnsafeRecord> readUnsafeRecord(const std::string &SessionDir, const std::string &FactsKey,
                                             const std::string &Unit) {
  std::string Path = recordPath(SessionDir, Unit);
  MacFileContents Contents = readMacFile(Path, recordKey(FactsKey));
  if (Contents.State == MacFileContents::Missing)
    return std::nullopt;
  Json Parsed = Json::parse(Contents.Body, nullptr, /*allow_exceptions=*/false);
  if (Contents.State != MacFileContents::Valid || !Parsed.is_object() || Parsed.value("unit", "") != Unit ||
      !Parsed["sites"].is_array())
    throw std::runtime_error(Path + " is not the record of unsafe code capgate wrote for `" + Unit + "`");
  UnsafeRecord Record;
  Record.Unit = Unit;
  Record.ProcMacros = Parsed.value("proc_macros", true);
  Record.Complete = Parsed.value("complete", false);
  for (const Json &Site : Parsed["sites"])
    Record.Sites.push_back({Site.at(0).get<std::string>(), Site.at(1).get<unsigned>()});
  return Record;
}

bool mayExpandProcMacros(const std::string &SessionDir, const std::string &FactsKey,
                         const std::vector<std::string> &RustcArguments) {
  for (std::size_t I = 0; I < RustcArguments.size(); ++I) {
    std::string Value;
    if (RustcArguments[I] == "--extern" && I + 1 < RustcArguments.size())
      Value = RustcArguments[++I];
    else if (RustcArguments[I].starts_with("--extern="))
      Value = RustcArguments[I].substr(9);
    std::size_t Equals = Value.find('=');
    if (Equals == std::string::npos)
      continue; // A crate of the sysroot (proc_macro), or none.
    std::filesystem::path File(Value.substr(Equals + 1));
    std::string Extension = File.extension().string();
    if (Extension != ".rlib" && Extension != ".rmeta")
      return true; // A proc-macro: a shared library.
    std::string Unit = File.stem().string();
    if (Unit.starts_with("lib"))
      Unit = Unit.substr(3);
    try {
      std::optional<UnsafeRecord> Record = readUnsafeRecord(SessionDir, FactsKey, Unit);
      if (!Record || Record->ProcMacros)
        return true;
    } catch (const std::exception &) {
      return true; // The report names a record that is not capgate's.
    }
  }
  return false;
}

bool startUnsafeRecord(const std::string &SessionDir, const std::string &FactsKey, const std::string &Unit,
                       const std::vector<std::string> &RustcArguments) {
  UnsafeRecord Record{Unit, mayExpandProcMacros(SessionDir, FactsKey, RustcArguments), {}, false};
  writeUnsafeRecord(SessionDir, FactsKey, Record);
  return Record.ProcMacros;
}

void finishUnsafeRecord(const std::string &SessionDir, const std::string &FactsKey, const std::string &Unit,
                        bool ProcMacros, const std::vector<std::string> &Rustc, std::vector<SourceSite> Sites,
                        const std::vector<std::string> &OwnSources,
                        const std::function<std::vector<std::string>(std::vector<std::string>)> &Confine) {
  UnsafeRecord Record{Unit, ProcMacros, std::move(Sites), true};
  if (ProcMacros) {
    std::vector<std::string> Command{Rustc.front()};
    for (std::string &Argument : expansionArguments(std::vector<std::string>(Rustc.begin() + 1, Rustc.end())))
      Command.push_back(std::move(Argument));
    std::vector<SourceSite> Expanded =
        invocationSites(unsafeFromProcMacros(captureStdout(Confine(std::move(Command)))), OwnSources);
    Record.Sites.insert(Record.Sites.end(), Expanded.begin(), Expanded.end());
  }
  writeUnsafeRecord(SessionDir, FactsKey, Record);
}

} // namespace capgate
