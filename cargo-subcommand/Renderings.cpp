// Renderings.cpp - what the report's renderings share.
#include "Renderings.h"

#include "ReportBuilder.h"

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

} // namespace capgate
