// A test executable's main hands the tests to libtest, which reads the
// environment, the cgroup quota and the terminal's terminfo entry before any
// test runs; the harness's main is charged with both.
// RUN: %rustc-O0 --test --emit=llvm-ir=%t.ll %s
// RUN: FileCheck %s < %t.ll

// The generated main has no source location, so the call has none either.
// CHECK: define {{.*}}@_RNvCs{{.*}}12test_harness4main() {{.*}} #[[ATTRS:[0-9]+]]
// CHECK: attributes #[[ATTRS]] = {{.*}}"capgate"="FILES,READ_SYSTEM_STATE" "capgate.via"="FILES: test::test_main_static; READ_SYSTEM_STATE: test::test_main_static"

#[test]
fn adds() {
    assert_eq!(1 + 1, 2);
}
