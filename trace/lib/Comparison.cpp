// capgate trace: static reports in, comparisons and renderings out.
#include "capgate/trace/Trace.h"

#include "capgate/ReportJson.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

namespace capgate::trace {
namespace {

using nlohmann::json;

std::string capList(CapabilitySet Caps) {
  std::string Out;
  for (std::string_view Name : Caps.names())
    Out += (Out.empty() ? "" : ", ") + std::string(Name);
  return Out.empty() ? std::string("none") : Out;
}

std::string resultText(const Observation &O) {
  if (!O.Result)
    return "";
  if (*O.Result < 0 && *O.Result >= -4095)
    return fmt::format(" = -1 {}", strerrorname_np(static_cast<int>(-*O.Result))
                                       ? strerrorname_np(static_cast<int>(-*O.Result))
                                       : std::to_string(-*O.Result));
  if (O.Syscall == "mmap")
    return fmt::format(" = {:#x}", static_cast<unsigned long>(*O.Result));
  return fmt::format(" = {}", *O.Result);
}

void renderObservation(std::string &Out, const Observation &O, const std::string &Indent,
                       const std::string &Label = {}) {
  Out += fmt::format("{}{}{}{}  [{}; pid {} tid {}{}]\n", Indent, Label, O.call(), resultText(O),
                     O.Note, O.Pid, O.Tid,
                     O.Count > 1 ? fmt::format("; {} times", O.Count) : "");
  for (std::size_t I = 0; I < O.Stack.size(); ++I)
    Out += fmt::format("{}    #{} {:#x} {}\n", Indent, I, O.Stack[I].Address, O.Stack[I].str());
}

json observationJson(const Observation &O) {
  json Frames = json::array();
  for (const Frame &F : O.Stack) {
    json J = {{"address", fmt::format("{:#x}", F.Address)}, {"module", F.Module}};
    if (!F.Symbol.empty()) {
      J["symbol"] = F.Symbol;
      J["offset"] = F.Offset;
    }
    if (!F.Function.empty())
      J["function"] = F.Function;
    if (!F.Location.empty())
      J["location"] = F.Location;
    Frames.push_back(std::move(J));
  }
  json Also = json::array();
  for (std::string_view Name : O.Also.names())
    Also.push_back(Name);
  json J = {{"capability", capabilityName(O.Cap)},
            {"also", Also},
            {"phase", phaseName(O.When)},
            {"syscall", O.Syscall},
            {"number", O.Number},
            {"args", O.Args},
            {"call", O.call()},
            {"note", O.Note},
            {"pid", O.Pid},
            {"tid", O.Tid},
            {"count", O.Count},
            {"stack", Frames}};
  J["result"] = O.Result ? json(*O.Result) : json(nullptr);
  return J;
}

} // namespace

StaticCapabilities parseStaticReport(const std::string &ReportJson, const std::string &Binary) {
  Report Static;
  try {
    Static = readReportJson(ReportJson);
  } catch (const ReportError &E) {
    throw TraceError(fmt::format("the static report is not a capgate report: {}", E.Message));
  }
  std::string Known;
  for (const BinaryReport &Bin : Static.Binaries) {
    if (Bin.Name == Binary)
      return {Binary, Bin.Capabilities};
    Known += (Known.empty() ? "" : ", ") + Bin.Name;
  }
  throw TraceError(fmt::format("the static report has no binary named `{}` (it has: {})", Binary,
                               Known.empty() ? "none" : Known));
}

StaticCapabilities loadStaticReport(const std::string &ReportPath, const std::string &Binary) {
  std::ifstream In(ReportPath);
  if (!In)
    throw TraceError(fmt::format("cannot read {}", ReportPath));
  std::stringstream Buffer;
  Buffer << In.rdbuf();
  try {
    return parseStaticReport(Buffer.str(), Binary);
  } catch (const TraceError &E) {
    throw TraceError(fmt::format("{}: {}", ReportPath, E.what()));
  }
}

StaticCapabilities parseCapabilityList(const std::string &List) {
  StaticCapabilities Result;
  std::stringstream In(List);
  std::string Item;
  while (std::getline(In, Item, ',')) {
    auto B = Item.find_first_not_of(" \t");
    auto E = Item.find_last_not_of(" \t");
    if (B == std::string::npos)
      continue;
    Item = Item.substr(B, E - B + 1);
    auto Cap = parseCapability(Item, /*AcceptAlias=*/true);
    if (!Cap) {
      std::string_view Hint = suggestCapability(Item);
      throw TraceError(fmt::format("unknown capability `{}`{}", Item,
                                   Hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", Hint)));
    }
    Result.Caps.insert(*Cap);
  }
  return Result;
}

Comparison compare(const TraceResult &Result, const StaticCapabilities &Static) {
  Comparison C;
  C.Static = Static;
  std::map<Capability, std::vector<std::size_t>> Missing;
  for (std::size_t I = 0; I < Result.Observations.size(); ++I) {
    const Observation &O = Result.Observations[I];
    if (O.When != Phase::Main || Static.Caps.contains(O.Cap))
      continue;
    bool Covered = false;
    O.Also.forEach([&](Capability Alt) { Covered |= Static.Caps.contains(Alt); });
    if (!Covered)
      Missing[O.Cap].push_back(I);
  }
  for (auto &[Cap, Indices] : Missing)
    C.FalseNegatives.push_back({Cap, std::move(Indices)});
  return C;
}

std::string renderText(const TraceResult &Result, const Comparison *Compared, bool Verbose) {
  std::string Out;
  std::string Program = Result.Executable.empty() ? Result.Argv.front() : Result.Executable;
  Out += fmt::format("capgate trace: {} exited with status {}{}\n", Program, Result.ExitStatus,
                     Result.TermSignal ? fmt::format(" (signal {})", *Result.TermSignal) : "");
  Out += fmt::format("  {} system calls in {} processes, {} threads\n", Result.SyscallCount,
                     Result.Processes, Result.Threads);
  if (Result.BoundaryReached)
    Out += fmt::format("  program code starts at {} ({})\n", Result.BoundarySymbol,
                       Result.BoundaryKind);
  else
    Out += fmt::format("  start of the program's code not reached ({}): every call counts as "
                       "runtime\n",
                       Result.BoundaryKind);

  CapabilitySet Counted = Result.counted();
  Out += fmt::format("capabilities: {}\n", capList(Counted));
  // The program's own calls, per capability.
  Counted.forEach([&](Capability Cap) {
    Out += fmt::format("{}\n", capabilityName(Cap));
    for (const Observation &O : Result.Observations)
      if (O.When == Phase::Main && O.Cap == Cap)
        renderObservation(Out, O, "  ");
  });
  // The rest, summarised unless verbose.
  for (Phase P : {Phase::Runtime, Phase::Spawn, Phase::OtherProgram}) {
    std::map<Capability, unsigned> Counts;
    for (const Observation &O : Result.Observations)
      if (O.When == P)
        Counts[O.Cap] += O.Count;
    if (Counts.empty())
      continue;
    std::string Summary;
    for (auto [Cap, N] : Counts)
      Summary += fmt::format("{}{} ({})", Summary.empty() ? "" : ", ", capabilityName(Cap), N);
    const char *Why = P == Phase::Runtime ? "before the program's code"
                      : P == Phase::Spawn ? "in children before they exec"
                                          : "in programs it ran";
    Out += fmt::format("not counted, {} phase ({}): {}\n", phaseName(P), Why, Summary);
    if (Verbose)
      for (const Observation &O : Result.Observations)
        if (O.When == P)
          renderObservation(Out, O, "  ", fmt::format("{}: ", capabilityName(O.Cap)));
  }

  if (Compared) {
    std::string Against = Compared->Static.Binary.empty()
                              ? std::string("the allowed list")
                              : fmt::format("the static report for `{}`", Compared->Static.Binary);
    if (Compared->FalseNegatives.empty()) {
      Out += fmt::format("no false negatives: every capability seen at run time is in {} ({})\n",
                         Against, capList(Compared->Static.Caps));
    } else {
      Out += fmt::format("false negatives: {} capabilit{} seen at run time {} missing from {} "
                         "({})\n",
                         Compared->FalseNegatives.size(),
                         Compared->FalseNegatives.size() == 1 ? "y" : "ies",
                         Compared->FalseNegatives.size() == 1 ? "is" : "are", Against,
                         capList(Compared->Static.Caps));
      for (const FalseNegative &F : Compared->FalseNegatives) {
        Out += fmt::format("missing {}\n", capabilityName(F.Cap));
        for (std::size_t I : F.Observations)
          renderObservation(Out, Result.Observations[I], "  ");
      }
    }
  }
  return Out;
}

namespace {

json traceDocument(const TraceResult &Result, const Comparison *Compared) {
  json Observations = json::array();
  for (const Observation &O : Result.Observations)
    Observations.push_back(observationJson(O));
  json Caps = json::array();
  for (std::string_view Name : Result.counted().names())
    Caps.push_back(Name);
  json Doc = {
      {"schema", "capgate-trace/1"},
      {"argv", Result.Argv},
      {"executable", Result.Executable},
      {"exit_status", Result.ExitStatus},
      {"boundary",
       {{"kind", Result.BoundaryKind},
        {"symbol", Result.BoundarySymbol},
        {"reached", Result.BoundaryReached}}},
      {"syscalls", Result.SyscallCount},
      {"processes", Result.Processes},
      {"threads", Result.Threads},
      {"capabilities", Caps},
      {"observations", Observations},
  };
  Doc["signal"] = Result.TermSignal ? json(*Result.TermSignal) : json(nullptr);
  if (Compared) {
    json Static = json::array();
    for (std::string_view Name : Compared->Static.Caps.names())
      Static.push_back(Name);
    json Missing = json::array();
    for (const FalseNegative &F : Compared->FalseNegatives) {
      json List = json::array();
      for (std::size_t I : F.Observations)
        List.push_back(observationJson(Result.Observations[I]));
      Missing.push_back({{"capability", capabilityName(F.Cap)}, {"observations", List}});
    }
    Doc["comparison"] = {{"binary", Compared->Static.Binary.empty()
                                        ? json(nullptr)
                                        : json(Compared->Static.Binary)},
                         {"static", Static},
                         {"false_negatives", Missing}};
  }
  return Doc;
}

} // namespace

std::string renderJson(const TraceResult &Result, const Comparison *Compared) {
  return traceDocument(Result, Compared).dump(2) + "\n";
}

std::string renderJsonRuns(const std::vector<TracedRun> &Runs) {
  if (Runs.size() == 1)
    return renderJson(*Runs[0].Result, Runs[0].Compared);
  json All = json::array();
  for (const TracedRun &Run : Runs)
    All.push_back(traceDocument(*Run.Result, Run.Compared));
  return json{{"schema", "capgate-trace-set/1"}, {"runs", All}}.dump(2) + "\n";
}

} // namespace capgate::trace
