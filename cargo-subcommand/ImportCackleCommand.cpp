// ImportCackleCommand.cpp - `cargo capgate import-cackle`: a Cackle policy as a capgate.toml.
#include "Commands.h"

#include "AnalysisBuild.h"

#include "capgate/policy/CackleImport.h"

#include <cstdio>

namespace capgate {

int runImportCackle(const std::string &File, const std::string &Output) {
  policy::CackleImport Imported = policy::importCackleFile(File);
  writeOutput(Output, Imported.PolicyText);
  for (const policy::ImportNote &Note : Imported.Notes)
    std::fprintf(stderr, "%s\n", Note.render().c_str());
  return 0;
}

} // namespace capgate
