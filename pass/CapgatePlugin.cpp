//===- CapgatePlugin.cpp - Plugin entry point for rustc and opt -----------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: CapgatePlugin.cpp
//
// DESCRIPTION:
//   Registers the capgate pass at the start of every optimisation pipeline
//   (rustc runs one per codegen unit, at every opt-level) and under the
//   pipeline name "capgate" for `opt -passes=capgate`.
//
// USAGE:
//   RUSTC_BOOTSTRAP=1 rustc -Zllvm-plugins=libcapgate-pass.so ...
//   opt -load-pass-plugin=libcapgate-pass.so -passes=capgate in.ll
//
//===----------------------------------------------------------------------===//

#include "CapgatePass.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

using namespace llvm;

extern "C" __attribute__((visibility("default"))) PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "capgate", CAPGATE_VERSION,
          [](PassBuilder &Builder) {
            Builder.registerPipelineStartEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) {
                  MPM.addPass(capgate::CapgatePass());
                });
            Builder.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM,
                   ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name != "capgate")
                    return false;
                  MPM.addPass(capgate::CapgatePass());
                  return true;
                });
          }};
}
