// RustcInvocation.cpp - parsing the rustc options capgate needs.
#include "RustcInvocation.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace capgate {

namespace {

/// rustc's options that take a value as the next argument. Only these can
/// hide a source-looking argument after them; any other argument that does
/// not start with '-' is the crate root.
bool takesValue(const std::string &Option) {
  static const char *const Options[] = {
      "--crate-name", "--crate-type", "--edition", "--emit",   "--out-dir", "-o",
      "--error-format", "--json", "--cfg", "--check-cfg", "-L", "-l",     "--target",
      "-C", "-Z", "--cap-lints", "-W", "-A", "-D", "-F", "--warn", "--allow", "--deny",
      "--forbid", "--force-warn", "--extern", "--sysroot", "--explain", "--print",
      "--color", "--diagnostic-width", "--remap-path-prefix", "--env-set", "--codegen",
      "--crate-attr", "--extern-location", "--print-link-args"};
  return std::find(std::begin(Options), std::end(Options), Option) != std::end(Options);
}

} // namespace

bool RustcInvocation::binary() const {
  return CrateTypes.empty() || std::find(CrateTypes.begin(), CrateTypes.end(), "bin") != CrateTypes.end();
}

bool RustcInvocation::procMacro() const {
  return std::find(CrateTypes.begin(), CrateTypes.end(), "proc-macro") != CrateTypes.end();
}

RustcInvocation parseRustcInvocation(const std::vector<std::string> &Arguments) {
  RustcInvocation C;
  for (std::size_t I = 0; I < Arguments.size(); ++I) {
    const std::string &A = Arguments[I];
    auto Value = [&](const std::string &Option) -> std::optional<std::string> {
      if (A == Option && I + 1 < Arguments.size())
        return Arguments[++I];
      if (A.starts_with(Option + "="))
        return A.substr(Option.size() + 1);
      return std::nullopt;
    };
    if (A == "-vV" || A == "-V" || A == "--version" || A.starts_with("--print")) {
      C.Query = true;
      if (A == "--print")
        ++I;
    } else if (auto V = Value("--crate-name"))
      C.CrateName = *V;
    else if (auto V = Value("--out-dir"))
      C.OutDir = *V;
    else if (auto V = Value("--crate-type")) {
      std::size_t Start = 0;
      while (Start <= V->size()) {
        std::size_t Comma = V->find(',', Start);
        std::string Type = V->substr(Start, Comma == std::string::npos ? std::string::npos : Comma - Start);
        if (!Type.empty())
          C.CrateTypes.push_back(Type);
        if (Comma == std::string::npos)
          break;
        Start = Comma + 1;
      }
    } else if (auto V = Value("--emit"))
      C.Links = C.Links || V->find("link") != std::string::npos;
    else if (auto V = Value("--error-format"))
      C.JsonErrors = *V == "json";
    else if (A == "--test")
      C.Test = true;
    else if (A == "-C" && I + 1 < Arguments.size() && Arguments[I + 1].starts_with("extra-filename="))
      C.ExtraFilename = Arguments[++I].substr(15);
    else if (A.starts_with("-Cextra-filename="))
      C.ExtraFilename = A.substr(17);
    else if (takesValue(A))
      ++I;
    else if (A == "-")
      C.Source.clear();
    else if (!A.starts_with("-"))
      C.Source = A;
  }
  return C;
}

std::optional<std::string> outputOf(const RustcInvocation &C) {
  fs::path Dir(C.OutDir);
  std::string Stem = C.unitId();
  for (const fs::path &Candidate :
       {Dir / ("lib" + Stem + ".rlib"), Dir / Stem, Dir / ("lib" + Stem + ".so"), Dir / ("lib" + Stem + ".a")})
    if (fs::exists(Candidate))
      return Candidate.string();
  return std::nullopt;
}

} // namespace capgate
