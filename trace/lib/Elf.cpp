// capgate trace: ELF64 reading (see Elf.h).
#include "Elf.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace capgate::trace {

ElfImage::~ElfImage() {
  if (Data)
    munmap(const_cast<unsigned char *>(Data), Length);
}

std::shared_ptr<const ElfImage> ElfImage::load(const std::string &Path) {
  int Fd = open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return nullptr;
  struct stat St {};
  if (fstat(Fd, &St) != 0 || St.st_size < static_cast<off_t>(sizeof(Elf64_Ehdr))) {
    close(Fd);
    return nullptr;
  }
  void *Map = mmap(nullptr, St.st_size, PROT_READ, MAP_PRIVATE, Fd, 0);
  close(Fd);
  if (Map == MAP_FAILED)
    return nullptr;
  std::shared_ptr<ElfImage> Image(new ElfImage());
  Image->Path = Path;
  Image->Data = static_cast<const unsigned char *>(Map);
  Image->Length = St.st_size;

  const unsigned char *D = Image->Data;
  std::size_t N = Image->Length;
  if (std::memcmp(D, ELFMAG, SELFMAG) != 0 || D[EI_CLASS] != ELFCLASS64 ||
      D[EI_DATA] != ELFDATA2LSB)
    return nullptr;
  Elf64_Ehdr Eh;
  std::memcpy(&Eh, D, sizeof Eh);
  Image->Entry = Eh.e_entry;
  auto InBounds = [N](std::uint64_t Off, std::uint64_t Size) {
    return Off <= N && Size <= N - Off;
  };

  if (Eh.e_phentsize == sizeof(Elf64_Phdr) &&
      InBounds(Eh.e_phoff, std::uint64_t{Eh.e_phnum} * sizeof(Elf64_Phdr))) {
    for (unsigned I = 0; I < Eh.e_phnum; ++I) {
      Elf64_Phdr Ph;
      std::memcpy(&Ph, D + Eh.e_phoff + I * sizeof Ph, sizeof Ph);
      if (Ph.p_type == PT_INTERP)
        Image->HasInterp = true;
      if (Ph.p_type == PT_LOAD)
        Image->Loads.push_back(
            {Ph.p_offset, Ph.p_vaddr, Ph.p_filesz, Ph.p_memsz, (Ph.p_flags & PF_X) != 0});
    }
  }

  if (Eh.e_shentsize == sizeof(Elf64_Shdr) &&
      InBounds(Eh.e_shoff, std::uint64_t{Eh.e_shnum} * sizeof(Elf64_Shdr))) {
    std::vector<Elf64_Shdr> Sections(Eh.e_shnum);
    std::memcpy(Sections.data(), D + Eh.e_shoff, Eh.e_shnum * sizeof(Elf64_Shdr));
    for (const Elf64_Shdr &Sh : Sections) {
      if ((Sh.sh_type != SHT_SYMTAB && Sh.sh_type != SHT_DYNSYM) ||
          Sh.sh_entsize != sizeof(Elf64_Sym) || Sh.sh_link >= Sections.size())
        continue;
      const Elf64_Shdr &Str = Sections[Sh.sh_link];
      if (!InBounds(Sh.sh_offset, Sh.sh_size) || !InBounds(Str.sh_offset, Str.sh_size))
        continue;
      const char *Strings = reinterpret_cast<const char *>(D + Str.sh_offset);
      for (std::uint64_t Off = 0; Off + sizeof(Elf64_Sym) <= Sh.sh_size; Off += sizeof(Elf64_Sym)) {
        Elf64_Sym Sym;
        std::memcpy(&Sym, D + Sh.sh_offset + Off, sizeof Sym);
        unsigned Type = ELF64_ST_TYPE(Sym.st_info);
        if ((Type != STT_FUNC && Type != STT_GNU_IFUNC) || Sym.st_shndx == SHN_UNDEF ||
            Sym.st_value == 0 || Sym.st_name >= Str.sh_size)
          continue;
        const char *Name = Strings + Sym.st_name;
        std::size_t Len = strnlen(Name, Str.sh_size - Sym.st_name);
        Image->Functions.push_back({Sym.st_value, Sym.st_size, std::string(Name, Len)});
      }
    }
  }
  std::sort(Image->Functions.begin(), Image->Functions.end(),
            [](const ElfSymbol &A, const ElfSymbol &B) {
              return A.Value != B.Value ? A.Value < B.Value : A.Size > B.Size;
            });
  // .symtab and .dynsym name the same functions: keep one of each address.
  Image->Functions.erase(std::unique(Image->Functions.begin(), Image->Functions.end(),
                                     [](const ElfSymbol &A, const ElfSymbol &B) {
                                       return A.Value == B.Value;
                                     }),
                         Image->Functions.end());
  return Image;
}

const ElfSymbol *ElfImage::symbolAt(std::uint64_t VAddr) const {
  auto It = std::upper_bound(Functions.begin(), Functions.end(), VAddr,
                             [](std::uint64_t A, const ElfSymbol &S) { return A < S.Value; });
  if (It == Functions.begin())
    return nullptr;
  --It;
  if (It->Size != 0 && VAddr >= It->Value + It->Size)
    return nullptr;
  return &*It;
}

const ElfSymbol *ElfImage::find(std::string_view Name) const {
  for (const ElfSymbol &S : Functions)
    if (S.Name == Name)
      return &S;
  return nullptr;
}

std::optional<std::uint64_t> ElfImage::vaddrOfOffset(std::uint64_t Offset) const {
  for (const ElfSegment &S : Loads) {
    // Mappings start at page boundaries below the segment's offset.
    std::uint64_t Start = S.Offset & ~std::uint64_t{0xfff};
    if (Offset >= Start && Offset < S.Offset + S.FileSize)
      return S.VAddr - (S.Offset - Start) + (Offset - Start);
  }
  return std::nullopt;
}

bool ElfImage::read(std::uint64_t VAddr, void *Out, std::size_t Size) const {
  for (const ElfSegment &S : Loads) {
    if (VAddr >= S.VAddr && VAddr + Size <= S.VAddr + S.FileSize) {
      std::uint64_t Off = S.Offset + (VAddr - S.VAddr);
      if (Off + Size > Length)
        return false;
      std::memcpy(Out, Data + Off, Size);
      return true;
    }
  }
  return false;
}

} // namespace capgate::trace
