//===- RustSymbolTest.cpp - Tests for reading Rust symbols ----------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "RustSymbol.h"

#include "gtest/gtest.h"

using namespace capgate;

namespace {

std::vector<std::string> candidates(llvm::StringRef Demangled) {
  auto Result = matchCandidates(Demangled);
  return {Result.begin(), Result.end()};
}

TEST(RustSymbolTest, RecognisesBothManglings) {
  EXPECT_TRUE(isRustSymbol("_RNvCs1_1a4main"));
  EXPECT_TRUE(isRustSymbol("_ZN5mylib4util6helper17h0123456789abcdefE"));
  EXPECT_FALSE(isRustSymbol("_ZN4llvm8demangleEv"));
  EXPECT_FALSE(isRustSymbol("open"));
}

TEST(RustSymbolTest, DemanglesLegacyWithoutHash) {
  EXPECT_EQ(demangleSymbol("_ZN5mylib4util6helper17h0123456789abcdefE"),
            "mylib::util::helper");
  EXPECT_EQ(demangleSymbol("socket"), "socket");
}

TEST(RustSymbolTest, CandidatesDropGenericArguments) {
  EXPECT_EQ(candidates("std::fs::read::<&str>"),
            std::vector<std::string>{"std::fs::read"});
  EXPECT_EQ(candidates("<std::process::Command>::new::<&str>"),
            std::vector<std::string>{"std::process::Command::new"});
  EXPECT_EQ(candidates("<alloc::vec::Vec<u8>>::push"),
            std::vector<std::string>{"alloc::vec::Vec::push"});
}

TEST(RustSymbolTest, TraitCandidateComesFirst) {
  EXPECT_EQ(candidates("<std::fs::File as core::ops::drop::Drop>::drop"),
            (std::vector<std::string>{"core::ops::drop::Drop::drop",
                                      "std::fs::File::drop"}));
  EXPECT_EQ(candidates("<&std::net::tcp::TcpStream as std::io::Write>::write"),
            (std::vector<std::string>{"std::io::Write::write",
                                      "std::net::tcp::TcpStream::write"}));
}

TEST(RustSymbolTest, UnnamedSelfTypesGiveOnlyTheTrait) {
  EXPECT_EQ(candidates("<[u8] as std::io::Read>::read"),
            std::vector<std::string>{"std::io::Read::read"});
  EXPECT_EQ(candidates("<str as std::net::ToSocketAddrs>::to_socket_addrs"),
            std::vector<std::string>{"std::net::ToSocketAddrs::to_socket_addrs"});
  EXPECT_EQ(candidates("<fn() -> u8 as core::ops::Fn<()>>::call"),
            std::vector<std::string>{"core::ops::Fn::call"});
}

TEST(RustSymbolTest, OtherCratesTraitsOnStdTypesAreNotStdCode) {
  // byteorder's blanket WriteBytesExt for a File is byteorder's code: the
  // std::fs rules do not speak for it.
  EXPECT_EQ(candidates("<std::fs::File as byteorder::io::WriteBytesExt>::"
                       "write_u16::<byteorder::LittleEndian>"),
            std::vector<std::string>{"byteorder::io::WriteBytesExt::write_u16"});
  // std's own traits on std types keep the type's candidate.
  EXPECT_EQ(candidates("<std::net::tcp::TcpStream as std::io::Write>::write"),
            (std::vector<std::string>{"std::io::Write::write",
                                      "std::net::tcp::TcpStream::write"}));
  // Another crate's type keeps it, whatever the trait.
  EXPECT_EQ(candidates("<mio::net::TcpStream as mio::event::Source>::register"),
            (std::vector<std::string>{"mio::event::Source::register",
                                      "mio::net::TcpStream::register"}));
}

TEST(RustSymbolTest, OwnerFollowsImplPaths) {
  // <a::Foo as core::fmt::Debug>::fmt, derived in a.
  OwnerCrate Derived = ownerOfSymbol(
      "_RNvXCs6xxl1lAjzDf_1aNtB2_3FooNtNtCsgEmfK2I1SDS_4core3fmt5Debug3fmtB2_",
      "");
  EXPECT_EQ(Derived.Name, "a");
  EXPECT_EQ(Derived.Disambiguator, "6xxl1lAjzDf");
  // <a::Foo as alloc::string::ToString>::to_string, alloc's blanket impl.
  OwnerCrate Blanket = ownerOfSymbol(
      "_RNvXs_NtCslNYArtu3iFV_5alloc6stringNtCs6xxl1lAjzDf_1a3FooNtB4_"
      "8ToString9to_stringB10_",
      "");
  EXPECT_EQ(Blanket.Name, "alloc");
}

TEST(RustSymbolTest, SharedInstancesNameTheirInstantiatingCrate) {
  OwnerCrate Instance =
      ownerOfSymbol("_RINvNtCsjrHSEGnQ3l9_3std2fs4readReECs6xxl1lAjzDf_1a", "");
  EXPECT_EQ(Instance.Name, "std");
  EXPECT_TRUE(Instance.SharedInstance);
  EXPECT_EQ(Instance.Instantiator, "a");
  EXPECT_EQ(Instance.InstantiatorDisambiguator, "6xxl1lAjzDf");
  // The suffix may be a backreference to a crate root named before.
  OwnerCrate Backref = ownerOfSymbol(
      "_RINvMNtCsgEmfK2I1SDS_4core6resultINtB3_6ResultINtNtCslNYArtu3iFV_"
      "5alloc3vec3VechENtNtNtCsjrHSEGnQ3l9_3std2io5error5ErrorE3mapjNCNvCs"
      "h43WSQnjMid_4evil5blame0EB24_",
      "");
  EXPECT_EQ(Backref.Name, "core");
  EXPECT_EQ(Backref.Instantiator, "evil");
  EXPECT_EQ(Backref.InstantiatorDisambiguator, "h43WSQnjMid");
  OwnerCrate Plain = ownerOfSymbol("_RNvNtCsjrHSEGnQ3l9_3std2fs4read", "");
  EXPECT_FALSE(Plain.SharedInstance);
}

TEST(RustSymbolTest, MalformedSymbolsHaveNoOwner) {
  EXPECT_EQ(ownerOfSymbol("_RXunreadable", "").Name, "");
  EXPECT_EQ(ownerOfSymbol("_RNvC", "").Name, "");
  // A backref that points forward would loop; it is refused.
  EXPECT_EQ(ownerOfSymbol("_RNvB9_4main", "").Name, "");
}

TEST(RustSymbolTest, LegacyOwnerIsTheFirstSegment) {
  EXPECT_EQ(ownerOfSymbol("_ZN5mylib4util6helper17h0123456789abcdefE",
                          "mylib::util::helper")
                .Name,
            "mylib");
}

std::vector<std::string> functionTypes(llvm::StringRef Symbol) {
  auto Result = functionTypeArguments(Symbol);
  return {Result.begin(), Result.end()};
}

TEST(RustSymbolTest, FunctionItemsAsTypesAreFound) {
  // <Option<PathBuf>>::map::<Result<Vec<u8>, io::Error>, fs::read<PathBuf>>,
  // as rustc 1.95 names it: the function item is a generic argument whose
  // path, written with back-references, is written out in full.
  EXPECT_EQ(functionTypes("_RINvMNtCsgEmfK2I1SDS_4core6optionINtB3_6OptionNtNtCsjrHSEGnQ3l9_3std4path7"
                          "PathBufE3mapINtNtB5_6result6ResultINtNtCslNYArtu3iFV_5alloc3vec3VechENtNtNtBM_"
                          "2io5error5ErrorEINvNtBM_2fs4readBI_EECseIYUoC0bBTX_6byname"),
            std::vector<std::string>{"std::fs::read::<std::path::PathBuf>"});
  // Nested in a type (Map<Iter<PathBuf>, fs::metadata<&PathBuf>>) and in a
  // closure's parent; found once.
  EXPECT_EQ(functionTypes("_RINvNtCsgEmfK2I1SDS_4core3ptr13drop_in_placeNCINvMsj_NtCslNYArtu3iFV_5alloc3vecINtBP_"
                          "3VecINtNtB4_6result6ResultNtNtCsjrHSEGnQ3l9_3std2fs8MetadataNtNtNtB1P_2io5error5ErrorEE"
                          "14extend_trustedINtNtNtNtB4_4iter8adapters3map3MapINtNtNtB4_5slice4iter4IterNtNtB1P_"
                          "4path7PathBufEINvB1N_8metadataRB3Y_EEE0ECseIYUoC0bBTX_6byname"),
            std::vector<std::string>{"std::fs::metadata::<&std::path::PathBuf>"});
  // As the self type of the FnOnce shim rustc makes for it.
  EXPECT_EQ(functionTypes("_RNvYINvNtCsjrHSEGnQ3l9_3std2fs4readNtNtB7_4path7PathBufEINtNtNtCsgEmfK2I1SDS_"
                          "4core3ops8function6FnOnceTBx_EE9call_onceCseIYUoC0bBTX_6byname"),
            std::vector<std::string>{"std::fs::read::<std::path::PathBuf>"});
}

TEST(RustSymbolTest, FunctionsThemselvesAndTypesAreNotFunctionItems) {
  // std::fs::read::<PathBuf> is the function, not an argument; PathBuf is a
  // struct; closures are not function items; legacy names say nothing.
  EXPECT_TRUE(functionTypes("_RINvNtCsjrHSEGnQ3l9_3std2fs4readNtNtB4_4path7PathBufECseIYUoC0bBTX_6byname").empty());
  EXPECT_TRUE(functionTypes("_RINvNtCs1_4core3ptr13drop_in_placeNCNvCs2_1a4main0ECs2_1a").empty());
  EXPECT_TRUE(functionTypes("_ZN5mylib4util6helper17h0123456789abcdefE").empty());
  EXPECT_TRUE(functionTypes("_RINvNtCs1_4core3ptr13drop_in_placeNvB").empty());
}

} // namespace
