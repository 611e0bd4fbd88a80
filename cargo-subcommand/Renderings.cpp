// Renderings.cpp - what the report's renderings share.
#include "Renderings.h"

#include "ReportBuilder.h"

#include <fmt/format.h>

namespace capgate {

bool shownBinary(const std::string &Kind, bool Tests) { return Tests || scopeOfKind(Kind) != Scope::Test; }

CapabilitySet testDirect(const PackageReport &P) { return P.direct(Scope::Test); }

CapabilitySet withoutSafe(CapabilitySet Set) {
  CapabilitySet Safe;
  Safe.insert(Capability::Safe);
  return Set.without(Safe);
}

std::string joinNames(CapabilitySet Set) {
  std::string Text;
  Set.forEach([&](Capability Cap) {
    if (!Text.empty())
      Text += ", ";
    Text += capabilityName(Cap);
  });
  return Text.empty() ? "-" : Text;
}

std::string summaryLine(const Report &R, bool Tests) {
  std::size_t WithShipped = 0, BuildTimeOnly = 0, TestsOnly = 0;
  for (const PackageReport &P : R.Packages) {
    if (!withoutSafe(P.shippedDirect()).empty())
      ++WithShipped;
    else if (!withoutSafe(P.buildTimeDirect()).empty())
      ++BuildTimeOnly;
    else if (Tests && !withoutSafe(testDirect(P)).empty())
      ++TestsOnly;
  }
  std::size_t None = R.Packages.size() - WithShipped - BuildTimeOnly - TestsOnly;
  std::string Line = fmt::format("{} package{}: {} with shipped capabilities, {} with build-time ones only, ",
                                 R.Packages.size(), R.Packages.size() == 1 ? "" : "s", WithShipped, BuildTimeOnly);
  if (Tests)
    Line += fmt::format("{} with test ones only, ", TestsOnly);
  return Line + fmt::format("{} with none{}", None, Tests ? "" : " (tests not shown; --tests shows them)");
}

} // namespace capgate
