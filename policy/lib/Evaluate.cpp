//===- Evaluate.cpp - Checking facts against a policy ----------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Evaluate.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

namespace capgate::policy {

namespace {

std::string scopePhrase(Scope S) {
  switch (S) {
  case Scope::Normal:
    return "";
  case Scope::BuildScript:
    return " in build-script code";
  case Scope::ProcMacro:
    return " in proc-macro code";
  case Scope::Test:
    return " in test code";
  }
  return "";
}

std::string listValue(const std::vector<std::string> &Items) {
  std::string Out = "[";
  for (std::size_t I = 0; I < Items.size(); ++I)
    Out += (I ? ", " : "") + tomlQuote(Items[I]);
  return Out + "]";
}

/// Where a grant for \p S of \p G is written, and how to extend it.
PolicyFix extendFix(const PackageGrant &G, Scope S, std::string NewItem) {
  const ScopeGrant &SG = G.scope(S);
  PolicyFix Fix;
  std::string Inner = "pkg." + tomlKey(G.Name);
  if (SG.OwnHeader) {
    std::string_view Sub = S == Scope::BuildScript ? "build"
                           : S == Scope::ProcMacro ? "proc_macro"
                                                   : "test";
    Fix.Table = "[" + Inner + "." + std::string(Sub) + "]";
    Fix.Key = "allow";
    Fix.TableLine = SG.HeaderPos.Line;
  } else {
    Fix.Table = G.header();
    Fix.Key = scopeAllowKey(S);
    Fix.TableLine = G.Pos.Line;
  }
  std::vector<std::string> Items;
  for (const CapabilityGrant &Existing : SG.Allow)
    Items.push_back(Existing.Spelling);
  Items.push_back(std::move(NewItem));
  Fix.Value = listValue(Items);
  Fix.Items = std::move(Items);
  Fix.Line = SG.Present ? SG.Pos.Line : 0;
  return Fix;
}

class Evaluator {
public:
  Evaluator(const Policy &P) : P(P) {}

  Evaluation run(const std::vector<PackageReport> &Packages) {
    for (const PackageReport &F : Packages)
      check(F);
    findUnused(Packages);
    return std::move(Result);
  }

private:
  std::size_t indexOf(const PackageGrant *G) const { return G - P.Packages.data(); }

  /// The fix for a violation by \p F in \p S, and a note when grants exist
  /// but none applies to this version.
  void fixFor(const PackageReport &F, const std::vector<const PackageGrant *> &All,
              const std::vector<const PackageGrant *> &Applicable, Scope S,
              bool Unsafe, Violation &V) {
    if (!Applicable.empty()) {
      const PackageGrant &G = *Applicable.front();
      if (Unsafe) {
        V.Fix = PolicyFix{G.header(), "allow_unsafe", "true",
                          G.UnsafePos.Line, G.Pos.Line, {}};
      } else {
        V.Fix = extendFix(G, S, std::string(policySpelling(*V.Cap)));
      }
      return;
    }
    if (!All.empty()) {
      const PackageGrant &G = *All.front();
      std::string Req = G.Version ? G.Version->str() : "";
      V.Note = fmt::format("the grant {} at {}:{} applies to version \"{}\", "
                           "which {} {} does not match",
                           G.header(), P.File, G.Pos.Line, Req, F.Name,
                           F.Version);
      std::optional<Version> Found = Version::parse(F.Version);
      V.Fix = PolicyFix{G.header(), "version",
                        tomlQuote("^" + (Found ? Found->str() : F.Version)),
                        G.VersionPos.Line, G.Pos.Line, {}};
      return;
    }
    V.Fix.Table = "[pkg." + tomlKey(F.Name) + "]";
    if (Unsafe) {
      V.Fix.Key = "allow_unsafe";
      V.Fix.Value = "true";
    } else {
      V.Fix.Key = scopeAllowKey(S);
      V.Fix.Items = {std::string(policySpelling(*V.Cap))};
      V.Fix.Value = listValue(V.Fix.Items);
    }
  }

