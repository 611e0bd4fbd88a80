// ObjectFile.h - reading the .capgate sections out of build artefacts.
//
// cargo capgate reads facts from whatever cargo produced: rlibs (ar archives
// of ELF objects), object files, executables and shared libraries. This is a
// deliberately small reader: it parses just the ELF section headers and the ar
// member headers it needs, and never loads code.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace capgate {

/// The contents of every `.capgate` section in a file, in file order. An
/// archive yields one entry per member that has the section. The file is
/// mapped, not read: an rlib is mostly code, and only its section headers
/// and facts are ever touched.
struct FactsSections {
  std::shared_ptr<const void> Mapping;    // keeps the file mapped
  std::vector<std::string_view> Sections; // views into the mapping
};

/// Reads \p Path. Throws std::runtime_error when the file cannot be read or
/// is not an ELF object or archive; a file without a `.capgate` section
/// yields an empty list.
FactsSections readFactsSections(const std::string &Path);

} // namespace capgate