  void check(const PackageReport &F) {
    std::vector<const PackageGrant *> All = P.grantsFor(F.Name);
    std::vector<const PackageGrant *> Applicable;
    for (const PackageGrant *G : All)
      if (G->appliesTo(F.Version))
        Applicable.push_back(G);

    for (Scope S : AllScopes) {
      // A build-only package's library code runs only while the build
      // runs: `build.allow` grants it (docs/policy.md).
      Scope Granting = F.BuildOnly && S == Scope::Normal ? Scope::BuildScript : S;
      F.direct(S).forEach([&](Capability Cap) {
        if (Cap == Capability::Safe)
          return;
        bool Granted = false;
        for (const PackageGrant *G : Applicable) {
          std::size_t Index = indexOf(G);
          for (Scope From : {Scope::Normal, Granting}) {
            const ScopeGrant &SG = G->scope(From);
            for (std::size_t I = 0; I < SG.Allow.size(); ++I)
              if (SG.Allow[I].Cap == Cap) {
                Granted = true;
                UsedCaps.insert({Index, static_cast<std::size_t>(From), I});
              }
            if (Granting == Scope::Normal)
              break;
          }
        }
        if (Granted)
          return;
        Violation Template;
        Template.Package = F.Name;
        Template.Version = F.Version;
        Template.Where = S;
        Template.BuildOnly = F.BuildOnly;
        Template.Cap = Cap;
        fixFor(F, All, Applicable, Granting, false, Template);
        bool Any = false;
        for (const UseReport &U : F.Uses) {
          if (U.Cap != Cap || U.Where != S)
            continue;
          Violation V = Template;
          V.Function = U.Function;
          V.Callee = U.Callee;
          V.File = U.Site.File;
          V.Line = U.Site.Line;
          Result.Violations.push_back(std::move(V));
          Any = true;
        }
        if (!Any)
          Result.Violations.push_back(std::move(Template));
      });
    }

    if (!F.Unsafe)
      return;
    bool Allowed = false;
    for (const PackageGrant *G : Applicable)
      if (G->AllowUnsafe) {
        Allowed = true;
        UsedUnsafe.insert(indexOf(G));
      }
    if (Allowed)
      return;
    Violation Template;
    Template.What = Violation::Kind::Unsafe;
    Template.Package = F.Name;
    Template.Version = F.Version;
    fixFor(F, All, Applicable, Scope::Normal, true, Template);
    for (const SourceSite &Site : F.UnsafeSites) {
      Violation V = Template;
      V.File = Site.File;
      V.Line = Site.Line;
      Result.Violations.push_back(std::move(V));
    }
    if (F.UnsafeSites.empty())
      Result.Violations.push_back(std::move(Template));
  }

  void findUnused(const std::vector<PackageReport> &Packages) {
    std::map<std::string, std::vector<std::string>> Versions;
    for (const PackageReport &F : Packages)
      Versions[F.Name].push_back(F.Version);
    for (std::size_t Index = 0; Index < P.Packages.size(); ++Index) {
      const PackageGrant &G = P.Packages[Index];
      auto Found = Versions.find(G.Name);
      if (Found == Versions.end()) {
        Result.Unused.push_back(
            {G.Name, Scope::Normal, std::nullopt, G.Pos,
             fmt::format("{} grants to `{}`, which is not in the dependency "
                         "graph",
                         G.header(), G.Name)});
        continue;
      }
      bool Applies = false;
      std::string Present;
      for (const std::string &V : Found->second) {
        Applies = Applies || G.appliesTo(V);
        Present += (Present.empty() ? "" : ", ") + V;
      }
      if (!Applies) {
        Result.Unused.push_back(
            {G.Name, Scope::Normal, std::nullopt, G.VersionPos,
             fmt::format("{} applies to version \"{}\", which matches no "
                         "version of `{}` in the dependency graph ({})",
                         G.header(), G.Version ? G.Version->str() : "",
                         G.Name, Present)});
        continue;
      }
      for (Scope S : AllScopes) {
        const ScopeGrant &SG = G.scope(S);
        for (std::size_t I = 0; I < SG.Allow.size(); ++I) {
          if (UsedCaps.count({Index, static_cast<std::size_t>(S), I}))
            continue;
          const CapabilityGrant &CG = SG.Allow[I];
          Result.Unused.push_back(
              {G.Name, S, CG.Cap, CG.Pos,
               fmt::format("unused grant: `{}` does not use {}{}", G.Name,
                           capabilityName(CG.Cap), scopePhrase(S))});
        }
      }
      if (G.AllowUnsafe && !UsedUnsafe.count(Index))
        Result.Unused.push_back(
            {G.Name, Scope::Normal, std::nullopt, G.UnsafePos,
             fmt::format("unused grant: `{}` contains no unsafe code",
                         G.Name)});
    }
  }

  const Policy &P;
  Evaluation Result;
  std::set<std::tuple<std::size_t, std::size_t, std::size_t>> UsedCaps;
  std::set<std::size_t> UsedUnsafe;
};

} // namespace

std::string Violation::message() const {
  std::string Who = fmt::format("package `{}`{}", Package,
                                Version.empty() ? "" : " " + Version);
  if (What == Kind::Unsafe)
    return fmt::format("{} contains unsafe code, which the policy does not "
                       "allow",
                       Who);
  std::string Out = fmt::format("{} may not use {}{}", Who, capabilityName(*Cap),
                                BuildOnly && Where == Scope::Normal ? " at build time (a build-only package)"
                                                                    : scopePhrase(Where));
  if (!Function.empty() && !Callee.empty())
    Out += fmt::format(": `{}` calls `{}`", Function, Callee);
  else if (!Callee.empty())
    Out += fmt::format(": it calls `{}`", Callee);
  else if (!Function.empty())
    Out += fmt::format(": in `{}`", Function);
  return Out;
}

Evaluation evaluate(const Policy &P, const std::vector<PackageReport> &Packages) {
  return Evaluator(P).run(Packages);
}

std::string renderEvaluation(const Evaluation &E, const Policy &P,
                             bool DenyUnused) {
  std::string Out;
  std::set<std::string> Packages;
  for (const Violation &V : E.Violations) {
    Packages.insert(V.Package);
    Out += "error: " + V.message() + "\n";
    // rustc's layout: the gutter is as wide as the line number.
    std::string Number = V.Line ? std::to_string(V.Line) : "";
    std::string Pad(std::max<std::size_t>(Number.size(), 1), ' ');
    if (!V.File.empty()) {
      Out += fmt::format("{}--> {}{}\n", Pad, V.File,
                         V.Line ? ":" + Number : "");
      std::string Source = sourceLineOf(V.File, V.Line);
      if (!Source.empty())
        Out += fmt::format("{} |\n{} | {}\n{} |\n", Pad, Number, Source, Pad);
    }
    if (!V.Note.empty())
      Out += fmt::format("{} = note: {}\n", Pad, V.Note);
    std::string Help;
    if (V.Fix.Line)
      Help = fmt::format("change {}:{} to `{}` (in {})", P.File, V.Fix.Line,
                         V.Fix.text(), V.Fix.Table);
    else if (V.Fix.TableLine)
      Help = fmt::format("add `{}` to {} at {}:{}", V.Fix.text(), V.Fix.Table,
                         P.File, V.Fix.TableLine);
    else
      Help = fmt::format("add `{}` with `{}` to {}", V.Fix.Table, V.Fix.text(),
                         P.File);
    Out += fmt::format("{} = help: to allow it, {}\n", Pad, Help);
  }
  for (const UnusedGrant &U : E.Unused) {
    std::string Position = P.File;
    if (U.Pos.Line)
      Position += fmt::format(":{}:{}", U.Pos.Line, U.Pos.Column);
    Out += fmt::format("{}: {}: {}\n", DenyUnused ? "error" : "warning",
                       Position, U.Message);
  }
  if (!E.Violations.empty() || !E.Unused.empty())
    Out += fmt::format(
        "capgate: {} violation{} in {} package{}, {} unused grant{}\n",
        E.Violations.size(), E.Violations.size() == 1 ? "" : "s",
        Packages.size(), Packages.size() == 1 ? "" : "s", E.Unused.size(),
        E.Unused.size() == 1 ? "" : "s");
  return Out;
}

std::string sourceLineOf(const std::string &File, unsigned Line) {
  if (File.empty() || Line == 0)
    return "";
  std::ifstream In(File);
  std::string Text;
  for (unsigned L = 1; std::getline(In, Text); ++L)
    if (L == Line)
      return Text;
  return "";
}

} // namespace capgate::policy
